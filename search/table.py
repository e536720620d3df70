"""The per-process facet/geo table: every indexed service's filterable facts, as numpy columns.

Geographic narrowing, filters, facet counts and ordering run here over arrays indexed by Whoosh
document number, so a query touches Whoosh only to read postings. The table is built from the
records stored in the index, one segment at a time: Whoosh segments never change once written
(only their deletion sets do), so when a writer commits, only the new segments are loaded and
the snapshot is a cheap concatenation.
"""

from __future__ import annotations

import json
import math
import os
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from directory.areas import AreaSet
from directory.geo import EARTH_RADIUS_KM
from directory.models import WEEKDAYS, AccessibilityFeature, DeliveryMethod, OrganisationKind
from directory.themes import Theme

THEME_BITS = {theme.value: 1 << i for i, theme in enumerate(Theme)}
ACCESSIBILITY_BITS = {f.value: 1 << i for i, f in enumerate(AccessibilityFeature)}
DELIVERY_BITS = {m.value: 1 << i for i, m in enumerate(DeliveryMethod)}
DAY_BITS = {day: 1 << i for i, day in enumerate(WEEKDAYS)}
KINDS = tuple(kind.value for kind in OrganisationKind)
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}
SIGNPOST_REFERRAL = "signpost_referral"

_RADIANS = math.pi / 180.0
# Columns a segment holds per document, and the snapshot concatenates.
DOC_COLUMNS = (
    "themes",
    "accessibility",
    "delivery",
    "days",
    "kind",
    "free",
    "signpost",
    "min_age",
    "max_age",
    "verified",
    "closed",
    "text_length",
)


