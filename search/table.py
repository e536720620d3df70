"""The per-process facet/geo table: every indexed service's filterable facts, held compactly.

Geographic narrowing, filters and facet counts run here, in plain Python over small integers and
bitmasks, so a query touches Whoosh only to score text. The table is built from the records
stored in the index, one segment at a time: Whoosh segments never change once written (only
their deletion sets do), so when a writer commits, only the new segments are loaded.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from directory.geo import EARTH_RADIUS_KM
from directory.models import WEEKDAYS, AccessibilityFeature, DeliveryMethod, OrganisationKind
from directory.themes import Theme

THEME_BITS = {theme.value: 1 << i for i, theme in enumerate(Theme)}
ACCESSIBILITY_BITS = {f.value: 1 << i for i, f in enumerate(AccessibilityFeature)}
DELIVERY_BITS = {m.value: 1 << i for i, m in enumerate(DeliveryMethod)}
DAY_BITS = {day: 1 << i for i, day in enumerate(WEEKDAYS)}
KINDS = tuple(kind.value for kind in OrganisationKind)
SIGNPOST_REFERRAL = "signpost_referral"

# Grid cells of about 2.2 km (north-south) by 2 km (east-west at UK latitudes).
CELL_LAT = 0.02
CELL_LON = 0.03
_RADIANS = math.pi / 180.0


def mask_of(values: Iterable[str], bits: dict[str, int]) -> int:
    mask = 0
    for value in values:
        mask |= bits.get(value, 0)
    return mask


def bits_set(mask: int, bits: dict[str, int]) -> list[str]:
    return [name for name, bit in bits.items() if mask & bit]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, inlined here because it runs in the hottest loop."""
    p1 = lat1 * _RADIANS
    p2 = lat2 * _RADIANS
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin((lon2 - lon1) * _RADIANS / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _timestamp(text: str | None) -> float | None:
    return datetime.fromisoformat(text).timestamp() if text else None


class Row:
    """One service's filterable facts."""

    __slots__ = (
        "record",
        "themes",
        "accessibility",
        "delivery",
        "kind",
        "languages",
        "free",
        "signpost",
        "min_age",
        "max_age",
        "days",
        "slots",
        "verified",
        "closed",
        "name_key",
    )

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record
        self.themes = mask_of(record["themes"], THEME_BITS)
        self.accessibility = mask_of(record["accessibility"], ACCESSIBILITY_BITS)
        self.delivery = mask_of(record["delivery"], DELIVERY_BITS)
        self.kind = record["kind"]
        self.languages = frozenset(lang.strip().lower() for lang in record["languages"])
        self.free = bool(record["free"])
        self.signpost = SIGNPOST_REFERRAL in record["access"]
        self.min_age = record["min_age"]
        self.max_age = record["max_age"]
        self.slots = tuple(tuple(slot) for slot in record["schedule"])
        self.days = mask_of((WEEKDAYS[slot[0]] for slot in self.slots), DAY_BITS)
        self.verified = _timestamp(record["verified"])
        self.closed = record["status"] == "temporarily_closed"
        self.name_key = record["name"].lower()

    def open_at(self, weekday: int, minute: int) -> bool:
        return any(day == weekday and opens <= minute < closes for day, opens, closes in self.slots)


@dataclass
class SegmentTable:
    """The rows of one Whoosh segment, with a grid of its locations and its service areas."""

    rows: list[Row | None]
    grid: dict[tuple[int, int], list[tuple[int, float, float]]] = field(default_factory=dict)
    radius_areas: list[tuple[int, float, float, float]] = field(default_factory=list)
    hood_areas: dict[str, list[int]] = field(default_factory=dict)
    borough: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, records: Iterable[dict[str, Any] | None]) -> SegmentTable:
        table = cls(rows=[])
        for doc, record in enumerate(records):
            if record is None:
                table.rows.append(None)
                continue
            table.rows.append(Row(record))
            for lat, lon, *_ in record["locations"]:
                cell = (math.floor(lat / CELL_LAT), math.floor(lon / CELL_LON))
                table.grid.setdefault(cell, []).append((doc, lat, lon))
            for kind, hood, lat, lon, radius in record["areas"]:
                if kind == "borough":
                    table.borough.append(doc)
                elif kind == "neighbourhood" and hood:
                    table.hood_areas.setdefault(hood, []).append(doc)
                elif kind == "radius" and lat is not None and lon is not None and radius:
                    table.radius_areas.append((doc, lat, lon, radius))
        return table


