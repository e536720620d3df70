"""Search for the web page and the API: resolve the place, run the engine, log the search."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.errors import Refused
from core.extensions import db
from core.models import utcnow
from directory import geo
from directory.gazetteer import Neighbourhood
from directory.models import WEEKDAYS, Location, ServiceAtLocation
from search import replica
from search.engine import Outcome, SearchEngine, SearchRequest
from search.models import SearchLog
from search.table import Filters, Place, haversine_km

log = logging.getLogger("signpost.search")

# A place without a known neighbourhood takes the nearest one's, if its centre is this close.
NEIGHBOURHOOD_SNAP_KM = 3.0
LIST_FILTERS = ("theme", "accessibility", "kind", "delivery")
SCALAR_FILTERS = ("free", "age", "day", "open_now", "language", "signpost_referral")


class PlaceNotFound(Refused):
    """The "near" text could not be turned into a point; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="near")


@dataclass
class SearchResults:
    outcome: Outcome
    place: geo.ResolvedPlace | None
    params: dict[str, Any]
    sort: str


def engine() -> SearchEngine:
    return current_app.extensions["search"]


def local_now() -> datetime:
    return datetime.now(ZoneInfo(current_app.config["SEARCH_TIMEZONE"]))


def resolve_near(text: str) -> tuple[geo.ResolvedPlace, Place]:
    """Resolve what was typed as "near" to a point and its neighbourhood."""
    try:
        resolved = geo.resolve_place(text)
    except geo.GeoError as error:
        raise PlaceNotFound(str(error)) from error
    code = resolved.neighbourhood_code or _nearest_neighbourhood(
        resolved.latitude, resolved.longitude
    )
    return resolved, Place(resolved.latitude, resolved.longitude, code)


def _nearest_neighbourhood(lat: float, lon: float) -> str | None:
    best: tuple[float, str] | None = None
    for code, hood_lat, hood_lon in db.session.execute(
        select(Neighbourhood.code, Neighbourhood.latitude, Neighbourhood.longitude)
    ):
        km = haversine_km(lat, lon, hood_lat, hood_lon)
        if km <= NEIGHBOURHOOD_SNAP_KM and (best is None or km < best[0]):
            best = (km, code)
    return best[1] if best else None


def filters_from(params: dict[str, Any], now: datetime) -> Filters:
    return Filters(
        themes=frozenset(params.get("theme") or ()),
        free=bool(params.get("free")),
        age=params.get("age"),
        day=WEEKDAYS.index(params["day"]) if params.get("day") else None,
        open_now=(now.weekday(), now.hour * 60 + now.minute) if params.get("open_now") else None,
        language=params.get("language") or None,
        accessibility=frozenset(params.get("accessibility") or ()),
        signpost_referral=bool(params.get("signpost_referral")),
        kinds=frozenset(params.get("kind") or ()),
        delivery=frozenset(params.get("delivery") or ()),
    )


def search_services(params: dict[str, Any], per_page: int | None = None) -> SearchResults:
    """Run a search from validated parameters (see schemas.SearchParamsSchema)."""
    place = point = None
    if params.get("near"):
        place, point = resolve_near(params["near"])
    text = params.get("q") or ""
    sort = params.get("sort") or ("relevance" if text.strip() or point is None else "nearest")
    now = local_now()
    request = SearchRequest(
        text=text,
        place=point,
        radius_km=float(params.get("radius") or 5),
        sort=sort,
        filters=filters_from(params, now),
        page=params.get("page") or 1,
        per_page=per_page or params.get("per_page") or current_app.config["SEARCH_PER_PAGE"],
        now=now,
        stale_after_days=current_app.config["STALE_AFTER_DAYS"],
        repair=not params.get("exact"),
    )
    return SearchResults(replica.search(engine(), request), place, params, sort)


def log_search(
    params: dict[str, Any],
    place: geo.ResolvedPlace | None,
    result_count: int,
    channel: str,
    user_id: int | None = None,
) -> dict[str, Any]:
    """Note a search for the capacity lead; a postcode is cut to its outward code.

    The note waits in memory and is written with others after a response (see SearchLogBuffer),
    so no search ever writes to the database or fails because the log could not be written.
    """
    outward = None
    filters: dict[str, Any] = {}
    near = (params.get("near") or "").strip()
    if near:
        if geo.looks_like_postcode(near):
            outward = place.outward if place and place.outward else _outward_or_none(near)
        else:
            filters["near"] = near[:100]
    for name in LIST_FILTERS:
        if params.get(name):
            filters[name] = sorted(params[name])
    for name in SCALAR_FILTERS:
        if params.get(name) not in (None, False, ""):
            filters[name] = params[name]
    if near:
        filters["radius"] = params.get("radius") or 5
    entry = {
        "at": utcnow(),
        "query_text": (params.get("q") or "").strip()[:200],
        "filters": filters,
        "outward_code": outward,
        "neighbourhood_code": place.neighbourhood_code if place else None,
        "result_count": result_count,
        "channel": channel,
        "user_id": user_id,
    }
    search_log().add(entry)
    return entry


