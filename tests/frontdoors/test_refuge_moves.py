"""Move a refuge within its neighbourhood: no public answer may change.

A small world of its own (tests/directory/refuge_world.py, on an empty database): record every
public answer, move the refuge elsewhere in its neighbourhood, and assert that no answer
changed, so nothing public depends on where in its neighbourhood a refuge stands.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader

from core.extensions import db
from directory.gazetteer import Neighbourhood
from directory.geo import haversine_km
from directory.models import AreaKind, Location, Service, ServiceArea
from directory.themes import Theme
from frontdoors.selfcheck import SESSION_KEY
from tests.directory.refuge_world import (
    CENTRE,
    REFUGE,
    REFUGE_ELSEWHERE,
    World,
    move_refuge,
    sign_in,
    world_fixture,  # noqa: F401
)
from tests.isolation import Start


@pytest.fixture
def starting_database(empty_start: Start) -> Start:
    """The refuge world is built on an empty database (the demo borough has its own codes)."""
    return empty_start


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _page(response: Any) -> tuple[int, Any]:
    if response.is_json:
        return response.status_code, response.get_json()
    # Each client's session has its own form token; nothing else may differ.
    text = re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))
    return response.status_code, text


def public_answers(app: Flask, world: World) -> dict[str, Any]:
    """Every public answer that could depend on the refuge's point, by request."""
    client = app.test_client()
    answers: dict[str, Any] = {}

    def get(url: str, key: str = "", **query: Any) -> None:
        response = client.get(url, query_string=query)
        answers[key or f"{url}?{sorted(query.items())}"] = _page(response)

    for code in world.postcodes:
        for radius in (1, 2, 5):
            for sort in ("nearest", "relevance"):
                get("/api/v1/services/search", near=code, radius=radius, sort=sort, per_page=100)
        get("/api/v1/services/search", near=code, radius=10, q="refuge safe")
        get("/search", near=code, radius=2)
        get("/search", near=code, radius=2, view="map")
        get("/openreferral/service_at_locations", postcode=code)
        get("/openreferral/service_at_locations", postcode=code, proximity=1500)
        get("/openreferral/service_at_locations", postcode=code, full="true", format="ndjson")
        with client.session_transaction() as session:
            session[SESSION_KEY] = {
                "answers": {t.value: "yes" for t in Theme},
                "postcode": code,
            }
        get("/self-check/report", key=f"self-check {code}")
    for url in (
        f"/services/{world.refuge}",
        f"/services/{world.hub_service}",
        f"/organisations/{world.organisation}",
        f"/openreferral/services/{world.refuge}",
        f"/openreferral/services/{world.hub_service}",
        "/openreferral/services",
        "/openreferral/service_at_locations",
        "/openreferral/organizations",
    ):
        get(url)
    # The newer renderings of the same records: each must hold no more than the plain one.
    for url in (f"/openreferral/services/{world.refuge}", "/openreferral/services"):
        get(url, profile="hsds-3.1")
    for query in (
        {"full": "true", "format": "ndjson"},
        {"profile": "hsds-3.1", "format": "ndjson"},
        {"minimal": "true"},
    ):
        get("/openreferral/services", **query)
    get("/openreferral/service_at_locations", full="true", format="ndjson")
    get("/openreferral/organizations", full_service="true")
    partner = app.test_client()
    sign_in(partner, world, "partner")
    for code in world.postcodes:
        response = partner.post(
            "/partner/checklist",
            data={
                "consent": "yes",
                "first_name": "Walter",
                "contact_preference": "phone",
                "phone": "01204 555 0177",
                "needs": ["house_and_home"],
                "postcode": code,
            },
        )
        answers[f"partner {code}"] = _page(response)
    booklet = app.test_client()
    sign_in(booklet, world, "coordinator")
    with app.app_context():
        hoods = db.session.scalars(db.select(Neighbourhood.id)).all()
    for hood in [None, *hoods]:
        query = {"neighbourhood": hood} if hood else {}
        answers[f"booklet {hood}"] = _page(booklet.get("/booklet", query_string=query))
        answers[f"booklet.pdf {hood}"] = _pdf_text(
            booklet.get("/booklet.pdf", query_string=query).data
        )
    return answers


def test_moving_a_refuge_within_its_neighbourhood_changes_no_public_answer(
    app: Flask, world: World
) -> None:
    with app.app_context():
        refuge = db.session.scalars(
            db.select(Location).where(Location.uuid == world.refuge_location)
        ).one()
        hub = db.session.scalars(db.select(Service).where(Service.uuid == world.hub_service)).one()
        # An area measured from the refuge (made before it was confidential, say).
        hub.areas.append(ServiceArea(kind=AreaKind.RADIUS, radius_km=2, location=refuge))
        db.session.commit()
    before = public_answers(app, world)
    assert any("Harbour refuge" in json.dumps(answer) for answer in before.values())
    move_refuge(app, world, REFUGE_ELSEWHERE, "BL1 3PY")
    after = public_answers(app, world)
    changed = sorted(key for key in before if before[key] != after[key])
    assert changed == [], f"answers that depend on where the refuge stands: {changed[:5]}"
    # And the two points are far apart: 1.35 km, against Halliwell's own 0.9 km.
    assert haversine_km(*REFUGE, *REFUGE_ELSEWHERE) > 1.3
    assert haversine_km(*CENTRE, *REFUGE) == pytest.approx(1.0, abs=0.01)
