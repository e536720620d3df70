"""Benchmark the index as a replica: reindex from the database, and commit-to-searchable on a
second app server with its own index folder.

    .venv/bin/python bench/search_hosts.py [--database URL] [--edits 30]

Loads the demo borough into a fresh database: SQLite in a temporary folder by default, or the
EMPTY PostgreSQL database named by --database. Then two app instances ("hosts") on that
database, each with an index folder of its own, are brought up; each edit is committed
through host A, and host B's search API is asked until it finds the edit. Prints reindex wall
time and peak memory, the first search after an edit on host A, and seconds from commit to
searchable on host B.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from core.app import create_app  # noqa: E402
from core.extensions import db  # noqa: E402
from directory.models import Service  # noqa: E402
from directory.services import listed_services_query  # noqa: E402
from search import services  # noqa: E402
from seeds.loader import load_demo  # noqa: E402


def make_host(url: str, folder: Path) -> Flask:
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_DIR": str(folder),
            "SECRET_KEY": "bench-only",
            "GEOCODER_ONLINE": False,
            "SERVER_NAME": "localhost",
            "SEARCH_LOG_BATCH": 1000,
        }
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(host: Flask) -> int:
    with host.app_context():
        upgrade()
        load_demo()
        db.session.commit()
        count = db.session.scalar(select(func.count()).select_from(Service))
        db.session.remove()
    return count or 0


def search_total(client: Any, text: str) -> int:
    response = client.get("/api/v1/services/search", query_string={"q": text})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["total"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an EMPTY PostgreSQL database URL (default SQLite)")
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="signpost-hosts-") as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'signpost.db'}"
        first, second = make_host(url, Path(tmp) / "a"), make_host(url, Path(tmp) / "b")
        started = time.perf_counter()
        count = load(first)
        print(
            f"Loaded {count} services in {time.perf_counter() - started:.1f} s "
            f"({url.split(':')[0]})"
        )

        with first.app_context():
            started = time.perf_counter()
            written = services.rebuild_index()
            wall = time.perf_counter() - started
            db.session.remove()
        print(
            f"Reindex from the database: {written} services in {wall:.2f} s; "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )

        a, b = first.test_client(), second.test_client()
        started = time.perf_counter()
        search_total(b, "lunch")  # host B's first search builds its own index folder
        print(f"Host B's first search (builds its index): {time.perf_counter() - started:.2f} s")

        with first.app_context():
            listed = listed_services_query().with_only_columns(Service.id).order_by(Service.id)
            ids = list(db.session.scalars(listed.limit(args.edits)))
            db.session.remove()
        after_edit_a, to_b = [], []
        for number, service_id in enumerate(ids):
            word = f"zorblat{number}"
            with first.app_context():
                service = db.session.get(Service, service_id)
                service.name = f"{service.name} {word}"
                committed = time.perf_counter()
                db.session.commit()  # host A applies its own change in after_commit
                db.session.remove()
            start_a = time.perf_counter()
            assert search_total(a, word) == 1
            after_edit_a.append((time.perf_counter() - start_a) * 1000)
            while search_total(b, word) != 1:
                pass
            to_b.append(time.perf_counter() - committed)
        print(
            f"First search on host A after an edit: p50 {percentile(after_edit_a, 50):.1f} ms, "
            f"p95 {percentile(after_edit_a, 95):.1f} ms"
        )
        print(
            f"Commit to searchable on host B ({len(to_b)} edits): "
            f"p50 {percentile(to_b, 50):.3f} s, p95 {percentile(to_b, 95):.3f} s, "
            f"max {max(to_b):.3f} s (mean {statistics.mean(to_b):.3f} s)"
        )


if __name__ == "__main__":
    main()
