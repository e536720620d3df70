"""Safeguarding concerns: form and API input (load) and the API's answer (dump)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from referrals.plans_schemas import long_text, version_field
from referrals.safeguarding_models import RiskLevel
from referrals.schemas import InputSchema, _date


class ConcernSchema(InputSchema):
    seen = long_text("Describe what was seen or heard", 5000)
    risk = fields.Enum(
        RiskLevel,
        by_value=True,
        required=True,
        error_messages={"required": "Choose the level of risk"},
    )
    raised_with = fields.String(
        required=True,
        validate=validate.Length(max=200, error="Must be 200 characters or fewer"),
        error_messages={"required": "Enter who the concern was raised with"},
    )
    raised_on = _date(True, "the date it was raised", past=True)
    outcome = long_text(None, 5000)
    closed_on = _date(False, "the date it was closed", past=True)
    version = version_field()

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        closed, raised = data.get("closed_on"), data.get("raised_on")
        if closed is not None and raised is not None and closed < raised:
            raise ValidationError({"closed_on": ["The concern cannot close before it was raised"]})
        if closed is not None and "outcome" in data and not data["outcome"]:
            raise ValidationError({"outcome": ["Record the outcome before closing the concern"]})


class ConcernDumpSchema(Schema):
    id = fields.Integer()
    client_id = fields.Integer()
    seen = fields.String()
    risk = fields.String(attribute="risk.value")
    raised_with = fields.String()
    raised_on = fields.Date()
    outcome = fields.String()
    closed_on = fields.Date(allow_none=True)
    is_open = fields.Boolean()
    recorded_by = fields.String(attribute="recorded_by.display_name", allow_none=True)
    version = fields.Integer()
