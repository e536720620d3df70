"""Two people editing the same record: a save from a stale form is refused, not lost."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from accounts.models import Team, TeamMembership
from core.extensions import db
from referrals.models import Client
from tests.forms import form_values
from tests.referrals.test_views import sign_in


@pytest.fixture
def pair(app, request):
    """Two co-ordinators in one team sharing one client; ids only."""
    with app.app_context():
        world = request.getfixturevalue("world")
        make_client = request.getfixturevalue("make_client")
        teammate = request.getfixturevalue("make_user")(name="Tess Teammate")
        team = Team(name="Staying Well North")
        team.memberships.extend(
            [TeamMembership(user=world.coordinator), TeamMembership(user=teammate)]
        )
        db.session.add(team)
        db.session.flush()
        shared = make_client(
            world.coordinator, first_name="Bernard", last_name="Lomax", team_id=team.id
        )
        db.session.commit()
        return SimpleNamespace(
            client_id=shared.id, first=world.coordinator.get_id(), second=teammate.get_id()
        )


def _open(app, session_id: str, path: str):
    browser = app.test_client()
    sign_in(browser, session_id)
    page = browser.get(path)
    assert page.status_code == 200
    return browser, form_values(page.get_data(as_text=True))


def test_second_coordinators_stale_save_is_refused_and_keeps_what_they_typed(app, pair) -> None:
    path = f"/clients/{pair.client_id}/edit"
    first, first_form = _open(app, pair.first, path)
    second, second_form = _open(app, pair.second, path)

    first_form["phone"] = "07700 900123"
    assert first.post(path, data=first_form).status_code == 302

    second_form["gp_practice"] = "Halliwell Surgery"
    second_form["what_matters"] = "Seeing my grandson on Sundays"
    refused = second.post(path, data=second_form)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "This record changed while you were editing it" in page
    # What changed meanwhile: the first co-ordinator's new phone number, and nothing else.
    panel = page[
        page.index('id="changed-meanwhile"') : page.index(
            "</ul>", page.index('id="changed-meanwhile"')
        )
    ]
    assert "Phone number" in panel and "01204 555 0101 → 07700 900123" in panel
    assert "GP practice" not in panel
    kept = form_values(page)
    assert kept["gp_practice"] == "Halliwell Surgery"
    assert kept["what_matters"] == "Seeing my grandson on Sundays"
    assert kept["phone"] == "01204 555 0101"  # what they had, until they choose otherwise
    with app.app_context():
        stored = db.session.get(Client, pair.client_id)
        assert stored.phone == "07700 900123"
        assert stored.gp_practice == "Deane Surgery"
        assert int(kept["version"]) == stored.version

    # Saving again is a deliberate choice, with the phone number now corrected by hand.
    kept["phone"] = "07700 900123"
    assert second.post(path, data=kept).status_code == 302
    with app.app_context():
        stored = db.session.get(Client, pair.client_id)
        assert (stored.phone, stored.gp_practice) == ("07700 900123", "Halliwell Surgery")


def test_a_tampered_version_or_loaded_field_is_refused_without_a_500(app, pair) -> None:
    path = f"/clients/{pair.client_id}/edit"
    browser, form = _open(app, pair.first, path)
    for version in ("0", "999999", "-1", "x", ""):
        form["version"] = version
        form["loaded"] = "not-a-signature"
        answer = browser.post(path, data=form)
        assert answer.status_code in (302, 409), (version, answer.status_code)
        if version in ("0", "999999"):
            assert answer.status_code == 409
            assert re.search(r"Someone else saved it", answer.get_data(as_text=True))
