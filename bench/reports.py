"""Benchmark the gap map and the report pages on a large borough's year.

    .venv/bin/python bench/reports.py [--scale 1.0] [--runs 3] [--page groups]
    DATABASE_URL=postgresql://127.0.0.1:5432/test .venv/bin/python bench/reports.py

Generates its own data (no demo seed) in a throwaway database (SQLite in a temporary folder,
or a new PostgreSQL database next to DATABASE_URL's, dropped afterwards): 40 neighbourhoods,
5,000 services, 10,000 clients with about 20,000 wheels, 40,000 actions, 15,000 referrals
and 3,000 zero-result searches. Then requests every page as the capacity lead through the
test client and prints the best and median of --runs timings. The target is under 1 s each.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from accounts.auth import LAST_SEEN  # noqa: E402
from accounts.models import Role, Team, User, UserRole  # noqa: E402
from core.app import create_app  # noqa: E402
from core.extensions import db  # noqa: E402
from directory.gazetteer import Neighbourhood, Postcode  # noqa: E402
from directory.models import (  # noqa: E402
    AreaKind,
    CapacityStatus,
    Location,
    Organisation,
    OrganisationKind,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTheme,
)
from directory.themes import Theme  # noqa: E402
from referrals.models import (  # noqa: E402
    Action,
    ActionKind,
    ActionStatus,
    Assessment,
    AssessmentStage,
    Client,
    Referral,
    WheelScore,
)
from referrals.states import DECLINE_REASONS, ReferralState  # noqa: E402
from search.models import SearchLog  # noqa: E402

CENTRE = (53.578, -2.429)
THEMES = list(Theme)
NOW = datetime.now(UTC)
YEAR_AGO = NOW - timedelta(days=365)
PAGES = [
    "/admin/gaps",
    "/admin/gaps?theme=money",
    "/admin/gaps/{hood}",
    "/admin/reports/actions",
    "/admin/reports/referrals",
    "/admin/reports/wheel",
    "/admin/reports/listings",
    "/admin/reports/services",
    "/admin/reports/groups",
    # Generated data has no referrals in, contacts or plans: these show the pages' fixed cost.
    "/admin/reports/referrals-in",
    "/admin/reports/contacts",
    "/admin/reports/plan-reviews",
    "/admin/reports/referrals/referrals-by-service.csv",
    "/admin/gaps.csv",
]


def _point(rng: random.Random, spread: float = 0.08) -> tuple[float, float]:
    return CENTRE[0] + rng.uniform(-spread, spread), CENTRE[1] + rng.uniform(-1.6, 1.6) * spread


def _when(rng: random.Random) -> datetime:
    return YEAR_AGO + timedelta(seconds=rng.uniform(0, 365 * 86400))


def _bulk(model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(model), rows[start : start + 5000])


def generate(scale: float, seed: int = 11) -> dict[str, int]:
    """Insert a year of a large borough; return how many of each record."""
    rng = random.Random(seed)
    n_hoods, n_services = 40, int(5000 * scale)
    n_clients, n_actions, n_referrals = int(10000 * scale), int(40000 * scale), int(15000 * scale)

    hoods = []
    for i in range(n_hoods):
        lat, lon = _point(rng)
        hoods.append(
            {"id": i + 1, "uuid": f"h-{i}", "code": f"E0500{i:04d}", "name": f"Ward {i:02d}"}
            | {"latitude": lat, "longitude": lon, "boundary": None}
        )
    _bulk(Neighbourhood, hoods)
    postcodes = []
    for i in range(4000):
        hood = rng.choice(hoods)
        outward = f"BL{hood['id'] % 12 + 1}"
        postcodes.append(
            {"postcode": f"{outward} {i % 10}{chr(65 + i // 260 % 26)}{chr(65 + i // 10 % 26)}"}
            | {"outward": outward, "latitude": hood["latitude"], "longitude": hood["longitude"]}
            | {"neighbourhood_code": hood["code"]}
        )
    _bulk(Postcode, list({row["postcode"]: row for row in postcodes}.values()))

    n_orgs = max(1, n_services // 5)
    _bulk(
        Organisation,
        [
            {"id": i + 1, "uuid": f"o-{i}", "name": f"Organisation {i}"}
            | {"kind": OrganisationKind.VOLUNTARY, "description": ""}
            for i in range(n_orgs)
        ],
    )
    services, themes, locations, links, areas = [], [], [], [], []
    capacities = [CapacityStatus.ACCEPTING] * 8 + [CapacityStatus.WAITLIST, CapacityStatus.PAUSED]
    for i in range(n_services):
        sid = i + 1
        services.append(
            {"id": sid, "uuid": f"s-{i}", "organisation_id": i % n_orgs + 1}
            | {"name": f"Service {i}", "description": "", "status": ServiceStatus.ACTIVE}
            | {"capacity_status": rng.choice(capacities), "access_methods": [], "languages": []}
            | {"accessibility": [], "delivery_methods": [], "keywords": []}
            | {"last_verified_at": NOW - timedelta(days=rng.randint(0, 700))}
        )
        for theme in rng.sample(THEMES, rng.randint(1, 3)):
            themes.append({"service_id": sid, "theme": theme})
        roll = rng.random()
        if roll < 0.8:
            lat, lon = _point(rng)
            locations.append(
                {"id": sid, "uuid": f"l-{i}", "organisation_id": i % n_orgs + 1}
                | {"name": f"Venue {i}", "latitude": lat, "longitude": lon}
                | {"neighbourhood_id": rng.choice(hoods)["id"]}
            )
            links.append({"uuid": f"sal-{i}", "service_id": sid, "location_id": sid})
        if roll > 0.7:
            kind = rng.choice(list(AreaKind))
            lat, lon = _point(rng)
            areas.append(
                {"uuid": f"a-{i}", "service_id": sid, "kind": kind}
                | {
                    "neighbourhood_id": rng.choice(hoods)["id"]
                    if kind is AreaKind.NEIGHBOURHOOD
                    else None
                }
                | {"radius_km": 3.0, "latitude": lat, "longitude": lon}
            )
    _bulk(Service, services)
    _bulk(ServiceTheme, themes)
    _bulk(Location, locations)
    _bulk(ServiceAtLocation, links)
    _bulk(ServiceArea, areas)

    users = [{"id": 1, "email": "lead@bench.invalid", "name": "Lead"}] + [
        {"id": i + 2, "email": f"coordinator{i}@bench.invalid", "name": f"Co-ordinator {i}"}
        for i in range(30)
    ]
    _bulk(User, users)
    _bulk(UserRole, [{"user_id": 1, "role": Role.CAPACITY_LEAD}])
    _bulk(UserRole, [{"user_id": u["id"], "role": Role.COORDINATOR} for u in users[1:]])
    _bulk(Team, [{"id": i + 1, "name": f"Team {i}"} for i in range(5)])

    clients, assessments, scores = [], [], []
    for i in range(n_clients):
        owner = rng.randint(2, 31)
        created = _when(rng)
        clients.append(
            {"id": i + 1, "uuid": f"c-{i}", "first_name": "Bench", "last_name": f"Client {i}"}
            | {"consent_given_on": created.date(), "owner_id": owner, "team_id": owner % 5 + 1}
            | {"neighbourhood_id": rng.choice(hoods)["id"], "created_at": created}
        )
        taken = created.date()
        for stage in range(rng.choice([1, 2, 2, 3])):
            aid = len(assessments) + 1
            ons4 = rng.random() < 0.5
            assessments.append(
                {"id": aid, "client_id": i + 1, "stage": AssessmentStage.START, "taken_on": taken}
                | {"ons4_life_satisfaction": rng.randint(0, 10) if ons4 else None}
                | {"ons4_worthwhile": rng.randint(0, 10) if ons4 else None}
                | {"ons4_happiness": rng.randint(0, 10) if ons4 else None}
                | {"ons4_anxiety": rng.randint(0, 10) if ons4 else None}
            )
            for theme in THEMES:
                scores.append(
                    {
                        "assessment_id": aid,
                        "theme": theme,
                        "score": min(5, rng.randint(0, 4) + stage),
                    }
                )
            taken += timedelta(days=rng.randint(20, 90))
    _bulk(Client, clients)
    _bulk(Assessment, assessments)
    _bulk(WheelScore, scores)

    actions, referrals = [], []
    other_kinds = [k for k in ActionKind if k is not ActionKind.REFERRAL]
    for i in range(n_actions):
        client = clients[rng.randrange(n_clients)]
        is_referral = i < n_referrals
        created = _when(rng)
        actions.append(
            {"id": i + 1, "client_id": client["id"], "theme": rng.choice(THEMES)}
            | {"kind": ActionKind.REFERRAL if is_referral else rng.choice(other_kinds)}
            | {"description": "Bench action", "status": rng.choice(list(ActionStatus))}
            | {"created_at": created, "service_id": rng.randint(1, n_services)}
        )
        if is_referral:
            state = rng.choice(list(ReferralState))
            answered = state not in (ReferralState.SENT, ReferralState.EXPIRED)
            service = services[actions[-1]["service_id"] - 1]
            referrals.append(
                {"uuid": f"r-{i}", "action_id": i + 1, "client_id": client["id"]}
                | {"service_id": service["id"], "organisation_id": service["organisation_id"]}
                | {
                    "state": state,
                    "referral_reason": "Bench",
                    "consent_to_share_on": created.date(),
                }
                | {
                    "reason": rng.choice(DECLINE_REASONS)
                    if state is ReferralState.DECLINED
                    else None
                }
                | {"sent_at": created, "version": 1}
                | {
                    "responded_at": created + timedelta(days=rng.uniform(0, 10))
                    if answered
                    else None
                }
                | {
                    "closed_at": created + timedelta(days=rng.uniform(5, 60))
                    if state.is_closed
                    else None
                }
            )
    _bulk(Action, actions)
    _bulk(Referral, referrals)

    searches = []
    for _ in range(int(3000 * scale)):
        hood = rng.choice(hoods)
        by_outward = rng.random() < 0.4
        searches.append(
            {"at": _when(rng), "query_text": "bench", "result_count": 0, "channel": "page"}
            | {"neighbourhood_code": None if by_outward else hood["code"]}
            | {"outward_code": f"BL{hood['id'] % 12 + 1}" if by_outward else None}
            | {"filters": {"theme": [rng.choice(THEMES).value]} if rng.random() < 0.7 else {}}
        )
    _bulk(SearchLog, searches)
    db.session.commit()
    # A live database has statistics (autovacuum); fresh bulk-loaded tables have none yet.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    return {
        "neighbourhoods": n_hoods,
        "services": n_services,
        "clients": n_clients,
        "wheels": len(assessments),
        "actions": n_actions,
        "referrals": len(referrals),
        "searches": len(searches),
    }


def _database(url: str | None, folder: Path) -> tuple[str, str | None]:
    """A new database: (SQLAlchemy URL, PostgreSQL name to drop or None)."""
    if not url or not url.startswith(("postgres://", "postgresql")):
        return f"sqlite:///{folder / 'bench.db'}", None
    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    name = f"signpost_bench_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(plain)
    return urlunsplit(("postgresql+psycopg", parts.netloc, f"/{name}", "", "")), name


def bench_app(prefix: str, **overrides: Any) -> tuple[Any, str | None]:
    """A throwaway app on a new database (DATABASE_URL's server, else SQLite): (app, pg name)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    url, pg_name = _database(os.environ.get("DATABASE_URL"), folder)
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_DIR": str(folder),
        "SECRET_KEY": "bench-only",
        "SERVER_NAME": "localhost",
        "BASE_URL": "http://localhost",
        "MAP_TILE_URL": "",
    }
    return create_app({**config, **overrides}), pg_name


