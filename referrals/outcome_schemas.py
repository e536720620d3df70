"""JSON shapes for outcome measures and equality monitoring (the API's bodies and answers)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema

from referrals.equality import QUESTIONS
from referrals.measures import Measure
from referrals.models import AssessmentStage
from referrals.schemas import InputSchema, _date


class MeasureBodySchema(InputSchema):
    """{"measure": "swemwbs", "stage": "start", "taken_on": "2026-01-05", "answers": {...}}."""

    measure = fields.String(required=True, error_messages={"required": "Name the measure"})
    stage = fields.Enum(AssessmentStage, by_value=True, required=True)
    taken_on = _date(False, "the date", past=True)
    answers = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(strict=True),
        required=True,
        error_messages={"required": "Give an answer for every item"},
    )


def check_answers(measure: Measure, answers: dict[str, int]) -> None:
    """Field-level errors for missing, unknown or out-of-scale answers."""
    errors: dict[str, list[str]] = {}
    values = sorted(measure.values)
    for item in measure.items:
        if item.key not in answers:
            errors[item.key] = ["Missing answer"]
        elif answers[item.key] not in measure.values:
            errors[item.key] = [f"Must be one of {values}"]
    for key in set(answers) - {item.key for item in measure.items}:
        errors[key] = [f"Not an item of {measure.short_name}"]
    if errors:
        raise ValidationError({"answers": errors})


class MeasureResultDumpSchema(Schema):
    id = fields.Integer()
    measure = fields.String(attribute="measure_key")
    stage = fields.Enum(AssessmentStage, by_value=True)
    taken_on = fields.Date()
    answers = fields.Dict(keys=fields.String(), values=fields.Integer())
    raw_score = fields.Integer()
    score = fields.Float()


class MeasureSummaryDumpSchema(Schema):
    measure = fields.String(attribute="key")
    name = fields.String()
    first_score = fields.Float()
    first_on = fields.Date()
    first_stage = fields.Enum(AssessmentStage, by_value=True)
    last_score = fields.Float(allow_none=True)
    last_on = fields.Date(allow_none=True)
    last_stage = fields.Enum(AssessmentStage, by_value=True, allow_none=True)
    change = fields.Float(allow_none=True)
    times = fields.Integer()


class EqualityBodySchema(InputSchema):
    """Every answer optional; a missing answer clears it. Send the `version` you read."""

    version = fields.Integer(load_default=None, strict=True)

    @validates_schema
    def check_codes(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors = {}
        for question in QUESTIONS:
            value = data.get(question.field)
            if value is not None and value not in {code for code, _ in question.answers}:
                errors[question.field] = [f"Choose an answer for {question.label.lower()}"]
        if errors:
            raise ValidationError(errors)


for _question in QUESTIONS:
    EqualityBodySchema._declared_fields[_question.field] = fields.String(
        load_default=None, allow_none=True
    )


class EqualityDumpSchema(Schema):
    version = fields.Integer(allow_none=True)


for _question in QUESTIONS:
    EqualityDumpSchema._declared_fields[_question.field] = fields.String(allow_none=True)
