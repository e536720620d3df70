"""Default settings; each can be overridden by a SIGNPOST_-prefixed environment variable."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Config:
    """Defaults for the embedded single-laptop setup.

    Every attribute here is documented in README.md's configuration table; keep them in step.
    """

    # Where the embedded database, search index and generated secret live.
    INSTANCE_DIR = str(PROJECT_ROOT / "instance")
    # Secret used to sign sessions and emailed links. Generated into the instance folder
    # when unset, so a laptop demo needs no setup; production must set it.
    SECRET_KEY: str | None = None
    # SQLAlchemy URL. DATABASE_URL (unprefixed, as Heroku-style platforms set it) wins.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Name of the area this installation serves, shown in page titles and the footer.
    BOROUGH_NAME = "Bolton"
    # Map default centre and zoom when there are no markers.
    MAP_CENTRE = (53.578, -2.429)
    MAP_ZOOM = 12
    # Tile URL template for Leaflet maps; empty string draws markers on a plain background.
    MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    MAP_TILE_ATTRIBUTION = "&copy; OpenStreetMap contributors"
    # Online geocoding fallback (Nominatim via geopy) for places the gazetteer lacks.
    GEOCODER_ONLINE = False
    GEOCODER_USER_AGENT = "signpost-directory (set SIGNPOST_GEOCODER_USER_AGENT to your contact)"
    # Listings not verified for this many days show as stale and rank lower in search.
    STALE_AFTER_DAYS = 365
    # Serve cookies only over HTTPS; set true in production behind TLS.
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Log level for the app logger.
    LOG_LEVEL = "INFO"
    # Batch size for gazetteer (postcode) imports.
    POSTCODE_IMPORT_BATCH = 5000


def database_url_from_environment() -> str | None:
    """Return DATABASE_URL normalised to the psycopg 3 driver, or None when unset."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
