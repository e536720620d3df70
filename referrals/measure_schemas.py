"""The form (and API body) for one sitting of an outcome measure, built from its definition."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from referrals.measures import Measure
from referrals.models import AssessmentStage
from referrals.schemas import _date, form_dates


def measure_schema(measure: Measure) -> Schema:
    """A schema with stage, taken_on and one required answer per item, from the scale."""
    values = sorted(measure.values)
    declared: dict[str, Any] = {
        "stage": fields.Enum(
            AssessmentStage,
            by_value=True,
            required=True,
            error_messages={"required": "Choose when this is", "unknown": "Choose when this is"},
        ),
        "taken_on": _date(False, "the date", past=True),
    }
    for item in measure.items:
        declared[f"item-{item.key}"] = fields.Integer(
            required=True,
            strict=False,
            validate=validate.OneOf(values, error=f"Choose an answer for “{item.text}”"),
            error_messages={
                "required": f"Choose an answer for “{item.text}”",
                "invalid": f"Choose an answer for “{item.text}”",
            },
        )
    return Schema.from_dict(declared, name=f"{measure.key}Schema")(unknown="exclude")


def load_measure_form(measure: Measure, form: Any) -> dict[str, Any]:
    """Load the submitted form; returns stage, taken_on and answers by item key."""
    raw = {k: v for k, v in form_dates(form, "taken_on").items() if v != ""}
    data = measure_schema(measure).load(raw)
    return {
        "stage": data["stage"],
        "taken_on": data.get("taken_on"),
        "answers": {item.key: data[f"item-{item.key}"] for item in measure.items},
    }
