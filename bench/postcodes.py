"""Time `signpost postcodes import` on a generated NSPL-shaped file.

Generates N postcode rows (default 300,000, about the size of Greater Manchester's NSPL
extract), imports them into a fresh embedded SQLite database through the real CLI command,
and prints rows per second and peak memory. With --postgres URL it also times PostgreSQL.

    .venv/bin/python bench/postcodes.py [--rows 300000] [--postgres postgresql://127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import string
import tempfile
import time
from pathlib import Path

import psycopg
from flask_migrate import upgrade

from core.app import create_app
from core.extensions import db

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write an NSPL-layout CSV with unique postcodes; 1% have no coordinates."""
    rng = random.Random(seed)
    areas = ["BL", "M", "OL", "SK", "WN", "WA", "BB", "PR"]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pcd", "pcd2", "pcds", "dointr", "doterm", "osward", "lat", "long"])
        seen: set[str] = set()
        while len(seen) < rows:
            outward = f"{rng.choice(areas)}{rng.randint(1, 99)}"
            inward = f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
            postcode = f"{outward} {inward}"
            if postcode in seen:
                continue
            seen.add(postcode)
            ward = "E0500" + "".join(rng.choices(string.digits, k=4))
            if rng.random() < 0.01:
                lat, lon = "99.999999", "0.000000"
            else:
                lat = f"{53.3 + rng.random() * 0.6:.6f}"
                lon = f"{-2.9 + rng.random() * 1.0:.6f}"
            writer.writerow([postcode, postcode, postcode, "198001", "", ward, lat, lon])


def run_import(database_url: str, instance: Path, csv_path: Path) -> tuple[float, str]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_DIR": str(instance),
            "BASE_URL": "http://localhost",
        }
    )
    with app.app_context():
        upgrade()
    runner = app.test_cli_runner()
    started = time.perf_counter()
    result = runner.invoke(args=["postcodes", "import", str(csv_path)])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(result.output)
    with app.app_context():
        db.engine.dispose()
    return elapsed, result.output.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument(
        "--postgres", help="server URL to also time PostgreSQL (a database is made and dropped)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "nspl.csv"
        started = time.perf_counter()
        generate(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        took = time.perf_counter() - started
        print(f"generated {args.rows:,} rows ({size_mb:.1f} MB) in {took:.1f} s")

        elapsed, summary = run_import(f"sqlite:///{folder / 'bench.db'}", folder, csv_path)
        print(f"SQLite:     {elapsed:6.1f} s  {args.rows / elapsed:>9,.0f} rows/s  ({summary})")

        if args.postgres:
            name = f"signpost_bench_{int(time.time())}"
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            try:
                base = args.postgres.rsplit("/", 1)[0].replace(
                    "postgresql://", "postgresql+psycopg://"
                )
                elapsed, summary = run_import(f"{base}/{name}", folder, csv_path)
                rate = args.rows / elapsed
                print(f"PostgreSQL: {elapsed:6.1f} s  {rate:>9,.0f} rows/s  ({summary})")
            finally:
                with psycopg.connect(args.postgres, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (whole process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
