"""Run a search: narrow by place, score text, filter, count, rank and page.

The engine knows nothing of Flask or the database: it reads only the index (through a per-process
searcher and facet table kept on the latest generation), so the benchmark drives it directly.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from whoosh.searching import Searcher

from search.index import SearchIndex
from search.query import build_text_query, score_matches
from search.table import Filters, Place, SegmentTable, Snapshot, apply_filters, haversine_km

# Ranking: relevance is scaled to 0..1 within a result set, then multiplied by these factors.
STALE_FACTOR = 0.7
CLOSED_FACTOR = 0.8
# A service that reaches the person's home ranks as if it were this far away.
AREA_COVER_KM = 1.5
# How quickly distance lowers relevance: at this many km a result's weight halves.
DISTANCE_HALF_KM = 4.0


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    place: Place | None = None
    radius_km: float = 5.0
    sort: str = "relevance"  # or "nearest"
    filters: Filters = field(default_factory=Filters)
    page: int = 1
    per_page: int = 20
    now: datetime | None = None
    stale_after_days: int = 365


@dataclass
class Hit:
    doc: int
    record: dict[str, Any]
    distance_km: float | None  # to the nearest location within the radius
    covers_area: bool  # reached through a service area rather than a location nearby
    score: float
    stale: bool
    confidential_area: str | None = None  # nearest location is confidential: show its area only


@dataclass
class Outcome:
    hits: list[Hit]  # this page only
    all_hits: list[Hit]  # every match, ranked (the map shows them all)
    total: int
    page: int
    pages: int
    per_page: int
    counts: dict[str, dict[str, int]]
    corrected: str | None = None


class SearchEngine:
    """The per-process reader of one index: a searcher and facet table on the same generation."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._snapshot: Snapshot | None = None
        self._tables: dict[tuple[str, int], SegmentTable] = {}

    def _current(self) -> tuple[Searcher, Snapshot]:
        """Return the searcher and table of the latest committed generation."""
        searcher = self._searcher
        if searcher is None:
            searcher = self.index.open().searcher()
        elif not searcher.up_to_date():
            searcher = searcher.refresh()
        if searcher is not self._searcher or self._snapshot is None:
            self._snapshot = self._build_snapshot(searcher)
            self._searcher = searcher
        return searcher, self._snapshot  # type: ignore[return-value]

    def _build_snapshot(self, searcher: Searcher) -> Snapshot:
        segments = []
        tables: dict[tuple[str, int], SegmentTable] = {}
        for reader, offset in searcher.reader().leaf_readers():
            segment = reader.segment() if hasattr(reader, "segment") else None
            key = (segment.segment_id() if segment else f"r{id(reader)}", reader.doc_count_all())
            table = self._tables.get(key)
            if table is None:
                table = SegmentTable.build(
                    reader.stored_fields(doc).get("record") for doc in range(reader.doc_count_all())
                )
            tables[key] = table
            deleted: frozenset[int] = frozenset()
            if reader.has_deletions():
                deleted = frozenset(
                    doc for doc in range(reader.doc_count_all()) if reader.is_deleted(doc)
                )
            segments.append((table, offset, deleted))
        self._tables = tables
        return Snapshot(segments)

    def refresh(self) -> None:
        with self._lock:
            self._current()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._snapshot = None
            self._tables = {}

    def count(self) -> int:
        with self._lock:
            _, snapshot = self._current()
            return sum(1 for _ in snapshot.live())

    def search(self, request: SearchRequest) -> Outcome:
        with self._lock:
            searcher, snapshot = self._current()
            return _run(searcher, snapshot, request)


def _run(searcher: Searcher, snapshot: Snapshot, request: SearchRequest) -> Outcome:
    now = request.now or datetime.now().astimezone()
    reach: dict[int, float | None] | None = None
    if request.place is not None:
        reach = snapshot.near(request.place, request.radius_km)

    scores: dict[int, float] | None = None
    corrected = None
    if request.text.strip():
        text_query = build_text_query(searcher, request.text)
        corrected = text_query.corrected
        if text_query.query is None:
            scores = {}
        else:
            scores = score_matches(searcher, text_query.query, reach)
        docs = list(scores)
    elif reach is not None:
        docs = list(reach)
    else:
        docs = list(snapshot.live())

    weekday_minute = (now.weekday(), now.hour * 60 + now.minute)
    outcome = apply_filters(snapshot.rows, docs, request.filters, weekday_minute)
    stale_before = (now - timedelta(days=request.stale_after_days)).timestamp()

    hits = []
    top = max(scores.values(), default=0.0) if scores else 0.0
    for doc in outcome.matching:
        row = snapshot.rows[doc]
        if row is None:
            continue
        distance = reach.get(doc) if reach is not None else None
        stale = row.verified is None or row.verified < stale_before
        score = (scores[doc] / top) if scores and top else 1.0
        if reach is not None:
            km = distance if distance is not None else AREA_COVER_KM
            score *= 1.0 / (1.0 + km / DISTANCE_HALF_KM)
        if stale:
            score *= STALE_FACTOR
        if row.closed:
            score *= CLOSED_FACTOR
        hits.append(
            Hit(
                doc=doc,
                record=row.record,
                distance_km=distance,
                covers_area=reach is not None and distance is None,
                score=score,
                stale=stale,
                confidential_area=_confidential_area(row.record, request.place, distance),
            )
        )
    _rank(hits, request, has_text=scores is not None)
    total = len(hits)
    pages = max(1, math.ceil(total / request.per_page))
    page = min(max(request.page, 1), pages)
    start = (page - 1) * request.per_page
    return Outcome(
        hits=hits[start : start + request.per_page],
        all_hits=hits,
        total=total,
        page=page,
        pages=pages,
        per_page=request.per_page,
        counts=outcome.counts,
        corrected=corrected,
    )


def _rank(hits: list[Hit], request: SearchRequest, has_text: bool) -> None:
    if request.place is not None and (request.sort == "nearest" or not has_text):
        far = request.radius_km + 1
        hits.sort(
            key=lambda h: (
                h.distance_km if h.distance_km is not None else far,
                -h.score,
                h.record["name"].lower(),
            )
        )
    elif has_text:
        hits.sort(key=lambda h: (-h.score, h.record["name"].lower()))
    else:
        hits.sort(key=lambda h: (h.stale, h.record["name"].lower()))


def _confidential_area(
    record: dict[str, Any], place: Place | None, distance: float | None
) -> str | None:
    """Name the area of the nearest location when that location is confidential."""
    if place is None or distance is None:
        return None
    best = None
    for lat, lon, confidential, _code, hood in record["locations"]:
        km = haversine_km(place.latitude, place.longitude, lat, lon)
        if best is None or km < best[0]:
            best = (km, confidential, hood)
    if best and best[1]:
        return best[2] or "the borough"
    return None
