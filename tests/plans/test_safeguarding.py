"""Safeguarding concerns: raised by the client's co-ordinators, seen by them and the lead only."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from accounts.models import AuditEvent, Role, User
from core.extensions import db
from core.models import utcnow
from referrals.models import Client
from referrals.safeguarding_models import RiskLevel, SafeguardingConcern
from referrals.safeguarding_policies import can_see_safeguarding
from tests.intake.test_intake import sign_in
from tests.plans.test_plans import day_fields

SEEN = "Bruising on her arm; she said her grandson pushed her."


def concern_form(**changes) -> dict[str, str]:
    today = utcnow().date()
    form = {
        "seen": SEEN,
        "risk": "high",
        "raised_with": "Adult safeguarding team",
        **day_fields("raised_on", today),
    }
    return {**form, **changes}


def raise_one(client, client_id: int) -> int:
    response = client.post(f"/clients/{client_id}/safeguarding", data=concern_form())
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_a_concern_is_raised_flagged_and_seen_by_the_team_and_the_lead_only(
    app, client, people, cases
):
    sign_in(client, people.cara)
    concern_id = raise_one(client, cases.maud)
    with app.app_context():
        concern = db.session.get(SafeguardingConcern, concern_id)
        assert (concern.risk, concern.raised_with, concern.is_open) == (
            RiskLevel.HIGH,
            "Adult safeguarding team",
            True,
        )
    page = client.get(f"/clients/{cases.maud}").get_data(as_text=True)
    assert 'id="safeguarding-flag"' in page and "risk high" in page
    assert 'id="safeguarding-flags"' in client.get("/caseload").get_data(as_text=True)
    # A teammate sees it; the capacity lead sees it and the open list; nobody else does.
    sign_in(client, people.colin)
    assert SEEN in client.get(f"/safeguarding/{concern_id}").get_data(as_text=True)
    sign_in(client, people.lead)
    assert SEEN in client.get(f"/safeguarding/{concern_id}").get_data(as_text=True)
    listing = client.get("/safeguarding").get_data(as_text=True)
    assert "Maud Hargreaves" in listing
    assert client.get(f"/clients/{cases.maud}/safeguarding").status_code == 403
    for outsider in (people.olly, people.provider, people.partner):
        sign_in(client, outsider)
        assert client.get(f"/safeguarding/{concern_id}").status_code == 404
        assert client.get(f"/api/v1/safeguarding/{concern_id}").status_code == 404
        assert client.post(f"/safeguarding/{concern_id}", data=concern_form()).status_code == 404
    sign_in(client, people.olly)
    assert "Maud" not in client.get("/safeguarding").get_data(as_text=True)
    assert 'id="safeguarding-flags"' not in client.get("/caseload").get_data(as_text=True)
    sign_in(client, people.provider)
    assert client.get("/safeguarding").status_code == 403
    with app.app_context():
        readers = set(
            db.session.scalars(
                select(AuditEvent.user_id).where(
                    AuditEvent.record_type == "safeguarding_concern",
                    AuditEvent.record_id == str(concern_id),
                )
            )
        )
    assert {people.cara_id, people.colin_id, people.lead_id} <= readers
    assert people.olly_id not in readers


def test_the_outcome_closes_a_concern_and_a_stale_save_is_refused(app, client, people, cases):
    sign_in(client, people.cara)
    concern_id = raise_one(client, cases.maud)
    today = utcnow().date()
    closing = concern_form(**day_fields("closed_on", today))
    response = client.post(f"/safeguarding/{concern_id}", data=closing)
    assert response.status_code == 400
    assert "Record the outcome before closing" in response.get_data(as_text=True)
    early = concern_form(
        outcome="Police visited",
        **day_fields("closed_on", today - timedelta(days=3)),
        **day_fields("raised_on", today),
    )
    response = client.post(f"/safeguarding/{concern_id}", data=early)
    assert response.status_code == 400
    assert "cannot close before it was raised" in response.get_data(as_text=True)
    form = client.get(f"/safeguarding/{concern_id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    sign_in(client, people.lead)
    response = client.post(
        f"/safeguarding/{concern_id}",
        data={
            **closing,
            "outcome": "Adult social care visited; family support plan",
            "version": version,
        },
    )
    assert response.status_code == 302
    sign_in(client, people.cara)
    stale = client.post(
        f"/safeguarding/{concern_id}",
        data={**concern_form(), "outcome": "My version", "version": version},
    )
    assert stale.status_code == 409 and "My version" in stale.get_data(as_text=True)
    with app.app_context():
        concern = db.session.get(SafeguardingConcern, concern_id)
        assert not concern.is_open and concern.outcome.startswith("Adult social care")
    assert 'id="safeguarding-flag"' not in client.get(f"/clients/{cases.maud}").get_data(
        as_text=True
    )


def test_hostile_concern_input_gets_field_errors_and_nothing_is_saved(app, client, people, cases):
    sign_in(client, people.cara)
    for changes, message in [
        ({"seen": ""}, "Describe what was seen"),
        ({"risk": "apocalyptic"}, ""),
        ({"risk": ""}, "Choose the level of risk"),
        ({"raised_with": "x" * 201}, "200 characters"),
        ({"raised_with": "Line\nbreak"}, "one line"),
        (day_fields("raised_on", utcnow().date() + timedelta(days=2)), "today or in the past"),
    ]:
        response = client.post(f"/clients/{cases.maud}/safeguarding", data=concern_form(**changes))
        assert response.status_code == 400, changes
        assert message in response.get_data(as_text=True), changes
    assert (
        client.post(f"/clients/{cases.otto}/safeguarding", data=concern_form()).status_code == 404
    )
    with app.app_context():
        assert db.session.scalars(select(SafeguardingConcern)).first() is None


def test_can_see_safeguarding_is_the_one_rule(app, people, cases):
    with app.app_context():
        maud = db.session.get(Client, cases.maud)
        users = {
            name: db.session.get(User, getattr(people, f"{name}_id"))
            for name in ("cara", "colin", "olly", "lead", "provider", "partner")
        }
        seen = {name: can_see_safeguarding(user, maud) for name, user in users.items()}
        assert seen == {
            "cara": True,
            "colin": True,
            "olly": False,
            "lead": True,
            "provider": False,
            "partner": False,
        }
        assert users["lead"].has_role(Role.CAPACITY_LEAD)


def test_leaders_of_the_clients_team_see_its_concerns_and_no_other_teams(
    app, people, cases, make_user
):
    from accounts.models import Team, TeamMembership
    from referrals.safeguarding_policies import lists_concerns

    with app.app_context():
        maud = db.session.get(Client, cases.maud)
        north_leader = make_user(roles=[Role.TEAM_LEADER], name="Nora North")
        south_leader = make_user(roles=[Role.TEAM_LEADER], name="Sid South")
        north, south = db.session.get(Team, people.north_id), db.session.get(Team, people.south_id)
        north.memberships.append(TeamMembership(user=north_leader))
        south.memberships.append(TeamMembership(user=south_leader))
        db.session.flush()
        assert can_see_safeguarding(north_leader, maud)
        assert not can_see_safeguarding(south_leader, maud)
        assert lists_concerns(north_leader) and lists_concerns(south_leader)
        assert not lists_concerns(db.session.get(User, people.cara_id))
