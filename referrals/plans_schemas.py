"""Plans, goals and reviews: form and API input (load) and the API's answers (dump)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from core.fields import MULTILINE
from core.numbers import record_id
from referrals.plans_models import GoalProgress
from referrals.schemas import InputSchema, _date


def version_field() -> fields.Integer:
    return fields.Integer(
        load_default=None,
        strict=True,
        error_messages={"invalid": "Send the version you read, a whole number"},
        metadata={"description": "The version you read; a stale one is refused with 409"},
    )


def long_text(required: str | None, max_length: int = 2000) -> fields.String:
    length = validate.Length(max=max_length, error=f"Must be {max_length} characters or fewer")
    if required:
        return fields.String(
            required=True,
            validate=length,
            error_messages={"required": required},
            metadata=MULTILINE,
        )
    return fields.String(load_default="", validate=length, metadata=MULTILINE)


class PlanSchema(InputSchema):
    review_on = _date(True, "the review date")
    email_consent = fields.Boolean(load_default=False)
    version = version_field()


class GoalSchema(InputSchema):
    words = long_text("Enter the goal in the person's own words", 1000)
    action_ids = fields.List(record_id(), load_default=list)
    version = version_field()


class GoalUpdateSchema(GoalSchema):
    progress = fields.Enum(GoalProgress, by_value=True)
    progress_note = long_text(None)


class GoalReviewSchema(Schema):
    goal_id = record_id(required=True)
    progress = fields.Enum(
        GoalProgress,
        by_value=True,
        required=True,
        error_messages={"required": "Choose the progress on this goal"},
    )
    note = long_text(None)


class ReviewSchema(InputSchema):
    reviewed_on = _date(True, "the date of the review", past=True)
    next_review_on = _date(True, "the next review date")
    note = long_text(None)
    goals = fields.List(fields.Nested(GoalReviewSchema), required=True)
    version = version_field()


class ActionLinkSchema(Schema):
    id = fields.Integer()
    description = fields.String()
    status = fields.String(attribute="status.value")


class GoalDumpSchema(Schema):
    id = fields.Integer()
    words = fields.String()
    progress = fields.String(attribute="progress.value")
    progress_note = fields.String()
    actions = fields.List(fields.Nested(ActionLinkSchema))
    version = fields.Integer()


class ReviewDumpSchema(Schema):
    id = fields.Integer()
    due_on = fields.Date()
    reviewed_on = fields.Date()
    on_time = fields.Boolean()
    note = fields.String()


class PlanDumpSchema(Schema):
    id = fields.Integer()
    client_id = fields.Integer()
    review_on = fields.Date()
    email_consent = fields.Boolean()
    goals = fields.List(fields.Nested(GoalDumpSchema))
    reviews = fields.List(fields.Nested(ReviewDumpSchema))
    version = fields.Integer()


def review_input(form: Any, goal_ids: list[int]) -> dict[str, Any]:
    """The review form's per-goal fields (progress-ID, note-ID) as the API's `goals` list."""
    data = form.to_dict() if hasattr(form, "to_dict") else dict(form)
    goals = []
    for goal_id in goal_ids:
        goal: dict[str, Any] = {"goal_id": goal_id, "note": form.get(f"note-{goal_id}", "")}
        if form.get(f"progress-{goal_id}"):
            goal["progress"] = form[f"progress-{goal_id}"]
        goals.append(goal)
    data["goals"] = goals
    return data


def date_parts(name: str, value: Any) -> dict[str, str]:
    """A date as the GOV.UK date input's NAME-day, -month and -year values."""
    if value is None:
        return {}
    return {f"{name}-day": str(value.day), f"{name}-month": str(value.month),
            f"{name}-year": str(value.year)}  # fmt: skip