def mask_of(values: Iterable[str], bits: dict[str, int]) -> int:
    mask = 0
    for value in values:
        mask |= bits.get(value, 0)
    return mask


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points."""
    p1 = lat1 * _RADIANS
    p2 = lat2 * _RADIANS
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin((lon2 - lon1) * _RADIANS / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def haversine_many(
    lat0: float,
    lon0: float,
    lats: np.ndarray,
    lons: np.ndarray,
    radians: np.ndarray | None = None,
    cosines: np.ndarray | None = None,
) -> np.ndarray:
    """Great-circle distances from one point to arrays of points (the same formula, vectorised).

    `radians` and `cosines` are the points' latitudes in radians and their cosines, when known.
    """
    p1 = lat0 * _RADIANS
    p2 = lats * _RADIANS if radians is None else radians
    cos2 = np.cos(p2) if cosines is None else cosines
    a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * cos2 * np.sin((lons - lon0) * _RADIANS / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def _timestamp(text: str | None) -> float:
    return datetime.fromisoformat(text).timestamp() if text else math.nan


def _age(value: int | None) -> float:
    return math.nan if value is None else float(value)


class WordList:
    """The unstemmed words of some listings, sorted, with how often each occurs ("did you mean")."""

    def __init__(self, words: list[str], counts: np.ndarray) -> None:
        self.words = words
        self.counts = np.asarray(counts, dtype=np.int64)

    @classmethod
    def count(cls, vocabs: Iterable[str | None]) -> WordList:
        counter: Counter[str] = Counter()
        for vocab in vocabs:
            if vocab:
                counter.update(vocab.split())
        words = sorted(counter)
        return cls(words, np.array([counter[word] for word in words], dtype=np.int64))

    @classmethod
    def merge(cls, parts: list[WordList]) -> WordList:
        parts = [part for part in parts if part.words]
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return cls([], np.zeros(0, dtype=np.int64))
        words, inverse = np.unique(
            np.concatenate([np.array(part.words, dtype=str) for part in parts]),
            return_inverse=True,
        )
        counts = np.bincount(inverse, np.concatenate([part.counts for part in parts]))
        return cls(words.tolist(), counts.astype(np.int64))

    def frequency(self, word: str) -> int:
        """How often the listings use `word` (0 when none does)."""
        position = bisect_left(self.words, word)
        if position < len(self.words) and self.words[position] == word:
            return int(self.counts[position])
        return 0


class SegmentTable:
    """The facts of one Whoosh segment's documents, with its locations, areas and opening slots."""

    def __init__(
        self,
        records: Iterable[dict[str, Any] | None],
        lengths: Any = None,
        vocabs: Iterable[str | None] = (),
    ) -> None:
        cols: dict[str, list[Any]] = {name: [] for name in DOC_COLUMNS}
        self.present: list[bool] = []
        names: list[str] = []
        loc_doc, loc_lat, loc_lon = [], [], []
        slot_doc, slot_day, slot_open, slot_close = [], [], [], []
        lang_doc, lang_name = [], []
        radius_doc, radius_lat, radius_lon, radius_km = [], [], [], []
        self.borough: list[int] = []
        self.hood_areas: dict[str, list[int]] = {}
        self.polygons: list[tuple[int, dict[str, Any]]] = []
        for doc, record in enumerate(records):
            if record is None:
                self.present.append(False)
                names.append("")
                for name in DOC_COLUMNS:
                    cols[name].append(0)
                cols["min_age"][-1] = cols["max_age"][-1] = cols["verified"][-1] = math.nan
                continue
            self.present.append(True)
            names.append(record["name"].lower())
            cols["themes"].append(mask_of(record["themes"], THEME_BITS))
            cols["accessibility"].append(mask_of(record["accessibility"], ACCESSIBILITY_BITS))
            cols["delivery"].append(mask_of(record["delivery"], DELIVERY_BITS))
            cols["kind"].append(KIND_CODES.get(record["kind"], -1))
            cols["free"].append(bool(record["free"]))
            cols["signpost"].append(SIGNPOST_REFERRAL in record["access"])
            cols["min_age"].append(_age(record["min_age"]))
            cols["max_age"].append(_age(record["max_age"]))
            cols["verified"].append(_timestamp(record["verified"]))
            cols["closed"].append(record["status"] == "temporarily_closed")
            cols["text_length"].append(0)
            days = 0
            for day, opens, closes in record["schedule"]:
                days |= 1 << day
                slot_doc.append(doc)
                slot_day.append(day)
                slot_open.append(opens)
                slot_close.append(closes)
            cols["days"].append(days)
            for language in {lang.strip().lower() for lang in record["languages"]}:
                lang_doc.append(doc)
                lang_name.append(language)
            for lat, lon, *_ in record["locations"]:
                loc_doc.append(doc)
                loc_lat.append(lat)
                loc_lon.append(lon)
            for kind, hood, lat, lon, radius in record["areas"]:
                if kind == "borough":
                    self.borough.append(doc)
                elif kind == "neighbourhood" and hood:
                    self.hood_areas.setdefault(hood, []).append(doc)
                elif kind == "radius" and lat is not None and lon is not None and radius:
                    radius_doc.append(doc)
                    radius_lat.append(lat)
                    radius_lon.append(lon)
                    radius_km.append(radius)
            self.polygons.extend((doc, geometry) for geometry in record.get("polygons") or [])
        self.size = len(self.present)
        self.columns = {
            "themes": np.array(cols["themes"], dtype=np.int64),
            "accessibility": np.array(cols["accessibility"], dtype=np.int64),
            "delivery": np.array(cols["delivery"], dtype=np.int64),
            "days": np.array(cols["days"], dtype=np.int64),
            "kind": np.array(cols["kind"], dtype=np.int16),
            "free": np.array(cols["free"], dtype=bool),
            "signpost": np.array(cols["signpost"], dtype=bool),
            "min_age": np.array(cols["min_age"], dtype=np.float64),
            "max_age": np.array(cols["max_age"], dtype=np.float64),
            "verified": np.array(cols["verified"], dtype=np.float64),
            "closed": np.array(cols["closed"], dtype=bool),
            "text_length": np.zeros(self.size, dtype=np.float64)
            if lengths is None
            else np.asarray(lengths, dtype=np.float64),
        }
        self.names = names
        self.locations = (
            np.array(loc_doc, dtype=np.int64),
            np.array(loc_lat, dtype=np.float64),
            np.array(loc_lon, dtype=np.float64),
        )
        self.slots = (
            np.array(slot_doc, dtype=np.int64),
            np.array(slot_day, dtype=np.int64),
            np.array(slot_open, dtype=np.int64),
            np.array(slot_close, dtype=np.int64),
        )
        self.languages = (np.array(lang_doc, dtype=np.int64), lang_name)
        self.radius_areas = (
            np.array(radius_doc, dtype=np.int64),
            np.array(radius_lat, dtype=np.float64),
            np.array(radius_lon, dtype=np.float64),
            np.array(radius_km, dtype=np.float64),
        )

        self.words = WordList.count(vocabs)

    @classmethod
    def build(
        cls,
        records: Iterable[dict[str, Any] | None],
        lengths: Any = None,
        vocabs: Iterable[str | None] = (),
    ) -> SegmentTable:
        return cls(records, lengths, vocabs)

    @cached_property
    def name_array(self) -> np.ndarray:
        """The lower-cased names as one array (kept with the table: snapshots reuse it)."""
        return np.array(self.names, dtype=str)

    @cached_property
    def name_order(self) -> np.ndarray:
        """The docs in (stable) alphabetical order of their lower-cased names."""
        return np.argsort(self.name_array, kind="stable")

    @cached_property
    def lat_order(self) -> np.ndarray:
        """The order of this segment's locations by latitude (stable)."""
        return np.argsort(self.locations[1], kind="stable")

    @cached_property
    def language_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """This segment's distinct languages, and each (doc, language) pair's index among them."""
        options, inverse = np.unique(np.array(self.languages[1], dtype=str), return_inverse=True)
        return options, inverse.astype(np.int64).reshape(-1)

    def save(self, path: Path) -> None:
        """Write the table as plain arrays (no pickles), atomically, for other processes."""
        hoods = sorted(self.hood_areas)
        arrays = {f"column_{name}": values for name, values in self.columns.items()}
        arrays.update(
            present=np.array(self.present, dtype=bool),
            names=np.array(self.names, dtype=str),
            locations=np.stack(self.locations).astype(np.float64),
            slots=np.stack(self.slots),
            lang_doc=self.languages[0],
            lang_name=np.array(self.languages[1], dtype=str),
            radius_areas=np.stack(self.radius_areas).astype(np.float64),
            borough=np.array(self.borough, dtype=np.int64),
            hood_codes=np.array(hoods, dtype=str),
            hood_sizes=np.array([len(self.hood_areas[code]) for code in hoods], dtype=np.int64),
            hood_docs=np.array([d for code in hoods for d in self.hood_areas[code]], np.int64),
            words=np.array(self.words.words, dtype=str),
            word_counts=self.words.counts,
            polygons=np.array(json.dumps(self.polygons)),
        )
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        with open(partial, "wb") as out:
            np.savez(out, **arrays)
        os.replace(partial, path)

    @classmethod
    def load(cls, path: Path) -> SegmentTable:
        table = cls.__new__(cls)
        with np.load(path, allow_pickle=False) as saved:
            table.columns = {name: saved[f"column_{name}"] for name in DOC_COLUMNS}
            table.present = saved["present"].tolist()
            table.size = len(table.present)
            table.names = saved["names"].tolist()
            locations = saved["locations"]
            table.locations = (locations[0].astype(np.int64), locations[1], locations[2])
            table.slots = tuple(saved["slots"])
            table.languages = (saved["lang_doc"], saved["lang_name"].tolist())
            areas = saved["radius_areas"]
            table.radius_areas = (areas[0].astype(np.int64), areas[1], areas[2], areas[3])
            table.borough = saved["borough"].tolist()
            docs = np.split(saved["hood_docs"], np.cumsum(saved["hood_sizes"])[:-1])
            table.hood_areas = {
                code: part.tolist()
                for code, part in zip(saved["hood_codes"].tolist(), docs, strict=False)
            }
            table.words = WordList(saved["words"].tolist(), saved["word_counts"])
            polygons = json.loads(str(saved["polygons"])) if "polygons" in saved else []
            table.polygons = [(int(doc), geometry) for doc, geometry in polygons]
        return table