@dataclass(frozen=True)
class Place:
    """The point a search is centred on, and the neighbourhood holding it when known."""

    latitude: float
    longitude: float
    neighbourhood_code: str | None = None


@dataclass
class Snapshot:
    """A consistent view: segment tables with their offsets and the docs deleted from each."""

    segments: list[tuple[SegmentTable, int, frozenset[int]]]
    rows: list[Row | None] = field(init=False)

    def __post_init__(self) -> None:
        flat: list[Row | None] = []
        for table, offset, deleted in self.segments:
            # Whoosh numbers documents across segments contiguously, in segment order.
            flat.extend(table.rows)
            for doc in deleted:
                flat[offset + doc] = None
        self.rows = flat

    def live(self) -> Iterator[int]:
        return (doc for doc, row in enumerate(self.rows) if row is not None)

    def near(self, place: Place, radius_km: float) -> dict[int, float | None]:
        """Return docs reachable from a place: located within the radius, or whose area covers it.

        The value is the distance to the nearest location within the radius, or None when only
        a service area reaches the place.
        """
        lat0, lon0 = place.latitude, place.longitude
        dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
        dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * max(math.cos(lat0 * _RADIANS), 1e-6)))
        rows_lat = range(
            math.floor((lat0 - dlat) / CELL_LAT), math.floor((lat0 + dlat) / CELL_LAT) + 1
        )
        rows_lon = range(
            math.floor((lon0 - dlon) / CELL_LON), math.floor((lon0 + dlon) / CELL_LON) + 1
        )
        found: dict[int, float | None] = {}
        rows = self.rows
        for table, offset, deleted in self.segments:
            grid = table.grid
            for i in rows_lat:
                for j in rows_lon:
                    for doc, lat, lon in grid.get((i, j), ()):
                        if doc in deleted:
                            continue
                        km = haversine_km(lat0, lon0, lat, lon)
                        if km <= radius_km:
                            key = offset + doc
                            best = found.get(key)
                            if best is None or km < best:
                                found[key] = km
            covered: list[int] = list(table.borough)
            if place.neighbourhood_code:
                covered.extend(table.hood_areas.get(place.neighbourhood_code, ()))
            for doc, lat, lon, radius in table.radius_areas:
                if (
                    abs(lat - lat0) * 111.0 <= radius
                    and haversine_km(lat0, lon0, lat, lon) <= radius
                ):
                    covered.append(doc)
            for doc in covered:
                key = offset + doc
                if doc not in deleted and key not in found and rows[key] is not None:
                    found[key] = None
        return found


@dataclass(frozen=True)
class Filters:
    """What the person narrowed the search to; empty means no narrowing."""

    themes: frozenset[str] = frozenset()
    free: bool = False
    age: int | None = None
    day: int | None = None
    open_now: tuple[int, int] | None = None  # (weekday, minute of the day)
    language: str | None = None
    accessibility: frozenset[str] = frozenset()
    signpost_referral: bool = False
    kinds: frozenset[str] = frozenset()
    delivery: frozenset[str] = frozenset()


FACETS = (
    "theme",
    "free",
    "age",
    "day",
    "open_now",
    "language",
    "accessibility",
    "signpost_referral",
    "kind",
    "delivery",
)
_FACET_BIT = {name: 1 << i for i, name in enumerate(FACETS)}


