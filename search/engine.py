"""Run a search: narrow by place, score text, filter, count, rank and page.

The engine knows nothing of Flask or the database: it reads only the index (through a per-process
searcher and facet table kept on the latest generation), so the benchmark drives it directly.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from search.index import (
    CURRENT_LAYOUT,
    OUTDATED_MESSAGE,
    SearchIndex,
    schema_layout,
    segment_table,
)
from search.query import (
    StemScores,
    build_text_query,
    score_text,
    suggest_alternative,
    without_padding,
)
from search.table import (
    Filters,
    Place,
    Reach,
    SegmentTable,
    Snapshot,
    apply_filters,
    haversine_km,
)

log = logging.getLogger("signpost.search")

# Ranking: relevance is scaled to 0..1 within a result set, then multiplied by these factors.
STALE_FACTOR = 0.7
CLOSED_FACTOR = 0.8
# A service that reaches the person's home ranks as if it were this far away.
AREA_COVER_KM = 1.5
# How quickly distance lowers relevance: at this many km a result's weight halves. Gentle,
# because within the chosen radius what a service does matters more than a few km.
DISTANCE_HALF_KM = 8.0
# A text query finding fewer services than this is offered a likelier spelling, if there is one.
FEW_RESULTS = 3
# When nothing matches within the chosen distance, show up to this many of the nearest matches
# beyond it, up to this far away (further is no use to someone looking for local support).
BEYOND_COUNT = 5
BEYOND_MAX_KM = 80.0
# A higher K1 than BM25's usual 1.2 keeps more of the per-part boosts (name x4) that the
# index carries as term weights; B=0.5 because long descriptions are not less relevant.
WEIGHTING = BM25F(K1=2.0, B=0.5)


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
    repair: bool = True  # repair misspelt words; False searches the words as typed


@dataclass
class Hit:
    doc: int
    record: dict[str, Any]
    distance_km: float | None  # to the nearest location within the radius; never a confidential one
    covers_area: bool  # reached through a service area rather than a location nearby
    score: float
    stale: bool
    confidential_area: str | None = None  # nearest location is confidential: show its area only


@dataclass
class Outcome:
    hits: list[Hit]  # this page only
    ranked: Sequence[int]  # every match's doc, best first (the map shows them all)
    hit: Callable[[int], Hit]  # make the Hit for any doc of `ranked`
    total: int
    page: int
    pages: int
    per_page: int
    counts: dict[str, dict[str, int]]
    corrected: str | None = None  # the query as searched, when unknown words were repaired
    suggested: str | None = None  # a likelier spelling, offered when the query found little
    unmatched: list[str] = field(default_factory=list)  # words no listing matches, as typed
    # Most words matched nothing, so nothing was searched: the words that did, to search instead.
    matched_query: str | None = None
    # Nothing matched within the radius: the nearest matches beyond it, nearest first.
    beyond: list[Hit] = field(default_factory=list)


class Ranking(Sequence[int]):
    """Every match's doc, best first, sorted only as far as it is read.

    A page needs its first few docs and the map its first thousand, so those come from a
    partition and a sort of the few that can lead; the full order is sorted on first need.
    Each group holds docs in ascending order and their lexsort keys (the last decides first);
    the groups follow one another.
    """

    ITER_HEAD = 1000

    def __init__(self, groups: list[tuple[np.ndarray, tuple[np.ndarray, ...]]]) -> None:
        self._groups = groups
        self._total = sum(len(docs) for docs, _ in groups)
        self._head: list[int] = []
        self._full: list[int] | None = None

    def __len__(self) -> int:
        return self._total

    def head(self, count: int) -> list[int]:
        """The first `count` docs."""
        if self._full is not None:
            return self._full[:count]
        if count > len(self._head) and len(self._head) < self._total:
            found: list[int] = []
            for docs, keys in self._groups:
                if len(found) >= count:
                    break
                found.extend(_leading(docs, keys, count - len(found)).tolist())
            self._head = found
        return self._head[:count]

    def _all(self) -> list[int]:
        if self._full is None:
            self._full = self.head(self._total)
        return self._full

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __iter__(self) -> Iterator[int]:
        yield from self.head(self.ITER_HEAD)
        if self._total > self.ITER_HEAD:
            yield from self._all()[self.ITER_HEAD :]


def _leading(docs: np.ndarray, keys: tuple[np.ndarray, ...], count: int) -> np.ndarray:
    """The first `count` docs in the stable order of their keys, as a full sort would give."""
    if count <= 0:
        return docs[:0]
    if count < len(docs):
        # Only docs whose deciding key is within the first `count` values can lead; they stay
        # in ascending doc order, so the stable sort breaks their ties as before.
        threshold = np.partition(keys[-1], count - 1)[count - 1]
        keep = np.flatnonzero(keys[-1] <= threshold)
        docs = docs[keep]
        keys = tuple(key[keep] for key in keys)
    order = np.argsort(keys[0], kind="stable") if len(keys) == 1 else np.lexsort(keys)
    return docs[order[:count]]


class IndexUnavailable(RuntimeError):
    """The index cannot answer a search: missing, unreadable or written by an older version."""


class SearchEngine:
    """The per-process reader of one index: a searcher and facet table on the same generation."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._snapshot: Snapshot | None = None
        self._tables: dict[tuple[str, int], SegmentTable] = {}
        self._generation: Path | None = None
        self._retired: Searcher | None = None
        # The generation that could not be read, so the replica rebuilds it (None: all well).
        self.broken: Path | None = None
        # Set by close(): this process's follower (search.replica.follow) stops, and close()
        # waits for it, so no connection of its own outlives the app's.
        self.closed = threading.Event()
        self.follower: threading.Thread | None = None

    def _current(self) -> tuple[Searcher, Snapshot]:
        """Return the searcher and table of the latest committed generation.

        Raises IndexUnavailable when there is no index to read or it cannot be read.
        """
        generation = self.index.generation()
        if generation is None:
            raise IndexUnavailable("there is no search index yet")
        searcher = self._searcher
        opened: Searcher | None = None
        try:
            if searcher is None or generation != self._generation or not searcher.up_to_date():
                # A fresh reader, not searcher.refresh(): refresh reuses segment readers whose
                # deletion sets are out of date, and fails on an index that was empty. The old
                # one stays open until the next change: a page may still read records from it.
                searcher = opened = self.index.open(generation).searcher(weighting=WEIGHTING)
            if searcher is not self._searcher or self._snapshot is None:
                if schema_layout(searcher.schema) != CURRENT_LAYOUT:
                    log.error(OUTDATED_MESSAGE, generation)
                    raise IndexUnavailable(OUTDATED_MESSAGE % generation)
                self._snapshot = self._build_snapshot(searcher, generation)
                self._retire(self._searcher)
                self._searcher, opened = searcher, None
                self._generation = generation
                self._stems = StemScores(
                    searcher, self._snapshot.columns["text_length"], self._snapshot.live
                )
        except IndexUnavailable:
            self.broken = generation
            if opened is not None:
                _close_quietly(opened)
            raise
        except Exception as error:  # a missing or truncated file: whoosh raises many kinds
            self.broken = generation
            if opened is not None:
                _close_quietly(opened)
            damage = repr(error)
        else:
            damage = None
        if damage is not None:
            log.error("the search index in %s cannot be read: %s", generation, damage)
            raise IndexUnavailable(f"the search index cannot be read ({damage})")
        self.broken = None
        return searcher, self._snapshot  # type: ignore[return-value]

    def _retire(self, searcher: Searcher | None) -> None:
        """Close the searcher retired before this one, and keep this one until the next."""
        if self._retired is not None and self._retired is not searcher:
            self._retired.close()
        self._retired = searcher

    def _build_snapshot(self, searcher: Searcher, generation: Path) -> Snapshot:
        segments = []
        tables: dict[tuple[str, int], SegmentTable] = {}
        for reader, offset in searcher.reader().leaf_readers():
            segment = reader.segment() if hasattr(reader, "segment") else None
            key = (segment.segment_id() if segment else f"r{id(reader)}", reader.doc_count_all())
            table = self._tables.get(key)
            if table is None:
                table = self._segment_table(reader, key, generation)
            tables[key] = table
            deleted: frozenset[int] = frozenset()
            if reader.has_deletions():
                deleted = frozenset(reader.deleted_docs_set)
            segments.append((table, offset, deleted))
        self._tables = tables
        return Snapshot(segments)

    def _segment_table(self, reader: Any, key: tuple[str, int], generation: Path) -> SegmentTable:
        """Load a segment's table saved by the writer or another process, or build and save it."""
        path = self.index.table_path(*key, generation)
        try:
            return SegmentTable.load(path)
        except (OSError, KeyError, ValueError):
            pass
        table = segment_table(reader)
        try:
            table.save(path)
        except OSError:  # a read-only index folder: every process builds its own
            log.warning("could not save the search table to %s", path)
        return table

    def refresh(self, warm: bool = False) -> None:
        """Open the latest generation's snapshot; `warm` also computes what searches share."""
        with self._lock:
            _, snapshot = self._current()
            if warm:
                snapshot.warm()

    def close(self) -> None:
        self.closed.set()
        follower = self.follower
        if follower is not None and follower is not threading.current_thread():
            follower.join(timeout=30)
        with self._lock:
            self._retire(None)
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._snapshot = None
            self._tables = {}
            self._generation = None

    def count(self) -> int:
        with self._lock:
            _, snapshot = self._current()
            return snapshot.size

    def search(self, request: SearchRequest) -> Outcome:
        with self._lock:
            searcher, snapshot = self._current()
            return _run(searcher, snapshot, self._stems, request)


