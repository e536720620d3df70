"""Addresses taken from forms and imports are http(s) only; a bad stored one is never a link."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from core.extensions import db
from core.fields import is_web_address
from directory.models import Service
from tests.listings.test_pages import LIST_YOUR_GROUP
from tests.openreferral.test_import import exported_file  # noqa: F401
from tests.referrals.test_views import sign_in

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "https:///nohost",
    "https://ok.example/\r\nX: y",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_only_http_and_https_addresses_are_web_addresses(value: str) -> None:
    assert not is_web_address(value)


def test_ordinary_addresses_are_web_addresses() -> None:
    assert is_web_address("https://www.ageuk.org.uk/bolton/")
    assert is_web_address("HTTP://example.org")


def test_forms_refuse_addresses_that_are_not_http(client) -> None:
    form = LIST_YOUR_GROUP
    for value in HOSTILE[:6]:
        answer = client.post("/list-your-group", data={**form, "organisation_website": value})
        assert answer.status_code == 400, value
        assert "starting with https://" in answer.get_data(as_text=True)


def test_csv_import_refuses_addresses_that_are_not_http(client, site) -> None:
    sign_in(client, site.capacity_lead)
    text = (
        "organisation_name,service_name,description,themes,website\n"
        'Org,Service,About,health,"javascript:alert(1)"\n'
    )
    answer = client.post(
        "/admin/listings/import",
        data={"file": (io.BytesIO(text.encode()), "bad.csv")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    assert "starting with https://" in answer.get_data(as_text=True)


def test_open_referral_import_keeps_no_hostile_address(app, runner, exported_file) -> None:  # noqa: F811
    records = json.loads(exported_file.read_text())
    for record in records:
        record["url"] = "javascript:alert(1)"
        record["organization"]["website"] = "data:text/html,hi"
    exported_file.write_text(json.dumps(records))
    result = runner.invoke(args=["import", "openreferral", str(exported_file)])
    assert result.exit_code == 0, result.output
    assert "is not an http(s) web address" in result.output
    with app.app_context():
        services = db.session.scalars(select(Service)).all()
        assert len(services) == 2
        assert all(s.website is None and s.organisation.website is None for s in services)


def test_a_bad_address_already_stored_is_shown_but_never_linked(
    client, app, make_service, make_organisation
) -> None:
    with app.app_context():
        organisation = make_organisation(name="Old import", website="javascript:alert(1)")
        service = make_service(
            name="Old listing", organisation=organisation, website="javascript:alert(2)"
        )
        db.session.commit()
        uuids = (service.uuid, organisation.uuid)
    for page in (f"/services/{uuids[0]}", f"/organisations/{uuids[1]}"):
        html = client.get(page).get_data(as_text=True)
        assert "javascript:alert" in html, page  # shown as text
        assert 'href="javascript:' not in html.lower(), page
