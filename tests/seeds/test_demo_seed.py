"""The demo borough loads through the CLI, is realistic enough to demo, and loads idempotently."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from core.extensions import db
from directory.gazetteer import Neighbourhood, Postcode
from directory.models import (
    Location,
    Organisation,
    OrganisationKind,
    Service,
    ServiceAtLocation,
    ServiceTheme,
)
from directory.themes import Theme
from referrals.models import Action, Assessment, Client, Referral, ReferralEvent, Shortlist

SEEDED = (
    Organisation,
    Service,
    Location,
    Postcode,
    Client,
    Assessment,
    Action,
    Shortlist,
    Referral,
    ReferralEvent,
)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_is_idempotent(app, runner) -> None:
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "Demo borough loaded" in first.output
    with app.app_context():
        before = {m.__name__: _count(m) for m in SEEDED}
        assert before["Client"] > 0 and before["ReferralEvent"] > before["Referral"] > 0
        uuids = set(db.session.scalars(select(Service.uuid)))
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        after = {m.__name__: _count(m) for m in SEEDED}
        assert after == before
        assert set(db.session.scalars(select(Service.uuid))) == uuids


def test_demo_borough_is_rich_and_uneven(demo_app) -> None:
    with demo_app.app_context():
        assert _count(Organisation) >= 80
        assert _count(Service) >= 200
        kinds = set(db.session.scalars(select(Organisation.kind)))
        assert kinds == set(OrganisationKind)
        themes = set(db.session.scalars(select(ServiceTheme.theme)))
        assert themes == set(Theme)
        assert _count(Neighbourhood) >= 15
        assert db.session.scalar(select(func.count()).where(Location.confidential.is_(True))) >= 3
        never_checked = db.session.scalar(
            select(func.count()).where(Service.last_verified_at.is_(None))
        )
        assert never_checked >= 1

        # Supply is deliberately uneven: count services located per neighbourhood and theme.
        rows = db.session.execute(
            select(Location.neighbourhood_id, ServiceTheme.theme)
            .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
            .join(ServiceTheme, ServiceTheme.service_id == ServiceAtLocation.service_id)
            .distinct()
        ).all()
        per_hood = Counter(hood for hood, _ in rows if hood is not None)
        assert len(per_hood) >= 15
        assert min(per_hood.values()) < len(Theme)  # some neighbourhood lacks some theme

        # Every location's postcode is in the gazetteer and placed in the borough.
        orphans = db.session.scalar(
            select(func.count())
            .select_from(Location)
            .outerjoin(Postcode, Postcode.postcode == Location.postcode)
            .where(Postcode.postcode.is_(None))
        )
        assert orphans == 0
