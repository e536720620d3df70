"""Benchmark search on a generated region: index build, query latency, and a SQLite FTS5 reference.

    .venv/bin/python bench/search.py [--services 50000] [--queries 400] [--procs 2]

Generates its own corpus (no demo data): a Zipf-like vocabulary, organisations with several
locations clustered around towns, service areas (borough, neighbourhoods, radius), schedules and
filter facts. Builds the Whoosh index, then answers the same mixed queries with our engine and
with plain SQLite FTS5 (bm25 + bounding box), printing p50/p95/max per query type and the ratio.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
    themes = [t.value for t in Theme]
    features = [f.value for f in AccessibilityFeature]
    deliveries = [m.value for m in DeliveryMethod]
    kinds = [k.value for k in OrganisationKind]
    languages = ["English", "Urdu", "Gujarati", "Polish", "Punjabi", "Arabic", "Bengali"]
    now = datetime.now(UTC)
    records: list[dict[str, Any]] = []
    service_id = 0
    org_id = 0
    while len(records) < n_services:
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
            records.append(
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
    return records[:n_services], [(h[0], h[1], h[2]) for h in hoods]


def make_queries(
    n: int, records: list[dict[str, Any]], hoods: list[tuple], seed: int = 11
) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    sample_words = [w for r in rng.sample(records, 2000) for w in r["name"].lower().split()[:2]]
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


def build_fts(records: list[dict[str, Any]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE VIRTUAL TABLE doc USING fts5(name, keywords, themes, description, organisation,
                                            tokenize='porter');
        CREATE TABLE facts (id INTEGER PRIMARY KEY, theme_mask INTEGER, free INTEGER,
                            day_mask INTEGER, access_mask INTEGER);
        CREATE TABLE loc (sid INTEGER, lat REAL, lon REAL);
        """
    )
    theme_bit = {t.value: 1 << i for i, t in enumerate(Theme)}
    access_bit = {f.value: 1 << i for i, f in enumerate(AccessibilityFeature)}
    conn.executemany(
        "INSERT INTO doc(rowid, name, keywords, themes, description, organisation) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                r["id"],
                r["name"],
                " ".join(r["keywords"]),
                " ".join(r["themes"]),
                r["description"],
                r["organisation"],
            )
            for r in records
        ),
    )
    conn.executemany(
        "INSERT INTO facts VALUES (?, ?, ?, ?, ?)",
        (
            (
                r["id"],
                sum(theme_bit[t] for t in r["themes"]),
                int(r["free"]),
                sum({1 << s[0] for s in r["schedule"]}),
                sum(access_bit[a] for a in r["accessibility"]),
            )
            for r in records
        ),
    )
    conn.executemany(
        "INSERT INTO loc VALUES (?, ?, ?)",
        ((r["id"], loc[0], loc[1]) for r in records for loc in r["locations"]),
    )
    conn.execute("CREATE INDEX loc_lat_lon ON loc(lat, lon)")
    conn.execute("CREATE INDEX loc_sid ON loc(sid)")
    conn.commit()
    return conn


