"""Plans, goals and reviews: write a plan with the person, link goals to actions, review it.

Flushes only; the view commits. Reading a plan goes through `caseload.get_client`, so every
look is audited as a view of the client; every plan, goal and review written is audited too.
Reviews done on time are counted by `review_timeliness` for the capacity lead's report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from accounts import audit
from accounts.models import User
from core import versioning
from core.errors import Conflict, Refused
from core.extensions import db
from core.models import utcnow
from core.permissions import PermissionAction, find_permitted, require
from referrals import caseload
from referrals.models import Action, Client, ClientStatus
from referrals.plans_models import CarePlan, GoalProgress, PlanGoal, PlanReview

REOPEN_FIRST = "Reopen the client to change their plan."


def plan_of(client: Client) -> CarePlan | None:
    return db.session.scalar(select(CarePlan).where(CarePlan.client_id == client.id))


def get_plan(
    user: User, client_id: int, action: PermissionAction = "view"
) -> tuple[Client, CarePlan | None]:
    """A client and their plan (None before one is written); audited as an access."""
    client = caseload.get_client(user, client_id, action)
    plan = plan_of(client)
    if plan is not None:
        audit.record(action, plan, user=user)
    return client, plan


def _open(client: Client) -> None:
    if client.status is not ClientStatus.OPEN:
        raise Conflict(REOPEN_FIRST)


PLAN_LABELS = {"review_on": "Review date", "email_consent": "May be emailed their plan"}


def plan_snapshot(plan: CarePlan) -> dict[str, Any]:
    return versioning.plain_snapshot(plan, PLAN_LABELS)


def plan_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return versioning.field_diff(PLAN_LABELS, before, after)


def save_plan(
    user: User, client: Client, data: Mapping[str, Any], seen_version: int | None = None
) -> CarePlan:
    """Start the client's plan, or change its review date and email consent."""
    require(user, "edit", client, hide=True)
    _open(client)
    plan = plan_of(client)
    if plan is None:
        plan = CarePlan(client=client, created_by=user, **data)
        db.session.add(plan)
        db.session.flush()
        audit.record("create", plan, user=user)
        return plan
    versioning.check_version(plan, seen_version)
    for name, value in data.items():
        setattr(plan, name, value)
    db.session.flush()
    audit.record("edit", plan, user=user)
    return plan


def _actions(client: Client, action_ids: Sequence[int]) -> list[Action]:
    """The client's own actions named by id; any other id is a field error, not a leak."""
    wanted = set(action_ids)
    found = [action for action in client.actions if action.id in wanted]
    if len(found) != len(wanted):
        raise Refused("Choose actions from this person's list", field="action_ids")
    return found


def _require_plan(client: Client) -> CarePlan:
    plan = plan_of(client)
    if plan is None:
        raise Conflict("Set a review date to start the plan first.")
    return plan


def add_goal(user: User, client: Client, words: str, action_ids: Sequence[int]) -> PlanGoal:
    """Add a goal in the person's words, linked to some of their actions."""
    require(user, "edit", client, hide=True)
    _open(client)
    plan = _require_plan(client)
    goal = PlanGoal(plan=plan, client=client, words=words, actions=_actions(client, action_ids))
    db.session.add(goal)
    db.session.flush()
    audit.record("create", goal, user=user)
    return goal


def get_goal(user: User, goal_id: int, action: PermissionAction = "view") -> PlanGoal:
    goal = find_permitted(user, action, PlanGoal, goal_id)
    audit.record(action, goal, user=user)
    return goal


GOAL_LABELS = {"words": "Goal", "action_ids": "Actions", "progress": "Progress",
               "progress_note": "Progress note"}  # fmt: skip


def goal_snapshot(goal: PlanGoal) -> dict[str, Any]:
    snapshot = versioning.plain_snapshot(goal, ("words", "progress", "progress_note"))
    return {**snapshot, "action_ids": [action.id for action in goal.actions]}


def goal_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return versioning.field_diff(GOAL_LABELS, before, after)


