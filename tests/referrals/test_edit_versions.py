"""Two people editing the same record: a save from a stale form is refused, not lost."""

from __future__ import annotations

import re
import threading
from types import SimpleNamespace

import pytest

from accounts.models import AuditEvent, User
from core.extensions import db
from directory.themes import Theme
from referrals import caseload
from referrals.models import Action, ActionKind, ActionStatus, Client
from tests.forms import form_values, stale_save
from tests.races import all_at_once
from tests.referrals.test_caseload_pages import team_site  # noqa: F401
from tests.referrals.test_views import sign_in

ROUNDS = 5


@pytest.fixture
def pair(app, team_site):  # noqa: F811
    """Two co-ordinators in one team sharing one client with one open action; ids only."""
    with app.app_context():
        shared = db.session.get(Client, team_site.client_id)
        owner = shared.owner
        action = caseload.add_action(
            owner, shared, ActionKind.CLIENT_ACTION, Theme.MONEY, "Ring the council"
        )
        db.session.commit()
        return SimpleNamespace(
            client_id=shared.id,
            action_id=action.id,
            first=owner.get_id(),
            second=team_site.teammate,
            first_id=owner.id,
            second_id=int(team_site.teammate.split(".")[0]),
            outsider=team_site.outsider,
        )


def _open(app, session_id: str, path: str):
    browser = app.test_client()
    sign_in(browser, session_id)
    page = browser.get(path)
    assert page.status_code == 200
    return browser, form_values(page.get_data(as_text=True))


def test_second_coordinators_stale_save_is_refused_and_keeps_what_they_typed(app, pair) -> None:
    path = f"/clients/{pair.client_id}/edit"
    typed = {"gp_practice": "Halliwell Surgery", "what_matters": "Seeing my grandson on Sundays"}
    refused = stale_save(
        app, path, sign_in, (pair.first, pair.second), {"phone": "07700 900123"}, typed
    )
    # What changed meanwhile: the first co-ordinator's new phone number, and nothing else.
    assert "Phone number" in refused.panel
    assert "01204 555 0101 → 07700 900123" in refused.panel
    assert "GP practice" not in refused.panel
    kept = refused.kept
    assert {name: kept[name] for name in typed} == typed
    assert kept["phone"] == "01204 555 0101"  # what they had, until they choose otherwise
    with app.app_context():
        stored = db.session.get(Client, pair.client_id)
        assert stored.phone == "07700 900123"
        assert stored.gp_practice == "Deane Surgery"
        assert int(kept["version"]) == stored.version

    # Showing the client as they are now is an access like any other, and is audited.
    with app.app_context():
        accesses = db.session.scalars(
            db.select(AuditEvent.action).where(
                AuditEvent.record_type == "client",
                AuditEvent.record_id == str(pair.client_id),
                AuditEvent.user_id == pair.second_id,
            )
        ).all()
        assert accesses.count("edit") == 2  # opening the form, then the refusal

    # Saving again is a deliberate choice, with the phone number now corrected by hand.
    kept["phone"] = "07700 900123"
    assert refused.second.post(path, data=kept).status_code == 302
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


def test_a_stale_action_outcome_is_refused_on_the_page(app, pair) -> None:
    path = f"/actions/{pair.action_id}/outcome"
    refused = stale_save(
        app,
        path,
        sign_in,
        (pair.first, pair.second),
        {"status": "done", "outcome_note": "Council rang back"},
        {"status": "not_done", "outcome_note": "No answer on the line"},
    )
    assert "(none) → Council rang back" in refused.panel
    kept = refused.kept
    assert (kept["status"], kept["outcome_note"]) == ("not_done", "No answer on the line")
    with app.app_context():
        assert db.session.get(Action, pair.action_id).status is ActionStatus.DONE
    assert refused.second.post(path, data=kept).status_code == 302
    with app.app_context():
        assert db.session.get(Action, pair.action_id).status is ActionStatus.NOT_DONE


def test_the_api_answers_409_with_the_current_version_and_record(app, pair) -> None:
    path = f"/api/v1/actions/{pair.action_id}"
    first, second = app.test_client(), app.test_client()
    sign_in(first, pair.first)
    sign_in(second, pair.second)
    read = second.get(f"/api/v1/clients/{pair.client_id}/actions").get_json()["actions"][0]
    seen = read["version"]

    saved = first.patch(path, json={"status": "done", "version": seen})
    assert saved.status_code == 200
    assert saved.get_json()["version"] != seen

    refused = second.patch(path, json={"status": "not_done", "version": seen})
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["message"] == "This record changed while you were editing it"
    assert body["current_version"] == saved.get_json()["version"]
    assert body["current"]["status"] == "done"

    retried = second.patch(path, json={"status": "not_done", "version": body["current_version"]})
    assert retried.status_code == 200 and retried.get_json()["status"] == "not_done"
    for bad in ("x", [1], {"a": 1}, 1.5, True):
        answer = second.patch(path, json={"status": "done", "version": bad})
        assert answer.status_code == 400, bad
        assert "version" in answer.get_json()["errors"]


def _race(app, path: str, people: tuple[str, str], phones: tuple[str, str]) -> list[int]:
    """Both people load the form, then both save it at the same moment; their statuses."""
    forms = []
    for person in people:
        browser = app.test_client()
        sign_in(browser, person)
        forms.append((browser, form_values(browser.get(path).get_data(as_text=True))))
    assert forms[0][1]["version"] == forms[1][1]["version"]
    ready = threading.Barrier(2)
    answers: list[int] = []

    def save(browser, form, phone) -> None:
        form["phone"] = phone
        ready.wait(timeout=10)
        answers.append(browser.post(path, data=form).status_code)

    threads = [threading.Thread(target=save, args=(*forms[i], phones[i])) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


@pytest.mark.committed  # threads, each request on its own connection
def test_simultaneous_saves_of_one_version_have_exactly_one_winner(app, pair) -> None:
    path = f"/clients/{pair.client_id}/edit"
    for round_number in range(ROUNDS):
        phones = (f"07700 9{round_number:02d}001", f"07700 9{round_number:02d}002")
        answers = _race(app, path, (pair.first, pair.second), phones)
        assert sorted(answers) == [302, 409], (round_number, answers)
        with app.app_context():
            assert db.session.get(Client, pair.client_id).phone in phones


@pytest.mark.committed  # two threads, two connections
def test_two_saves_that_both_passed_the_check_cannot_both_win(app, pair) -> None:
    """Both read version N and compare equal; only the claim tells them apart."""
    with app.app_context():
        seen = db.session.get(Client, pair.client_id).version

    def saving(person_id: int, phone: str):
        def save(wait) -> None:
            person = db.session.get(User, person_id)
            found = db.session.get(Client, pair.client_id)
            assert found.version == seen
            wait()
            caseload.update_client(person, found, {"phone": phone}, seen_version=seen)

        return save

    outcomes = all_at_once(
        app, [saving(pair.first_id, "07700 900001"), saving(pair.second_id, "07700 900002")]
    )
    assert outcomes == ["refused", "won"]