def fts_query(conn: sqlite3.Connection, spec: dict[str, Any]) -> int:
    """Answer a query the plain way: bm25 over FTS5, a bounding box, bit-mask filters."""
    theme_bit = {t.value: 1 << i for i, t in enumerate(Theme)}
    clauses, args = [], []
    joins = "facts f"
    if spec.get("text"):
        terms = " OR ".join(f'"{w}"' for w in words(spec["text"]))
        joins = "doc JOIN facts f ON f.id = doc.rowid"
        clauses.append("doc MATCH ?")
        args.append(terms)
    if spec.get("place"):
        place, km = spec["place"], spec["radius_km"]
        dlat = math.degrees(km / 6371.0)
        dlon = math.degrees(km / (6371.0 * math.cos(math.radians(place.latitude))))
        clauses.append(
            "f.id IN (SELECT sid FROM loc WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)"
        )
        args += [place.latitude - dlat, place.latitude + dlat]
        args += [place.longitude - dlon, place.longitude + dlon]
    filters: Filters | None = spec.get("filters")
    if filters:
        if filters.themes:
            clauses.append("f.theme_mask & ?")
            args.append(sum(theme_bit[t] for t in filters.themes))
        if filters.free:
            clauses.append("f.free = 1")
        if filters.day is not None:
            clauses.append("f.day_mask & ?")
            args.append(1 << filters.day)
    where = " AND ".join(clauses) or "1"
    order = "bm25(doc, 4.0, 2.5, 2.5, 1.2, 0.8)" if spec.get("text") else "f.id"
    sql = f"SELECT f.id FROM {joins} WHERE {where} ORDER BY {order}"  # noqa: S608 - fixed parts
    rows = conn.execute(sql, args).fetchall()
    return len(rows)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--procs", type=int, default=1, help="Whoosh indexing processes")
    parser.add_argument("--edits", type=int, default=20, help="One-document edits to time")
    parser.add_argument(
        "--index",
        type=Path,
        help="Keep a copy of the index here and reuse it when present (no build timing then)",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    records, hoods = generate(args.services)
    n_locations = sum(len(r["locations"]) for r in records)
    print(
        f"Corpus: {len(records)} services, {n_locations} service locations, "
        f"{sum(1 for r in records if r['areas'])} with service areas "
        f"(generated in {time.perf_counter() - started:.1f} s)"
    )

    with tempfile.TemporaryDirectory(prefix="signpost-bench-") as tmp:
        index = SearchIndex(Path(tmp) / "index")
        if args.index and SearchIndex(args.index).exists():
            shutil.copytree(args.index, index.directory)  # the changed listing below stays here
            build_ms = 0.0
        else:
            build_ms, (generation, _count) = timed(lambda: index.build(records, procs=args.procs))
            index.publish(generation, 0)
            if args.index:
                shutil.copytree(index.directory, args.index)
        engine = SearchEngine(index)
        table_ms, _ = timed(engine.refresh)
        print(
            f"Index build: {build_ms / 1000:.1f} s ({args.procs} process(es)), "
            f"{folder_size_mb(index.directory):.1f} MB on disk; "
            f"facet/geo table load: {table_ms / 1000:.2f} s; "
            f"peak RSS so far {peak_rss_mb():.0f} MB"
        )
        fts_ms, conn = timed(lambda: build_fts(records))
        print(f"FTS5 reference build: {fts_ms / 1000:.1f} s (in memory)")

        queries = make_queries(args.queries, records, hoods)
        ours: dict[str, list[float]] = {}
        theirs: dict[str, list[float]] = {}
        found: dict[str, list[int]] = {}
        # Warm both once, outside the timings.
        engine.search(SearchRequest(**queries[0][1]))
        fts_query(conn, queries[0][1])
        for kind, spec in queries:
            ms, outcome = timed(lambda spec=spec: engine.search(SearchRequest(**spec)))
            ours.setdefault(kind, []).append(ms)
            found.setdefault(kind, []).append(outcome.total)
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
            mine, ref = ours[kind], theirs[kind]
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

        # Changed listings: each applied as a replica applies a change record entry, then the
        # first search on the new index generation finds it.
        writes, firsts = [], []
        for edit in range(args.edits):
            changed = dict(records[(len(records) // 2 + edit * 7919) % len(records)])
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
        print(
            f"\nOne-document edit, {args.edits} times: index write "
            f"p50 {percentile(writes, 50):.0f} ms p95 {percentile(writes, 95):.0f} ms; "
            "first search after it p50 "
            f"{percentile(firsts, 50):.0f} ms p95 {percentile(firsts, 95):.0f} ms"
        )
        print(f"Peak RSS of this process: {peak_rss_mb():.0f} MB")
        engine.close()


if __name__ == "__main__":
    main()