def update_goal(
    user: User, goal: PlanGoal, data: Mapping[str, Any], seen_version: int | None = None
) -> PlanGoal:
    """Change a goal's words, linked actions or progress; refuse a stale form."""
    require(user, "edit", goal, hide=True)
    _open(goal.client)
    actions = _actions(goal.client, data["action_ids"]) if "action_ids" in data else None
    versioning.check_version(goal, seen_version)
    for name in ("words", "progress", "progress_note"):
        if name in data:
            setattr(goal, name, data[name])
    if actions is not None:
        goal.actions = actions
    db.session.flush()
    audit.record("edit", goal, user=user)
    return goal


def record_review(
    user: User,
    client: Client,
    data: Mapping[str, Any],
    seen_version: int | None = None,
) -> PlanReview:
    """Hold the plan's review: progress on each goal, a note, and the next review date.

    `data["progress"]` maps goal ids to (progress, note); every goal must be reviewed.
    """
    require(user, "edit", client, hide=True)
    _open(client)
    plan = _require_plan(client)
    goals = {goal.id: goal for goal in plan.goals}
    progress: Mapping[int, tuple[GoalProgress, str]] = data["progress"]
    if not goals:
        raise Conflict("Add a goal to the plan before reviewing it.")
    if set(progress) != set(goals):
        raise Refused("Record progress on every goal", field="progress")
    reviewed_on = data["reviewed_on"]
    if data["next_review_on"] <= reviewed_on:
        raise Refused("The next review must be after this one", field="next_review_on")
    versioning.check_version(plan, seen_version)
    review = PlanReview(
        plan=plan,
        client_id=client.id,
        due_on=plan.review_on,
        reviewed_on=reviewed_on,
        note=data.get("note", ""),
        recorded_by=user,
    )
    db.session.add(review)
    for goal_id, (state, note) in progress.items():
        goal = goals[goal_id]
        if (goal.progress, goal.progress_note) != (state, note):
            goal.progress, goal.progress_note = state, note
    plan.review_on = data["next_review_on"]
    db.session.flush()
    audit.record("create", review, user=user)
    return review


def email_plan(user: User, client: Client, plan: CarePlan | None) -> str:
    """Check "My plan" may be emailed to the person; return the address. Flushes the send time."""
    require(user, "edit", client, hide=True)
    if plan is None or not plan.goals:
        raise Conflict("Write the plan's goals before sending it.")
    if not plan.email_consent:
        raise Conflict("The person has not agreed to be sent their plan by email.")
    if not client.email:
        raise Conflict("Add the person's email address before emailing their plan.")
    plan.emailed_at = utcnow()
    db.session.flush()
    audit.record("email", plan, user=user)
    return client.email


@dataclass(frozen=True)
class ReviewDue:
    client: Client
    review_on: date


def reviews_due(user: User, today: date) -> list[ReviewDue]:
    """Open clients on `user`'s caseload whose plan review date has come."""
    visible = caseload.visible_clients(user).where(Client.status == ClientStatus.OPEN)
    plans = db.session.scalars(
        select(CarePlan)
        .where(
            CarePlan.client_id.in_(visible.with_only_columns(Client.id)),
            CarePlan.review_on <= today,
        )
        .options(joinedload(CarePlan.client))
        .order_by(CarePlan.review_on, CarePlan.id)
    )
    return [ReviewDue(plan.client, plan.review_on) for plan in plans]


@dataclass(frozen=True)
class Timeliness:
    on_time: int
    late: int
    overdue: int  # due and not yet held, on open clients

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.total if self.total else None


def review_timeliness(
    start: date, end: date, today: date, conditions: Sequence[Any] = ()
) -> Timeliness:
    """Reviews that fell due between `start` and `end`: held on time, held late, or overdue.

    `conditions` narrow the clients counted (conditions on Client, as the reports build them).
    """
    held = (
        select(func.count(PlanReview.id))
        .join(Client, Client.id == PlanReview.client_id)
        .where(PlanReview.due_on.between(start, end), *conditions)
    )
    on_time = db.session.scalar(held.where(PlanReview.reviewed_on <= PlanReview.due_on))
    late = db.session.scalar(held.where(PlanReview.reviewed_on > PlanReview.due_on))
    overdue = db.session.scalar(
        select(func.count(CarePlan.id))
        .join(Client, Client.id == CarePlan.client_id)
        .where(
            Client.status == ClientStatus.OPEN,
            CarePlan.review_on.between(start, end),
            CarePlan.review_on < today,
            *conditions,
        )
    )
    return Timeliness(on_time or 0, late or 0, overdue or 0)
