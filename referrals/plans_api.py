"""JSON API under /api/v1 for plans, safeguarding concerns and the circle of support.

The same services as the pages, so the same rules: a co-ordinator works on their caseload's
clients, the capacity lead also reads and updates safeguarding concerns, everyone else is
answered 404 for a record (its existence is private). Every update carries the `version` it
read and is refused with 409, `current_version` and `current` when it is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, request
from flask_login import current_user
from marshmallow import Schema

from accounts.api import api_blueprint
from core import versioning
from core.errors import NotFound
from core.openapi import SIGNED_IN, openapi_spec
from core.permissions import require
from core.transaction import keep_changes
from referrals import caseload, circle, plans, safeguarding
from referrals.circle_schemas import (
    CarerStatusDumpSchema,
    CarerStatusSchema,
    CirclePersonDumpSchema,
    CirclePersonSchema,
)
from referrals.models import Client
from referrals.plans_schemas import (
    GoalDumpSchema,
    GoalSchema,
    GoalUpdateSchema,
    PlanDumpSchema,
    PlanSchema,
    ReviewDumpSchema,
    ReviewSchema,
)
from referrals.safeguarding_schemas import ConcernDumpSchema, ConcernSchema

api = api_blueprint("plans_api", __name__)


def _json() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _client(client_id: int) -> Client:
    """Refuse other roles and other caseloads before any input is read."""
    require(current_user, "list", Client)
    return caseload.get_client(current_user, client_id, "edit")


def _stale_safe(
    save: Callable[[], Any], record: Any, dump: Callable[[Any], Any]
) -> tuple[Any, int] | None:
    try:
        save()
    except versioning.StaleEdit as error:
        return versioning.stale_answer(error, record, dump)
    return None


# -- Plans -------------------------------------------------------------------------------------


@api.get("/clients/<int:client_id>/plan")
def get_plan(client_id: int) -> Any:
    require(current_user, "list", Client)
    _, found = plans.get_plan(current_user, client_id)
    if found is None:
        keep_changes()  # the audit of what was read stands
        raise NotFound("This client has no plan yet.")
    return PlanDumpSchema().dump(found)


@api.put("/clients/<int:client_id>/plan")
def put_plan(client_id: int) -> Any:
    client = _client(client_id)
    data = PlanSchema().load(_json())
    seen = data.pop("version")
    existing = plans.plan_of(client)
    stale = _stale_safe(
        lambda: plans.save_plan(current_user, client, data, seen_version=seen),
        existing,
        PlanDumpSchema().dump,
    )
    if stale:
        return stale
    found = plans.plan_of(client)
    return PlanDumpSchema().dump(found), (200 if existing else 201)


@api.post("/clients/<int:client_id>/plan/goals")
def create_goal(client_id: int) -> Any:
    client = _client(client_id)
    data = GoalSchema(exclude=("version",)).load(_json())
    goal = plans.add_goal(current_user, client, data["words"], data["action_ids"])
    return GoalDumpSchema().dump(goal), 201


@api.patch("/plan-goals/<int:goal_id>")
def update_goal(goal_id: int) -> Any:
    require(current_user, "list", Client)
    goal = plans.get_goal(current_user, goal_id, "edit")
    data = GoalUpdateSchema(partial=True).load(_json())
    seen = data.pop("version", None)
    stale = _stale_safe(
        lambda: plans.update_goal(current_user, goal, data, seen_version=seen),
        goal,
        GoalDumpSchema().dump,
    )
    if stale:
        return stale
    return GoalDumpSchema().dump(goal)


@api.post("/clients/<int:client_id>/plan/reviews")
def create_review(client_id: int) -> Any:
    client = _client(client_id)
    data = ReviewSchema().load(_json())
    seen = data.pop("version")
    progress = {g["goal_id"]: (g["progress"], g["note"]) for g in data["goals"]}
    existing = plans.plan_of(client)
    try:
        review = plans.record_review(
            current_user, client, {**data, "progress": progress}, seen_version=seen
        )
    except versioning.StaleEdit as error:
        return versioning.stale_answer(error, existing, PlanDumpSchema().dump)
    return ReviewDumpSchema().dump(review), 201


# -- Safeguarding ------------------------------------------------------------------------------


@api.get("/clients/<int:client_id>/safeguarding")
def list_concerns(client_id: int) -> Any:
    require(current_user, "list", Client)
    _, found = safeguarding.for_client(current_user, client_id)
    return {"concerns": ConcernDumpSchema(many=True).dump(found)}


@api.post("/clients/<int:client_id>/safeguarding")
def create_concern(client_id: int) -> Any:
    client = _client(client_id)
    data = ConcernSchema(exclude=("version",)).load(_json())
    concern = safeguarding.raise_concern(current_user, client, data)
    return ConcernDumpSchema().dump(concern), 201


@api.get("/safeguarding")
def open_concerns() -> Any:
    found = safeguarding.open_concerns(current_user)
    return {"concerns": ConcernDumpSchema(many=True).dump(found)}


@api.get("/safeguarding/<int:concern_id>")
def get_concern(concern_id: int) -> Any:
    found = safeguarding.get_concern(current_user, concern_id)
    return ConcernDumpSchema().dump(found)


@api.patch("/safeguarding/<int:concern_id>")
def update_concern(concern_id: int) -> Any:
    found = safeguarding.get_concern(current_user, concern_id, "edit")
    data = ConcernSchema(partial=True).load(_json())
    seen = data.pop("version", None)
    stale = _stale_safe(
        lambda: safeguarding.update_concern(current_user, found, data, seen_version=seen),
        found,
        ConcernDumpSchema().dump,
    )
    if stale:
        return stale
    return ConcernDumpSchema().dump(found)


# -- Circle of support -------------------------------------------------------------------------


@api.get("/clients/<int:client_id>/circle")
def get_circle(client_id: int) -> Any:
    require(current_user, "list", Client)
    _, people, status = circle.circle_for(current_user, client_id)
    return {
        "people": CirclePersonDumpSchema(many=True).dump(people),
        "carer": CarerStatusDumpSchema().dump(status) if status else None,
    }


@api.post("/clients/<int:client_id>/circle")
def create_person(client_id: int) -> Any:
    client = _client(client_id)
    data = CirclePersonSchema(exclude=("version",)).load(_json())
    person = circle.add_person(current_user, client, data)
    return CirclePersonDumpSchema().dump(person), 201


@api.patch("/circle/<int:person_id>")
def update_person(person_id: int) -> Any:
    require(current_user, "list", Client)
    person = circle.get_person(current_user, person_id, "edit")
    data = CirclePersonSchema(partial=True).load(_json())
    seen = data.pop("version", None)
    stale = _stale_safe(
        lambda: circle.update_person(current_user, person, data, seen_version=seen),
        person,
        CirclePersonDumpSchema().dump,
    )
    if stale:
        return stale
    return CirclePersonDumpSchema().dump(person)


@api.put("/clients/<int:client_id>/carer")
def put_carer(client_id: int) -> Any:
    client = _client(client_id)
    data = CarerStatusSchema().load(_json())
    seen = data.pop("version")
    existing = circle.carer_status_of(client)
    stale = _stale_safe(
        lambda: circle.set_carer_status(current_user, client, data, seen_version=seen),
        existing,
        CarerStatusDumpSchema().dump,
    )
    if stale:
        return stale
    return CarerStatusDumpSchema().dump(circle.carer_status_of(client))


def document(app: Flask) -> None:
    """Add these endpoints to the OpenAPI document."""
    spec = openapi_spec(app)

    def op(
        tag: str, summary: str, body: type[Schema] | None = None, answer: Any = None
    ) -> dict[str, Any]:
        operation: dict[str, Any] = {
            "summary": summary,
            "tags": [tag],
            "security": SIGNED_IN,
            "responses": {
                "200": {"description": "OK"},
                "400": {"description": "Invalid fields, with a message per field"},
                "401": {"description": "Not signed in"},
                "403": {"description": "Not a role that may do this"},
                "404": {"description": "Not found, or not yours to see"},
                "409": {"description": "Refused by the record's state, or a concurrent change "
                        "(with `current_version` and `current`)"},
            },
        }  # fmt: skip
        if body is not None:
            operation["requestBody"] = {
                "content": {"application/json": {"schema": body}},
                "required": True,
            }
        if answer is not None:
            operation["responses"]["200"]["content"] = {"application/json": {"schema": answer}}
        return operation

    plan, safe, ring = "Plans", "Safeguarding", "Circle of support"
    paths = {
        "/api/v1/clients/{client_id}/plan": {
            "get": op(plan, "The client's plan: goals, linked actions, reviews", None,
                      PlanDumpSchema),
            "put": op(plan, "Start the plan or change its review date and email consent; "
                      "send `version`", PlanSchema, PlanDumpSchema),
        },
        "/api/v1/clients/{client_id}/plan/goals": {
            "post": op(plan, "Add a goal in the person's words, linked to actions", GoalSchema,
                       GoalDumpSchema),
        },
        "/api/v1/plan-goals/{goal_id}": {
            "patch": op(plan, "Change a goal; send `version`", GoalUpdateSchema,
                        GoalDumpSchema),
        },
        "/api/v1/clients/{client_id}/plan/reviews": {
            "post": op(plan, "Record a review: progress on every goal and the next date; "
                       "send the plan's `version`", ReviewSchema, ReviewDumpSchema),
        },
        "/api/v1/clients/{client_id}/safeguarding": {
            "get": op(safe, "The client's safeguarding concerns (audited)"),
            "post": op(safe, "Raise a concern", ConcernSchema, ConcernDumpSchema),
        },
        "/api/v1/safeguarding": {"get": op(safe, "Open concerns you may see")},
        "/api/v1/safeguarding/{concern_id}": {
            "get": op(safe, "One concern (audited)", None, ConcernDumpSchema),
            "patch": op(safe, "Record the outcome or correct a concern; send `version`",
                        ConcernSchema, ConcernDumpSchema),
        },
        "/api/v1/clients/{client_id}/circle": {
            "get": op(ring, "The circle of support and carer flag (audited)"),
            "post": op(ring, "Add someone to the circle of support", CirclePersonSchema,
                       CirclePersonDumpSchema),
        },
        "/api/v1/circle/{person_id}": {
            "patch": op(ring, "Change someone's details; send `version`", CirclePersonSchema,
                        CirclePersonDumpSchema),
        },
        "/api/v1/clients/{client_id}/carer": {
            "put": op(ring, "Whether the person is an unpaid carer; send `version`",
                      CarerStatusSchema, CarerStatusDumpSchema),
        },
    }  # fmt: skip
    for path, operations in paths.items():
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
            for name in ("client_id", "goal_id", "concern_id", "person_id")
            if "{" + name + "}" in path
        ]
        spec.path(path=path, operations=operations, parameters=parameters)
