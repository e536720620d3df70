"""Input and output for sign-off decisions, reallocation and each team's closing settings."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from core.fields import MULTILINE
from core.numbers import record_id
from referrals.closing import MAX_STATEMENTS, STATEMENT_MAX_LENGTH
from referrals.closing_models import ClosingReason, ClosureState
from referrals.schemas import InputSchema

DECISIONS = ("approve", "return")


class DecisionSchema(InputSchema):
    """A team leader's decision on a sign-off waiting for approval."""

    decision = fields.String(
        required=True,
        validate=validate.OneOf(DECISIONS, error="Choose approve or return"),
        error_messages={"required": "Choose approve or return"},
    )
    note = fields.String(
        load_default="",
        validate=validate.Length(max=2000, error="Must be 2000 characters or fewer"),
        metadata=MULTILINE,
    )

    @validates_schema
    def note_when_returned(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("decision") == "return" and not data.get("note", "").strip():
            raise ValidationError({"note": ["Say what needs doing before the case can close"]})


class ReallocationSchema(InputSchema):
    coordinator_id = record_id(
        required=True,
        error_messages={
            "required": "Choose a co-ordinator",
            "invalid": "Choose a co-ordinator",
        },
    )


class ClosingSettingsSchema(InputSchema):
    """A team's sign-off rules; statements one per line on the form, a list in JSON."""

    signoffs_need_approval = fields.Boolean(load_default=False)
    ask_service_rating = fields.Boolean(load_default=False)
    exit_statements = fields.List(
        fields.String(
            validate=validate.Length(
                min=1,
                max=STATEMENT_MAX_LENGTH,
                error=f"Keep each statement to {STATEMENT_MAX_LENGTH} characters or fewer",
            )
        ),
        load_default=list,
        validate=validate.Length(
            max=MAX_STATEMENTS, error=f"Ask {MAX_STATEMENTS} statements or fewer"
        ),
    )

    @validates_schema
    def distinct(self, data: dict[str, Any], **kwargs: Any) -> None:
        statements = [s.strip().lower() for s in data.get("exit_statements", [])]
        if len(statements) != len(set(statements)):
            raise ValidationError({"exit_statements": ["Each statement may be asked once"]})


def settings_form_data(form: Any) -> dict[str, Any]:
    """The settings form's fields as ClosingSettingsSchema input."""
    lines = form.get("exit_statements", "").splitlines()
    return {
        "signoffs_need_approval": form.get("signoffs_need_approval") == "yes",
        "ask_service_rating": form.get("ask_service_rating") == "yes",
        "exit_statements": [line.strip() for line in lines if line.strip()],
    }


class ExitAnswerDumpSchema(Schema):
    statement = fields.String()
    score = fields.Integer()


class ClosureDumpSchema(Schema):
    """A sign-off as its co-ordinator and team leader see it."""

    id = fields.Integer()
    version = fields.Integer()
    client_id = fields.Integer()
    reason = fields.Enum(ClosingReason, by_value=True)
    note = fields.String()
    state = fields.Enum(ClosureState, by_value=True)
    requested_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    decision_note = fields.String()
    answers = fields.List(fields.Nested(ExitAnswerDumpSchema))
