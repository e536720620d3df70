"""The triage queue through the JSON API: the same rules as the pages."""

from __future__ import annotations

from sqlalchemy import select

from accounts.models import AuditEvent
from core.extensions import db
from referrals.intake_models import IntakeStatus
from tests.intake.test_intake import log_phoned_in, referral, sign_in


def test_a_coordinator_triages_through_the_api(app, client, people):
    referral_id = log_phoned_in(app, client, people)
    listed = client.get("/api/v1/intake").get_json()
    assert listed["total"] == 1 and listed["referrals"][0]["first_name"] == "Edna"
    one = client.get(f"/api/v1/intake/{referral_id}").get_json()
    assert (one["status"], one["urgency"], one["source"]) == ("new", "soon", "phone")
    moved = client.post(
        f"/api/v1/intake/{referral_id}/moves", json={"move": "reached", "version": one["version"]}
    )
    assert moved.status_code == 200 and moved.get_json()["status"] == "contacted"
    # A client that read the old version is refused, and told the current one.
    stale = client.post(
        f"/api/v1/intake/{referral_id}/moves",
        json={"move": "decline", "decline_reason": "not_eligible", "version": one["version"]},
    )
    assert stale.status_code == 409
    assert stale.get_json()["current_version"] == moved.get_json()["version"]
    assert referral(app, referral_id).status is IntakeStatus.CONTACTED
    with app.app_context():
        views = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.record_type == "intake_referral")
        ).all()
    assert "view" in views and "contact" in views


def test_the_api_refuses_what_the_pages_refuse(app, client, people):
    referral_id = log_phoned_in(app, client, people)
    bad = client.post(f"/api/v1/intake/{referral_id}/moves", json={"move": "launch"})
    assert bad.status_code == 400 and "move" in bad.get_json()["errors"]
    early = client.post(
        f"/api/v1/intake/{referral_id}/moves",
        json={"move": "decline", "decline_reason": "unable_to_contact"},
    )
    assert early.status_code == 409
    for who, status in (("olly", 404), ("loner", 404), ("provider", 404), ("lead", 404)):
        sign_in(client, getattr(people, who))
        assert client.get(f"/api/v1/intake/{referral_id}").status_code == status, who
        moved = client.post(f"/api/v1/intake/{referral_id}/moves", json={"move": "reached"})
        assert moved.status_code == status, who
    sign_in(client, people.olly)
    assert client.get("/api/v1/intake").get_json()["referrals"] == []
    sign_in(client, people.partner)
    assert client.get("/api/v1/intake").status_code == 403
    assert referral(app, referral_id).contact_attempts == 0
