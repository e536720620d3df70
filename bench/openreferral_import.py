"""Time `signpost import openreferral` on a generated 20,000-service ORUK 3.0 feed.

Generates a saved feed (default 20,000 services of 2,000 organisations, each with a location,
contact, cost option, weekly or fortnightly schedule, a theme, and a drawn service area for
one in ten), then imports it into a fresh database through the real CLI command, twice: the
first run writes everything, the second finds nothing changed. Each database is timed in its
own process, so the peak memory printed is that import's alone. With --postgres URL it also
times PostgreSQL (a database is made and dropped).

    .venv/bin/python bench/openreferral_import.py [--services 20000] [--postgres postgresql://127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def service_record(rng: random.Random, number: int, organisations: list[dict]) -> dict:
    lat, lon = 53.50 + rng.random() * 0.15, -2.60 + rng.random() * 0.3
    sal_id, location_id = _id(rng), _id(rng)
    fortnightly = rng.random() < 0.2
    record = {
        "id": _id(rng),
        "name": f"Community service {number}",
        "description": "Friendly support for local people. " * rng.randint(1, 4),
        "status": "active",
        "url": f"https://example.org/services/{number}",
        "email": f"service{number}@example.org",
        "organization": organisations[number % len(organisations)],
        "service_at_locations": [
            {
                "id": sal_id,
                "location": {
                    "id": location_id,
                    "location_type": "physical",
                    "name": f"Venue {number}",
                    "latitude": round(lat, 6),
                    "longitude": round(lon, 6),
                    "addresses": [
                        {
                            "id": _id(rng),
                            "address_1": f"{number % 200 + 1} High Street",
                            "city": "Bolton",
                            "state_province": "",
                            "postal_code": f"BL{rng.randint(1, 7)} {rng.randint(1, 9)}AA",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": [{"id": _id(rng), "description": "Step-free access."}],
                },
            }
        ],
        "schedules": [
            {
                "id": _id(rng),
                "service_at_location_id": sal_id,
                "freq": "WEEKLY",
                "interval": 2 if fortnightly else 1,
                "byday": rng.choice(["MO", "TU", "WE", "TH", "FR"]),
                "dtstart": "2026-01-05",
                "opens_at": "10:00",
                "closes_at": "12:00",
            }
        ],
        "contacts": [
            {
                "id": _id(rng),
                "name": "Reception",
                "phones": [{"id": _id(rng), "number": f"01204 {rng.randint(100000, 999999)}"}],
            }
        ],
        "cost_options": [
            {"id": _id(rng), "option": "Adults", "amount": rng.choice([0, 2, 5]), "currency": "GBP"}
        ],
        "languages": [{"id": _id(rng), "name": "English"}],
        "attributes": [
            {
                "id": _id(rng),
                "taxonomy_term": {
                    "id": _id(rng),
                    "name": rng.choice(["Walking", "Lunch club", "Advice", "Befriending"]),
                    "description": "",
                    "taxonomy": "Local activities",
                },
            }
        ],
        "funding": [{"id": _id(rng), "source": "Council grant"}],
    }
    if number % 10 == 0:
        ring = [[lon - 0.02, lat - 0.02], [lon + 0.02, lat - 0.02], [lon + 0.02, lat + 0.02],
                [lon - 0.02, lat + 0.02], [lon - 0.02, lat - 0.02]]  # fmt: skip
        record["service_areas"] = [
            {
                "id": _id(rng),
                "name": f"Around venue {number}",
                "extent": json.dumps({"type": "Polygon", "coordinates": [ring]}),
                "extent_type": "geojson",
            }
        ]
    return record


def generate(path: Path, services: int, seed: int = 19) -> None:
    rng = random.Random(seed)
    organisations = [
        {"id": _id(rng), "name": f"Organisation {n}", "description": "A local charity."}
        for n in range(max(1, services // 10))
    ]
    records = [service_record(rng, n, organisations) for n in range(services)]
    path.write_text(json.dumps(records))


def child(database_url: str, instance: str, feed: str) -> None:
    """Import the feed twice into `database_url` and print the figures (run in its own process)."""
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from core.app import create_app
    from core.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_DIR": instance,
            "BASE_URL": "http://localhost",
        }
    )
    with app.app_context():
        upgrade()
    runner = app.test_cli_runner()
    for label in ("first import", "same feed again"):
        started = time.perf_counter()
        result = runner.invoke(args=["import", "openreferral", feed])
        elapsed = time.perf_counter() - started
        if result.exit_code != 0:
            raise SystemExit(result.output[-2000:])
        print(f"  {label:16} {elapsed:7.1f} s   {result.output.strip().splitlines()[-1]}")
    with app.app_context():
        db.engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of this import process: {peak:.0f} MB")


def run_child(name: str, database_url: str, instance: Path, feed: Path) -> None:
    print(f"{name}:", flush=True)
    subprocess.run(  # noqa: S603 - this script, with arguments it made
        [sys.executable, __file__, "--child", database_url, str(instance), str(feed)], check=True
    )


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--postgres", help="server URL to also time PostgreSQL")
    parser.add_argument(
        "--only", choices=["sqlite", "postgres"], help="time one database (with --postgres)"
    )
    args = parser.parse_args()
    import psycopg

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = folder / "feed.json"
        started = time.perf_counter()
        generate(feed, args.services)
        print(
            f"generated {args.services:,} services ({feed.stat().st_size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        if args.only != "postgres":
            run_child("SQLite", f"sqlite:///{folder / 'bench.db'}", folder, feed)
        if args.postgres and args.only != "sqlite":
            name = f"signpost_bench_{int(time.time())}"
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            try:
                base = args.postgres.rsplit("/", 1)[0].replace(
                    "postgresql://", "postgresql+psycopg://"
                )
                run_child("PostgreSQL", f"{base}/{name}", folder, feed)
            finally:
                with psycopg.connect(args.postgres, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
