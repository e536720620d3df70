"""Postcodes, places and distances: turn what a person types as "near" into a point."""

from __future__ import annotations

import csv
import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from flask import current_app
from geopy.distance import geodesic
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from sqlalchemy import Executable, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.extensions import db
from directory.deprivation import read_deprivation
from directory.gazetteer import GeocodeCache, Neighbourhood, Place, Postcode

log = logging.getLogger("signpost.geo")

OUTWARD_PATTERN = r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)"
INWARD_PATTERN = r"[0-9][ABD-HJLNP-UW-Z]{2}"
FULL_POSTCODE = re.compile(rf"^({OUTWARD_PATTERN})({INWARD_PATTERN})$")
OUTWARD_CODE = re.compile(rf"^{OUTWARD_PATTERN}$")
EARTH_RADIUS_KM = 6371.0088


class GeoError(ValueError):
    """A place the user typed could not be turned into a point."""


class InvalidPostcode(GeoError):
    """Looks like a postcode but is not one."""


class UnknownPlace(GeoError):
    """Well formed, but not in the gazetteer (or anywhere the geocoder looked)."""


@dataclass(frozen=True)
class ParsedPostcode:
    outward: str
    inward: str | None

    @property
    def is_full(self) -> bool:
        return self.inward is not None

    def __str__(self) -> str:
        return f"{self.outward} {self.inward}" if self.inward else self.outward


@dataclass(frozen=True)
class ResolvedPlace:
    """A point to search around, and how it was found."""

    label: str
    latitude: float
    longitude: float
    kind: str  # "postcode", "outward", "neighbourhood", "place" or "geocoded"
    outward: str | None = None
    neighbourhood_code: str | None = None


def parse_postcode(text: str) -> ParsedPostcode:
    """Parse a full postcode or an outward code in any case and spacing.

    Raises InvalidPostcode naming what is wrong.
    """
    compact = re.sub(r"\s+", "", text).upper()
    if not compact:
        raise InvalidPostcode("Enter a postcode")
    if match := FULL_POSTCODE.match(compact):
        return ParsedPostcode(match.group(1), match.group(2))
    if OUTWARD_CODE.match(compact):
        return ParsedPostcode(compact, None)
    raise InvalidPostcode(
        f"“{text.strip()}” is not a valid postcode. Enter a full postcode, like BL3 5AB, "
        "or the first part, like BL3"
    )


def normalise_postcode(text: str) -> str:
    """Return a full postcode in the gazetteer's form ("BL3 5AB"); reject outward codes."""
    parsed = parse_postcode(text)
    if not parsed.is_full:
        raise InvalidPostcode(f"Enter a full postcode, like {parsed.outward} 5AB")
    return str(parsed)


def looks_like_postcode(text: str) -> bool:
    """Place names never contain digits; postcodes always do."""
    return any(ch.isdigit() for ch in text)


def lookup_postcode(postcode: str) -> Postcode:
    """Return a full postcode's gazetteer row, or raise UnknownPlace."""
    row = db.session.get(Postcode, normalise_postcode(postcode))
    if row is None:
        raise UnknownPlace(f"We could not find the postcode {normalise_postcode(postcode)}")
    return row


def resolve_place(text: str) -> ResolvedPlace:
    """Resolve a full postcode, an outward code, a neighbourhood or a town name to a point."""
    text = text.strip()
    if not text:
        raise UnknownPlace("Enter a postcode, or a town or neighbourhood name")
    if looks_like_postcode(text):
        return _resolve_postcode(parse_postcode(text))
    return _resolve_name(text)


def _resolve_postcode(parsed: ParsedPostcode) -> ResolvedPlace:
    if parsed.is_full:
        row = db.session.get(Postcode, str(parsed))
        if row is None:
            geocoded = _geocode_online(str(parsed))
            if geocoded is None:
                raise UnknownPlace(
                    f"We could not find the postcode {parsed}. Check it, or enter a town "
                    "or neighbourhood instead"
                )
            return geocoded
        return ResolvedPlace(
            label=row.postcode,
            latitude=row.latitude,
            longitude=row.longitude,
            kind="postcode",
            outward=row.outward,
            neighbourhood_code=row.neighbourhood_code,
        )
    lat, lon, count = db.session.execute(
        select(func.avg(Postcode.latitude), func.avg(Postcode.longitude), func.count()).where(
            Postcode.outward == parsed.outward
        )
    ).one()
    if not count:
        raise UnknownPlace(f"We could not find any postcodes starting {parsed.outward}")
    return ResolvedPlace(
        label=parsed.outward, latitude=lat, longitude=lon, kind="outward", outward=parsed.outward
    )


def _resolve_name(text: str) -> ResolvedPlace:
    wanted = " ".join(text.split()).lower()
    hood = db.session.scalars(
        select(Neighbourhood).where(func.lower(Neighbourhood.name) == wanted)
    ).first()
    if hood:
        return ResolvedPlace(
            label=hood.name,
            latitude=hood.latitude,
            longitude=hood.longitude,
            kind="neighbourhood",
            neighbourhood_code=hood.code,
        )
    place = db.session.scalars(select(Place).where(func.lower(Place.name) == wanted)).first()
    if place:
        return ResolvedPlace(
            label=place.name,
            latitude=place.latitude,
            longitude=place.longitude,
            kind="place",
            neighbourhood_code=place.neighbourhood_code,
        )
    geocoded = _geocode_online(text)
    if geocoded is None:
        raise UnknownPlace(
            f"We could not find a place called “{text}”. Try a postcode, or a town or "
            "neighbourhood name"
        )
    return geocoded


