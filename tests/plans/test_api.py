"""Plans, safeguarding and the circle through the JSON API: the same rules as the pages."""

from __future__ import annotations

from sqlalchemy import select

from accounts.models import AuditEvent
from core.extensions import db
from core.models import utcnow
from tests.intake.test_intake import sign_in


def test_a_plan_is_written_and_reviewed_through_the_api(app, client, people, cases):
    sign_in(client, people.cara)
    base = f"/api/v1/clients/{cases.maud}"
    assert client.get(f"{base}/plan").status_code == 404
    bad = client.put(f"{base}/plan", json={"review_on": "soon", "email_consent": "maybe"})
    assert bad.status_code == 400
    assert set(bad.get_json()["errors"]) == {"review_on", "email_consent"}
    started = client.put(f"{base}/plan", json={"review_on": "2026-12-01"})
    assert started.status_code == 201
    plan = started.get_json()
    goal = client.post(
        f"{base}/plan/goals", json={"words": "Feel fitter", "action_ids": [cases.walk]}
    )
    assert goal.status_code == 201 and goal.get_json()["actions"][0]["id"] == cases.walk
    theirs = client.post(
        f"{base}/plan/goals", json={"words": "x", "action_ids": [cases.otto_action]}
    )
    assert theirs.status_code == 400 and "action_ids" in theirs.get_json()["errors"]
    goal = goal.get_json()
    changed = client.patch(
        f"/api/v1/plan-goals/{goal['id']}",
        json={"progress": "some_progress", "version": goal["version"]},
    )
    assert changed.status_code == 200 and changed.get_json()["progress"] == "some_progress"
    stale = client.patch(
        f"/api/v1/plan-goals/{goal['id']}", json={"words": "Mine", "version": goal["version"]}
    )
    assert stale.status_code == 409
    assert stale.get_json()["current_version"] == changed.get_json()["version"]
    not_a_number = client.patch(f"/api/v1/plan-goals/{goal['id']}", json={"version": True})
    assert not_a_number.status_code == 400 and "version" in not_a_number.get_json()["errors"]
    today = utcnow().date().isoformat()
    review = {
        "reviewed_on": today,
        "next_review_on": "2099-01-01",
        "version": plan["version"],
        "goals": [{"goal_id": goal["id"], "progress": "achieved"}],
    }
    missing = client.post(
        f"{base}/plan/reviews",
        json={**review, "goals": [{"goal_id": goal["id"], "progress": "sideways"}]},
    )
    assert missing.status_code == 400 and "goals" in missing.get_json()["errors"]
    held = client.post(f"{base}/plan/reviews", json=review)
    assert held.status_code == 201, held.get_json()
    again = client.post(f"{base}/plan/reviews", json=review)
    assert again.status_code == 409 and again.get_json()["current"]["review_on"] == "2099-01-01"
    sign_in(client, people.olly)
    assert client.get(f"{base}/plan").status_code == 404
    assert client.patch(f"/api/v1/plan-goals/{goal['id']}", json={}).status_code == 404
    sign_in(client, people.provider)
    assert client.get(f"{base}/plan").status_code == 403


def test_concerns_and_the_circle_through_the_api(app, client, people, cases):
    sign_in(client, people.cara)
    base = f"/api/v1/clients/{cases.maud}"
    bad = client.post(f"{base}/safeguarding", json={"risk": "huge", "seen": 5})
    assert bad.status_code == 400
    assert {"risk", "seen", "raised_with", "raised_on"} <= set(bad.get_json()["errors"])
    raised = client.post(
        f"{base}/safeguarding",
        json={
            "seen": "Unexplained bruising",
            "risk": "medium",
            "raised_with": "Safeguarding hub",
            "raised_on": utcnow().date().isoformat(),
        },
    )
    assert raised.status_code == 201
    concern = raised.get_json()
    assert [c["id"] for c in client.get("/api/v1/safeguarding").get_json()["concerns"]] == [
        concern["id"]
    ]
    sign_in(client, people.lead)
    closed = client.patch(
        f"/api/v1/safeguarding/{concern['id']}",
        json={
            "outcome": "Family meeting held",
            "closed_on": utcnow().date().isoformat(),
            "version": concern["version"],
        },
    )
    assert closed.status_code == 200 and closed.get_json()["is_open"] is False
    sign_in(client, people.cara)
    stale = client.patch(
        f"/api/v1/safeguarding/{concern['id']}",
        json={"outcome": "Mine", "version": concern["version"]},
    )
    assert stale.status_code == 409
    person = client.post(
        f"{base}/circle",
        json={"name": "Jean", "relationship_to_client": "Daughter", "may_contact": True},
    )
    assert person.status_code == 201
    assert client.post(f"{base}/circle", json={"name": "Jean", "email": "no"}).status_code == 400
    carer = client.put(f"{base}/carer", json={"is_unpaid_carer": True, "cares_for": "Husband"})
    assert carer.status_code == 200
    circle = client.get(f"{base}/circle").get_json()
    assert circle["people"][0]["may_contact"] is True and circle["carer"]["is_unpaid_carer"]
    person = person.get_json()
    moved = client.patch(
        f"/api/v1/circle/{person['id']}", json={"may_contact": False, "version": person["version"]}
    )
    assert moved.status_code == 200 and moved.get_json()["may_contact"] is False
    assert (
        client.patch(
            f"/api/v1/circle/{person['id']}", json={"version": person["version"]}
        ).status_code
        == 409
    )
    for answer in (client.get(f"{base}/circle"), client.get(f"{base}/safeguarding")):
        assert answer.headers["Cache-Control"] == "no-store"
    with app.app_context():
        audited = set(db.session.scalars(select(AuditEvent.record_type)))
    assert {"safeguarding_concern", "circle_person", "carer_status"} <= audited
    sign_in(client, people.olly)
    assert client.get(f"{base}/circle").status_code == 404
    assert client.get(f"/api/v1/safeguarding/{concern['id']}").status_code == 404
    assert client.get("/api/v1/safeguarding").get_json()["concerns"] == []
