"""The Whoosh index: its schema, the record each listed service becomes, and writing.

The database is the source of truth; the index holds one document per publicly listed service
and can be rebuilt from the database at any time. Each document stores a compact `record` (a
plain dict) carrying everything the in-memory facet/geo table and a result card need, so a
search never has to go back to the database, and its unstemmed `vocab` words, from which the
table keeps the word list for "did you mean" (a postings field for them doubled the build).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import queue
import re
import shutil
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.analysis import (
    DelimitedAttributeFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length

from core.jobs import file_lock
from directory.areas import simplified
from directory.models import AreaKind
from directory.public_place import area_centre, public_areas, public_place
from directory.themes import Theme
from search.table import SegmentTable

if TYPE_CHECKING:
    from directory.models import Service

log = logging.getLogger("signpost.search")

# Boost per part of a listing, carried on each word into the single "text" field: a service's
# own name says most about it, then the themes and everyday keywords it was tagged with, then
# its description, then its organisation's name. One field keeps a query to one posting list
# per word (five fields made every query five times the work).
FIELD_BOOSTS: dict[str, float] = {
    "name": 4.0,
    "keywords": 2.5,
    "themes": 2.5,
    "description": 1.0,
    "organisation": 0.8,
}
TEXT_FIELD = "text"
# How long a writer waits for another process's lock before giving up (the change is then
# picked up by the next write or reindex; users never see the lock).
WRITE_LOCK_TIMEOUT = 15.0
# Memory each building process lets its postings pool take before spilling sorted runs to disk
# (Whoosh's default writer holds 128 MB; the build merges runs once at the end).
BUILD_LIMIT_MB = 64
SUMMARY_LENGTH = 220
TABLE_PREFIX = "facts-"
GENERATION_PREFIX = "gen-"
CURRENT_FILE = "CURRENT"
STATE_FILE = "state.json"
APPLY_LOCK = "apply.lock"
BUILD_LOCK = "build.lock"


def text_analyzer() -> Any:
    """Words with an optional ^boost suffix, lower-cased, stop words dropped, stemmed."""
    return (
        RegexTokenizer(r"[\w']+(\^[0-9.]+)?")
        | DelimitedAttributeFilter(delimiter="^", attribute="boost", default=1.0, type=float)
        | LowercaseFilter()
        | StopFilter()
        | StemFilter()
    )


_WORD = re.compile(r"[\w']+")
# Words as Whoosh's StandardAnalyzer(stoplist=None) finds them: the "did you mean" words have
# always been these (without a stop list it applies no minimum length either).
_VOCAB_WORD = re.compile(r"\w+(?:\.?\w+)*")


class BoostedText(TEXT):
    """The "text" field, indexed from (part, boost) pairs with each distinct word analysed once.

    Gives the postings (frequency, summed boosts, length) the analyser chain gives for the same
    words marked "word^boost", without a token object per word; typed text (queries, or a plain
    string) still goes through the chain.
    """

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, str) or (value and not isinstance(value[0], tuple)):
            yield from super().index(value, **kwargs)
            return
        freqs: dict[str, int] = defaultdict(int)
        weights: dict[str, float] = defaultdict(float)
        for part, boost in value:
            for word in _WORD.findall(part):
                term = index_term(word)
                if term is not None:
                    freqs[term] += 1
                    weights[term] += boost
        field_boost = self.format.field_boost
        for term, freq in freqs.items():
            yield term.encode("utf-8"), freq, weights[term] * field_boost, pack_uint(freq)


_ANALYZER = text_analyzer()


@lru_cache(maxsize=500_000)
def index_term(word: str) -> str | None:
    """What the analyser chain makes of one word: its stem, or None for a stop word."""
    for token in _ANALYZER(word):
        return token.text
    return None


def vocab_words(text: str) -> list[str]:
    """The unstemmed words of a text that "did you mean" may suggest."""
    return [word.lower() for word in _VOCAB_WORD.findall(text)]


def make_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True),
        text=BoostedText(analyzer=text_analyzer(), phrase=False),
        # Unstemmed words of the listing, for "did you mean" suggestions (see table.WordList).
        vocab=STORED,
        record=STORED,
    )


def schema_layout(schema: Schema) -> dict[str, tuple[str, bool, bool]]:
    """What a schema's fields are, to tell an index written by an older version."""
    return {
        name: (f"{type(field).__module__}.{type(field).__qualname__}", field.indexed, field.stored)
        for name, field in schema.items()
    }