@dataclass(frozen=True)
class Place:
    """The point a search is centred on, and the neighbourhood holding it when known."""

    latitude: float
    longitude: float
    neighbourhood_code: str | None = None


class Reach:
    """The services reachable from a place: by a location within the radius or a service area."""

    def __init__(
        self, place: Place, radius_km: float, distance: np.ndarray, covered: np.ndarray
    ) -> None:
        self.place = place
        self.radius_km = radius_km
        self.km = distance  # per doc: nearest location within the radius, inf when none
        self.located = np.isfinite(distance)
        self.covered = covered  # reached through a service area (maybe also located)
        self.docs = self.located | covered

    def distance(self, doc: int) -> float | None:
        """Distance to the nearest location within the radius; None when only an area reaches."""
        km = self.km[doc]
        return float(km) if math.isfinite(km) else None


def _concat(parts: list[np.ndarray], dtype: Any) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


class Snapshot:
    """A consistent view: segment tables joined at their offsets, deleted docs masked out."""

    def __init__(self, segments: list[tuple[SegmentTable, int, frozenset[int]]]) -> None:
        self.segments = segments
        live_parts, names = [], []
        columns: dict[str, list[np.ndarray]] = {name: [] for name in DOC_COLUMNS}
        loc = ([], [], [])
        slots = ([], [], [], [])
        lang_doc: list[np.ndarray] = []
        lang_codes: list[tuple[np.ndarray, np.ndarray]] = []
        radius = ([], [], [], [])
        borough: list[np.ndarray] = []
        hoods: dict[str, list[np.ndarray]] = {}
        polygon_docs: list[int] = []
        polygon_shapes: list[dict[str, Any]] = []
        for table, offset, deleted in segments:
            # Whoosh numbers documents across segments contiguously, in segment order.
            names.extend(table.names)
            present = np.array(table.present, dtype=bool)
            if deleted:
                present[list(deleted)] = False
            live_parts.append(present)
            for name in DOC_COLUMNS:
                columns[name].append(table.columns[name])
            # Each segment's locations in latitude order: the runs sort together in one pass.
            for target, source in zip(loc, table.locations, strict=True):
                target.append(source[table.lat_order])
            loc[0][-1] = loc[0][-1] + offset
            for target, source in zip(slots, table.slots, strict=True):
                target.append(source)
            slots[0][-1] = slots[0][-1] + offset
            for target, source in zip(radius, table.radius_areas, strict=True):
                target.append(source)
            radius[0][-1] = radius[0][-1] + offset
            lang_doc.append(table.languages[0] + offset)
            lang_codes.append(table.language_codes)
            # Only a small segment's lists are new; a big one's arrays are its own, reused.
            borough.append(np.asarray(table.borough, dtype=np.int64) + offset)
            for code, docs in table.hood_areas.items():
                hoods.setdefault(code, []).append(np.asarray(docs, dtype=np.int64) + offset)
            for doc, geometry in table.polygons:
                polygon_docs.append(offset + doc)
                polygon_shapes.append(geometry)
        self.live = _concat(live_parts, bool)
        self.n = len(self.live)
        self.size = int(np.count_nonzero(self.live))
        self.names = names
        self.columns = {
            name: _concat(parts, np.float64 if name == "text_length" else np.int64)
            for name, parts in columns.items()
        }
        self.loc_doc, self.loc_lat, self.loc_lon = (
            _concat(loc[0], np.int64),
            _concat(loc[1], np.float64),
            _concat(loc[2], np.float64),
        )
        # Locations of deleted docs never reach anything; the rest are kept in latitude order,
        # so a search cuts the band its radius can reach with two binary searches. (A stable
        # sort of the segments' sorted runs gives the order a sort of the whole would.)
        keep = self.live[self.loc_doc]
        order = np.flatnonzero(keep)
        order = order[np.argsort(self.loc_lat[order], kind="stable")]
        self.loc_doc, self.loc_lat, self.loc_lon = (
            self.loc_doc[order],
            self.loc_lat[order],
            self.loc_lon[order],
        )
        self.loc_radians = self.loc_lat * _RADIANS
        self.loc_cosines = np.cos(self.loc_radians)
        self.slots = tuple(_concat(part, np.int64) for part in slots)
        self.radius_areas = (
            _concat(radius[0], np.int64),
            _concat(radius[1], np.float64),
            _concat(radius[2], np.float64),
            _concat(radius[3], np.float64),
        )
        self.borough = _concat(borough, np.int64)
        self.hood_areas = {code: _concat(parts, np.int64) for code, parts in hoods.items()}
        self.polygon_areas = AreaSet(polygon_docs, polygon_shapes)
        # Languages as (doc, option) pairs over a vocabulary of this snapshot's languages.
        options = np.unique(_concat([opts for opts, _ in lang_codes], str))
        self.language_options = options.tolist()
        self.lang_doc = _concat(lang_doc, np.int64)
        self.lang_code = _concat(
            [np.searchsorted(options, opts)[codes] for opts, codes in lang_codes if len(opts)],
            np.int64,
        )
        self._open_cache: dict[tuple[int, int], np.ndarray] = {}

    def warm(self) -> None:
        """Compute the orders and matrices every search shares, before a search needs them."""
        _ = self.name_rank, self.bit_matrices

    @cached_property
    def words(self) -> WordList:
        """Every segment's "did you mean" words, merged (built on the first misspelling)."""
        return WordList.merge([table.words for table, _, _ in self.segments])

    @cached_property
    def name_rank(self) -> np.ndarray:
        """Each doc's place in the alphabetical order of lower-cased names (ties by doc number).

        Each segment's table keeps its own order, so the names go in as sorted runs, which a
        stable (run-merging) sort puts together in one pass: a one-service edit, a new small
        segment, does not re-sort every name. Equal names keep segment order, then doc order.
        """
        runs = [
            (table.name_array[table.name_order], table.name_order + offset)
            for table, offset, _ in self.segments
        ]
        docs = _concat([doc for _, doc in runs], np.int64)
        merged = np.argsort(_concat([names for names, _ in runs], str), kind="stable")
        rank = np.empty(self.n, dtype=np.int64)
        rank[docs[merged]] = np.arange(self.n)
        return rank

    @cached_property
    def bit_matrices(self) -> dict[str, np.ndarray]:
        """For each bitmask column, one boolean row per option (for counting)."""
        return {
            column: np.array(
                [(self.columns[column] & bit) != 0 for bit in bits.values()], dtype=bool
            ).reshape(len(bits), self.n)
            for column, bits in (
                ("themes", THEME_BITS),
                ("accessibility", ACCESSIBILITY_BITS),
                ("delivery", DELIVERY_BITS),
                ("days", DAY_BITS),
            )
        }

    def open_at(self, weekday: int, minute: int) -> np.ndarray:
        """Docs open at a moment, as a mask (cached per minute: many searches share it)."""
        key = (weekday, minute)
        found = self._open_cache.get(key)
        if found is None:
            doc, day, opens, closes = self.slots
            found = np.zeros(self.n, dtype=bool)
            found[doc[(day == weekday) & (opens <= minute) & (minute < closes)]] = True
            found &= self.live
            self._open_cache = {key: found}
        return found

    def language_mask(self, language: str) -> np.ndarray:
        found = np.zeros(self.n, dtype=bool)
        if language in self.language_options:
            code = self.language_options.index(language)
            found[self.lang_doc[self.lang_code == code]] = True
        return found

    def near(self, place: Place, radius_km: float) -> Reach:
        """Find what reaches a place: located within the radius, or a service area covering it."""
        lat0, lon0 = place.latitude, place.longitude
        cos0 = max(math.cos(lat0 * _RADIANS), 1e-6)
        km_lat = EARTH_RADIUS_KM * _RADIANS
        km_lon = km_lat * cos0
        # A flat-earth box first (1% margin); haversine only for points that may be inside.
        margin = radius_km * 1.01
        reach_lat = margin / km_lat * (1 + 1e-9)  # a hair wide: the box test below decides
        first, last = np.searchsorted(self.loc_lat, (lat0 - reach_lat, lat0 + reach_lat))
        lats = self.loc_lat[first:last]
        lons = self.loc_lon[first:last]
        box = (np.abs(lats - lat0) * km_lat <= margin) & (np.abs(lons - lon0) * km_lon <= margin)
        docs = self.loc_doc[first:last][box]
        km = haversine_many(
            lat0,
            lon0,
            lats[box],
            lons[box],
            self.loc_radians[first:last][box],
            self.loc_cosines[first:last][box],
        )
        inside = km <= radius_km
        distance = np.full(self.n, np.inf)
        np.minimum.at(distance, docs[inside], km[inside])

        covered = np.zeros(self.n, dtype=bool)
        covered[self.borough] = True
        if place.neighbourhood_code:
            hood = self.hood_areas.get(place.neighbourhood_code)
            if hood is not None:
                covered[hood] = True
        area_doc, area_lat, area_lon, area_km = self.radius_areas
        if len(area_doc):
            covered[area_doc[haversine_many(lat0, lon0, area_lat, area_lon) <= area_km]] = True
        covered[self.polygon_areas.covering(lat0, lon0)] = True
        covered &= self.live
        return Reach(place, radius_km, distance, covered)


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


