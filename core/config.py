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
    # The address people reach this installation at, such as "https://signpost.example.org"
    # (a path is allowed). Every link Signpost emails or prints is built from it, never from
    # the request's Host. Production must set it; debug and test runs default to
    # http://127.0.0.1:5000, and `make run` sets it from PORT.
    BASE_URL = ""
    # Host names the site also answers to, besides BASE_URL's (a JSON list or comma-separated).
    # In production a request for any other host is refused with 400.
    ALLOWED_HOSTS: list[str] = []
    # Secret used to sign sessions and emailed links. Generated into the instance folder
    # when unset, so a laptop demo needs no setup; production must set it.
    SECRET_KEY: str | None = None
    # SQLAlchemy URL. DATABASE_URL (unprefixed, as Heroku-style platforms set it) wins.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # SQLite (always in WAL mode): how long a writer waits for another writer before giving
    # up with 503 (milliseconds).
    SQLITE_BUSY_TIMEOUT_MS = 10_000
    # Rows an import writes per transaction on SQLite, so the web app's readers and sign-ins
    # are never starved; on PostgreSQL an import is one transaction (all or nothing).
    SQLITE_IMPORT_BATCH = 100
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
    # A listing is due for review this many days after a person last confirmed it; its
    # organisation is emailed then, again after REVIEW_SECOND_REMINDER_DAYS and a final time
    # after REVIEW_FINAL_REMINDER_DAYS (both counted from the first email).
    REVIEW_INTERVAL_DAYS = 182
    REVIEW_SECOND_REMINDER_DAYS = 14
    REVIEW_FINAL_REMINDER_DAYS = 28
    # The "still accurate" link in a reminder email works once, for this many days.
    REVIEW_LINK_EXPIRY_DAYS = 42
    # Largest CSV file the capacity lead may upload for import (bytes).
    CSV_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    # Folder of the search index; empty means <INSTANCE_DIR>/search-index. The workers of one
    # host share a folder; each host may have its own (all replay the database's change record).
    SEARCH_INDEX_DIR: str | None = None
    # A search finding its index missing or unreadable rebuilds it inline when the directory
    # lists at most this many services (well under a second); otherwise a background thread
    # rebuilds it while searches answer 503 with Retry-After.
    SEARCH_REBUILD_INLINE = 2000
    # A search finding its index this many changes behind (or fewer) applies them inline; more,
    # and a background thread catches up while searches answer 503.
    SEARCH_CATCH_UP_INLINE = 5000
    # How often each process's search follower applies changes committed anywhere and opens
    # the new snapshot between searches (0 turns it off: each search then applies them itself).
    SEARCH_FOLLOW_SECONDS = 0.25
    # Search change records older than this are deleted daily (`signpost search prune`).
    SEARCH_CHANGE_KEEP_DAYS = 14
    # Processes that build a new index generation, each writing a segment of its own (at most
    # two by default: the rest of the machine keeps serving meanwhile).
    SEARCH_BUILD_PROCS = min(2, os.cpu_count() or 1)
    # Searches logged per batch write (the log is written after responses, never inside one),
    # and the longest a logged search waits in memory for its batch.
    SEARCH_LOG_BATCH = 20
    SEARCH_LOG_FLUSH_SECONDS = 5.0
    # Results per page on the search page (the API takes per_page, up to 100).
    SEARCH_PER_PAGE = 20
    # Time zone for "open now" (opening times are local wall-clock times).
    SEARCH_TIMEZONE = "Europe/London"
    # Serve cookies only over HTTPS; set true in production behind TLS.
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # A signed-in session ends after this long however active it is (seconds; 8 hours).
    PERMANENT_SESSION_LIFETIME = 8 * 60 * 60
    # Sign a user out after this many minutes without a request, checked on the server.
    SESSION_IDLE_MINUTES = 30
    # How passwords are hashed (werkzeug's method string). scrypt is slow on purpose; a test
    # suite may choose a quick one, as Django's documentation advises for its own tests.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password
    # Invitation links (set a first password) stop working after this many hours.
    INVITE_EXPIRY_HOURS = 72
    # Password reset links stop working after this many hours.
    RESET_EXPIRY_HOURS = 2
    # Reset emails allowed per address, and per IP address, within the window; then 429.
    RESET_MAX_PER_ADDRESS = 3
    RESET_MAX_PER_IP = 10
    RESET_THROTTLE_MINUTES = 60
    # Login throttling: failures allowed per account, and per IP address, within the window.
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_IP = 20
    LOGIN_THROTTLE_MINUTES = 15
    # "outbox" stores every email in the database (viewable by the capacity lead, for demos
    # and development); "smtp" sends through MAIL_SERVER.
    MAIL_BACKEND = "outbox"
    # SMTP settings, used when MAIL_BACKEND is "smtp".
    MAIL_SERVER = "localhost"
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    # Seconds to wait for the SMTP server before an attempt counts as failed.
    MAIL_TIMEOUT_SECONDS = 30
    # Attempts at delivering one email before it is marked failed (the capacity lead sees
    # failed emails on /admin/outbox and may retry them).
    MAIL_MAX_ATTEMPTS = 5
    # Wait before the second attempt (seconds); each later wait doubles.
    MAIL_RETRY_SECONDS = 60
    # Deliver email in-process right after the transaction that queued it commits. Turn off to
    # leave all delivery to `signpost mail send` (run it every minute from cron, or as a worker).
    MAIL_SEND_AFTER_COMMIT = True
    # The From address of every email Signpost sends.
    MAIL_DEFAULT_SENDER = "Signpost <no-reply@signpost.invalid>"
    # Log level for the app logger.
    LOG_LEVEL = "INFO"
    # Batch size for gazetteer (postcode) imports.
    POSTCODE_IMPORT_BATCH = 5000
    # Pages `sources sync` / `import openreferral` read from one feed at most, in case a feed
    # never says it is done; a feed cut short this way retires nothing.
    OPENREFERRAL_MAX_PAGES = 1000
    # How many reverse proxies sit in front of the app. Behind nginx set 1, so the client's
    # address (for login throttling and the audit log) and https scheme come from
    # X-Forwarded-* headers; leave 0 when the app is reached directly, or anyone could forge them.
    TRUSTED_PROXIES = 0
    # Name of the team whose co-ordinators receive self-check contact requests; empty means
    # the first team created (the demo's "Staying Well North").
    SELF_REFERRAL_TEAM = ""
    # Contact requests allowed from one address within the window, then refused (429).
    SELF_REFERRAL_RATE_LIMIT = 5
    SELF_REFERRAL_RATE_WINDOW_MINUTES = 60
    # The self-check confirmation page promises contact within this many working days.
    SELF_REFERRAL_CONTACT_DAYS = 2
    # Services listed per flagged theme in the self-check report.
    SELF_CHECK_RESULTS_PER_THEME = 3
    # A referral nobody answers expires after this many days.
    REFERRAL_EXPIRY_DAYS = 14
    # The receiving organisation is reminded once after this many days without an answer.
    REFERRAL_REMINDER_DAYS = 3
    # Emailed links to answer a referral stop working after this many days.
    REFERRAL_LINK_EXPIRY_DAYS = 14
    # Referrals into the service: days from arrival to first contact, by urgency (JSON in env).
    INTAKE_DUE_DAYS = {"routine": 14, "soon": 5, "urgent": 1}
    # A referral may be declined as "unable to contact" only after this many attempts.
    INTAKE_CONTACT_ATTEMPTS = 3
    # A team's standing referral link for a known referrer works for this many days.
    INTAKE_INVITATION_EXPIRY_DAYS = 180
    # Closed cases are anonymised this many years after sign-off (the Records Management Code of
    # Practice for Health and Social Care 2021 keeps adult social care case records 8 years
    # after the end of care; set your organisation's own appraised period).
    RETENTION_YEARS = 8
    # An area's extra SNOMED CT codes for the social prescribing events the shipped table leaves
    # uncoded: a JSON file shaped like referrals/data/snomed_codes.json, naming its source.
    # Checked when the app starts; empty means the shipped table alone.
    SNOMED_EXTRA_CODES = ""
    # The public service page shows response figures once a service has this many referrals.
    RESPONSE_STATS_MIN_REFERRALS = 5
    # Gap map: a group or venue reaches the homes within this many km (about a 15-minute walk)...
    GAP_WALK_KM = 1.0
    # ...or this many when it is for older people or offers transport.
    GAP_TRAVEL_KM = 3.0
    # Outcome measures recorded beside the wheel, by key (a JSON list or comma-separated), such
    # as "swemwbs". None is on by default: SWEMWBS needs the area's own permission (README).
    MEASURES_ENABLED: list[str] = []
    # An area's own measure definitions: a JSON file shaped like referrals/data/measures.json.
    MEASURES_FILE = ""
    # Gap map: a waitlisted service counts as this fraction of one (a paused one as none).
    GAP_WAITLIST_WEIGHT = 0.5
    # A confidential location (a refuge) is shown as "in <neighbourhood>" and searched as if it
    # stood at that neighbourhood's centre, unless the neighbourhood is too small to hide in: its
    # gazetteer postcodes lie on average (root mean square) less than this many km from its
    # centre. Then it has no public point or neighbourhood at all ("in <borough>").
    CONFIDENTIAL_MIN_SPREAD_KM = 0.5


def database_url_from_environment() -> str | None:
    """Return DATABASE_URL normalised to the psycopg 3 driver, or None when unset."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
