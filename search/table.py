"""The per-process facet/geo table: every indexed service's filterable facts, held compactly.

Geographic narrowing, filters and facet counts run here, in plain Python over small integers and
bitmasks, so a query touches Whoosh only to score text. The table is built from the records
stored in the index, one segment at a time: Whoosh segments never change once written (only
their deletion sets do), so when a writer commits, only the new segments are loaded.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
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


BLANK_RECORD: dict[str, Any] = {
    "themes": [],
    "accessibility": [],
    "delivery": [],
    "kind": "",
    "languages": [],
    "free": False,
    "access": [],
    "min_age": None,
    "max_age": None,
    "schedule": [],
    "verified": None,
    "status": "inactive",
    "name": "",
}


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

    @classmethod
    def blank(cls) -> Row:
        """A row matching nothing, standing in for deleted docs in the columns."""
        return cls(BLANK_RECORD)

    def open_at(self, weekday: int, minute: int) -> bool:
        return any(day == weekday and opens <= minute < closes for day, opens, closes in self.slots)


@dataclass
class SegmentTable:
    """The rows of one Whoosh segment, with a grid of its locations and its service areas."""

    rows: list[Row | None]
    grid: dict[tuple[int, int], list[tuple[int, float, float]]] = field(default_factory=dict)
    cell_docs: dict[tuple[int, int], list[int]] = field(default_factory=dict)
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
        table.cell_docs = {
            cell: sorted({doc for doc, _lat, _lon in entries})
            for cell, entries in table.grid.items()
        }
        return table


@dataclass(frozen=True)
class Place:
    """The point a search is centred on, and the neighbourhood holding it when known."""

    latitude: float
    longitude: float
    neighbourhood_code: str | None = None


class Reach:
    """The services reachable from a place: by a location within the radius or a service area.

    Grid cells lying wholly inside the radius admit their services without measuring, so even a
    25 km search over a large region stays cheap; distances are measured only when asked for.
    """

    def __init__(self, snapshot: Snapshot, place: Place, radius_km: float) -> None:
        self.snapshot = snapshot
        self.place = place
        self.radius_km = radius_km
        self.exact: dict[int, float] = {}  # docs from cells the radius cuts: measured
        self.inner: list[tuple[float, list[int]]] = []  # (cell's nearest edge km, docs)
        self.covered: set[int] = set()  # reached only through a service area
        self.docs: set[int] = set()
        self.located: set[int] = set()  # docs with a location within the radius

    def distance(self, doc: int) -> float | None:
        """Distance to the nearest location within the radius; None when only an area reaches."""
        km = self.exact.get(doc)
        if km is not None:
            return km
        if doc not in self.located:
            return None
        row = self.snapshot.rows[doc]
        lat0, lon0 = self.place.latitude, self.place.longitude
        best = None
        for lat, lon, *_ in row.record["locations"] if row else ():
            km = haversine_km(lat0, lon0, lat, lon)
            if best is None or km < best:
                best = km
        self.exact[doc] = best if best is not None and best <= self.radius_km else None
        return self.exact[doc]

    def nearest(self, allowed: set[int], count: int) -> list[int]:
        """Order `allowed` nearest first: exactly for the first `count`, by grid cell after that."""
        measured = [
            (km, doc) for doc, km in self.exact.items() if doc in allowed and km is not None
        ]
        # The `count` smallest distances so far, as a max-heap (negated).
        best = [-km for km, _doc in heapq.nsmallest(count, measured)]
        heapq.heapify(best)
        approximate: list[tuple[float, int]] = []
        for edge, docs in sorted(self.inner, key=lambda cell: cell[0]):
            inside = [doc for doc in docs if doc in allowed]
            if not inside:
                continue
            if len(best) >= count and -best[0] <= edge:
                # Nothing in this cell can beat the current top `count`: order it by cell only.
                approximate.extend((edge, doc) for doc in inside)
                continue
            for doc in inside:
                km = self.distance(doc) or 0.0
                measured.append((km, doc))
                if len(best) < count:
                    heapq.heappush(best, -km)
                elif km < -best[0]:
                    heapq.heapreplace(best, -km)
        measured.sort()
        approximate.sort()
        result = []
        seen: set[int] = set()
        for _key, doc in measured + approximate:
            if doc not in seen:
                seen.add(doc)
                result.append(doc)
        return result


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
        live = [row for row in flat if row is not None]
        self.live_docs = [doc for doc, row in enumerate(flat) if row is not None]
        blank = Row.blank()
        filled = [row if row is not None else blank for row in flat]
        self.columns = {
            name: [getattr(row, name) for row in filled]
            for name in (
                "themes",
                "accessibility",
                "delivery",
                "kind",
                "languages",
                "free",
                "signpost",
                "days",
                "min_age",
                "max_age",
            )
        }
        self._open_cache: dict[tuple[int, int], set[int]] = {}
        self.size = len(live)

    def live(self) -> list[int]:
        return self.live_docs

    def open_at(self, weekday: int, minute: int) -> set[int]:
        """Docs open at a moment (cached per minute: many searches share it)."""
        key = (weekday, minute)
        found = self._open_cache.get(key)
        if found is None:
            found = {
                doc
                for doc, row in enumerate(self.rows)
                if row is not None and row.days & (1 << weekday) and row.open_at(weekday, minute)
            }
            self._open_cache = {key: found}
        return found

    def near(self, place: Place, radius_km: float) -> Reach:
        """Find what reaches a place: located within the radius, or a service area covering it."""
        reach = Reach(self, place, radius_km)
        lat0, lon0 = place.latitude, place.longitude
        cos0 = max(math.cos(lat0 * _RADIANS), 1e-6)
        dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
        dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * cos0))
        lat_range = range(
            math.floor((lat0 - dlat) / CELL_LAT), math.floor((lat0 + dlat) / CELL_LAT) + 1
        )
        lon_range = range(
            math.floor((lon0 - dlon) / CELL_LON), math.floor((lon0 + dlon) / CELL_LON) + 1
        )
        km_lat = EARTH_RADIUS_KM * _RADIANS
        km_lon = km_lat * cos0
        docs = reach.docs
        exact = reach.exact
        limit = (radius_km * 1.01) ** 2
        for table, offset, deleted in self.segments:
            grid = table.grid
            for i in lat_range:
                # Nearest and farthest north-south offsets of the cell row from the place (km).
                south, north = (i * CELL_LAT - lat0) * km_lat, ((i + 1) * CELL_LAT - lat0) * km_lat
                near_y = 0.0 if south <= 0 <= north else min(abs(south), abs(north))
                far_y = max(abs(south), abs(north))
                for j in lon_range:
                    cell = grid.get((i, j))
                    if not cell:
                        continue
                    west, east = (
                        (j * CELL_LON - lon0) * km_lon,
                        ((j + 1) * CELL_LON - lon0) * km_lon,
                    )
                    near_x = 0.0 if west <= 0 <= east else min(abs(west), abs(east))
                    far_x = max(abs(west), abs(east))
                    edge = math.hypot(near_x, near_y)
                    if edge > radius_km * 1.01:
                        continue
                    # 1% margin: the flat-earth cell corners differ from haversine that much.
                    if math.hypot(far_x, far_y) < radius_km * 0.99 and not deleted:
                        cell_docs = [offset + doc for doc in table.cell_docs[(i, j)]]
                        reach.inner.append((edge, cell_docs))
                        docs.update(cell_docs)
                        continue
                    for doc, lat, lon in cell:
                        if doc in deleted:
                            continue
                        # A flat-earth distance first (no trigonometry); haversine only for
                        # points that may be inside.
                        dy = (lat - lat0) * km_lat
                        dx = (lon - lon0) * km_lon
                        if dx * dx + dy * dy > limit:
                            continue
                        km = haversine_km(lat0, lon0, lat, lon)
                        if km <= radius_km:
                            key = offset + doc
                            best = exact.get(key)
                            if best is None or km < best:
                                exact[key] = km
                            docs.add(key)
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
                if doc not in deleted:
                    reach.covered.add(offset + doc)
        reach.located = set(exact)
        for _edge, cell_docs in reach.inner:
            reach.located.update(cell_docs)
        docs.update(reach.covered)
        return reach


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


def _checks(snapshot: Snapshot, filters: Filters, docs: Collection[int]) -> dict[str, set[int]]:
    """Return, for each filter in force, the docs among `docs` that pass it."""
    col = snapshot.columns
    passing: dict[str, set[int]] = {}
    if filters.themes:
        mask, themes = mask_of(filters.themes, THEME_BITS), col["themes"]
        passing["theme"] = {d for d in docs if themes[d] & mask}
    if filters.free:
        free = col["free"]
        passing["free"] = {d for d in docs if free[d]}
    if filters.age is not None:
        age, low, high = filters.age, col["min_age"], col["max_age"]
        passing["age"] = {
            d
            for d in docs
            if (low[d] is None or low[d] <= age) and (high[d] is None or age <= high[d])
        }
    if filters.day is not None:
        bit, days = 1 << filters.day, col["days"]
        passing["day"] = {d for d in docs if days[d] & bit}
    if filters.open_now is not None:
        passing["open_now"] = snapshot.open_at(*filters.open_now).intersection(docs)
    if filters.language:
        language, languages = filters.language.strip().lower(), col["languages"]
        passing["language"] = {d for d in docs if language in languages[d]}
    if filters.accessibility:
        needed, features = mask_of(filters.accessibility, ACCESSIBILITY_BITS), col["accessibility"]
        passing["accessibility"] = {d for d in docs if features[d] & needed == needed}
    if filters.signpost_referral:
        signpost = col["signpost"]
        passing["signpost_referral"] = {d for d in docs if signpost[d]}
    if filters.kinds:
        kinds, kind = filters.kinds, col["kind"]
        passing["kind"] = {d for d in docs if kind[d] in kinds}
    if filters.delivery:
        wanted, delivery = mask_of(filters.delivery, DELIVERY_BITS), col["delivery"]
        passing["delivery"] = {d for d in docs if delivery[d] & wanted}
    return passing


@dataclass
class FilterOutcome:
    matching: set[int]
    counts: dict[str, dict[str, int]]


def apply_filters(
    snapshot: Snapshot, docs: Collection[int], filters: Filters, now: tuple[int, int]
) -> FilterOutcome:
    """Keep docs passing every filter; count each facet's options as if it alone were lifted."""
    passing = _checks(snapshot, filters, docs)
    base = docs if isinstance(docs, set) else set(docs)
    matching = base.intersection(*passing.values()) if passing else base

    def pool(facet: str) -> set[int]:
        if facet not in passing:
            return matching
        others = [docs for name, docs in passing.items() if name != facet]
        return base.intersection(*others) if others else base

    col = snapshot.columns
    counts = {
        "theme": _count_bits(col["themes"], pool("theme"), THEME_BITS),
        "accessibility": _count_bits(
            col["accessibility"], pool("accessibility"), ACCESSIBILITY_BITS
        ),
        "delivery": _count_bits(col["delivery"], pool("delivery"), DELIVERY_BITS),
        "day": _count_bits(col["days"], pool("day"), DAY_BITS),
        "kind": dict(Counter(map(col["kind"].__getitem__, pool("kind")))),
        "language": dict(
            Counter(chain.from_iterable(map(col["languages"].__getitem__, pool("language"))))
        ),
        "free": {"true": sum(map(col["free"].__getitem__, pool("free")))},
        "signpost_referral": {
            "true": sum(map(col["signpost"].__getitem__, pool("signpost_referral")))
        },
        "open_now": {"true": len(snapshot.open_at(*now).intersection(pool("open_now")))},
    }
    return FilterOutcome(matching=matching, counts=counts)


def _count_bits(column: list[int], docs: set[int], bits: dict[str, int]) -> dict[str, int]:
    by_mask = Counter(map(column.__getitem__, docs))
    counts = dict.fromkeys(bits, 0)
    for mask, number in by_mask.items():
        if mask:
            for name, bit in bits.items():
                if mask & bit:
                    counts[name] += number
    return counts