def _checks(filters: Filters) -> list[tuple[int, Any]]:
    """Return (facet bit, predicate) for each filter in force."""
    checks: list[tuple[int, Any]] = []
    if filters.themes:
        theme_mask = mask_of(filters.themes, THEME_BITS)
        checks.append((_FACET_BIT["theme"], lambda r: r.themes & theme_mask))
    if filters.free:
        checks.append((_FACET_BIT["free"], lambda r: r.free))
    if filters.age is not None:
        age = filters.age

        def age_fits(r: Row) -> bool:
            return (r.min_age is None or r.min_age <= age) and (
                r.max_age is None or age <= r.max_age
            )

        checks.append((_FACET_BIT["age"], age_fits))
    if filters.day is not None:
        day_bit = 1 << filters.day
        checks.append((_FACET_BIT["day"], lambda r: r.days & day_bit))
    if filters.open_now is not None:
        weekday, minute = filters.open_now
        checks.append((_FACET_BIT["open_now"], lambda r: r.open_at(weekday, minute)))
    if filters.language:
        language = filters.language.strip().lower()
        checks.append((_FACET_BIT["language"], lambda r: language in r.languages))
    if filters.accessibility:
        needed = mask_of(filters.accessibility, ACCESSIBILITY_BITS)
        checks.append((_FACET_BIT["accessibility"], lambda r: r.accessibility & needed == needed))
    if filters.signpost_referral:
        checks.append((_FACET_BIT["signpost_referral"], lambda r: r.signpost))
    if filters.kinds:
        kinds = filters.kinds
        checks.append((_FACET_BIT["kind"], lambda r: r.kind in kinds))
    if filters.delivery:
        wanted = mask_of(filters.delivery, DELIVERY_BITS)
        checks.append((_FACET_BIT["delivery"], lambda r: r.delivery & wanted))
    return checks


@dataclass
class FilterOutcome:
    matching: list[int]
    counts: dict[str, dict[str, int]]


def apply_filters(
    rows: list[Row | None], docs: Iterable[int], filters: Filters, open_now: tuple[int, int]
) -> FilterOutcome:
    """Keep docs passing every filter, and count each facet's options as if it alone were lifted."""
    checks = _checks(filters)
    matching: list[int] = []
    # Rows failing exactly one filter still count towards that filter's own options.
    near_miss: dict[int, list[Row]] = {bit: [] for bit, _ in checks}
    passing_rows: list[Row] = []
    for doc in docs:
        row = rows[doc]
        if row is None:  # deleted since the text index was read
            continue
        failed = 0
        failures = 0
        for bit, check in checks:
            if not check(row):
                failed = bit
                failures += 1
                if failures > 1:
                    break
        if failures == 0:
            matching.append(doc)
            passing_rows.append(row)
        elif failures == 1:
            near_miss[failed].append(row)

    def pool(facet: str) -> list[Row]:
        extra = near_miss.get(_FACET_BIT[facet])
        return passing_rows + extra if extra else passing_rows

    counts = {
        "theme": _count_bits(pool("theme"), "themes", THEME_BITS),
        "accessibility": _count_bits(pool("accessibility"), "accessibility", ACCESSIBILITY_BITS),
        "delivery": _count_bits(pool("delivery"), "delivery", DELIVERY_BITS),
        "kind": dict(Counter(row.kind for row in pool("kind"))),
        "language": dict(Counter(lang for row in pool("language") for lang in row.languages)),
        "day": _count_bits(pool("day"), "days", DAY_BITS),
        "free": {"true": sum(1 for row in pool("free") if row.free)},
        "signpost_referral": {"true": sum(1 for row in pool("signpost_referral") if row.signpost)},
        "open_now": {
            "true": sum(1 for row in pool("open_now") if row.slots and row.open_at(*open_now))
        },
    }
    return FilterOutcome(matching=matching, counts=counts)


def _count_bits(rows: list[Row], attribute: str, bits: dict[str, int]) -> dict[str, int]:
    by_mask = Counter(getattr(row, attribute) for row in rows)
    counts = dict.fromkeys(bits, 0)
    for mask, number in by_mask.items():
        if mask:
            for name, bit in bits.items():
                if mask & bit:
                    counts[name] += number
    return counts
