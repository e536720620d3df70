"""Time the gap map on the demo borough, and show how its scores spread.

    .venv/bin/python bench/gaps.py [--runs 5]
    DATABASE_URL=postgresql://127.0.0.1:5432/test .venv/bin/python bench/gaps.py

Loads the demo (`signpost seed demo`) into a throwaway database (SQLite in a temporary folder,
or a new PostgreSQL database next to DATABASE_URL's, dropped afterwards), then requests the gap
pages as the demo's capacity lead through the test client and prints the best and median of
--runs timings (target: under 1 s), the time compute_supply takes on its own, and the spread of
support and gap scores across neighbourhoods.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select  # noqa: E402

from accounts.auth import LAST_SEEN  # noqa: E402
from accounts.models import User  # noqa: E402
from admin.reports import gaps  # noqa: E402
from admin.reports.filters import ReportFilter  # noqa: E402
from bench.reports import bench_app, close_database  # noqa: E402
from core.extensions import db  # noqa: E402
from core.models import utcnow  # noqa: E402
from directory.themes import Theme  # noqa: E402
from seeds.loader import load_demo  # noqa: E402

LEAD = "lead@example.org"
PAGES = ["/admin/gaps", "/admin/gaps?theme=getting_out", "/admin/gaps/E05000665"]


def _timed(call, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--profile", action="store_true", help="also print where compute_supply spends its time"
    )
    args = parser.parse_args()
    app, pg_name = bench_app("signpost-bench-gaps-")
    try:
        with app.app_context():
            upgrade()
            load_demo()
            db.session.commit()
            print(f"database: {db.engine.dialect.name}, demo borough loaded")
            lead_id = db.session.scalar(select(User).where(User.email == LEAD)).get_id()
            reach = gaps.Reach(
                float(app.config["GAP_WALK_KM"]),
                float(app.config["GAP_TRAVEL_KM"]),
                float(app.config["GAP_WAITLIST_WEIGHT"]),
            )
            hoods = gaps.neighbourhoods()
            today = utcnow().date()
            supply_times = _timed(lambda: gaps.compute_supply(hoods, today, reach), args.runs)
            print(f"compute_supply: best {min(supply_times) * 1000:.1f} ms")
            if args.profile:
                profile = cProfile.Profile()
                profile.runcall(gaps.compute_supply, hoods, today, reach)
                pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
            period = ReportFilter(date_from=today - timedelta(days=365), date_to=today)
            for theme in (None, Theme.GETTING_OUT, Theme.CARER_SUPPORT):
                report = ReportFilter(period.date_from, period.date_to, theme=theme)
                rows = gaps.gap_map(report, today, reach).rows
                support = [row.supply for row in rows]
                scores = [row.score for row in rows]
                print(
                    f"{theme.label if theme else 'All themes':20} support "
                    f"{min(support):6.1f} to {max(support):6.1f}, gap score "
                    f"{min(scores):5.2f} to {max(scores):5.2f}"
                )
            db.session.remove()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = lead_id
            session[LAST_SEEN] = time.time()
        query = f"from={date.today() - timedelta(days=365)}&to={date.today()}"
        print(f"{'page':40} {'best':>8} {'median':>8}")
        worst = 0.0
        for page in PAGES:
            path = page + ("&" if "?" in page else "?") + query

            def fetch(path: str = path) -> None:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)

            timings = _timed(fetch, args.runs)
            worst = max(worst, statistics.median(timings))
            print(f"{page:40} {min(timings):7.3f}s {statistics.median(timings):7.3f}s")
        print(f"slowest median: {worst:.3f} s ({'under' if worst < 1 else 'OVER'} the 1 s target)")
    finally:
        close_database(app, pg_name)


if __name__ == "__main__":
    main()
