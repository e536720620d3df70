"""Permission-matrix rows for plans, safeguarding concerns and the circle of support.

Every record hangs off a client of World.coordinator. Pages and API routes on a client are
the co-ordinator's; a safeguarding concern is also the capacity lead's, and is hidden (404)
from everyone else. See tests/accounts/matrix.py for the vocabulary.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core.extensions import db
from referrals.circle_models import CirclePerson
from referrals.models import Client
from referrals.plans_models import CarePlan, PlanGoal
from referrals.safeguarding_models import RiskLevel, SafeguardingConcern
from tests.accounts.matrix import (
    ALLOW,
    ANONYMOUS,
    CAPACITY_LEAD,
    COORDINATOR,
    DENY,
    HIDE,
    LOGIN,
    OTHER_PROVIDER,
    PROVIDER,
    REFERRING_PARTNER,
    TEAM_LEADER,
    Route,
    World,
    expecting,
)

OTHERS = (PROVIDER, OTHER_PROVIDER, CAPACITY_LEAD, REFERRING_PARTNER)
COORDINATOR_ONLY = {**dict.fromkeys(OTHERS, DENY), ANONYMOUS: LOGIN, COORDINATOR: ALLOW}
# A concern: its client's co-ordinator and the capacity lead; hidden from everyone else.
CONCERN = {**dict.fromkeys(OTHERS, HIDE), ANONYMOUS: LOGIN, COORDINATOR: ALLOW,
           CAPACITY_LEAD: ALLOW}  # fmt: skip
CONCERN_LIST = {**dict.fromkeys(OTHERS, DENY), ANONYMOUS: LOGIN, COORDINATOR: ALLOW,
                CAPACITY_LEAD: ALLOW}  # fmt: skip


def _client(w: World) -> Client:
    client = Client(first_name="Matrix", last_name="Person", phone="07700 900001",
                    consent_given_on=date(2026, 1, 5), owner=w.coordinator)  # fmt: skip
    db.session.add(client)
    db.session.flush()
    return client


def _client_id(w: World) -> dict[str, Any]:
    return {"client_id": _client(w).id}


def _goal(w: World) -> PlanGoal:
    client = _client(w)
    plan = CarePlan(client=client, review_on=date(2026, 6, 1))
    goal = PlanGoal(plan=plan, client=client, words="Get out more")
    db.session.add_all([plan, goal])
    db.session.flush()
    return goal


def _planned_client_id(w: World) -> dict[str, Any]:
    return {"client_id": _goal(w).client_id}


def _goal_id(w: World) -> dict[str, Any]:
    return {"goal_id": _goal(w).id}


def _concern_id(w: World) -> dict[str, Any]:
    concern = SafeguardingConcern(
        client=_client(w),
        seen="Matrix",
        risk=RiskLevel.LOW,
        raised_with="Matrix team",
        raised_on=date(2026, 1, 6),
    )
    db.session.add(concern)
    db.session.flush()
    return {"concern_id": concern.id}


def _person_id(w: World) -> dict[str, Any]:
    person = CirclePerson(client=_client(w), name="Matrix Friend", relationship_to_client="Friend")
    db.session.add(person)
    db.session.flush()
    return {"person_id": person.id}


EMPTY = "empty form: re-shown with errors"
PERMISSION_MATRIX = [
    # Plans, goals and reviews.
    Route("GET", "/clients/<int:client_id>/plan", COORDINATOR_ONLY, args=_client_id),
    Route("POST", "/clients/<int:client_id>/plan", COORDINATOR_ONLY, args=_client_id, note=EMPTY),
    Route(
        "GET", "/clients/<int:client_id>/plan/goals/new", COORDINATOR_ONLY, args=_planned_client_id
    ),  # fmt: skip
    Route(
        "POST",
        "/clients/<int:client_id>/plan/goals/new",
        COORDINATOR_ONLY,
        args=_planned_client_id,
        note=EMPTY,
    ),  # fmt: skip
    Route("GET", "/plan-goals/<int:goal_id>", COORDINATOR_ONLY, args=_goal_id),
    Route("POST", "/plan-goals/<int:goal_id>", COORDINATOR_ONLY, args=_goal_id, note=EMPTY),
    Route(
        "GET", "/clients/<int:client_id>/plan/review", COORDINATOR_ONLY, args=_planned_client_id
    ),  # fmt: skip
    Route(
        "POST",
        "/clients/<int:client_id>/plan/review",
        COORDINATOR_ONLY,
        args=_planned_client_id,
        note=EMPTY,
    ),  # fmt: skip
    Route("GET", "/clients/<int:client_id>/my-plan", COORDINATOR_ONLY, args=_planned_client_id),
    Route("GET", "/clients/<int:client_id>/my-plan.pdf", COORDINATOR_ONLY, args=_planned_client_id),
    Route(
        "POST",
        "/clients/<int:client_id>/my-plan/email",
        COORDINATOR_ONLY,
        args=_planned_client_id,
        note="no consent: 409 for the co-ordinator",
    ),  # fmt: skip
    # Safeguarding.
    Route("GET", "/clients/<int:client_id>/safeguarding", COORDINATOR_ONLY, args=_client_id),
    Route(
        "POST",
        "/clients/<int:client_id>/safeguarding",
        COORDINATOR_ONLY,
        args=_client_id,
        note=EMPTY,
    ),  # fmt: skip
    Route("GET", "/safeguarding", CONCERN_LIST),
    Route("GET", "/safeguarding/<int:concern_id>", CONCERN, args=_concern_id),
    Route("POST", "/safeguarding/<int:concern_id>", CONCERN, args=_concern_id, note=EMPTY),
    # The circle of support.
    Route("GET", "/clients/<int:client_id>/circle", COORDINATOR_ONLY, args=_client_id),
    Route(
        "POST", "/clients/<int:client_id>/circle", COORDINATOR_ONLY, args=_client_id, note=EMPTY
    ),  # fmt: skip
    Route("POST", "/clients/<int:client_id>/carer", COORDINATOR_ONLY, args=_client_id),
    Route("GET", "/circle/<int:person_id>", COORDINATOR_ONLY, args=_person_id),
    Route("POST", "/circle/<int:person_id>", COORDINATOR_ONLY, args=_person_id, note=EMPTY),
    Route("POST", "/circle/<int:person_id>/remove", COORDINATOR_ONLY, args=_person_id),
    # The JSON API (form bodies, not JSON: 400 where a body is needed).
    Route(
        "GET", "/api/v1/clients/<int:client_id>/plan", COORDINATOR_ONLY, args=_planned_client_id
    ),  # fmt: skip
    Route("PUT", "/api/v1/clients/<int:client_id>/plan", COORDINATOR_ONLY, args=_client_id),
    Route(
        "POST",
        "/api/v1/clients/<int:client_id>/plan/goals",
        COORDINATOR_ONLY,
        args=_planned_client_id,
    ),  # fmt: skip
    Route("PATCH", "/api/v1/plan-goals/<int:goal_id>", COORDINATOR_ONLY, args=_goal_id),
    Route(
        "POST",
        "/api/v1/clients/<int:client_id>/plan/reviews",
        COORDINATOR_ONLY,
        args=_planned_client_id,
    ),  # fmt: skip
    Route(
        "GET", "/api/v1/clients/<int:client_id>/safeguarding", COORDINATOR_ONLY, args=_client_id
    ),  # fmt: skip
    Route(
        "POST", "/api/v1/clients/<int:client_id>/safeguarding", COORDINATOR_ONLY, args=_client_id
    ),  # fmt: skip
    Route("GET", "/api/v1/safeguarding", CONCERN_LIST),
    Route("GET", "/api/v1/safeguarding/<int:concern_id>", CONCERN, args=_concern_id),
    Route("PATCH", "/api/v1/safeguarding/<int:concern_id>", CONCERN, args=_concern_id),
    Route("GET", "/api/v1/clients/<int:client_id>/circle", COORDINATOR_ONLY, args=_client_id),
    Route("POST", "/api/v1/clients/<int:client_id>/circle", COORDINATOR_ONLY, args=_client_id),
    Route("PATCH", "/api/v1/circle/<int:person_id>", COORDINATOR_ONLY, args=_person_id),
    Route("PUT", "/api/v1/clients/<int:client_id>/carer", COORDINATOR_ONLY, args=_client_id),
]


# A leader of the client's team reads the casework (GET); the policy refuses them changes, so
# a write is not found (404), or its empty form is re-shown (400) before that point.
PERMISSION_MATRIX = expecting(
    PERMISSION_MATRIX,
    TEAM_LEADER,
    {
        ("GET", "/clients/<int:client_id>/plan"): ALLOW,
        ("POST", "/clients/<int:client_id>/plan"): ALLOW,
        ("GET", "/clients/<int:client_id>/plan/goals/new"): HIDE,
        ("POST", "/clients/<int:client_id>/plan/goals/new"): HIDE,
        ("GET", "/plan-goals/<int:goal_id>"): HIDE,
        ("POST", "/plan-goals/<int:goal_id>"): HIDE,
        ("GET", "/clients/<int:client_id>/plan/review"): HIDE,
        ("POST", "/clients/<int:client_id>/plan/review"): HIDE,
        ("GET", "/clients/<int:client_id>/my-plan"): ALLOW,
        ("GET", "/clients/<int:client_id>/my-plan.pdf"): ALLOW,
        ("POST", "/clients/<int:client_id>/my-plan/email"): HIDE,
        ("GET", "/clients/<int:client_id>/safeguarding"): ALLOW,
        ("POST", "/clients/<int:client_id>/safeguarding"): ALLOW,
        ("GET", "/safeguarding"): ALLOW,
        ("GET", "/safeguarding/<int:concern_id>"): ALLOW,
        ("POST", "/safeguarding/<int:concern_id>"): ALLOW,
        ("GET", "/clients/<int:client_id>/circle"): ALLOW,
        ("POST", "/clients/<int:client_id>/circle"): ALLOW,
        ("POST", "/clients/<int:client_id>/carer"): HIDE,
        ("GET", "/circle/<int:person_id>"): HIDE,
        ("POST", "/circle/<int:person_id>"): HIDE,
        ("POST", "/circle/<int:person_id>/remove"): HIDE,
        ("GET", "/api/v1/clients/<int:client_id>/plan"): ALLOW,
        ("PUT", "/api/v1/clients/<int:client_id>/plan"): HIDE,
        ("POST", "/api/v1/clients/<int:client_id>/plan/goals"): HIDE,
        ("PATCH", "/api/v1/plan-goals/<int:goal_id>"): HIDE,
        ("POST", "/api/v1/clients/<int:client_id>/plan/reviews"): HIDE,
        ("GET", "/api/v1/clients/<int:client_id>/safeguarding"): ALLOW,
        ("POST", "/api/v1/clients/<int:client_id>/safeguarding"): HIDE,
        ("GET", "/api/v1/safeguarding"): ALLOW,
        ("GET", "/api/v1/safeguarding/<int:concern_id>"): ALLOW,
        ("PATCH", "/api/v1/safeguarding/<int:concern_id>"): ALLOW,
        ("GET", "/api/v1/clients/<int:client_id>/circle"): ALLOW,
        ("POST", "/api/v1/clients/<int:client_id>/circle"): HIDE,
        ("PATCH", "/api/v1/circle/<int:person_id>"): HIDE,
        ("PUT", "/api/v1/clients/<int:client_id>/carer"): HIDE,
    },
)
