"""Signing off, deciding sign-offs and reallocating through the JSON API: the pages' rules."""

from __future__ import annotations

from directory.themes import Theme
from referrals.models import ClientStatus
from tests.intake.test_intake import sign_in
from tests.supervision.test_supervision import client_row, events, outbox, set_rules

SCORES = [{"theme": t.value, "score": 3, "note": ""} for t in Theme]


def sign_off_body(**changes):
    return {
        "scores": SCORES,
        "closing_reason": "statutory_services",
        "closing_note": "To adult social care.",
        **changes,
    }


def test_sign_off_decision_and_reallocation_through_the_api(app, client, teams):
    set_rules(app, teams.north_id, True, ["I feel more confident"], rating=True)
    sign_in(client, teams.cara)
    made = client.post(
        f"/api/v1/clients/{teams.maud_id}/sign-off",
        json=sign_off_body(answers={"exit_0": 4, "exit_rating": 10}),
    )
    assert made.status_code == 201, made.get_json()
    closure = made.get_json()
    assert closure["state"] == "awaiting_approval"
    assert closure["reason"] == "statutory_services"
    assert [(a["statement"], a["score"]) for a in closure["answers"]] == [
        ("I feel more confident", 4),
        ("", 10),
    ]
    assert client.get(f"/api/v1/sign-offs/{closure['id']}").status_code == 200
    again = client.post(f"/api/v1/clients/{teams.maud_id}/sign-off", json=sign_off_body())
    assert again.status_code == 409
    # The co-ordinator cannot approve their own sign-off: it is not theirs to decide.
    mine = client.post(f"/api/v1/sign-offs/{closure['id']}/decision", json={"decision": "approve"})
    assert mine.status_code == 404

    sign_in(client, teams.lena)
    decision = f"/api/v1/sign-offs/{closure['id']}/decision"
    bad = client.post(decision, json={"decision": "maybe"})
    assert bad.status_code == 400 and "decision" in bad.get_json()["errors"]
    no_note = client.post(decision, json={"decision": "return", "version": closure["version"]})
    assert no_note.status_code == 400 and "note" in no_note.get_json()["errors"]
    stale = client.post(decision, json={"decision": "approve", "version": closure["version"] + 5})
    assert stale.status_code == 409
    assert stale.get_json()["current_version"] == closure["version"]
    assert client_row(app, teams.maud_id).status is ClientStatus.OPEN
    approved = client.post(decision, json={"decision": "approve", "version": closure["version"]})
    assert approved.status_code == 200 and approved.get_json()["state"] == "approved"
    assert client_row(app, teams.maud_id).status is ClientStatus.SIGNED_OFF
    twice = client.post(decision, json={"decision": "approve", "version": closure["version"] + 1})
    assert twice.status_code == 409

    # A signed-off client is not reallocated; reopen first.
    reallocation = f"/api/v1/clients/{teams.maud_id}/reallocation"
    closed = client.post(reallocation, json={"coordinator_id": teams.colin_id})
    assert closed.status_code == 400 and "coordinator_id" in closed.get_json()["errors"]


def test_reallocation_through_the_api_checks_fields_and_versions(app, client, teams):
    sign_in(client, teams.lena)
    path = f"/api/v1/clients/{teams.maud_id}/reallocation"
    version = client.get(f"/api/v1/clients/{teams.maud_id}").get_json()["version"]
    bodies = (
        {},
        {"coordinator_id": "abc"},
        {"coordinator_id": True},
        {"coordinator_id": teams.olly_id},
        {"coordinator_id": teams.cara_id},
        [],
    )
    for body in bodies:
        refused = client.post(path, json=body)
        assert refused.status_code == 400, body
        assert "coordinator_id" in refused.get_json()["errors"], body
    stale = client.post(path, json={"coordinator_id": teams.colin_id, "version": version + 3})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == version
    moved = client.post(path, json={"coordinator_id": teams.colin_id, "version": version})
    assert moved.status_code == 200
    assert client_row(app, teams.maud_id).owner_id == teams.colin_id
    assert len(outbox(app)) == 2
    assert len(events(app, "reallocate")) == 1
    # Another team's client, and the other team's leader, are not found.
    assert (
        client.post(
            f"/api/v1/clients/{teams.otto_id}/reallocation", json={"coordinator_id": teams.colin_id}
        ).status_code
        == 404
    )
    sign_in(client, teams.sam)
    assert client.post(path, json={"coordinator_id": teams.cara_id}).status_code == 404


def test_api_sign_off_needs_a_reason_field_by_field(app, client, teams):
    sign_in(client, teams.cara)
    path = f"/api/v1/clients/{teams.maud_id}/sign-off"
    missing = client.post(path, json={"scores": SCORES, "closing_note": "x"})
    assert missing.status_code == 400
    assert missing.get_json()["errors"]["closing_reason"] == ["Choose why the case is closing"]
    odd = client.post(path, json=sign_off_body(answers={"exit_0": 3}))
    assert odd.status_code == 400 and "exit_0" in odd.get_json()["errors"]
    stray = client.post(path, json=sign_off_body(answers={"rating": 3}))
    assert stray.status_code == 400 and "rating" in stray.get_json()["errors"]
    weird = client.post(path, json=sign_off_body(answers="all good"))
    assert weird.status_code == 400 and "answers" in weird.get_json()["errors"]
    done = client.post(path, json=sign_off_body())
    assert done.status_code == 201 and done.get_json()["state"] == "approved"
    assert client_row(app, teams.maud_id).status is ClientStatus.SIGNED_OFF
    sign_in(client, teams.lena)  # a leader who is no co-ordinator does not sign off
    assert (
        client.post(f"/api/v1/clients/{teams.maud_id}/sign-off", json=sign_off_body()).status_code
        == 404
    )