class SearchLogBuffer:
    """Logged searches waiting to be written, in batches, each in a short transaction of its own."""

    # Kept when the database cannot take them, up to this many (then the oldest are dropped).
    MAX_WAITING = 10_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[dict[str, Any]] = []
        self._oldest: float | None = None

    def add(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self._entries.append(entry)
            if self._oldest is None:
                self._oldest = time.monotonic()
            del self._entries[: -self.MAX_WAITING]

    def due(self, batch: int, seconds: float) -> bool:
        with self._lock:
            return bool(self._entries) and (
                len(self._entries) >= batch
                or self._oldest is None
                or time.monotonic() - self._oldest >= seconds
            )

    def discard(self) -> None:
        with self._lock:
            self._entries, self._oldest = [], None

    def flush(self) -> int:
        """Write every waiting entry; on failure keep them for the next flush. Never raises."""
        with self._lock:
            entries, self._entries, self._oldest = self._entries, [], None
        if not entries:
            return 0
        try:
            with Session(db.engine) as session:
                session.execute(insert(SearchLog), entries)
                session.commit()
        except Exception:  # a busy or unreachable database must not fail a search
            log.warning("could not write %d search log entries; will retry", len(entries))
            with self._lock:
                self._entries[:0] = entries
                self._oldest = self._oldest or time.monotonic()
            return 0
        return len(entries)


def search_log() -> SearchLogBuffer:
    return current_app.extensions["search_log"]


def flush_search_log() -> int:
    """Write logged searches now (the report and `signpost search zero-results` read them)."""
    return search_log().flush()


def flush_search_log_when_due() -> None:
    config = current_app.config
    buffer = search_log()
    if buffer.due(config["SEARCH_LOG_BATCH"], config["SEARCH_LOG_FLUSH_SECONDS"]):
        buffer.flush()


def _outward_or_none(text: str) -> str | None:
    try:
        return geo.parse_postcode(text).outward
    except geo.GeoError:
        return None


def zero_result_searches(since: datetime | None = None, limit: int = 200) -> list[SearchLog]:
    """Return the latest searches that found nothing, newest first."""
    flush_search_log()
    query = select(SearchLog).where(SearchLog.result_count == 0)
    if since is not None:
        query = query.where(SearchLog.at >= since)
    return list(db.session.scalars(query.order_by(SearchLog.at.desc()).limit(limit)))


def public_hit(hit: Any) -> dict[str, Any]:
    """Shape a hit for a card or the API: only what the public may see."""
    record = hit.record
    locations = []
    for lat, lon, confidential, _code, hood in record["locations"]:
        if confidential:
            locations.append(
                {"latitude": None, "longitude": None, "neighbourhood": hood, "confidential": True}
            )
        else:
            locations.append(
                {"latitude": lat, "longitude": lon, "neighbourhood": hood, "confidential": False}
            )
    verified = record["verified"]
    return {
        "id": record["uuid"],
        "name": record["name"],
        "url": url_for("directory.service", service_uuid=record["uuid"]),
        "organisation_uuid": record["organisation_uuid"],
        "organisation": record["organisation"],
        "kind": record["kind"],
        "organisation_url": url_for(
            "directory.organisation", organisation_uuid=record["organisation_uuid"]
        ),
        "summary": record["summary"],
        "themes": record["themes"],
        "distance_km": None if hit.confidential_area else _rounded(hit.distance_km),
        "covers_area": hit.covers_area,
        "confidential_area": hit.confidential_area,
        "free": record["free"],
        "fee": record["fee"],
        "status": record["status"],
        "capacity": record["capacity"],
        "waitlist_weeks": record["waitlist_weeks"],
        "paused_until": record["paused_until"],
        "last_verified": verified[:10] if verified else None,
        "last_verified_date": datetime.fromisoformat(verified).date() if verified else None,
        "stale": hit.stale,
        "delivery": record["delivery"],
        "access": record["access"],
        "accessibility": record["accessibility"],
        "languages": record["languages"],
        "locations": locations,
    }


def _rounded(km: float | None) -> float | None:
    return None if km is None else round(km, 1)


def map_markers(results: SearchResults, limit: int = 1000) -> list[dict[str, Any]]:
    """Markers for every result's public locations, each with its written address.

    The list beside the map names the organisation and the address, read from the listings
    themselves; confidential locations are never drawn or written.
    """
    records = [results.outcome.hit(doc).record for doc in results.outcome.ranked]
    places: dict[int, list[Location]] = {}
    for service_id, location in db.session.execute(
        select(ServiceAtLocation.service_id, Location)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(
            ServiceAtLocation.service_id.in_([record["id"] for record in records]),
            Location.confidential.is_(False),
            Location.latitude.is_not(None),
            Location.longitude.is_not(None),
        )
        .order_by(ServiceAtLocation.id)
    ):
        places.setdefault(service_id, []).append(location)
    markers = []
    for record in records:
        url = url_for("directory.service", service_uuid=record["uuid"])
        for location in places.get(record["id"], []):
            markers.append(
                {
                    "lat": location.latitude,
                    "lon": location.longitude,
                    "title": record["name"],
                    "url": url,
                    "label": ", ".join([record["organisation"], *location.address_lines]),
                }
            )
            if len(markers) >= limit:
                return markers
    return markers


def rebuild_index(progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database; return how many services it holds."""
    return replica.rebuild(engine(), progress=progress)
