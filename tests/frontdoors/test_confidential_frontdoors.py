"""The self-check report, the partner checklist and the booklet never place a refuge."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from core.extensions import db
from directory.gazetteer import Neighbourhood
from directory.themes import Theme
from frontdoors.selfcheck import SESSION_KEY
from tests.directory.refuge_world import World, sign_in, world_fixture  # noqa: F401
from tests.isolation import Start


@pytest.fixture
def starting_database(empty_start: Start) -> Start:
    """The refuge world is built on an empty database (the demo borough has its own codes)."""
    return empty_start


PARTNER_PERSON = {
    "consent": "yes",
    "first_name": "Walter",
    "last_name": "Openshaw",
    "contact_preference": "phone",
    "phone": "01204 555 0177",
    "needs": ["house_and_home"],
}


def self_check_report(client: FlaskClient, postcode: str, theme: Theme) -> str:
    """The printable report for someone who flagged one theme, as the public would see it."""
    with client.session_transaction() as session:
        session[SESSION_KEY] = {
            "answers": {t.value: ("yes" if t is theme else "no") for t in Theme},
            "postcode": postcode,
        }
    response = client.get("/self-check/report")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def card_meta(html: str, service_uuid: str) -> str:
    """The line under a service's name in a report card (organisation, distance, cost)."""
    found = re.search(
        rf'href="/services/{service_uuid}".*?<p class="govuk-body-s sp-card__meta">(.*?)</p>',
        html,
        re.S,
    )
    assert found, "the service is in the report"
    return " ".join(found.group(1).split())


def test_self_check_report_says_in_which_neighbourhood_not_how_far(
    client: FlaskClient, world: World
) -> None:
    # BL1 3PX is the refuge's own postcode: the report printed "About 0.0 km away".
    for postcode in ("BL1 3PX", "BL1 7AA", "BL1 4AA"):
        html = self_check_report(client, postcode, Theme.HOUSE_AND_HOME)
        meta = card_meta(html, world.refuge)
        assert "km" not in meta, (postcode, meta)
        assert "In Halliwell (address not shown)" in meta
        assert "7 Secret Row" not in html


def test_partner_suggestions_give_no_distance_to_a_refuge(
    app: Flask, client: FlaskClient, world: World
) -> None:
    sign_in(client, world, "partner")
    html = client.post(
        "/partner/checklist", data={**PARTNER_PERSON, "postcode": "BL1 7AA"}
    ).get_data(as_text=True)
    hint = re.search(r"Harbour refuge</label>\s*<div[^>]*>(.*?)</div>", html, re.S)
    assert hint, html
    text = " ".join(hint.group(1).split())
    assert "km" not in text and "in Halliwell" in text


def test_booklet_and_its_pdf_name_no_neighbourhood_too_small_to_hide_in(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, world, "coordinator")
    html = client.get("/booklet?theme=house_and_home").get_data(as_text=True)
    pdf = client.get("/booklet.pdf?theme=house_and_home").data
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for shown in (html, text):
        assert "Quiet Lane safe house" in shown
        assert "In Halliwell" in shown and "7 Secret Row" not in shown
    assert "In Tiny Close" not in html and "In Tiny Close" not in text
    # Filtering by neighbourhood does not single the safe house out either: as it may not be
    # placed in Tiny Close, it is listed as reaching everywhere.
    with client.application.app_context():
        hoods = dict(db.session.execute(db.select(Neighbourhood.name, Neighbourhood.id)).all())
    for name in ("Tiny Close", "Halliwell", "Deane"):
        local = client.get(f"/booklet?neighbourhood={hoods[name]}").get_data(as_text=True)
        assert "Quiet Lane safe house" in local, name
        assert "In Tiny Close" not in local
