"""Item 7 of issue 14: running `signpost seed demo` again (as `make run` does) keeps what people
changed in the app; overwriting is the explicit `--reset --yes`."""

from __future__ import annotations

import copy

from sqlalchemy import select
from werkzeug.security import check_password_hash

from accounts.models import Role, User
from core.extensions import db
from core.models import utcnow
from directory import editing, versions
from directory.models import ScheduleSlot, Service
from seeds.users import DEMO_PASSWORD

SATURDAY = 5


def _saturdays(service: Service) -> list[str]:
    return [
        f"{slot.opens_at:%H:%M}-{slot.closes_at:%H:%M}"
        for slot in service.schedules
        if slot.weekday == SATURDAY
    ]


def test_seed_demo_again_keeps_an_approved_saturday_opening(app, runner) -> None:
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    with app.app_context():
        lead = db.session.scalars(select(User).where(User.email == "lead@example.org")).one()
        assert Role.CAPACITY_LEAD in lead.roles
        service = db.session.scalars(
            select(Service)
            .join(ScheduleSlot, ScheduleSlot.service_id == Service.id)
            .where(Service.external_id.like("bolton:%"))
            .order_by(Service.id)
        ).first()
        assert not _saturdays(service)
        proposed = copy.deepcopy(versions.snapshot(service))
        proposed["schedules"].append(
            {"weekday": SATURDAY, "opens_at": "10:00", "closes_at": "12:00", "location": None}
        )
        outcome = editing.save_edit(service, proposed, lead, utcnow(), "Saturday mornings")
        assert outcome is editing.EditOutcome.PUBLISHED
        lead.password_hash = "changed-by-the-lead"  # a demo account changed in the app
        db.session.commit()
        service_id, lead_id = service.id, lead.id

    again = runner.invoke(args=["seed", "demo"])
    assert again.exit_code == 0, again.output
    assert "listings kept as changed in the app" in again.output
    with app.app_context():
        service = db.session.get(Service, service_id)
        assert _saturdays(service) == ["10:00-12:00"]
        assert db.session.get(User, lead_id).password_hash == "changed-by-the-lead"

    # --reset says what it would overwrite and does nothing without --yes.
    refused = runner.invoke(args=["seed", "demo", "--reset"])
    assert refused.exit_code == 1
    assert f"service: {service.name}" in refused.output
    assert "Add --yes" in refused.output
    with app.app_context():
        assert _saturdays(db.session.get(Service, service_id)) == ["10:00-12:00"]

    reset = runner.invoke(args=["seed", "demo", "--reset", "--yes"])
    assert reset.exit_code == 0, reset.output
    with app.app_context():
        service = db.session.get(Service, service_id)
        assert _saturdays(service) == []
        # The history says so too: its latest version is the listing as it now stands.
        latest = versions.latest_version(service)
        assert latest.summary == "Reset to the demo data"
        assert latest.snapshot == versions.snapshot(service)
        lead = db.session.get(User, lead_id)
        assert check_password_hash(lead.password_hash, DEMO_PASSWORD)
