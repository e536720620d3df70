"""A small caseload with outcomes worked out by hand.

Walking group (organisation A): 6 people referred and completed; each scored every wheel theme
2 then 4 (+2), ONS4 life satisfaction 4 then 7 (+3) and SWEMWBS raw 14 then 21 (15.32 then
19.25 metric: +3.93). Money advice (organisation B): 2 people completed, too few to show.
Six people are White British in deprivation decile 1; the two money advice people are Indian
in decile 9.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from accounts.models import Role, User
from core.extensions import db
from core.models import utcnow
from directory.gazetteer import Postcode
from directory.models import Organisation, Service
from directory.themes import Theme
from referrals.equality_models import EqualityMonitoring
from referrals.measure_models import MeasureResult
from referrals.models import (
    Action,
    ActionKind,
    Assessment,
    AssessmentStage,
    Client,
    Referral,
    WheelScore,
)
from referrals.states import ReferralState
from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401

SWEMWBS_ITEMS = (
    "optimistic",
    "useful",
    "relaxed",
    "dealing_with_problems",
    "thinking_clearly",
    "close_to_others",
    "own_mind",
)


@dataclass
class Caseload:
    coordinator: User
    other_coordinator: User
    lead: User
    provider_a: User
    provider_b: User
    organisation_a: Organisation
    organisation_b: Organisation
    walking: Service
    money: Service
    walkers: list[Client]
    savers: list[Client]


def swemwbs(raw: int) -> dict[str, int]:
    """Answers totalling `raw` (7 to 35)."""
    answers = dict.fromkeys(SWEMWBS_ITEMS, 1)
    left = raw - 7
    for key in SWEMWBS_ITEMS:
        step = min(4, left)
        answers[key] += step
        left -= step
    return answers


def _journey(client: Client, coordinator: User, wheel: tuple[int, int], life: tuple[int, int],
             raw: tuple[int, int], scores: tuple[float, float]) -> None:  # fmt: skip
    today = utcnow().date()
    for index, day in enumerate((today - timedelta(days=40), today - timedelta(days=1))):
        stage = AssessmentStage.START if index == 0 else AssessmentStage.SIGN_OFF
        assessment = Assessment(
            client=client,
            stage=stage,
            taken_on=day,
            ons4_life_satisfaction=life[index],
            ons4_worthwhile=5,
            ons4_happiness=5,
            ons4_anxiety=5,
        )
        for theme in Theme:
            assessment.scores.append(WheelScore(theme=theme, score=wheel[index]))
        db.session.add(assessment)
        db.session.add(
            MeasureResult(
                client=client,
                measure_key="swemwbs",
                stage=stage,
                taken_on=day,
                answers=swemwbs(raw[index]),
                raw_score=raw[index],
                score=scores[index],
                recorded_by=coordinator,
            )
        )


def _referred(client: Client, service: Service, coordinator: User) -> Referral:
    action = Action(
        client=client,
        kind=ActionKind.REFERRAL,
        theme=Theme.FRIENDS_AND_FAMILY,
        description=f"Referral to {service.name}",
        service=service,
        created_by=coordinator,
    )
    referral = Referral(
        action=action,
        client=client,
        service=service,
        organisation_id=service.organisation_id,
        sent_by=coordinator,
        referral_reason="Would like company.",
        consent_to_share_on=date(2026, 1, 5),
        state=ReferralState.COMPLETED,
        sent_at=utcnow() - timedelta(days=30),
    )
    db.session.add(referral)
    return referral


@pytest.fixture
def caseload(make_service, make_organisation, make_user) -> Caseload:  # noqa: F811
    organisation_a = make_organisation(name="Walkers Trust")
    organisation_b = make_organisation(name="Money Matters")
    walking = make_service(name="Walking group", organisation=organisation_a)
    money = make_service(name="Money advice", organisation=organisation_b, themes=["money"])
    coordinator = make_user(roles=[Role.COORDINATOR])
    db.session.add_all(
        [
            Postcode(postcode="BL1 1AA", outward="BL1", latitude=53.58, longitude=-2.43,
                     imd_decile=1),
            Postcode(postcode="BL7 9ZZ", outward="BL7", latitude=53.62, longitude=-2.41,
                     imd_decile=9),
        ]
    )  # fmt: skip
    walkers, savers = [], []
    for number in range(8):
        walker = number < 6
        client = Client(
            first_name=f"Person{number}",
            last_name="Tester",
            consent_given_on=date(2026, 1, 5),
            owner=coordinator,
            postcode="BL1 1AA" if walker else "BL7 9ZZ",
        )
        db.session.add(client)
        db.session.flush()
        db.session.add(
            EqualityMonitoring(
                client_id=client.id, ethnic_group="white_british" if walker else "asian_indian"
            )
        )
        if walker:
            _journey(client, coordinator, (2, 4), (4, 7), (14, 21), (15.32, 19.25))
            _referred(client, walking, coordinator)
            walkers.append(client)
        else:
            _journey(client, coordinator, (3, 3), (5, 6), (20, 20), (18.59, 18.59))
            _referred(client, money, coordinator)
            savers.append(client)
    db.session.flush()
    return Caseload(
        coordinator=coordinator,
        other_coordinator=make_user(roles=[Role.COORDINATOR]),
        lead=make_user(roles=[Role.CAPACITY_LEAD]),
        provider_a=make_user(roles=[Role.PROVIDER], organisations=[organisation_a]),
        provider_b=make_user(roles=[Role.PROVIDER], organisations=[organisation_b]),
        organisation_a=organisation_a,
        organisation_b=organisation_b,
        walking=walking,
        money=money,
        walkers=walkers,
        savers=savers,
    )
