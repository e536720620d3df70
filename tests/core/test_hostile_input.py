"""Hostile input answers a clear 4xx, never a 500: numbers past the database, unreadable CSV."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter

from core.numbers import DATABASE_INT_MAX, MAX_PAGE, RecordIdConverter
from tests.referrals.conftest import PEOPLE
from tests.referrals.test_views import sign_in

# Past PostgreSQL's INTEGER and BIGINT, and past SQLite's 64-bit integers.
HUGE = (DATABASE_INT_MAX + 1, 2**63, 10**23)
ROLES = (None, *PEOPLE)


def int_routes(app: Flask) -> list[tuple[str, str]]:
    """Every (method, rule) whose URL holds an <int:...> part."""
    found = []
    for rule in app.url_map.iter_rules():
        if "<int:" in rule.rule:
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((method, rule.rule))
    return found


def with_number(rule: str, number: int) -> str:
    path = re.sub(r"<int:[^>]+>", str(number), rule)
    return re.sub(r"<[^>]+>", "x", path)


def test_every_int_route_is_bounded(app: Flask) -> None:
    routes = int_routes(app)
    assert len(routes) > 30
    for rule in app.url_map.iter_rules():
        numbers = [c for c in rule._converters.values() if isinstance(c, IntegerConverter)]
        assert all(isinstance(c, RecordIdConverter) for c in numbers), rule.rule


def test_every_int_route_answers_404_for_numbers_past_the_database(client, site) -> None:
    app = client.application
    failures = []
    for person in ROLES:
        if person is not None:
            sign_in(client, getattr(site, person))
        for method, rule in int_routes(app):
            for number in HUGE:
                response = client.open(with_number(rule, number), method=method, data={})
                # werkzeug answers 405 to a POST when no rule matches the path at all.
                if response.status_code not in (404, 405):
                    failures.append((person, method, rule, number, response.status_code))
    assert not failures


def test_the_largest_id_is_an_ordinary_not_found(client, site) -> None:
    sign_in(client, site.coordinator)
    assert client.get(f"/clients/{DATABASE_INT_MAX}").status_code == 404
    assert client.get(f"/api/v1/clients/{DATABASE_INT_MAX}").status_code == 404
    assert client.get(f"/clients/{site.client_id}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/outbox?page={n}",
        "/admin/audit?page={n}",
        "/search?page={n}",
        "/api/v1/services/search?page={n}",
        "/openreferral/services?page={n}",
        "/openreferral/organizations?page={n}",
        "/openreferral/taxonomy_terms?page={n}",
    ],
)
def test_page_numbers_past_the_last_page_are_refused(client, site, path: str) -> None:
    sign_in(client, site.capacity_lead)
    for number in (MAX_PAGE + 1, *HUGE, "abc"):
        response = client.get(path.format(n=number))
        assert response.status_code == 400, (path, number, response.status_code)
    assert client.get(path.format(n=2)).status_code == 200


def test_record_ids_in_forms_and_json_past_the_database_are_field_errors(client, site) -> None:
    sign_in(client, site.coordinator)
    for number in HUGE:
        body = {"service_id": number, "theme": "money", "reason": "x", "consent": True}
        answer = client.post(f"/api/v1/clients/{site.client_id}/referrals", json=body)
        assert answer.status_code == 400 and "service_id" in answer.get_json()["errors"]
        action = {"kind": "client_action", "theme": "money", "description": "x"}
        answer = client.post(
            f"/api/v1/clients/{site.client_id}/actions", json={**action, "service_id": number}
        )
        assert answer.status_code == 400 and "service_id" in answer.get_json()["errors"]
    sign_in(client, site.capacity_lead)
    team = client.post("/admin/teams", data={"name": "Night team"})
    assert team.status_code in (302, 303)
    team_id = int(team.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    for number in HUGE:
        answer = client.post(f"/admin/teams/{team_id}/members", data={"user_id": str(number)})
        assert answer.status_code == 400
        answer = client.post(
            f"/admin/users/{site.provider_id}/memberships", data={"organisation_id": str(number)}
        )
        assert answer.status_code == 400
        assert client.get(f"/admin/audit?user_id={number}").status_code == 400


def _upload(client: FlaskClient, text: str) -> Any:
    return client.post(
        "/admin/listings/import",
        data={"file": (io.BytesIO(text.encode()), "big.csv")},
        content_type="multipart/form-data",
    )


def test_a_csv_cell_past_the_csv_modules_limit_is_a_row_error(client, site) -> None:
    sign_in(client, site.capacity_lead)
    header = "organisation_name,service_name,description\n"
    text = header + "Ok org,Ok service,short\n" + "Big org,Big service," + "x" * 200_000 + "\n"
    response = _upload(client, text)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Row 3 cannot be read" in page and "131,072 characters" in page
    response = _upload(client, header + "Org,Service,About\x00\n")
    assert response.status_code == 400
    assert "Row 2 cannot be read" in response.get_data(as_text=True)


def test_nul_characters_are_refused_everywhere(client, site) -> None:
    sign_in(client, site.coordinator)
    action = {"kind": "client_action", "theme": "money", "description": "\x00"}
    answer = client.post(f"/api/v1/clients/{site.client_id}/actions", json=action)
    assert answer.status_code == 400
    assert "NUL" in answer.get_json()["message"]
    assert client.get("/services/%00").status_code == 400
    assert client.get("/search?q=%00").status_code == 400
    assert client.get("/clients?q=a%00").status_code == 400
    assert client.post("/list-your-group", data={"your_name": "\x00"}).status_code == 400