def _checks(snapshot: Snapshot, filters: Filters) -> dict[str, np.ndarray]:
    """Return, for each filter in force, a mask of the docs that pass it."""
    col = snapshot.columns
    passing: dict[str, np.ndarray] = {}
    if filters.themes:
        passing["theme"] = (col["themes"] & mask_of(filters.themes, THEME_BITS)) != 0
    if filters.free:
        passing["free"] = col["free"].astype(bool)
    if filters.age is not None:
        age, low, high = filters.age, col["min_age"], col["max_age"]
        with np.errstate(invalid="ignore"):
            passing["age"] = (np.isnan(low) | (low <= age)) & (np.isnan(high) | (age <= high))
    if filters.day is not None:
        passing["day"] = (col["days"] & (1 << filters.day)) != 0
    if filters.open_now is not None:
        passing["open_now"] = snapshot.open_at(*filters.open_now)
    if filters.language:
        passing["language"] = snapshot.language_mask(filters.language.strip().lower())
    if filters.accessibility:
        needed = mask_of(filters.accessibility, ACCESSIBILITY_BITS)
        passing["accessibility"] = (col["accessibility"] & needed) == needed
    if filters.signpost_referral:
        passing["signpost_referral"] = col["signpost"].astype(bool)
    if filters.kinds:
        codes = [KIND_CODES[kind] for kind in filters.kinds if kind in KIND_CODES]
        passing["kind"] = np.isin(col["kind"], codes)
    if filters.delivery:
        passing["delivery"] = (col["delivery"] & mask_of(filters.delivery, DELIVERY_BITS)) != 0
    return passing


