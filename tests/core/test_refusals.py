"""One way for a form to show a refusal: a schema's field errors and a service's `Refused` read
the same on a page (core.forms) and to an API client (the error handler)."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import ValidationError, fields

from core.app import create_app
from core.errors import Conflict, DomainError, Refused
from core.forms import FormSchema, domain_errors, load


class AgeSchema(FormSchema):
    age = fields.Integer(required=True)


def test_a_refusal_is_a_form_error_on_its_field_its_fields_or_the_whole_form() -> None:
    assert domain_errors(Refused("Choose one from the list", field="choice")) == {
        "choice": ["Choose one from the list"]
    }
    several = Refused("Check the answers", fields={"exit_0": ["Too high"], "rating": ["No"]})
    assert domain_errors(several) == {"exit_0": ["Too high"], "rating": ["No"]}
    assert domain_errors(Conflict("Already sent")) == {"_schema": ["Already sent"]}


def test_load_answers_data_or_field_errors_from_a_schema_or_a_loading_function() -> None:
    assert load(AgeSchema(), {"age": "7", "csrf_token": "x"}) == ({"age": 7}, {})
    assert load(AgeSchema(), {"age": "seven"}) == ({}, {"age": ["Not a valid integer."]})

    def whole_form(data: Any) -> dict[str, Any]:
        raise ValidationError("Fill in the form")

    assert load(whole_form, {}) == ({}, {"_schema": ["Fill in the form"]})


@pytest.mark.parametrize(
    ("refusal", "status", "body"),
    [
        (
            Refused("Choose a co-ordinator in the team", field="coordinator_id"),
            400,
            {
                "status": 400,
                "message": "The request has invalid fields.",
                "errors": {"coordinator_id": ["Choose a co-ordinator in the team"]},
            },
        ),
        (
            Conflict("A team with this name already exists", field="name"),
            409,
            {
                "status": 409,
                "message": "A team with this name already exists",
                "errors": {"name": ["A team with this name already exists"]},
            },
        ),
        (
            DomainError("Not that way", state="sent"),
            400,
            {"status": 400, "message": "Not that way", "errors": {"state": "sent"}},
        ),
    ],
)
def test_the_api_answers_a_refused_field_as_a_schema_s_field_error(
    tmp_path, monkeypatch, refusal: DomainError, status: int, body: dict[str, Any]
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_DIR": str(tmp_path), "TESTING": True})

    @app.get("/api/v1/_refused")
    def refused() -> str:
        raise refusal

    answer = app.test_client().get("/api/v1/_refused")
    assert answer.status_code == status
    assert answer.get_json() == body
