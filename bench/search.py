"""Benchmark search on a generated region: index build, query latency, and a SQLite FTS5 reference.

    .venv/bin/python bench/search.py [--services 50000] [--queries 400] [--procs 2]

Generates its own corpus (no demo data): a Zipf-like vocabulary, organisations with several
locations clustered around towns, service areas (borough, neighbourhoods, radius), schedules and
filter facts. Builds the Whoosh index, then answers the same mixed queries with our engine and
with SQLite FTS5 answering by the same rules up to page one, printing p50/p95/max per query
type and the ratio, and the peak memory of the whole process tree per phase.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_memory import TreePeak  # noqa: E402
from directory.models import (  # noqa: E402
    AccessibilityFeature,
    DeliveryMethod,
    OrganisationKind,
)
from directory.themes import Theme  # noqa: E402
from search.engine import SearchEngine, SearchRequest  # noqa: E402
from search.index import SearchIndex  # noqa: E402
from search.table import Filters, Place  # noqa: E402
from search.thesaurus import SYNONYM_GROUPS, words  # noqa: E402

CENTRE = (53.55, -2.45)
SPREAD_LAT, SPREAD_LON = 0.20, 0.33  # about 45 km by 45 km
CARE_WORDS = sorted({w for group in SYNONYM_GROUPS for entry in group for w in words(entry)})
SUFFIXES = ["group", "club", "service", "project", "cafe", "hub", "network", "support", "centre"]
SYLLABLES = ["ka", "lo", "mi", "ten", "bra", "sol", "ver", "dun", "pel", "ri", "mo", "ash", "fen"]


def zipf_vocabulary(rng: random.Random, size: int) -> tuple[list[str], list[float]]:
    """Real care words first (most frequent), then invented words, with Zipf weights."""
    invented: set[str] = set()
    while len(invented) < size - len(CARE_WORDS):
        invented.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    vocabulary = list(CARE_WORDS)
    rng.shuffle(vocabulary)
    vocabulary += sorted(invented)
    weights = [1.0 / (rank + 1) ** 1.07 for rank in range(len(vocabulary))]
    return vocabulary, weights


def generate(n_services: int, seed: int = 7) -> tuple[list[dict[str, Any]], list[tuple]]:
    """The whole corpus as a list (small corpora; see generate_stream for large ones)."""
    stream, hoods = generate_stream(n_services, seed)
    return list(stream), hoods


def generate_stream(n_services: int, seed: int = 7) -> tuple[Iterator[dict[str, Any]], list[tuple]]:
    """The corpus one record at a time (the same records as generate), and the neighbourhoods.

    Nothing is held: a benchmark of memory must not count the corpus it indexes.
    """
    rng = random.Random(seed)
    vocabulary, weights = zipf_vocabulary(rng, 6000)
    cumulative = list(itertools.accumulate(weights))

    def text(count: int) -> str:
        return " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=count))

    hoods = [
        (
            f"E05{i:06d}",
            CENTRE[0] + rng.uniform(-SPREAD_LAT, SPREAD_LAT),
            CENTRE[1] + rng.uniform(-SPREAD_LON, SPREAD_LON),
        )
        for i in range(240)
    ]
    towns = [hoods[i] for i in range(0, 240, 6)]
    nearby = {
        t[0]: sorted(hoods, key=lambda h, t=t: (h[1] - t[1]) ** 2 + (h[2] - t[2]) ** 2)[:15]
        for t in towns
    }
    now = datetime.now(UTC)

    def records() -> Iterator[dict[str, Any]]:
        yield from _records(rng, text, n_services, now, towns, nearby, hoods)

    return records(), [(h[0], h[1], h[2]) for h in hoods]


def _records(
    rng: random.Random,
    text: Callable[[int], str],
    n_services: int,
    now: datetime,
    towns: list[tuple],
    nearby: dict[str, list[tuple]],
    hoods: list[tuple],
) -> Iterator[dict[str, Any]]:
    themes = [t.value for t in Theme]
    features = [f.value for f in AccessibilityFeature]
    deliveries = [m.value for m in DeliveryMethod]
    kinds = [k.value for k in OrganisationKind]
    languages = ["English", "Urdu", "Gujarati", "Polish", "Punjabi", "Arabic", "Bengali"]
    service_id = 0
    org_id = 0
    while service_id < n_services:
        org_id += 1
        town = rng.choice(towns)
        org_name = f"{text(2).title()} {rng.choice(['Trust', 'Association', 'Group', 'CIC'])}"
        locations = []
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            lat = town[1] + rng.gauss(0, 0.03)
            lon = town[2] + rng.gauss(0, 0.045)
            hood = min(nearby[town[0]], key=lambda h: (h[1] - lat) ** 2 + (h[2] - lon) ** 2)
            locations.append([lat, lon, rng.random() < 0.02, hood[0], f"Hood {hood[0][-3:]}"])
        for _ in range(rng.randint(1, 5)):
            if service_id >= n_services:
                return
            service_id += 1
            roll = rng.random()
            areas: list[list[Any]] = []
            if roll < 0.01:
                areas = [["borough", None, None, None, None]]
            elif roll < 0.10:
                areas = [["neighbourhood", h[0], None, None, None] for h in rng.sample(hoods, 3)]
            elif roll < 0.18:
                lat, lon = locations[0][0], locations[0][1]
                areas = [["radius", None, lat, lon, rng.choice([2.0, 3.0, 5.0, 8.0])]]
            schedule = [
                [rng.randrange(7), (h := rng.randint(8, 18)) * 60, (h + rng.randint(1, 4)) * 60]
                for _ in range(rng.randint(0, 4))
            ]
            verified = now - timedelta(days=rng.randint(0, 700)) if rng.random() < 0.9 else None
            yield (
                {
                    "id": service_id,
                    "uuid": f"bench-{service_id}",
                    "external_id": None,
                    "name": f"{text(rng.randint(1, 3)).title()} {rng.choice(SUFFIXES)}",
                    "description": text(rng.randint(20, 60)),
                    "eligibility": "",
                    "keywords": [text(1) for _ in range(rng.randint(2, 6))],
                    "organisation": org_name,
                    "organisation_uuid": f"org-{org_id}",
                    "kind": rng.choice(kinds),
                    "themes": rng.sample(themes, rng.randint(1, 3)),
                    "free": rng.random() < 0.8,
                    "fee": None,
                    "min_age": rng.choice([None, None, 16, 18, 50, 65]),
                    "max_age": rng.choice([None, None, None, 25, 99]),
                    "languages": ["English"] + rng.sample(languages[1:], rng.randint(0, 2)),
                    "accessibility": rng.sample(features, rng.randint(0, 4)),
                    "delivery": rng.sample(deliveries, rng.randint(1, 3)),
                    "access": rng.sample(
                        ["drop_in", "self_referral", "referral_needed", "signpost_referral"],
                        rng.randint(1, 2),
                    ),
                    "status": "temporarily_closed" if rng.random() < 0.03 else "active",
                    "capacity": rng.choice(["accepting"] * 6 + ["waitlist", "paused"]),
                    "waitlist_weeks": None,
                    "paused_until": None,
                    "verified": verified.isoformat() if verified else None,
                    "locations": rng.sample(locations, rng.randint(1, len(locations))),
                    "areas": areas,
                    "schedule": schedule,
                }
            )


def make_queries(
    n: int, names: list[str], hoods: list[tuple], seed: int = 11
) -> list[tuple[str, dict[str, Any]]]:
    """Mixed queries: words from listings' names and care words, places, filters."""
    rng = random.Random(seed)
    sample = rng.sample(names, min(2000, len(names)))
    sample_words = [w for name in sample for w in name.lower().split()[:2]]
    care = CARE_WORDS

    def words_query() -> str:
        pool = care if rng.random() < 0.5 else sample_words
        return " ".join(rng.sample(pool, rng.randint(1, 3)))

    def place() -> Place:
        code, lat, lon = rng.choice(hoods)
        return Place(lat + rng.uniform(-0.01, 0.01), lon + rng.uniform(-0.01, 0.01), code)

    themes = [t.value for t in Theme]
    kinds = {
        "text": lambda: {"text": words_query()},
        "text+theme": lambda: {
            "text": words_query(),
            "filters": Filters(themes=frozenset([rng.choice(themes)])),
        },
        "text+near": lambda: {
            "text": words_query(),
            "place": place(),
            "radius_km": rng.choice([2, 5, 5, 10]),
        },
        "near": lambda: {"place": place(), "radius_km": rng.choice([1, 2, 5, 5, 10, 25])},
        "filters": lambda: {
            "place": place(),
            "radius_km": 5,
            "filters": Filters(
                themes=frozenset([rng.choice(themes)]),
                free=rng.random() < 0.5,
                day=rng.randrange(7),
                accessibility=frozenset(["wheelchair_access"])
                if rng.random() < 0.5
                else frozenset(),
            ),
        },
    }
    queries = []
    for i in range(n):
        kind = list(kinds)[i % len(kinds)]
        queries.append((kind, kinds[kind]()))
    return queries