@dataclass
class FilterOutcome:
    matching: np.ndarray  # mask of the docs passing every filter
    counts: dict[str, dict[str, int]]


def apply_filters(
    snapshot: Snapshot, docs: np.ndarray, filters: Filters, now: tuple[int, int]
) -> FilterOutcome:
    """Keep docs (a mask) passing every filter; count each facet's options as if it were lifted."""
    passing = _checks(snapshot, filters)
    base = docs & snapshot.live
    matching = base.copy()
    for mask in passing.values():
        matching &= mask

    def pool(facet: str) -> np.ndarray:
        if facet not in passing:
            return matching
        found = base.copy()
        for name, mask in passing.items():
            if name != facet:
                found &= mask
        return found

    col = snapshot.columns
    matrices = snapshot.bit_matrices
    kind_pool = pool("kind")
    kinds = np.bincount(col["kind"][kind_pool & (col["kind"] >= 0)], minlength=len(KINDS))
    languages = np.bincount(
        snapshot.lang_code[pool("language")[snapshot.lang_doc]],
        minlength=len(snapshot.language_options),
    )
    counts = {
        "theme": _count_bits(matrices["themes"], pool("theme"), THEME_BITS),
        "accessibility": _count_bits(
            matrices["accessibility"], pool("accessibility"), ACCESSIBILITY_BITS
        ),
        "delivery": _count_bits(matrices["delivery"], pool("delivery"), DELIVERY_BITS),
        "day": _count_bits(matrices["days"], pool("day"), DAY_BITS),
        "kind": {KINDS[code]: int(n) for code, n in enumerate(kinds) if n},
        "language": {
            snapshot.language_options[code]: int(n) for code, n in enumerate(languages) if n
        },
        "free": {"true": int(np.count_nonzero(col["free"].astype(bool) & pool("free")))},
        "signpost_referral": {
            "true": int(np.count_nonzero(col["signpost"].astype(bool) & pool("signpost_referral")))
        },
        "open_now": {"true": int(np.count_nonzero(snapshot.open_at(*now) & pool("open_now")))},
    }
    return FilterOutcome(matching=matching, counts=counts)


def _count_bits(matrix: np.ndarray, docs: np.ndarray, bits: dict[str, int]) -> dict[str, int]:
    counts = np.count_nonzero(matrix & docs, axis=1)
    return {name: int(n) for name, n in zip(bits, counts, strict=True)}
