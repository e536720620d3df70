"""The client's GP practice is chosen by ODS code from the practice table; the note is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db
from directory.practices import Practice, PracticeStatus
from referrals.models import Client
from tests.referrals.test_api import CLIENT
from tests.referrals.test_views import CLIENT_FORM, read, sign_in


@pytest.fixture
def practices(app, site):
    with app.app_context():
        db.session.add_all(
            [
                Practice(ods_code="Y91001", name="Fictional Mill Surgery", pcn_code="U91001",
                         pcn_name="Fictional Central PCN"),
                Practice(ods_code="Y91002", name="Fictional Closed Surgery",
                         status=PracticeStatus.CLOSED),
                Practice(ods_code="Y91003", name="Fictional Walk-in", prescribing_setting=1),
            ]
        )  # fmt: skip
        db.session.commit()


def test_the_form_offers_open_gp_practices_only(client, site, practices) -> None:
    sign_in(client, site.coordinator)
    html = client.get("/clients/new").get_data(as_text=True)
    assert '<option value="Y91001">Fictional Mill Surgery (Y91001)</option>' in html
    assert "Y91002" not in html and "Y91003" not in html


def test_choosing_a_practice_by_code_and_keeping_a_note(app, client, site, practices) -> None:
    sign_in(client, site.coordinator)
    form = {**CLIENT_FORM, "practice_code": "y91001", "gp_practice": "Sees Dr Patel"}
    assert client.post("/clients/new", data=form).status_code == 302
    [created] = read(app, select(Client).where(Client.first_name == "Edna"))
    with app.app_context():
        assert db.session.get(Client, created.id).practice_code == "Y91001"
    page = client.get(f"/clients/{created.id}").get_data(as_text=True)
    assert "Fictional Mill Surgery (Y91001), Fictional Central PCN; Sees Dr Patel" in page
    edit = client.get(f"/clients/{created.id}/edit").get_data(as_text=True)
    assert '<option value="Y91001" selected>' in edit


def test_an_unknown_or_malformed_code_is_a_field_error(app, client, site, practices) -> None:
    sign_in(client, site.coordinator)
    for code, message in (
        ("Y99999", "Choose a GP practice from the list"),
        ("<script>", "Enter an ODS code: 3 to 8 letters and digits"),
    ):
        response = client.post("/clients/new", data={**CLIENT_FORM, "practice_code": code})
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    assert read(app, select(Client).where(Client.first_name == "Edna")) == []


def test_a_closed_practice_stays_shown_for_its_client(app, client, site, practices) -> None:
    with app.app_context():
        found = db.session.get(Client, site.client_id)
        found.practice = db.session.scalar(select(Practice).where(Practice.ods_code == "Y91002"))
        db.session.commit()
    sign_in(client, site.coordinator)
    html = client.get(f"/clients/{site.client_id}/edit").get_data(as_text=True)
    assert '<option value="Y91002" selected>Fictional Closed Surgery (Y91002), closed' in html


def test_the_api_takes_and_shows_the_practice(client, site, practices) -> None:
    sign_in(client, site.coordinator)
    created = client.post("/api/v1/clients", json={**CLIENT, "practice_code": "Y91001"})
    assert created.status_code == 201
    body = created.get_json()
    assert (body["practice_code"], body["practice_name"], body["pcn_code"]) == (
        "Y91001",
        "Fictional Mill Surgery",
        "U91001",
    )
    unknown = client.post("/api/v1/clients", json={**CLIENT, "practice_code": "Y99999"})
    assert unknown.status_code == 400
    assert unknown.get_json()["errors"]["practice_code"] == ["Choose a GP practice from the list"]
