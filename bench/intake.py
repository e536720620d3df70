"""Benchmark the triage queue, the contact pages and the casework reports on a busy team's year.

    .venv/bin/python bench/intake.py [--referrals 20000] [--runs 3]
    DATABASE_URL=postgresql://127.0.0.1:5432/test .venv/bin/python bench/intake.py

Generates its own data in a throwaway database (as bench/reports.py does): one team of ten
co-ordinators, --referrals referrals into it over a year (a tenth still open), 5,000 clients
and ten contacts each. Then requests each page through the test client and prints the best and
median of --runs timings. The target is under 1 s each.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from accounts.auth import LAST_SEEN  # noqa: E402
from accounts.models import Role, Team, TeamMembership, User, UserRole  # noqa: E402
from bench.reports import bench_app, close_database  # noqa: E402
from core.extensions import db  # noqa: E402
from referrals.contact_models import ClientContact, ContactMode, ContactOutcome  # noqa: E402
from referrals.intake_models import (  # noqa: E402
    DeclineReason,
    IntakeReferral,
    IntakeSource,
    IntakeStatus,
    Urgency,
)
from referrals.models import Client, ClientStatus  # noqa: E402

NOW = datetime.now(UTC)
CLIENTS = 5000
CONTACTS_EACH = 10


def generate(referrals: int, seed: int = 16) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 - test data
    team = Team(name="Staying Well North")
    db.session.add(team)
    db.session.flush()
    people = []
    for number in range(11):
        user = User(email=f"bench{number}@example.org", name=f"Bench {number}")
        db.session.add(user)
        db.session.flush()
        people.append(user.id)
    role = Role.CAPACITY_LEAD
    db.session.execute(insert(UserRole), [{"user_id": people[0], "role": role}])
    db.session.execute(
        insert(UserRole), [{"user_id": i, "role": Role.COORDINATOR} for i in people[1:]]
    )
    db.session.execute(
        insert(TeamMembership), [{"team_id": team.id, "user_id": i} for i in people[1:]]
    )
    rows = []
    for number in range(referrals):
        received = NOW - timedelta(days=rng.uniform(0, 365))
        status = IntakeStatus.NEW if number % 10 == 0 else rng.choice(list(IntakeStatus))
        contacted = status is not IntakeStatus.NEW and rng.random() < 0.9
        rows.append(
            {
                "team_id": team.id,
                "source": rng.choice(list(IntakeSource)),
                "referrer_name": "Dr Bench",
                "referrer_organisation": f"Surgery {number % 40}",
                "referrer_email": "dr.bench@example.org",
                "reason": "Isolated",
                "urgency": rng.choice(list(Urgency)),
                "first_name": f"Person{number}",
                "last_name": "Bench",
                "phone": "01204 555 0100",
                "consent_given": True,
                "status": status,
                "received_at": received,
                "due_on": received.date() + timedelta(days=14),
                "allocated_to_id": rng.choice(people[1:]),
                "first_contact_at": received + timedelta(days=rng.uniform(0, 20))
                if contacted
                else None,
                "decline_reason": rng.choice(list(DeclineReason))
                if status is IntakeStatus.DECLINED
                else None,
                "version": 1,
            }
        )
    db.session.execute(insert(IntakeReferral), rows)
    clients = [
        {
            "first_name": f"Client{number}",
            "last_name": "Bench",
            "consent_given_on": date(2026, 1, 1),
            "owner_id": people[1 + number % 10],
            "team_id": team.id,
            "status": ClientStatus.OPEN,
            "created_at": NOW - timedelta(days=rng.uniform(30, 400)),
            "version": 1,
        }
        for number in range(CLIENTS)
    ]
    db.session.execute(insert(Client), clients)
    client_ids = [c.id for c in db.session.scalars(db.select(Client))]
    contacts = []
    for client_id in client_ids:
        for _ in range(CONTACTS_EACH):
            at = NOW - timedelta(days=rng.uniform(0, 365))
            contacts.append(
                {
                    "client_id": client_id,
                    "at": at,
                    "mode": rng.choice(list(ContactMode)),
                    "outcome": rng.choice(list(ContactOutcome)),
                    "note": "Bench note",
                    "next_contact_on": (at + timedelta(days=14)).date(),
                    "created_at": at,
                }
            )
    db.session.execute(insert(ClientContact), contacts)
    db.session.commit()
    return {"referrals": referrals, "clients": CLIENTS, "contacts": len(contacts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--referrals", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app, pg_name = bench_app("signpost-bench-intake-", MAIL_SEND_AFTER_COMMIT=False)
    try:
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            counts = generate(args.referrals)
            print(f"database: {db.engine.dialect.name}")
            print(
                "generated "
                + ", ".join(f"{n:,} {name}" for name, n in counts.items())
                + f" in {time.perf_counter() - started:.1f} s"
            )
            lead = db.session.get(User, 1).get_id()
            coordinator = db.session.get(User, 2).get_id()
            open_id = db.session.scalar(
                db.select(IntakeReferral.id).where(IntakeReferral.status == IntakeStatus.NEW)
            )
            client_id = db.session.scalar(db.select(Client.id))
        year = f"from={(NOW - timedelta(days=365)).date()}&to={date.today()}"
        pages = [
            (coordinator, "/intake"),
            (coordinator, "/intake?view=all"),
            (coordinator, f"/intake/{open_id}"),
            (coordinator, f"/clients/{client_id}/contacts"),
            (coordinator, "/caseload/next-contacts"),
            (lead, f"/admin/reports/referrals-in?{year}"),
            (lead, f"/admin/reports/contacts?{year}"),
        ]
        print(f"{'page':58} {'best':>8} {'median':>8}")
        worst = 0.0
        for who, path in pages:
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = who
                session[LAST_SEEN] = time.time()
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(path)
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
            worst = max(worst, statistics.median(timings))
            shown = path.split("?from=")[0]
            print(f"{shown:58} {min(timings):7.3f}s {statistics.median(timings):7.3f}s")
        print(f"slowest median: {worst:.3f} s ({'under' if worst < 1 else 'OVER'} the 1 s target)")
    finally:
        close_database(app, pg_name)


if __name__ == "__main__":
    main()
