"""The JSON API: same rules as the pages, field-level 400s, 409 for refused moves."""

from __future__ import annotations

from directory.themes import Theme
from tests.referrals.test_views import sign_in

CLIENT = {
    "first_name": "Bert",
    "last_name": "Ramsden",
    "age_band": "75_84",
    "contact_preference": "email",
    "email": "bert@example.net",
    "consent_given_on": "2026-01-10",
}


def test_api_needs_authentication(client, site) -> None:  # noqa: F811
    assert client.get("/api/v1/clients").status_code == 401


def test_create_client_validation_is_field_level(client, site) -> None:  # noqa: F811
    sign_in(client, site.coordinator)
    response = client.post("/api/v1/clients", json={**CLIENT, "email": "", "first_name": ""})
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert set(errors) >= {"first_name", "email"}


def test_client_lifecycle_and_privacy(client, site) -> None:  # noqa: F811
    sign_in(client, site.coordinator)
    created = client.post("/api/v1/clients", json=CLIENT)
    assert created.status_code == 201
    client_id = created.get_json()["id"]
    scores = [{"theme": t.value, "score": 2 if t is Theme.MONEY else 4} for t in Theme]
    bad = client.post(f"/api/v1/clients/{client_id}/assessments", json={"scores": scores[:5]})
    assert bad.status_code == 400 and "scores" in bad.get_json()["errors"]
    wheel = client.post(
        f"/api/v1/clients/{client_id}/assessments", json={"scores": scores, "stage": "start"}
    )
    assert wheel.status_code == 201
    action = client.post(
        f"/api/v1/clients/{client_id}/actions",
        json={"kind": "client_action", "theme": "money", "description": "Ring the council"},
    )
    assert action.status_code == 201
    done = client.patch(f"/api/v1/actions/{action.get_json()['id']}", json={"status": "done"})
    assert done.get_json()["status"] == "done"
    sign_in(client, site.other_coordinator)
    assert client.get(f"/api/v1/clients/{client_id}").status_code == 404
    assert client.get("/api/v1/clients").get_json()["clients"] == []


def test_referral_through_the_api(client, site) -> None:  # noqa: F811
    sign_in(client, site.coordinator)
    body = {"service_id": site.service_id, "theme": "friends_and_family", "reason": "Lonely"}
    refused = client.post(f"/api/v1/clients/{site.client_id}/referrals", json=body)
    assert refused.status_code == 400 and "consent" in refused.get_json()["errors"]
    sent = client.post(
        f"/api/v1/clients/{site.client_id}/referrals", json={**body, "consent": True}
    )
    assert sent.status_code == 201
    referral = sent.get_json()
    assert referral["state"] == "sent"
    move = f"/api/v1/referrals/{referral['id']}/transitions"
    assert client.post(move, json={"to": "accepted"}).status_code == 403  # not the provider's

    sign_in(client, site.provider)
    shared = client.get(f"/api/v1/referrals/{referral['id']}").get_json()
    assert "client_id" not in shared and shared["shared"]["first_name"] == "Maud"
    assert client.post(move, json={"to": "completed"}).status_code == 409
    assert client.post(move, json={"to": "declined"}).status_code == 409  # needs a reason
    assert client.post(move, json={"to": "nonsense"}).status_code == 400
    for bad_state in (None, 3, ["accepted"], {"accepted": True}):  # JSON that is not a word
        assert client.post(move, json={"to": bad_state}).status_code == 400
    for bad in (True, "1", 1.5):  # a version is a whole number: `true` is not version 1
        refused = client.post(move, json={"to": "accepted", "version": bad})
        assert refused.status_code == 400 and "version" in refused.get_json()["errors"]
    accepted = client.post(move, json={"to": "accepted", "version": 1})
    assert accepted.get_json()["state"] == "accepted"
    assert client.post(move, json={"to": "completed", "version": 1}).status_code == 409
    inbox = client.get("/api/v1/referrals/inbox?tab=in_progress").get_json()["referrals"]
    assert [r["id"] for r in inbox] == [referral["id"]]

    sign_in(client, site.other_provider)
    assert client.get(f"/api/v1/referrals/{referral['id']}").status_code == 404


def test_openapi_documents_the_referral_endpoints(client, site) -> None:  # noqa: F811
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.get_json()["paths"]
    assert "/api/v1/referrals/{referral_id}/transitions" in paths