def _close_quietly(searcher: Searcher) -> None:
    try:
        searcher.close()
    except Exception:  # a damaged index may fail to close too
        log.debug("could not close a searcher of a damaged index", exc_info=True)


def _run(
    searcher: Searcher, snapshot: Snapshot, stems: StemScores, request: SearchRequest
) -> Outcome:
    now = request.now or datetime.now().astimezone()
    reach = snapshot.near(request.place, request.radius_km) if request.place else None

    scores: np.ndarray | None = None
    corrected = None
    unmatched: list[str] = []
    matched_query = None
    text_docs = snapshot.live
    if request.text.strip():
        text_query = build_text_query(searcher, request.text, snapshot.words, request.repair)
        corrected = text_query.corrected
        scored = score_text(stems, text_query, snapshot.n)
        scores, unmatched = scored.totals, scored.unmatched
        text_docs = without_padding(~np.isnan(scores), scored)
        docs = text_docs
        if reach is not None:
            docs = without_padding(~np.isnan(scores) & reach.docs, scored)
        if scored.mostly_unmatched:
            text_docs = docs = np.zeros(snapshot.n, dtype=bool)
            matched_query = " ".join(scored.matched) or None
    elif reach is not None:
        docs = reach.docs
    else:
        docs = snapshot.live

    moment = (now.weekday(), now.hour * 60 + now.minute)
    outcome = apply_filters(snapshot, docs, request.filters, moment)
    matching = np.flatnonzero(outcome.matching)
    stale_before = (now - timedelta(days=request.stale_after_days)).timestamp()
    columns = snapshot.columns
    # NaN (never verified) compares false: stale.
    stale = ~(columns["verified"] >= stale_before)
    total = len(matching)
    suggested = None
    if (
        scores is not None
        and corrected is None
        and matched_query is None
        and total < FEW_RESULTS
        and request.repair
    ):
        suggested = suggest_alternative(request.text, snapshot.words)
    pages = max(1, math.ceil(total / request.per_page))
    page = min(max(request.page, 1), pages)

    final = np.zeros(snapshot.n)
    if scores is not None and total:
        penalty = np.where(stale[matching], STALE_FACTOR, 1.0) * np.where(
            columns["closed"][matching], CLOSED_FACTOR, 1.0
        )
        top = float(scores[matching].max()) or 1.0
        score = scores[matching] / top * penalty
        if reach is not None:
            km = reach.km[matching]
            score /= 1.0 + np.where(np.isfinite(km), km, AREA_COVER_KM) / DISTANCE_HALF_KM
        final[matching] = score

    names = snapshot.name_rank
    groups: list[tuple[np.ndarray, tuple[np.ndarray, ...]]]
    if reach is not None and (request.sort == "nearest" or scores is None):
        located = matching[reach.located[matching]]
        # Services that only reach the person's home follow those nearby.
        area_only = matching[~reach.located[matching]]
        # Distances are never negative, so their bits sort as integers do: the same stable
        # order as sorting the floats, at a third of the cost.
        groups = [
            (located, (reach.km[located].view(np.int64),)),
            (area_only, (names[area_only], -final[area_only])),
        ]
    elif scores is not None:
        groups = [(matching, (names[matching], -final[matching]))]
    else:
        groups = [(matching, (names[matching], stale[matching]))]
    ranked = Ranking(groups)

    def hit(doc: int, reached: Reach | None = reach) -> Hit:
        record = searcher.stored_fields(doc)["record"]
        distance = reached.distance(doc) if reached is not None else None
        area = _confidential_area(record, request.place, distance)  # type: ignore[arg-type]
        return Hit(
            doc=doc,
            record=record,  # type: ignore[arg-type]
            # Never a distance to a confidential location, even to its neighbourhood's centre:
            # the area's name is shown instead.
            distance_km=None if area else distance,
            covers_area=reached is not None and distance is None,
            score=float(final[doc]),
            stale=bool(stale[doc]),
            confidential_area=area,
        )

    start = (page - 1) * request.per_page
    return Outcome(
        hits=[hit(doc) for doc in ranked.head(start + request.per_page)[start:]],
        ranked=ranked,
        hit=hit,
        total=total,
        page=page,
        pages=pages,
        per_page=request.per_page,
        counts=outcome.counts,
        corrected=corrected,
        suggested=suggested,
        unmatched=unmatched,
        matched_query=matched_query,
        beyond=_beyond(snapshot, request, reach, text_docs, hit, moment) if total == 0 else [],
    )


def _beyond(
    snapshot: Snapshot,
    request: SearchRequest,
    reach: Reach | None,
    text_docs: np.ndarray,
    hit: Callable[[int, Reach], Hit],
    moment: tuple[int, int],
) -> list[Hit]:
    """The nearest matches beyond the radius, each with its distance, when none is within it.

    Distances are to the same public points the radius search uses (never a confidential
    location's own), and a service whose nearest location is confidential is left out: it is
    found where it is meant to be found, and a distance to it would say too much.
    """
    if request.place is None or reach is None or request.radius_km >= BEYOND_MAX_KM:
        return []
    wide = snapshot.near(request.place, BEYOND_MAX_KM)
    outside = wide.located & ~reach.docs
    candidates = apply_filters(snapshot, text_docs & outside, request.filters, moment)
    docs = np.flatnonzero(candidates.matching)
    found: list[Hit] = []
    for doc in docs[np.argsort(wide.km[docs], kind="stable")]:
        beyond = hit(int(doc), wide)
        if beyond.confidential_area is None and beyond.distance_km is not None:
            found.append(beyond)
        if len(found) == BEYOND_COUNT:
            break
    return found


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