# --- SQLite FTS5 reference ------------------------------------------------------------------

# Both engines, as this reference answers them (printed with the results).
ONLY_OURS = (
    "stemming with the care thesaurus (synonyms) and 'did you mean' for misspelt words",
    "the total of all matches and a count per filter value (facets) with every page",
    "ranking that weighs distance, staleness and temporary closure with the words",
    "areas drawn as polygons (none in this corpus)",
)
ONLY_FTS5 = (
    "phrase and prefix queries (FTS5 query syntax)",
    "updates in the same database transaction as the change (no replica to follow)",
)
PER_PAGE = 20
HAVERSINE = (
    "2 * 6371.0088 * asin(sqrt(pow(sin(radians({lat} - :lat) / 2), 2)"
    " + cos(radians(:lat)) * cos(radians({lat})) * pow(sin(radians({lon} - :lon) / 2), 2)))"
)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def build_fts(records: Iterable[dict[str, Any]]) -> sqlite3.Connection:
    """The same records in SQLite FTS5 with facts, locations and service areas beside them."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE VIRTUAL TABLE doc USING fts5(name, keywords, themes, description, organisation,
                                            tokenize='porter');
        CREATE TABLE facts (id INTEGER PRIMARY KEY, name TEXT, theme_mask INTEGER, free INTEGER,
                            day_mask INTEGER, access_mask INTEGER, borough INTEGER);
        CREATE TABLE loc (sid INTEGER, lat REAL, lon REAL);
        CREATE TABLE area_hood (sid INTEGER, code TEXT);
        CREATE TABLE area_radius (sid INTEGER, lat REAL, lon REAL, km REAL);
        """
    )
    theme_bit = {t.value: 1 << i for i, t in enumerate(Theme)}
    access_bit = {f.value: 1 << i for i, f in enumerate(AccessibilityFeature)}
    for batch in batched(records, 1000):
        conn.executemany(
            "INSERT INTO doc(rowid, name, keywords, themes, description, organisation) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                (
                    r["id"],
                    r["name"],
                    " ".join(r["keywords"]),
                    " ".join(r["themes"]),
                    f"{r['description']} {r['eligibility']}",
                    r["organisation"],
                )
                for r in batch
            ),
        )
        conn.executemany(
            "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    r["id"],
                    r["name"].lower(),
                    sum(theme_bit[t] for t in r["themes"]),
                    int(r["free"]),
                    sum({1 << s[0] for s in r["schedule"]}),
                    sum(access_bit[a] for a in r["accessibility"]),
                    int(any(a[0] == "borough" for a in r["areas"])),
                )
                for r in batch
            ),
        )
        conn.executemany(
            "INSERT INTO loc VALUES (?, ?, ?)",
            ((r["id"], loc[0], loc[1]) for r in batch for loc in r["locations"]),
        )
        conn.executemany(
            "INSERT INTO area_hood VALUES (?, ?)",
            ((r["id"], a[1]) for r in batch for a in r["areas"] if a[0] == "neighbourhood"),
        )
        conn.executemany(
            "INSERT INTO area_radius VALUES (?, ?, ?, ?)",
            ((r["id"], a[2], a[3], a[4]) for r in batch for a in r["areas"] if a[0] == "radius"),
        )
    conn.executescript(
        """
        CREATE INDEX loc_lat_lon ON loc(lat, lon);
        CREATE INDEX area_hood_code ON area_hood(code);
        CREATE INDEX facts_borough ON facts(borough) WHERE borough;
        """
    )
    conn.commit()
    return conn