CURRENT_LAYOUT = schema_layout(make_schema())


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def record_from_service(service: Service) -> dict[str, Any]:
    """Turn a listed service (with its organisation, locations, areas...) into an index record.

    Every point in a record is a public one (directory.public_place): the index, its saved
    tables and everything computed from them never hold a confidential location's own point.
    """
    locations = []
    areas = []
    for link in service.service_at_locations:
        place = public_place(link.location)
        if place.confidential:
            # Found by the people it is for wherever they are in its neighbourhood (or, when
            # that is too small to name, anywhere): a reach that says nothing finer.
            if place.reaches_whole_borough:
                areas.append(["borough", None, None, None, None])
            else:
                areas.append(["neighbourhood", place.neighbourhood_code, None, None, None])
        if place.point is None:
            continue
        locations.append(
            [
                place.latitude,
                place.longitude,
                place.confidential,
                place.neighbourhood_code,
                place.neighbourhood_name,
            ]
        )
    polygons = []
    for area in public_areas(service):
        if area.kind is AreaKind.POLYGON:
            if area.geometry:
                polygons.append(simplified(area.geometry))
            continue
        hood = area.neighbourhood
        centre = area_centre(area)
        areas.append(
            [
                area.kind.value,
                hood.code if hood else None,
                centre[0] if centre else None,
                centre[1] if centre else None,
                area.radius_km,
            ]
        )
    schedule = [
        [slot.weekday, _minutes(slot.opens_at), _minutes(slot.closes_at)]
        for slot in service.schedules
    ]
    terms = [term.name for term in service.taxonomy_terms]
    organisation = service.organisation
    return {
        "id": service.id,
        "uuid": service.uuid,
        "external_id": service.external_id,
        "name": service.name,
        "description": service.description or "",
        "eligibility": service.eligibility_description or "",
        "keywords": list(service.keywords or []) + terms,
        "organisation": organisation.name,
        "organisation_uuid": organisation.uuid,
        "kind": organisation.kind.value,
        "themes": [theme.value for theme in service.themes],
        "free": bool(service.is_free),
        "fee": service.fee_description,
        "min_age": service.min_age,
        "max_age": service.max_age,
        "languages": list(service.languages or []),
        "accessibility": list(service.accessibility or []),
        "delivery": list(service.delivery_methods or []),
        "access": list(service.access_methods or []),
        "status": service.status.value,
        "capacity": service.capacity_status.value,
        "waitlist_weeks": service.waitlist_weeks,
        "paused_until": _iso(service.paused_until),
        "verified": _iso(service.last_verified_at),
        "locations": locations,
        "areas": areas,
        # Areas drawn as GeoJSON (Multi)Polygons: a point inside one is covered.
        "polygons": polygons,
        "schedule": schedule,
    }


def _minutes(moment: Any) -> int:
    return moment.hour * 60 + moment.minute


def document(record: dict[str, Any]) -> dict[str, Any]:
    """Return the Whoosh fields for a record."""
    themes = " ".join(f"{Theme(code).label}. {Theme(code).hint}." for code in record["themes"])
    keywords = " . ".join(record["keywords"])
    description = f"{record['description']} {record['eligibility']}"
    stored = dict(record)
    stored["summary"] = _summary(record["description"])
    del stored["description"], stored["eligibility"]
    parts = {
        "name": record["name"],
        "keywords": keywords,
        "themes": themes,
        "description": description,
        "organisation": record["organisation"],
    }
    # BoostedText reads the words of each part ("^" is no word character) with its boost.
    text = [(value, FIELD_BOOSTS[name]) for name, value in parts.items() if value]
    return {
        "id": str(record["id"]),
        "text": text,
        "vocab": " ".join(vocab_words(f"{record['name']} {keywords} {description}")),
        "record": stored,
    }


