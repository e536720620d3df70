"""Benchmark search through the app: N generated services in the real database, gunicorn, HTTP.

    .venv/bin/python bench/search_app.py --services 10000 [--database postgresql://HOST/DB]
        [--reset] [--queries 200] [--edits 10] [--workers 2] [--json results.jsonl]

Loads the corpus of bench/search.py (generated, no demo data) into a fresh database: SQLite in a
temporary folder by default, or the PostgreSQL database named by --database (which must be
empty, or is emptied with --reset: give it a database of your own). Then:

- `signpost search reindex` on host A, timed, with the peak memory of its process tree (PSS);
- host A and host B, each a gunicorn with --workers sync workers and an index folder of its own
  (B's starts as a copy of A's and follows the change record from then on), on that database;
- searches over HTTP to host A (GET /api/v1/services/search), p50/p95 per query type: words;
  words near a postcode within 5 km; a filter alone; and a faceted search (a postcode, a theme,
  free, a day and an accessibility need at once, with the facet counts every answer carries);
- edits committed to the database (as any app server commits them), then host A's first search
  for the edit, at once (it applies the change itself) or half a second later (each worker's
  follower has applied it), and the seconds from the commit until host B's search API finds it.

Prints one table row per run (and appends it to --json when given).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

from flask import Flask  # noqa: E402
from sqlalchemy import create_engine, insert, inspect, select, text  # noqa: E402

from bench.search import generate_stream, words  # noqa: E402
from bench.search_memory import TreePeak  # noqa: E402
from core.app import create_app  # noqa: E402
from core.extensions import db  # noqa: E402
from directory.gazetteer import Neighbourhood, Postcode  # noqa: E402
from directory.models import (  # noqa: E402
    WEEKDAYS,
    AreaKind,
    CapacityStatus,
    Location,
    Organisation,
    OrganisationKind,
    ScheduleSlot,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTheme,
)
from directory.themes import Theme  # noqa: E402
from search.thesaurus import SYNONYM_GROUPS  # noqa: E402

BATCH = 2000
KINDS = ("text", "text+postcode", "filter", "facet")


def sqlalchemy_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def postcode_of(number: int) -> str:
    """A well-formed made-up postcode for neighbourhood `number` (BZ1 0AB, BZ1 1AB, ...)."""
    return f"BZ{number // 10 + 1} {number % 10}AB"


def make_loader(url: str, folder: Path) -> Flask:
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_DIR": str(folder),
            "SECRET_KEY": "bench-only",
            "GEOCODER_ONLINE": False,
            "SERVER_NAME": "localhost",
            "BASE_URL": "http://localhost",
        }
    )


def fresh_database(url: str, reset: bool) -> None:
    """Check an explicit PostgreSQL database is empty, or empty it when told to."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            tables = inspect(conn).get_table_names()
            if tables and not reset:
                sys.exit(f"{url} is not empty ({len(tables)} tables): pass --reset to empty it")
            if tables:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def load_corpus(app: Flask, n: int) -> int:
    """Insert the generated corpus with bulk inserts (no session events: no change rows)."""
    stream, hoods = generate_stream(n)
    hood_ids = {code: number + 1 for number, (code, _lat, _lon) in enumerate(hoods)}
    with app.app_context():
        db.session.execute(
            insert(Neighbourhood),
            [
                {"id": i + 1, "uuid": str(uuid.uuid4()), "code": code, "name": f"Hood {code[-3:]}"}
                | {"latitude": lat, "longitude": lon, "boundary": None}
                for i, (code, lat, lon) in enumerate(hoods)
            ],
        )
        db.session.execute(
            insert(Postcode),
            [
                {"postcode": postcode_of(i), "outward": postcode_of(i).split()[0]}
                | {"latitude": lat, "longitude": lon, "neighbourhood_code": code}
                for i, (code, lat, lon) in enumerate(hoods)
            ],
        )
        organisations: set[str] = set()
        places: dict[tuple[str, float, float], int] = {}
        count = 0
        for batch in _batches(stream, BATCH):
            rows: dict[Any, list[dict[str, Any]]] = {
                model: []
                for model in (
                    Organisation,
                    Location,
                    Service,
                    ServiceTheme,
                    ServiceAtLocation,
                    ServiceArea,
                    ScheduleSlot,
                )
            }
            for record in batch:
                _rows(record, rows, organisations, places, hood_ids)
            for model, values in rows.items():
                if values:
                    db.session.execute(insert(model), values)
            db.session.commit()
            count += len(batch)
        db.session.remove()
    return count