def fts_query(conn: sqlite3.Connection, spec: dict[str, Any]) -> int:
    """Answer a query the plain way, by our rules, stopping at the first page of results.

    Words: any of them (bm25 with our part weights). Place: a location within the radius
    (a bounding box on the index, then the same haversine), or a service area covering the
    place: the whole borough, the place's neighbourhood, or a radius drawn around a point.
    Filters: the same bit tests. Order: words by bm25; a place alone by the nearest location,
    then services reaching it only through an area by name. Returns the rows of page one.
    """
    theme_bit = {t.value: 1 << i for i, t in enumerate(Theme)}
    access_bit = {f.value: 1 << i for i, f in enumerate(AccessibilityFeature)}
    clauses: list[str] = []
    args: dict[str, Any] = {"per_page": PER_PAGE}
    joins = "facts f"
    order = "f.name"
    if spec.get("text"):
        joins = "doc JOIN facts f ON f.id = doc.rowid"
        clauses.append("doc MATCH :terms")
        args["terms"] = " OR ".join(f'"{w}"' for w in words(spec["text"]))
        order = "bm25(doc, 4.0, 2.5, 2.5, 1.0, 0.8)"
    if spec.get("place"):
        place, km = spec["place"], spec["radius_km"]
        dlat = math.degrees(km / 6371.0) * 1.01
        dlon = math.degrees(km / (6371.0 * math.cos(math.radians(place.latitude)))) * 1.01
        args.update(
            lat=place.latitude,
            lon=place.longitude,
            km=km,
            hood=place.neighbourhood_code,
            lat_lo=place.latitude - dlat,
            lat_hi=place.latitude + dlat,
            lon_lo=place.longitude - dlon,
            lon_hi=place.longitude + dlon,
        )
        located = (
            f"SELECT sid, min({HAVERSINE.format(lat='lat', lon='lon')}) AS km FROM loc "  # noqa: S608 - fixed parts
            "WHERE lat BETWEEN :lat_lo AND :lat_hi AND lon BETWEEN :lon_lo AND :lon_hi "
            f"AND {HAVERSINE.format(lat='lat', lon='lon')} <= :km GROUP BY sid"
        )
        joins += f" LEFT JOIN ({located}) near ON near.sid = f.id"
        clauses.append(
            "(near.sid IS NOT NULL OR f.borough = 1"  # noqa: S608
            " OR f.id IN (SELECT sid FROM area_hood WHERE code = :hood)"
            " OR f.id IN (SELECT sid FROM area_radius WHERE "
            f"{HAVERSINE.format(lat='area_radius.lat', lon='area_radius.lon')} <= km))"
        )
        if not spec.get("text"):
            order = "near.km IS NULL, near.km, f.name"
    filters: Filters | None = spec.get("filters")
    if filters:
        if filters.themes:
            clauses.append("f.theme_mask & :themes")
            args["themes"] = sum(theme_bit[t] for t in filters.themes)
        if filters.free:
            clauses.append("f.free = 1")
        if filters.day is not None:
            clauses.append("f.day_mask & :day")
            args["day"] = 1 << filters.day
        if filters.accessibility:
            clauses.append("f.access_mask & :access = :access")
            args["access"] = sum(access_bit[a] for a in filters.accessibility)
    where = " AND ".join(clauses) or "1"
    sql = (
        f"SELECT f.id FROM {joins} WHERE {where} "  # noqa: S608 - fixed parts, bound values
        f"ORDER BY {order} LIMIT :per_page"
    )
    return len(conn.execute(sql, args).fetchall())