def _summary(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def text_lengths(reader: Any) -> np.ndarray:
    """Every doc's "text" field length in a segment, decoded as Whoosh's scorer decodes it."""
    count = reader.doc_count_all()
    try:
        column = reader._perdoc._cached_reader(f"_{TEXT_FIELD}_len", LENGTHS_COLUMN)  # noqa: SLF001
    except AttributeError:
        column = None
    if column is None:
        return np.array(
            [reader.doc_field_length(doc, TEXT_FIELD, 0) or 0 for doc in range(count)],
            dtype=np.float64,
        )
    codes = np.fromiter((column[doc] for doc in range(count)), dtype=np.int64, count=count)
    return _LENGTH_OF_BYTE[codes]


_LENGTH_OF_BYTE = np.array([byte_to_length(code) if code else 0 for code in range(256)], float)


def segment_table(reader: Any) -> SegmentTable:
    """Build one segment's facet/geo table from its stored records, reading them one at a time.

    Only the segment's "did you mean" words are held alongside (the records themselves are
    read, used and let go), so a large segment costs its arrays and not its documents.
    """
    count = reader.doc_count_all()
    vocabs: list[str | None] = []

    def records() -> Iterator[dict[str, Any] | None]:
        for doc in range(count):
            fields = reader.stored_fields(doc)
            vocabs.append(fields.get("vocab"))
            yield fields.get("record")

    # SegmentTable reads every record before it counts the words.
    return SegmentTable.build(records(), text_lengths(reader), iter_after(vocabs))


def iter_after(items: list[Any]) -> Iterator[Any]:
    """Iterate a list only when first asked (it may still be filling up until then)."""
    yield from items


OUTDATED_MESSAGE = (
    "the search index in %s was built by an older version of Signpost: "
    "run `signpost search reindex` to rebuild it"
)


class IndexMissing(LookupError):
    """No generation of the index has been published in this folder yet."""


class SearchIndex:
    """One index folder on disk, holding generations; safe to use from several processes.

    Each generation is a subfolder holding a Whoosh index, its saved facet/geo tables and
    `state.json`: the last change record number (search_change.seq) it reflects. `CURRENT`
    names the generation readers use; a rebuild writes a new generation aside and replaces
    `CURRENT` atomically, so searches never see a half-built index. `apply.lock` is held by the
    one process applying changes at a time; `build.lock` by the one process rebuilding.
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    # Generations ---------------------------------------------------------------------------

    def generation(self) -> Path | None:
        """The published generation's folder, or None when there is none."""
        try:
            name = (self.directory / CURRENT_FILE).read_text().strip()
        except OSError:
            return None
        folder = self.directory / name
        return folder if name.startswith(GENERATION_PREFIX) and folder.is_dir() else None

    def exists(self) -> bool:
        generation = self.generation()
        return generation is not None and whoosh_index.exists_in(str(generation))

    def open(self, generation: Path | None = None) -> whoosh_index.Index:
        """Open a generation (the published one by default)."""
        generation = generation or self.generation()
        if generation is None:
            raise IndexMissing(str(self.directory))
        return whoosh_index.open_dir(str(generation))

    def applied_seq(self, generation: Path | None = None) -> int | None:
        """The last change record number a generation reflects (None: unknown or no index)."""
        generation = generation or self.generation()
        if generation is None:
            return None
        try:
            return int(json.loads((generation / STATE_FILE).read_text())["seq"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _write_state(self, generation: Path, seq: int) -> None:
        _write_atomically(generation / STATE_FILE, json.dumps({"seq": seq}))

    def is_current(self) -> bool:
        """Whether the index on disk was written with this version's schema."""
        return schema_layout(self.open().schema) == CURRENT_LAYOUT

    @contextmanager
    def lock(self, name: str, blocking: bool) -> Iterator[bool]:
        """Hold one of the folder's lock files (yields False when `blocking` is off and busy)."""
        with file_lock(self.directory / name, wait=blocking) as taken:
            yield taken

    # Writing -------------------------------------------------------------------------------

    def build(
        self,
        records: Iterable[dict[str, Any]],
        progress: Callable[[int], None] | None = None,
    ) -> tuple[Path, int]:
        """Write a new, unpublished generation from the records, in this process.

        Records are consumed as they come and none is kept, so memory stays flat however large
        the directory; each segment's facet/geo table is then built from the segment itself.
        """
        generation = self._new_generation()
        ix = whoosh_index.create_in(str(generation), make_schema())
        writer = ix.writer(limitmb=BUILD_LIMIT_MB)
        count = 0
        try:
            for record in records:
                writer.add_document(**document(record))
                count += 1
                if progress:
                    progress(1)
        except BaseException:
            writer.cancel()
            shutil.rmtree(generation, ignore_errors=True)
            raise
        writer.commit(mergetype=writing.CLEAR, optimize=True)
        self._save_tables(generation)
        return generation, count

    def build_parallel(
        self,
        parts: Sequence[Callable[[], Iterable[dict[str, Any]]]],
        progress: Callable[[int], None] | None = None,
    ) -> tuple[Path, int]:
        """Write a new, unpublished generation with one process per part, each a segment.

        Each part is called in a forked process of its own and yields its share of the records
        (a database read of its own, say every second service id): reading, turning rows into
        documents and indexing then all run on every core. The segments are committed together
        when every part has finished, unmerged (a merge would put the work back on one core);
        if any part fails, nothing is published and the generation is removed.
        """
        generation = self._new_generation()
        ix = whoosh_index.create_in(str(generation), make_schema())
        context = multiprocessing.get_context("fork")
        done = context.Value("q", 0)
        results = context.Queue()
        workers = [
            context.Process(
                target=_build_part,
                args=(str(generation), part, done, results),
                name=f"search-build-{number}",
                daemon=True,
            )
            for number, part in enumerate(parts)
        ]
        try:
            for worker in workers:
                worker.start()
            segments, count = _collect_parts(workers, done, results, progress)
            writer = writing.SegmentWriter(ix, timeout=WRITE_LOCK_TIMEOUT)
            writer._close_segment()  # noqa: SLF001 - its own (empty) segment is not kept
            writer._commit_toc(segments)  # noqa: SLF001 - as Whoosh's MpWriter commits
            writer._finish()  # noqa: SLF001 - also removes the parts' shared temporary folder
        except BaseException:
            for worker in workers:
                if worker.is_alive():
                    worker.kill()
            shutil.rmtree(generation, ignore_errors=True)
            raise
        finally:
            for worker in workers:
                worker.join(timeout=5)
        self._save_tables(generation)
        return generation, count

    def _new_generation(self) -> Path:
        generation = self.directory / f"{GENERATION_PREFIX}{time.time_ns():020d}-{os.getpid()}"
        generation.mkdir(parents=True)
        return generation

    def publish(self, generation: Path, seq: int) -> None:
        """Make a built generation the one readers use, and tidy away older ones."""
        self._write_state(generation, seq)
        _write_atomically(self.directory / CURRENT_FILE, generation.name)
        for old in self.directory.glob(f"{GENERATION_PREFIX}*"):
            # Readers in other processes keep their open files; on POSIX that is enough.
            if old != generation:
                shutil.rmtree(old, ignore_errors=True)
        for stray in self.directory.iterdir():  # an index written before generations existed
            if stray.is_file() and stray.name not in (CURRENT_FILE, APPLY_LOCK, BUILD_LOCK):
                stray.unlink(missing_ok=True)

    def _save_tables(self, generation: Path) -> None:
        """Save each segment's facet/geo table of a freshly built generation, so no reader must."""
        ix = self.open(generation)
        try:
            with ix.reader() as reader:
                for leaf, _offset in reader.leaf_readers():
                    segment = leaf.segment() if hasattr(leaf, "segment") else None
                    if segment is None:
                        continue  # an empty index: no segment, nothing to save
                    table = segment_table(leaf)
                    table.save(
                        self.table_path(segment.segment_id(), leaf.doc_count_all(), generation)
                    )
                    del table
        except OSError:  # readers build the tables themselves
            log.warning("could not save the search tables in %s", generation)

    def apply(
        self,
        upserts: Iterable[dict[str, Any]],
        deletions: Iterable[int],
        seq: int,
        generation: Path | None = None,
    ) -> None:
        """Add or replace records and delete service ids in one commit, then note `seq`.

        The caller holds `apply.lock`; the state is written after the documents, so a process
        dying in between leaves a generation that replays those changes (harmless: each
        re-reads the current row).
        """
        generation = generation or self.generation()
        if generation is None:
            raise IndexMissing(str(self.directory))
        ix = self.open(generation)
        if schema_layout(ix.schema) != CURRENT_LAYOUT:
            raise IndexMissing(OUTDATED_MESSAGE % generation)
        writer = ix.writer(timeout=WRITE_LOCK_TIMEOUT)
        try:
            for service_id in deletions:
                writer.delete_by_term("id", str(service_id))
            for record in upserts:
                writer.update_document(**document(record))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self._write_state(generation, seq)
        try:
            self._forget_old_tables(ix, generation)
        except OSError:
            log.warning("could not tidy saved search tables in %s", generation)

    def table_path(self, segment_id: str, doc_count: int, generation: Path) -> Path:
        """Where a segment's facet/geo table is kept (see table.SegmentTable.save)."""
        return generation / f"{TABLE_PREFIX}{segment_id}-{doc_count}.npz"

    def _forget_old_tables(self, ix: whoosh_index.Index, generation: Path) -> None:
        """Delete saved tables of segments the latest commit no longer holds."""
        wanted = {
            self.table_path(segment.segment_id(), segment.doc_count_all(), generation).name
            for segment in ix.refresh()._segments()  # noqa: SLF001
        }
        for path in generation.glob(f"{TABLE_PREFIX}*.npz"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)

    def destroy(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    temporary.write_text(text)
    os.replace(temporary, path)


class BuildFailed(RuntimeError):
    """A process building part of a new index generation failed or died."""


def _build_part(
    folder: str,
    part: Callable[[], Iterable[dict[str, Any]]],
    done: Any,
    results: Any,
) -> None:
    """In a forked process: index one part's records as a segment and hand the segment back."""
    try:
        ix = whoosh_index.open_dir(folder)
        writer = writing.SegmentWriter(ix, _lk=False, limitmb=BUILD_LIMIT_MB)
        count = 0
        for record in part():
            writer.add_document(**document(record))
            count += 1
            if count % 100 == 0:
                with done.get_lock():
                    done.value += 100
        with done.get_lock():
            done.value += count % 100
        if count:
            segment = writer._finalize_segment()  # noqa: SLF001 - as Whoosh's MpWriter does
        else:
            writer._close_segment()  # noqa: SLF001
            segment = None
        results.put(("ok", segment, count))
    except BaseException as error:  # the parent raises it: nothing is published
        results.put(("failed", f"{type(error).__name__}: {error}", 0))


def _collect_parts(
    workers: list[Any],
    done: Any,
    results: Any,
    progress: Callable[[int], None] | None,
) -> tuple[list[Any], int]:
    """Wait for every part's segment, reporting progress; raise BuildFailed if one fails."""
    segments: list[Any] = []
    count = reported = 0
    waiting = len(workers)
    while waiting:
        try:
            outcome, segment, part_count = results.get(timeout=0.2)
        except queue.Empty:
            if not any(worker.is_alive() for worker in workers) and results.empty():
                raise BuildFailed("a search index build process died") from None
        else:
            waiting -= 1
            if outcome != "ok":
                raise BuildFailed(segment)
            if segment is not None:
                segments.append(segment)
            count += part_count
        if progress and done.value > reported:
            progress(done.value - reported)
            reported = done.value
    return segments, count