def _geocode_online(query: str) -> ResolvedPlace | None:
    """Ask Nominatim, when configured, caching every answer (including 'not found')."""
    if not current_app.config["GEOCODER_ONLINE"]:
        return None
    key = query.strip().lower()[:200]
    cached = db.session.get(GeocodeCache, key)
    if cached is None:
        point = _nominatim_lookup(query)
        cached = GeocodeCache(
            query=key,
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
        )
        db.session.add(cached)
        db.session.flush()
    if cached.latitude is None or cached.longitude is None:
        return None
    return ResolvedPlace(
        label=query.strip(), latitude=cached.latitude, longitude=cached.longitude, kind="geocoded"
    )


_rate_limited_geocode: Callable[..., object] | None = None


def _nominatim_lookup(query: str) -> tuple[float, float] | None:
    """Geocode one query; at most one request a second, as Nominatim's policy asks."""
    global _rate_limited_geocode
    if _rate_limited_geocode is None:
        geocoder = Nominatim(user_agent=current_app.config["GEOCODER_USER_AGENT"], timeout=5)
        _rate_limited_geocode = RateLimiter(geocoder.geocode, min_delay_seconds=1)
    try:
        found = _rate_limited_geocode(f"{query}, United Kingdom", country_codes="gb")
    except Exception:  # geopy raises many network error types; any of them means "not now"
        log.warning("online geocoder failed; treating place as unknown")
        return None
    if found is None:
        return None
    return (found.latitude, found.longitude)  # type: ignore[attr-defined]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; cheap enough for per-result loops (within 0.4% of geodesic)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Precise ellipsoidal distance (geopy), for figures people read rather than rank by."""
    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """Return (min_lat, max_lat, min_lon, max_lon) enclosing a circle of radius km."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    dlon = math.degrees(km / (EARTH_RADIUS_KM * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


# --- Gazetteer import -------------------------------------------------------------------------

REQUIRED_COLUMNS = ("pcds", "lat", "long", "osward")


@dataclass
class PostcodeImportReport:
    loaded: int = 0
    skipped_no_coordinates: int = 0
    problems: list[str] = field(default_factory=list)


def read_postcode_rows(
    stream: IO[str], report: PostcodeImportReport
) -> Iterator[dict[str, object]]:
    """Yield gazetteer rows from an ONS Postcode Directory / NSPL CSV, noting bad lines."""
    reader = csv.DictReader(stream)
    columns = {name.strip().lower() for name in reader.fieldnames or []}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise GeoError(f"The file has no {', '.join(missing)} column (NSPL layout expected)")
    seen: set[str] = set()
    for line_number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        lat_text, lon_text = row["lat"], row["long"]
        # NSPL marks postcodes without a grid reference with 99.999999 / 0.000000.
        if not lat_text or not lon_text or lat_text.startswith("99.9"):
            report.skipped_no_coordinates += 1
            continue
        try:
            postcode = normalise_postcode(row["pcds"])
            lat, lon = float(lat_text), float(lon_text)
        except (InvalidPostcode, ValueError) as error:
            report.problems.append(f"line {line_number}: {error}")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            report.problems.append(f"line {line_number}: coordinates out of range")
            continue
        if postcode in seen:
            report.problems.append(f"line {line_number}: {postcode} appears more than once")
            continue
        try:
            lsoa_code, imd_decile = read_deprivation(row)
        except ValueError as error:
            report.problems.append(f"line {line_number}: {error}")
            continue
        seen.add(postcode)
        yield {
            "postcode": postcode,
            "outward": postcode.split(" ")[0],
            "latitude": lat,
            "longitude": lon,
            "neighbourhood_code": row["osward"] or None,
            "lsoa_code": lsoa_code,
            "imd_decile": imd_decile,
        }


def import_postcodes(
    stream: IO[str],
    batch_size: int,
    progress: Callable[[int], None] | None = None,
) -> PostcodeImportReport:
    """Load (or refresh) gazetteer rows in batches; existing postcodes are replaced."""
    report = PostcodeImportReport()
    upsert = _upsert_postcodes_statement()
    for batch in _batches(read_postcode_rows(stream, report), batch_size):
        db.session.execute(upsert, batch)
        report.loaded += len(batch)
        if progress:
            progress(len(batch))
    return report


def _upsert_postcodes_statement() -> Executable:
    """INSERT ... ON CONFLICT DO UPDATE, which both SQLite and PostgreSQL speak."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Postcode)
    return statement.on_conflict_do_update(
        index_elements=[Postcode.postcode],
        set_={
            column: statement.excluded[column]
            for column in (
                "outward",
                "latitude",
                "longitude",
                "neighbourhood_code",
                "lsoa_code",
                "imd_decile",
            )
        },
    )


def _batches(rows: Iterable[dict[str, object]], size: int) -> Iterator[list[dict[str, object]]]:
    batch: list[dict[str, object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