# --- Running ---------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def share(n: int, part: int, parts: int) -> Iterator[dict[str, Any]]:
    """Every `parts`-th generated record, starting at `part` (one build process's share)."""
    return itertools.islice(generate_stream(n)[0], part, None, parts)


def read_back(
    index: SearchIndex, edit_ids: dict[int, int]
) -> tuple[list[str], dict[int, dict[str, Any]]]:
    """Every listing's name, and the records of the services to edit, from the index."""
    names: list[str] = []
    to_edit: dict[int, dict[str, Any]] = {}
    with index.open().reader() as reader:
        for _doc, fields in reader.iter_docs():
            record = fields["record"]
            names.append(record["name"])
            if record["id"] in edit_ids:
                record["description"] = record.pop("summary")
                record["eligibility"] = ""
                to_edit[edit_ids[record["id"]]] = record
    return names, to_edit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument(
        "--procs", type=int, default=min(2, os.cpu_count() or 1), help="index build processes"
    )
    parser.add_argument("--edits", type=int, default=20, help="One-document edits to time")
    parser.add_argument("--no-fts", action="store_true", help="Skip the FTS5 reference")
    args = parser.parse_args()
    memory = TreePeak()
    print(f"Load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    n = args.services
    generate_ms, _ = timed(lambda: sum(1 for _ in generate_stream(n)[0]))
    print(f"Generating the corpus alone (one pass, nothing kept): {generate_ms / 1000:.1f} s")

    with tempfile.TemporaryDirectory(prefix="signpost-bench-") as tmp:
        index = SearchIndex(Path(tmp) / "index")
        hoods = generate_stream(0)[1]
        with memory.phase("build"):
            if args.procs > 1:
                # Each process generates the corpus and indexes every procs-th service, as each
                # reads its share from the database in `signpost search reindex`.
                parts = [partial(share, n, part, args.procs) for part in range(args.procs)]
                build_ms, (generation, count) = timed(lambda: index.build_parallel(parts))
            else:
                build_ms, (generation, count) = timed(lambda: index.build(generate_stream(n)[0]))
            index.publish(generation, 0)
        # Names for the queries and the records the edits change, read back from the index:
        # the benchmark keeps none of the corpus it indexed.
        edit_ids = {(n // 2 + edit * 7919) % n + 1: edit for edit in range(args.edits)}
        names, to_edit = read_back(index, edit_ids)
        engine = SearchEngine(index)
        with memory.phase("load"):
            table_ms, _ = timed(engine.refresh)
        print(
            f"Corpus: {count} generated services, streamed into the build.\n"
            f"Index build (generating included): {build_ms / 1000:.1f} s "
            f"({args.procs} process(es)), "
            f"{folder_size_mb(index.directory):.1f} MB on disk, peak memory of the process tree "
            f"{memory.peaks['build']:.0f} MB; facet/geo table load: {table_ms / 1000:.2f} s "
            f"(peak {memory.peaks['load']:.0f} MB)"
        )
        conn = None
        if not args.no_fts:
            with memory.phase("fts"):
                fts_ms, conn = timed(lambda: build_fts(generate_stream(n)[0]))
            print(f"FTS5 reference build: {fts_ms / 1000:.1f} s (in memory)")

        queries = make_queries(args.queries, names, hoods)
        ours: dict[str, list[float]] = {}
        theirs: dict[str, list[float]] = {}
        found: dict[str, list[int]] = {}
        with memory.phase("queries"):
            # Warm both once, outside the timings.
            engine.search(SearchRequest(**queries[0][1]))
            if conn:
                fts_query(conn, queries[0][1])
            for kind, spec in queries:
                ms, outcome = timed(lambda spec=spec: engine.search(SearchRequest(**spec)))
                ours.setdefault(kind, []).append(ms)
                found.setdefault(kind, []).append(outcome.total)
                if conn:
                    ms, _ = timed(lambda spec=spec: fts_query(conn, spec))
                    theirs.setdefault(kind, []).append(ms)

        print()
        header = (
            f"{'query type':<12}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
            f"{'med hits':>10}{'FTS5 p50':>10}{'FTS5 p95':>10}{'p50 ratio':>11}"
        )
        print(header)
        print("-" * len(header))
        for kind in ours:
            mine, ref = ours[kind], theirs.get(kind, [math.nan])
            print(
                f"{kind:<12}{len(mine):>5}{percentile(mine, 50):>9.1f}{percentile(mine, 95):>9.1f}"
                f"{max(mine):>9.1f}{statistics.median(found[kind]):>10.0f}"
                f"{percentile(ref, 50):>10.1f}{percentile(ref, 95):>10.1f}"
                f"{percentile(mine, 50) / max(percentile(ref, 50), 0.001):>10.1f}x"
            )
        all_mine = [v for values in ours.values() for v in values]
        print(
            f"{'all':<12}{len(all_mine):>5}{percentile(all_mine, 50):>9.1f}"
            f"{percentile(all_mine, 95):>9.1f}{max(all_mine):>9.1f}"
        )
        if conn:
            print(
                f"\nFTS5 here stops at page one ({PER_PAGE} rows) and uses our radius and "
                "service-area rules.\nOnly ours: "
                + "; ".join(ONLY_OURS)
                + ".\nOnly FTS5: "
                + "; ".join(ONLY_FTS5)
                + "."
            )

        # Changed listings: each applied as a replica applies a change record entry, then the
        # first search on the new index generation finds it.
        writes, firsts = [], []
        with memory.phase("edits"):
            for edit in range(args.edits):
                changed = dict(to_edit[edit])
                changed["name"] = f"Kite flying circle zanzibarian{edit}"
                write_ms, _ = timed(
                    lambda changed=changed, edit=edit: index.apply([changed], [], edit + 1)
                )
                find_ms, outcome = timed(
                    lambda edit=edit: engine.search(SearchRequest(text=f"zanzibarian{edit}"))
                )
                assert outcome.total >= 1 and outcome.hits[0].record["id"] == changed["id"]
                writes.append(write_ms)
                firsts.append(find_ms)
        if writes:
            print(
                f"\nOne-document edit, {args.edits} times: index write "
                f"p50 {percentile(writes, 50):.0f} ms p95 {percentile(writes, 95):.0f} ms; "
                "first search after it p50 "
                f"{percentile(firsts, 50):.0f} ms p95 {percentile(firsts, 95):.0f} ms"
            )
        engine.close()
    memory.stop()
    phases = ", ".join(f"{name} {peak:.0f} MB" for name, peak in memory.peaks.items())
    print(
        f"Peak memory of the process tree (summed PSS, sampled): {memory.overall:.0f} MB "
        f"({phases}); this process's own ru_maxrss {peak_rss_mb():.0f} MB"
    )
    print(f"Load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
