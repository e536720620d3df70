"""A property-based pass over both OpenAPI documents: no server error, no answer off-schema.

Schemathesis generates requests from each document (valid ones and hostile ones) and sends them
to the app in process (WSGI), as a co-ordinator with an API token for /api/v1. Every answer must
be below 500 and match the schema its operation declares. The seed is fixed (derandomize) and
the examples per operation bounded, so a run is repeatable and quick.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.models import User
from accounts.services import create_token
from core.extensions import db
from directory.models import Service
from directory.themes import Theme

EXAMPLES_PER_OPERATION = 6
FUZZ = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
CHECKS = [not_a_server_error, response_schema_conformance]


def fuzz(
    app: Flask, document: str, headers: dict[str, str], known: dict[str, Any] | None = None
) -> list[str]:
    """Run every operation of `document`; return what went wrong, one line per operation.

    `known` maps path parameters to records that exist: half the examples use them, so answers
    with real records in them are checked against the schema too, not only 404s.
    """
    schema = schemathesis.openapi.from_wsgi(document, app)
    problems: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ
            @given(case=operation.as_strategy(mode), real=st.booleans())
            def run(case: Any, real: bool) -> None:
                if real and known and case.path_parameters:
                    for name in case.path_parameters:
                        if name in known:
                            case.path_parameters[name] = known[name]
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                pass  # nothing in this operation can be made invalid
            except (Exception, BaseExceptionGroup) as error:  # every failure is reported
                first = str(error).strip().splitlines()[:12]
                problems.append(f"{operation.label} ({mode}): " + "\n    ".join(first))
    assert operations > 5
    return problems


def _token(app: Flask, site: Any) -> str:
    with app.app_context():
        _made, plaintext = create_token(db.session.get(User, site.coordinator_id), "fuzz")
        db.session.commit()
    return plaintext


def _records(client: FlaskClient, site: Any, headers: dict[str, str]) -> dict[str, Any]:
    """A referral (and so an action) and a wheel for the world's client, made through the API."""
    body = {"service_id": site.service_id, "theme": "money", "reason": "Debts", "consent": True}
    referral = client.post(
        f"/api/v1/clients/{site.client_id}/referrals", json=body, headers=headers
    )
    assert referral.status_code == 201, referral.get_json()
    scores = [{"theme": theme.value, "score": 3} for theme in Theme]
    wheel = client.post(
        f"/api/v1/clients/{site.client_id}/assessments", json={"scores": scores}, headers=headers
    )
    assert wheel.status_code == 201, wheel.get_json()
    actions = client.get(f"/api/v1/clients/{site.client_id}/actions", headers=headers)
    return {
        "client_id": site.client_id,
        "referral_id": referral.get_json()["id"],
        "action_id": actions.get_json()["actions"][0]["id"],
    }


def test_the_signpost_api_survives_fuzzing(app: Flask, site) -> None:
    headers = {"Authorization": f"Bearer {_token(app, site)}"}
    known = _records(app.test_client(), site, headers)
    problems = fuzz(app, "/api/v1/openapi.json", headers, known)
    assert not problems, "\n".join(problems)


def test_the_open_referral_api_survives_fuzzing(app: Flask, site) -> None:
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Service)) >= 1
    problems = fuzz(app, "/openreferral/openapi.json", {})
    assert not problems, "\n".join(problems)


def test_the_api_declares_how_to_call_it_as_someone(client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearerToken"]["description"],
    }
    assert schemes["session"]["in"] == "cookie"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            if path == "/api/v1/services/search":
                assert operation["security"] == [], "search is public"
            else:
                assert operation["security"] == [{"bearerToken": []}, {"session": []}], (
                    method,
                    path,
                )
