"""A small borough whose gap-map and report figures are worked out by hand in the tests.

Three neighbourhoods: A, B about 9.9 km east of A, C about 8.9 km south of A. Reach is 2 km.
Themes used: F (friends and family) and M (money). The period is the first half of 2026.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from accounts.models import Role, Team, User
from admin.reports.filters import ReportFilter
from core.extensions import db
from core.models import utcnow
from directory.gazetteer import Neighbourhood, Postcode
from directory.models import CapacityStatus, Organisation, Service, ServiceStatus
from directory.themes import Theme
from referrals.models import (
    Action,
    ActionKind,
    ActionStatus,
    Assessment,
    AssessmentStage,
    Client,
    Referral,
    WheelScore,
)
from referrals.states import ReferralReason, ReferralState
from search.models import SearchLog
from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401

F, M, H = Theme.FRIENDS_AND_FAMILY, Theme.MONEY, Theme.HEALTH
PERIOD = ReportFilter(date_from=date(2026, 1, 1), date_to=date(2026, 6, 30))
REACH_KM, WAITLIST_WEIGHT = 2.0, 0.5


def at(day: str, days_later: float = 0) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC) + timedelta(days=days_later)


@dataclass
class Borough:
    hoods: dict[str, Neighbourhood]
    services: dict[str, Service]
    clients: dict[str, Client]
    referrals: dict[str, Referral]
    coordinator_x: User
    coordinator_y: User
    lead: User
    team: Team


def _wheel(client: Client, day: str, scores: dict[Theme, int], **ons4: int) -> Assessment:
    assessment = Assessment(
        client=client, stage=AssessmentStage.START, taken_on=date.fromisoformat(day), **ons4
    )
    for theme in Theme:
        assessment.scores.append(WheelScore(theme=theme, score=scores.get(theme, 3)))
    db.session.add(assessment)
    return assessment


@pytest.fixture
def borough(make_service, make_organisation, make_user) -> Borough:  # noqa: F811
    hoods = {
        "A": Neighbourhood(code="E05000001", name="Alpha", latitude=53.58, longitude=-2.43),
        "B": Neighbourhood(code="E05000002", name="Beta", latitude=53.58, longitude=-2.28),
        "C": Neighbourhood(code="E05000003", name="Gamma", latitude=53.50, longitude=-2.43),
    }
    db.session.add_all(hoods.values())
    db.session.flush()
    today = utcnow().date()
    now = utcnow()
    services = {
        # s1: F, 0.56 km from A's centre: reaches A, counts 1.
        "s1": make_service(name="Alpha friendship club", themes=[F], lat=53.585, lon=-2.43),
        # s2: F, waitlisted, 1.3 km from B: reaches B at half weight.
        "s2": make_service(
            name="Beta befriending",
            themes=[F],
            lat=53.58,
            lon=-2.26,
            capacity_status=CapacityStatus.WAITLIST,
            last_verified_at=now - timedelta(days=100),
        ),
        # s3: F, paused with no end date, borough-wide: reaches everywhere, counts 0.
        "s3": make_service(
            name="Borough phone friends",
            themes=[F],
            capacity_status=CapacityStatus.PAUSED,
            areas=[{"kind": "borough"}],
            last_verified_at=now - timedelta(days=200),
        ),
        # s4: M, neighbourhood area C.
        "s4": make_service(
            name="Gamma money advice",
            themes=[M],
            areas=[{"kind": "neighbourhood", "neighbourhood_id": hoods["C"].id}],
            last_verified_at=now - timedelta(days=400),
        ),
        # s5: M, 3 km radius around a point 2 km east of A: takes in A's centre only.
        "s5": make_service(
            name="Benefits bus",
            themes=[M],
            areas=[{"kind": "radius", "radius_km": 3.0, "latitude": 53.58, "longitude": -2.40}],
            last_verified_at=None,
        ),
        # s6: F, 3 km north of A: too far to reach it, but near.
        "s6": make_service(name="North walking group", themes=[F], lat=53.607, lon=-2.43),
        # s7: F, in A but closed for good: never counts.
        "s7": make_service(
            name="Closed club", themes=[F], lat=53.58, lon=-2.43, status=ServiceStatus.INACTIVE
        ),
        # s8: F, at C's centre; its pause ended yesterday, so it counts 1.
        "s8": make_service(
            name="Gamma lunch club",
            themes=[F],
            lat=53.50,
            lon=-2.43,
            capacity_status=CapacityStatus.PAUSED,
            paused_until=today - timedelta(days=1),
        ),
    }
    x = make_user(name="Xena Coordinator")
    y = make_user(name="Yusuf Coordinator")
    lead = make_user(roles=[Role.CAPACITY_LEAD], name="Lee Lead")
    team = Team(name="Staying Well West")
    db.session.add(team)
    db.session.flush()

    def client(key: str, owner: User, hood: str | None) -> Client:
        made = Client(
            first_name=f"Client {key}",
            last_name="Example",
            consent_given_on=date(2026, 1, 1),
            owner_id=owner.id,
            team_id=team.id if owner is x else None,
            neighbourhood_id=hoods[hood].id if hood else None,
        )
        db.session.add(made)
        return made

    clients = {
        "c1": client("c1", x, "A"),
        "c2": client("c2", x, "A"),
        "c3": client("c3", y, "B"),
        "c4": client("c4", y, None),
        "c5": client("c5", y, "C"),
    }
    db.session.flush()
    c1, c2, c3, c4, c5 = clients.values()
    _wheel(c1, "2026-02-01", {F: 1, M: 4, H: 2}, **_ons4(4, 5, 6, 7))
    _wheel(c1, "2026-05-01", {F: 3, M: 2, H: 1}, **_ons4(6, 6, 7, 3))
    _wheel(c1, "2026-08-01", {F: 5, M: 5, H: 5}, **_ons4(10, 10, 10, 0))  # after the period
    _wheel(c2, "2026-03-01", {F: 0, M: 5})
    _wheel(c2, "2026-06-01", {F: 2, M: 5}, **_ons4(5, 5, 5, 5))
    _wheel(c3, "2025-12-01", {F: 0})  # first wheel before the period
    _wheel(c3, "2026-04-01", {F: 2})
    _wheel(c4, "2026-02-10", {F: 0})
    _wheel(c5, "2026-07-15", {F: 0})  # after the period

    def action(
        who: Client, kind: ActionKind, theme: Theme, status: ActionStatus, day: str
    ) -> Action:
        made = Action(
            client=who,
            kind=kind,
            theme=theme,
            description="Agreed step",
            status=status,
            created_at=at(day),
        )
        db.session.add(made)
        return made

    def referral(
        key: str,
        who: Client,
        theme: Theme,
        service: Service,
        state: ReferralState,
        day: str,
        reason: ReferralReason | None = None,
        responded: float | None = None,
        closed: float | None = None,
        status: ActionStatus = ActionStatus.NOT_DONE,
    ) -> Referral:
        made = Referral(
            action=action(who, ActionKind.REFERRAL, theme, status, day),
            client_id=who.id,
            service_id=service.id,
            organisation_id=service.organisation_id,
            state=state,
            reason=reason,
            referral_reason=f"Referral {key}",
            consent_to_share_on=date(2026, 1, 1),
            sent_at=at(day),
            responded_at=at(day, responded) if responded is not None else None,
            closed_at=at(day, closed) if closed is not None else None,
        )
        db.session.add(made)
        return made

    s = services
    D, C_, E = ReferralState.DECLINED, ReferralState.COMPLETED, ReferralState.EXPIRED
    referrals = {
        "r1": referral("r1", c1, F, s["s1"], D, "2026-02-05", ReferralReason.NO_CAPACITY, 2, 2),
        "r2": referral(
            "r2", c1, F, s["s1"], C_, "2026-02-10", None, 1, 11, status=ActionStatus.DONE
        ),
        "r3": referral("r3", c3, F, s["s2"], E, "2026-04-05", None, None, 14),
        "r4": referral("r4", c2, M, s["s5"], D, "2026-03-05", ReferralReason.NOT_ELIGIBLE, 4, 4),
        "r5": referral("r5", c3, F, s["s2"], D, "2025-11-01", ReferralReason.NO_CAPACITY, 1, 1),
        "r6": referral("r6", c2, M, s["s4"], ReferralState.WITHDRAWN, "2026-03-10", None, 3, 5),
        "r7": referral(
            "r7", c3, F, s["s2"], ReferralState.SENT, "2026-06-20", status=ActionStatus.OPEN
        ),
        "r8": referral(
            "r8",
            c1,
            F,
            s["s1"],
            ReferralState.ACCEPTED,
            "2026-05-02",
            None,
            6,
            status=ActionStatus.OPEN,
        ),  # fmt: skip
    }
    action(c1, ActionKind.SERVICE_RECOMMENDATION, F, ActionStatus.DONE, "2026-02-02")
    action(c2, ActionKind.SERVICE_RECOMMENDATION, M, ActionStatus.OPEN, "2026-03-02")
    action(c3, ActionKind.INFORMATION_GIVEN, F, ActionStatus.DONE, "2026-04-02")
    action(c1, ActionKind.CLIENT_ACTION, H, ActionStatus.NOT_DONE, "2026-02-03")
    action(c4, ActionKind.COORDINATOR_TASK, F, ActionStatus.DONE, "2026-02-11")
    action(c5, ActionKind.CLIENT_ACTION, F, ActionStatus.DONE, "2026-07-20")  # after

    # Postcodes for sharing out searches by outward code: BL9 is 3 parts A, 1 part B.
    for number, code in enumerate(["E05000001"] * 3 + ["E05000002"]):
        db.session.add(
            Postcode(
                postcode=f"BL9 {number}AA",
                outward="BL9",
                latitude=53.58,
                longitude=-2.43 if code == "E05000001" else -2.28,  # at its centre
                neighbourhood_code=code,
            )
        )
    searches = [
        ("E05000003", None, {"theme": ["money"]}, 0, "2026-03-01"),
        (None, "BL9", {"theme": ["friends_and_family"]}, 0, "2026-03-02"),
        ("E05000002", None, {}, 0, "2026-03-03"),
        ("E05000001", None, {"theme": ["friends_and_family"]}, 3, "2026-03-04"),  # found some
        (None, None, {"near": "Atlantis"}, 0, "2026-03-05"),  # nowhere we know
        ("E05000001", None, {"theme": ["friends_and_family"]}, 0, "2025-12-15"),  # before
    ]
    for code, outward, filters, found, day in searches:
        db.session.add(
            SearchLog(
                at=at(day),
                neighbourhood_code=code,
                outward_code=outward,
                filters=filters,
                result_count=found,
            )
        )
    db.session.flush()
    return Borough(hoods, services, clients, referrals, x, y, lead, team)


def _ons4(life: int, worthwhile: int, happiness: int, anxiety: int) -> dict[str, int]:
    return {
        "ons4_life_satisfaction": life,
        "ons4_worthwhile": worthwhile,
        "ons4_happiness": happiness,
        "ons4_anxiety": anxiety,
    }


@pytest.fixture
def period() -> ReportFilter:
    return PERIOD


@pytest.fixture
def with_filter() -> Callable[..., ReportFilter]:
    def make(**changes: Any) -> ReportFilter:
        return ReportFilter(**{**PERIOD.__dict__, **changes})

    return make


@dataclass
class Partners:
    """Two referring partner organisations, on top of the borough (whose referrals have none)."""

    fire: Organisation
    visitors: Organisation
    fire_client: Client
    provider_organisation: Organisation  # a member who is not a referring partner


@pytest.fixture
def partners(borough: Borough, make_organisation, make_user) -> Partners:  # noqa: F811
    """Partner referrals in the period: Fire 4 (1 more before it), Visitors 3.

    Fire:     completed (answer 1 day, closed 5), declined no capacity (2), expired,
              accepted (3); and one completed in October 2025, before the period.
    Visitors: not completed (answer 2, closed 10), withdrawn after accepting (1), sent.
    The borough's 7 in-period referrals were sent by co-ordinators without a partner.
    """
    fire = make_organisation(name="Fire and rescue home visits")
    visitors = make_organisation(name="Care and repair visitors")
    firefighter = make_user(
        roles=[Role.PROVIDER], organisations=[fire], referring_partner=True, name="Fay Fire"
    )
    visitor = make_user(
        roles=[Role.PROVIDER], organisations=[visitors], referring_partner=True, name="Val Visit"
    )
    provider_organisation = borough.services["s1"].organisation
    make_user(roles=[Role.PROVIDER], organisations=[provider_organisation], name="Pat Provider")

    def client(key: str, owner: User) -> Client:
        made = Client(
            first_name=f"Partner client {key}",
            last_name="Example",
            consent_given_on=date(2025, 9, 1),
            owner_id=owner.id,
            team_id=None,
        )
        db.session.add(made)
        return made

    fire_client, visitor_client = client("f", firefighter), client("v", visitor)
    db.session.flush()
    # A co-ordinator later took a wheel with the fire service's client.
    _wheel(fire_client, "2026-02-15", {F: 1})

    def referral(
        partner: Organisation,
        who: Client,
        theme: Theme,
        service: Service,
        state: ReferralState,
        day: str,
        status: ActionStatus,
        responded: float | None = None,
        closed: float | None = None,
        reason: ReferralReason | None = None,
    ) -> None:
        action = Action(
            client=who,
            kind=ActionKind.REFERRAL,
            theme=theme,
            description=f"Referral to {service.name}",
            service_id=service.id,
            status=status,
            created_at=at(day),
        )
        db.session.add(action)
        db.session.add(
            Referral(
                action=action,
                client_id=who.id,
                service_id=service.id,
                organisation_id=service.organisation_id,
                referring_partner_organisation_id=partner.id,
                state=state,
                reason=reason,
                referral_reason="Partner checklist",
                consent_to_share_on=date(2025, 9, 1),
                sent_at=at(day),
                responded_at=at(day, responded) if responded is not None else None,
                closed_at=at(day, closed) if closed is not None else None,
            )
        )

    s = borough.services
    done, not_done, open_ = ActionStatus.DONE, ActionStatus.NOT_DONE, ActionStatus.OPEN
    fc, vc = fire_client, visitor_client
    referral(fire, fc, F, s["s1"], ReferralState.COMPLETED, "2026-02-20", done, 1, 5)
    referral(
        fire, fc, F, s["s2"], ReferralState.DECLINED, "2026-03-01", not_done, 2, 2,
        ReferralReason.NO_CAPACITY,
    )  # fmt: skip
    referral(fire, fc, M, s["s4"], ReferralState.EXPIRED, "2026-03-10", not_done, None, 14)
    referral(fire, fc, F, s["s1"], ReferralState.ACCEPTED, "2026-04-01", open_, 3)
    referral(fire, fc, F, s["s1"], ReferralState.COMPLETED, "2025-10-01", done, 1, 4)  # before
    referral(visitors, vc, M, s["s5"], ReferralState.NOT_COMPLETED, "2026-02-01", not_done, 2, 10)
    referral(visitors, vc, F, s["s2"], ReferralState.WITHDRAWN, "2026-03-15", not_done, 1, 3)
    referral(visitors, vc, M, s["s4"], ReferralState.SENT, "2026-06-01", open_)
    db.session.flush()
    return Partners(fire, visitors, fire_client, provider_organisation)