def _batches(stream: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in stream:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _rows(
    record: dict[str, Any],
    rows: dict[Any, list[dict[str, Any]]],
    organisations: set[str],
    places: dict[tuple[str, float, float], int],
    hood_ids: dict[str, int],
) -> None:
    org_number = int(record["organisation_uuid"].removeprefix("org-"))
    if record["organisation_uuid"] not in organisations:
        organisations.add(record["organisation_uuid"])
        rows[Organisation].append(
            {"id": org_number, "uuid": str(uuid.uuid4()), "name": record["organisation"]}
            | {"kind": OrganisationKind(record["kind"]), "description": ""}
        )
    sid = record["id"]
    verified = record["verified"]
    rows[Service].append(
        {"id": sid, "uuid": str(uuid.uuid4()), "organisation_id": org_number}
        | {"name": record["name"], "description": record["description"]}
        | {
            "eligibility_description": record["eligibility"],
            "status": ServiceStatus(record["status"]),
        }
        | {"capacity_status": CapacityStatus(record["capacity"]), "is_free": record["free"]}
        | {"min_age": record["min_age"], "max_age": record["max_age"]}
        | {"access_methods": record["access"], "languages": record["languages"]}
        | {"accessibility": record["accessibility"], "delivery_methods": record["delivery"]}
        | {"keywords": record["keywords"]}
        | {"last_verified_at": datetime.fromisoformat(verified) if verified else None}
    )
    rows[ServiceTheme] += [{"service_id": sid, "theme": Theme(t)} for t in record["themes"]]
    for lat, lon, confidential, hood, _name in record["locations"]:
        key = (record["organisation_uuid"], lat, lon)
        if key not in places:
            places[key] = len(places) + 1
            rows[Location].append(
                {"id": places[key], "uuid": str(uuid.uuid4()), "organisation_id": org_number}
                | {"name": f"Venue {places[key]}", "latitude": lat, "longitude": lon}
                | {"neighbourhood_id": hood_ids[hood], "confidential": confidential}
            )
        rows[ServiceAtLocation].append(
            {"uuid": str(uuid.uuid4()), "service_id": sid, "location_id": places[key]}
        )
    for kind, hood, lat, lon, radius in record["areas"]:
        rows[ServiceArea].append(
            {"uuid": str(uuid.uuid4()), "service_id": sid, "kind": AreaKind(kind)}
            | {"neighbourhood_id": hood_ids[hood] if hood else None}
            | {"latitude": lat, "longitude": lon, "radius_km": radius}
        )
    for day, opens, closes in record["schedule"]:
        rows[ScheduleSlot].append(
            {"uuid": str(uuid.uuid4()), "service_id": sid, "weekday": day}
            | {"opens_at": clock(opens // 60, opens % 60)}
            | {"closes_at": clock(min(closes // 60, 23), closes % 60)}
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, timeout: float = 60) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - local
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


class Host:
    """One app server: gunicorn with sync workers on the database, its own index folder."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "--workers", str(workers), "--bind"]
            + [f"127.0.0.1:{self.port}", "--log-level", "warning", "--access-logfile", "/dev/null"]
            + ["--timeout", "300", "core:create_app()"],
            env=env,
            cwd=ROOT,
        )

    def wait_ready(self, seconds: float = 600) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if get(self.base + "/readyz", timeout=30)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.base} never became ready")

    def search(self, params: dict[str, Any]) -> tuple[float, int, dict[str, Any]]:
        query = urllib.parse.urlencode(params, doseq=True)
        started = time.perf_counter()
        status, body = get(f"{self.base}/api/v1/services/search?{query}")
        return (time.perf_counter() - started) * 1000, status, body

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def queries(n: int, names: list[str], seed: int = 11) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    care = sorted({w for group in SYNONYM_GROUPS for entry in group for w in words(entry)})
    name_words = [w for name in rng.sample(names, min(2000, len(names))) for w in name.split()[:2]]
    themes = [t.value for t in Theme]

    def text() -> str:
        return " ".join(rng.sample(care if rng.random() < 0.5 else name_words, rng.randint(1, 3)))

    def postcode() -> str:
        return postcode_of(rng.randrange(240))

    kinds = {
        "text": lambda: {"q": text()},
        "text+postcode": lambda: {"q": text(), "near": postcode(), "radius": 5},
        "filter": lambda: {"theme": rng.choice(themes)},
        "facet": lambda: {
            "near": postcode(),
            "radius": 10,
            "theme": rng.choice(themes),
            "free": "true",
            "day": rng.choice(WEEKDAYS),
            "accessibility": "wheelchair_access",
        },
    }
    return [(KINDS[i % 4], kinds[KINDS[i % 4]]()) for i in range(n)]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    url = sqlalchemy_url(args.database) if args.database else f"sqlite:///{folder / 'sp.db'}"
    if args.database:
        fresh_database(url, args.reset)
    label = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNPOST_")}
    base_env.pop("DATABASE_URL", None)
    base_env |= {
        "SIGNPOST_SQLALCHEMY_DATABASE_URI": url,
        "SIGNPOST_SECRET_KEY": secrets.token_hex(16),
        "SIGNPOST_MAIL_BACKEND": "outbox",
        "SIGNPOST_GEOCODER_ONLINE": "false",
        "SIGNPOST_BASE_URL": "http://127.0.0.1",
        "SIGNPOST_ALLOWED_HOSTS": "127.0.0.1",
    }
    env_a = base_env | {"SIGNPOST_INSTANCE_DIR": str(folder / "a")}
    env_b = base_env | {"SIGNPOST_INSTANCE_DIR": str(folder / "b")}
    load_avg = os.getloadavg()
    subprocess.run([str(BIN / "signpost"), "db", "upgrade"], env=env_a, check=True)  # noqa: S603

    (folder / "loader" / "search-index").mkdir(parents=True)
    loader = make_loader(url, folder / "loader")
    started = time.perf_counter()
    count = load_corpus(loader, args.services)
    print(f"{label}: loaded {count} services in {time.perf_counter() - started:.0f} s", flush=True)

    reindex = subprocess.Popen(  # noqa: S603
        [str(BIN / "signpost"), "search", "reindex", "--quiet"], env=env_a, stdout=subprocess.PIPE
    )
    memory = TreePeak(root=reindex.pid)
    started = time.perf_counter()
    output, _ = reindex.communicate()
    reindex_s = time.perf_counter() - started
    memory.stop()
    if reindex.returncode:
        raise RuntimeError(f"signpost search reindex failed: {output!r}")
    print(f"{label}: {output.decode().strip()} peak {memory.overall:.0f} MB", flush=True)
    # Host B's folder starts as a copy and follows the change record on its own from then on.
    shutil.copytree(folder / "a" / "search-index", folder / "b" / "search-index")

    host_a, host_b = Host(env_a, args.workers), Host(env_b, args.workers)
    try:
        host_a.wait_ready()
        host_b.wait_ready()
        with loader.app_context():
            names = list(db.session.scalars(select(Service.name)))
            db.session.remove()
        asked = queries(args.queries, names)
        for _kind, params in asked[: 4 * args.workers]:  # every worker loads its snapshot
            host_a.search(params)
            host_b.search(params)
        times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for kind, params in asked:
            ms, status, _body = host_a.search(params)
            if status != 200:
                raise RuntimeError(f"search {params} answered {status}")
            times[kind].append(ms)
        at_once, later, to_b = edits(loader, host_a, host_b, args.edits)
    finally:
        host_a.stop()
        host_b.stop()
    row = {
        "database": label,
        "services": count,
        "reindex_s": round(reindex_s, 1),
        "reindex_peak_mb": round(memory.overall),
        "load_average": [round(x, 1) for x in load_avg],
    }
    for kind in KINDS:
        row[f"{kind}_p50_ms"] = round(percentile(times[kind], 50), 1)
        row[f"{kind}_p95_ms"] = round(percentile(times[kind], 95), 1)
    row["first_after_edit_p50_ms"] = round(percentile(at_once, 50), 1)
    row["first_after_edit_p95_ms"] = round(percentile(at_once, 95), 1)
    row["first_after_edit_later_p50_ms"] = round(percentile(later, 50), 1)
    row["first_after_edit_later_p95_ms"] = round(percentile(later, 95), 1)
    row["commit_to_b_p50_s"] = round(percentile(to_b, 50), 3)
    row["commit_to_b_max_s"] = round(max(to_b), 3)
    row["commit_to_b_mean_s"] = round(statistics.mean(to_b), 3)
    return row


def edits(
    loader: Flask, host_a: Host, host_b: Host, n: int
) -> tuple[list[float], list[float], list[float]]:
    """Commit edits; time host A's first search for each, and commit to searchable on host B.

    Every other edit is searched on host A at once after its commit (the search applies the
    change itself, racing the follower), the rest half a second later (as a person would: the
    follower has applied it and opened the new snapshot). Returns (at once, later, to host B).
    """
    with loader.app_context():
        ids = list(db.session.scalars(select(Service.id).order_by(Service.id).limit(n * 97)))
        db.session.remove()
    at_once, later, to_b = [], [], []
    for number, service_id in enumerate(ids[::97][:n]):
        word = f"zorblat{number}{secrets.token_hex(2)}"
        with loader.app_context():
            service = db.session.get(Service, service_id)
            service.name = f"{service.name} {word}"
            db.session.commit()
            committed = time.perf_counter()
            db.session.remove()
        found = threading.Event()

        def watch_b(
            word: str = word, committed: float = committed, found: threading.Event = found
        ) -> None:
            # Poll as a user would, not in a tight loop that takes a core from host A.
            while host_b.search({"q": word})[2].get("total") != 1:
                time.sleep(0.02)
            to_b.append(time.perf_counter() - committed)
            found.set()

        watcher = threading.Thread(target=watch_b)
        watcher.start()
        if number % 2:
            time.sleep(max(0.0, committed + 0.5 - time.perf_counter()))
        ms, status, body = host_a.search({"q": word})
        if status != 200 or body.get("total") != 1:
            raise RuntimeError(f"host A did not find edit {word}: {status} {body.get('total')}")
        (later if number % 2 else at_once).append(ms)
        watcher.join(timeout=120)
        if not found.is_set():
            raise RuntimeError(f"host B never found edit {word}")
    return at_once, later, to_b


def print_table(rows: list[dict[str, Any]]) -> None:
    header = (
        "| database | services | reindex | peak | text | text+postcode | filter | facet "
        "| first search after edit: at once | 0.5 s later | commit to searchable on host B "
        "| load |"
    )
    print(header)
    print("|" + "---|" * header.count(" | ") + "---|")
    for r in rows:
        cells = [
            r["database"],
            f"{r['services']:,}",
            f"{r['reindex_s']} s",
            f"{r['reindex_peak_mb']} MB",
            *(f"{r[f'{k}_p50_ms']} / {r[f'{k}_p95_ms']}" for k in KINDS),
            f"{r['first_after_edit_p50_ms']} / {r['first_after_edit_p95_ms']} ms",
            f"{r['first_after_edit_later_p50_ms']} / {r['first_after_edit_later_p95_ms']} ms",
            f"p50 {r['commit_to_b_p50_s']} s, max {r['commit_to_b_max_s']} s",
            " ".join(str(x) for x in r["load_average"]),
        ]
        print("| " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--database", help="a PostgreSQL database of your own (default SQLite)")
    parser.add_argument("--reset", action="store_true", help="empty --database first")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="append the row to this JSON-lines file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="signpost-search-app-") as tmp:
        row = run(args, Path(tmp))
    row["at"] = datetime.now(UTC).isoformat(timespec="seconds")
    if args.json:
        with args.json.open("a") as out:
            out.write(json.dumps(row) + "\n")
    print("\np50 / p95 ms per query type over HTTP (gunicorn, sync workers):")
    print_table([row])


if __name__ == "__main__":
    main()