def close_database(app: Any, pg_name: str | None) -> None:
    """Close the app's connections and drop the throwaway PostgreSQL database, if any."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if pg_name:
        plain = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def _profile(client: Any, path: str) -> None:
    """Print the project's own functions that one request spends the most time in."""
    profile = cProfile.Profile()
    profile.runcall(client.get, path)
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(r"^(?!.*site-packages).*\.py", 25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--profile", metavar="PAGE", help="also print where the time goes for pages containing PAGE"
    )
    parser.add_argument(
        "--page",
        action="append",
        metavar="PAGE",
        help="time only the pages containing PAGE (repeatable; default every page)",
    )
    args = parser.parse_args()
    pages = [p for p in PAGES if not args.page or any(part in p for part in args.page)]
    if not pages:
        parser.error(f"no page contains {' or '.join(args.page)}")
    app, pg_name = bench_app("signpost-bench-")
    try:
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            counts = generate(args.scale)
            print(f"database: {db.engine.dialect.name}")
            print(
                "generated "
                + ", ".join(f"{n:,} {name}" for name, n in counts.items())
                + f" in {time.perf_counter() - started:.1f} s"
            )
            lead_id = db.session.get(User, 1).get_id()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = lead_id
            session[LAST_SEEN] = time.time()
        query = f"from={(NOW - timedelta(days=365)).date()}&to={date.today()}"
        print(f"{'page':58} {'best':>8} {'median':>8}")
        worst = 0.0
        for page in pages:
            path = page.format(hood="E05000007")
            path += ("&" if "?" in path else "?") + query
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(path)
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
            worst = max(worst, statistics.median(timings))
            print(f"{page:58} {min(timings):7.3f}s {statistics.median(timings):7.3f}s")
            if args.profile and args.profile in page:
                _profile(client, path)
        print(f"slowest median: {worst:.3f} s ({'under' if worst < 1 else 'OVER'} the 1 s target)")
    finally:
        close_database(app, pg_name)


if __name__ == "__main__":
    main()
