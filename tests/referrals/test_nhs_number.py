"""The NHS number on a client: the modulus 11 check, 3 3 4 display, exact search, the API."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accounts.models import AuditEvent
from core.extensions import db
from core.logs import redact_request_line
from referrals.models import Client
from referrals.nhs_number import (
    InvalidNHSNumber,
    check_digit,
    format_nhs_number,
    normalise_nhs_number,
)
from tests.referrals.test_api import CLIENT
from tests.referrals.test_views import CLIENT_FORM, read, sign_in

VALID = "9434765919"  # the NHS's own worked example; 943 476 5919
OTHER_VALID = "4010232137"
WRONG_LAST_DIGIT = "9434765918"
NO_CHECK_DIGIT_POSSIBLE = "1000000010"  # the first nine weigh to a check of 10


@pytest.mark.parametrize(
    "typed",
    [
        "9434765919",
        "943 476 5919",
        "943-476-5919",
        " 943 476 5919 ",
        "94 34 76 59 19",
        "943--4765919",
    ],
)
def test_typed_forms_normalise_to_ten_digits(typed: str) -> None:
    assert normalise_nhs_number(typed) == VALID


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (WRONG_LAST_DIGIT, "the last digit does not match"),
        ("943 476 5918", "the last digit does not match"),
        (NO_CHECK_DIGIT_POSSIBLE, "these digits cannot form one"),
        ("943476591", "it has 10 digits"),
        ("94347659190", "it has 10 digits"),
        ("943.476.5919", "it has 10 digits"),
        ("943 476 591X", "it has 10 digits"),
        ("-9434765919", "it has 10 digits"),
        ("９４３４７６５９１９", "it has 10 digits"),  # full-width digits are not typed numbers
        ("", "it has 10 digits"),
    ],
)
def test_bad_numbers_are_refused_with_a_reason(typed: str, message: str) -> None:
    with pytest.raises(InvalidNHSNumber, match=message):
        normalise_nhs_number(typed)


def test_check_digit_follows_the_published_weights() -> None:
    # 9x10 + 4x9 + 3x8 + 4x7 + 7x6 + 6x5 + 5x4 + 9x3 + 1x2 = 299; 299 mod 11 = 2; 11 - 2 = 9
    assert check_digit("943476591") == 9
    assert check_digit("401023213") == 7
    assert check_digit("000000000") == 0  # 11 - 0 = 11 becomes 0
    assert check_digit(NO_CHECK_DIGIT_POSSIBLE[:9]) is None


def test_shown_in_groups_of_three_three_four() -> None:
    assert format_nhs_number(VALID) == "943 476 5919"
    assert format_nhs_number(None) == ""


def test_the_form_stores_ten_digits_and_the_page_shows_3_3_4(app, client, site) -> None:
    sign_in(client, site.coordinator)
    response = client.post("/clients/new", data={**CLIENT_FORM, "nhs_number": "943-476-5919"})
    assert response.status_code == 302
    [created] = read(app, select(Client).where(Client.first_name == "Edna"))
    assert created.nhs_number == VALID
    page = client.get(f"/clients/{created.id}").get_data(as_text=True)
    assert "943 476 5919" in page
    form = client.get(f"/clients/{created.id}/edit").get_data(as_text=True)
    assert 'value="943 476 5919"' in form


def test_a_wrong_check_digit_is_a_field_error_that_keeps_what_was_typed(app, client, site) -> None:
    sign_in(client, site.coordinator)
    response = client.post("/clients/new", data={**CLIENT_FORM, "nhs_number": "943 476 5918"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert 'href="#nhs_number"' in html
    assert "Enter a valid NHS number: the last digit does not match" in html
    assert 'value="943 476 5918"' in html
    assert read(app, select(Client).where(Client.first_name == "Edna")) == []


def test_the_number_is_optional_and_can_be_removed(app, client, site) -> None:
    sign_in(client, site.coordinator)
    assert client.post("/clients/new", data=CLIENT_FORM).status_code == 302
    [created] = read(app, select(Client).where(Client.first_name == "Edna"))
    assert created.nhs_number is None
    assert "Not given" in client.get(f"/clients/{created.id}").get_data(as_text=True)
    _give_number(app, created.id, VALID)
    [numbered] = read(app, select(Client).where(Client.id == created.id))
    edit = {**CLIENT_FORM, "nhs_number": "", "version": str(numbered.version)}
    assert client.post(f"/clients/{created.id}/edit", data=edit).status_code == 302
    [edited] = read(app, select(Client).where(Client.id == created.id))
    assert edited.nhs_number is None


def _give_number(app, client_id: int, number: str) -> None:
    with app.app_context():
        db.session.get(Client, client_id).nhs_number = number
        db.session.commit()


def _searches(app) -> list[AuditEvent]:
    return read(app, select(AuditEvent).where(AuditEvent.action == "nhs_number_search"))


def test_search_finds_the_exact_number_among_the_askers_clients(app, client, site) -> None:
    _give_number(app, site.client_id, VALID)
    sign_in(client, site.coordinator)
    for typed in ("943 476 5919", "943-476-5919", VALID):
        found = client.get("/clients", query_string={"q": typed}).get_data(as_text=True)
        assert f'href="/clients/{site.client_id}"' in found
    # Only the exact number: a prefix is not an NHS number, and matches nobody by name.
    partial = client.get("/clients", query_string={"q": VALID[:6]}).get_data(as_text=True)
    assert "No clients match" in partial
    other = client.get("/clients", query_string={"q": OTHER_VALID}).get_data(as_text=True)
    assert "No clients match" in other
    searches = _searches(app)
    assert len(searches) == 4
    assert {event.user_id for event in searches} == {site.coordinator_id}


@pytest.mark.parametrize("who", ["other_coordinator", "provider", "capacity_lead"])
def test_nobody_else_finds_the_client_by_number(app, client, site, who: str) -> None:
    _give_number(app, site.client_id, VALID)
    sign_in(client, getattr(site, who))
    response = client.get("/clients", query_string={"q": VALID})
    if response.status_code == 200:
        assert f"/clients/{site.client_id}" not in response.get_data(as_text=True)
    else:
        assert response.status_code in (403, 404)
    api = client.get("/api/v1/clients", query_string={"q": VALID})
    assert api.status_code in (200, 403, 404)
    if api.status_code == 200:
        assert api.get_json()["clients"] == []


def test_searching_a_wrong_number_says_why(app, client, site) -> None:
    sign_in(client, site.coordinator)
    response = client.get("/clients", query_string={"q": "943 476 5918"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Enter a valid NHS number: the last digit does not match" in html
    assert 'aria-describedby="q-error"' in html
    assert len(_searches(app)) == 1


def test_name_searches_are_not_number_searches(app, client, site) -> None:
    sign_in(client, site.coordinator)
    found = client.get("/clients", query_string={"q": "hargreaves"}).get_data(as_text=True)
    assert f'href="/clients/{site.client_id}"' in found
    assert _searches(app) == []


def test_the_search_box_is_redacted_in_request_logs() -> None:
    line = redact_request_line("GET /clients?q=943+476+5919&status=all HTTP/1.1")
    assert "5919" not in line and "q=[redacted]" in line


def test_api_takes_and_shows_the_number(app, client, site) -> None:
    sign_in(client, site.coordinator)
    created = client.post("/api/v1/clients", json={**CLIENT, "nhs_number": "943 476 5919"})
    assert created.status_code == 201
    assert created.get_json()["nhs_number"] == VALID
    client_id = created.get_json()["id"]
    found = client.get("/api/v1/clients", query_string={"q": "943-476-5919"}).get_json()
    assert [c["id"] for c in found["clients"]] == [client_id]
    assert len(_searches(app)) == 1
    bad = client.get("/api/v1/clients", query_string={"q": WRONG_LAST_DIGIT})
    assert bad.status_code == 400
    assert bad.get_json()["errors"]["q"] == [
        "Enter a valid NHS number: the last digit does not match"
    ]
    without = client.post("/api/v1/clients", json={**CLIENT, "nhs_number": None})
    assert without.status_code == 201 and without.get_json()["nhs_number"] is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (WRONG_LAST_DIGIT, "Enter a valid NHS number: the last digit does not match"),
        ("12345", "Enter a valid NHS number: it has 10 digits, like 943 476 5919"),
        (9434765919, "Not a valid string."),
        (["9434765919"], "Not a valid string."),
    ],
)
def test_api_refuses_bad_numbers_field_by_field(client, site, value, message) -> None:
    sign_in(client, site.coordinator)
    response = client.post("/api/v1/clients", json={**CLIENT, "nhs_number": value})
    assert response.status_code == 400
    assert response.get_json()["errors"]["nhs_number"] == [message]


def test_the_openapi_document_gives_the_pattern(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    typed = next(
        s for name, s in schemas.items() if name.startswith("Client") and "Dump" not in name
    )
    shown = next(s for name, s in schemas.items() if name.startswith("ClientDump"))
    assert typed["properties"]["nhs_number"]["pattern"] == r"^(?:[0-9][ -]*){9}[0-9]$"
    assert typed["properties"]["nhs_number"]["nullable"] is True
    assert shown["properties"]["nhs_number"]["pattern"] == r"^[0-9]{10}$"
    assert shown["properties"]["nhs_number"]["nullable"] is True
