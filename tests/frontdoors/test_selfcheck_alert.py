"""A self-check contact request alerts the receiving team: an email and a count on the caseload."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from accounts.models import Role, Team, TeamMembership, User
from core.extensions import db
from core.outbox import OutboxMessage
from tests.accounts.conftest import sign_in_as
from tests.frontdoors.test_selfcheck import answer_all, contact_form


def _team() -> Team:
    return db.session.scalars(select(Team).where(Team.name == "Staying Well North")).one()


def test_the_teams_coordinators_are_emailed_with_nothing_about_the_person(demo: Flask) -> None:
    client = demo.test_client()
    answer_all(client)
    with demo.app_context():
        coordinators = sorted(
            m.email for m in _team().members if m.active and m.has_role(Role.COORDINATOR)
        )
        assert coordinators, "the demo team has co-ordinators"
    client.post("/self-check/contact", data=contact_form())
    with demo.app_context():
        messages = db.session.scalars(select(OutboxMessage)).all()
        assert sorted(m.recipient for m in messages) == coordinators
        body = messages[0].text_body
        assert messages[0].subject == "Someone asked to be contacted"
        assert "Staying Well North" in body and "1 waiting now" in body
        # Links come from configuration (BASE_URL), never from the request's Host header.
        assert demo.config["BASE_URL"] + "/self-referrals" in body
        for personal in ("Edna", "Crabtree", "01204 555 0142", "Money", "money", "morning"):
            assert personal not in body and personal not in messages[0].subject


def test_a_refused_request_sends_nothing(demo: Flask) -> None:
    client = demo.test_client()
    answer_all(client)
    response = client.post("/self-check/contact", data=contact_form(consent=""))
    assert response.status_code == 400
    with demo.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_the_caseload_counts_waiting_requests_for_the_team_only(demo: Flask, make_user) -> None:
    answer_all(public := demo.test_client())
    public.post("/self-check/contact", data=contact_form())
    with demo.app_context():
        member = make_user(roles=[Role.COORDINATOR], name="Team Member")
        team = _team()
        team.memberships.append(TeamMembership(user=member))
        outsider = make_user(roles=[Role.COORDINATOR], name="Other Team")
        db.session.commit()
        member_id, outsider_id = member.id, outsider.id
    client = demo.test_client()
    with demo.app_context():
        sign_in_as(client, db.session.get(User, member_id))
    page = client.get("/caseload").get_data(as_text=True)
    assert "asked to be contacted" in page and 'href="/self-referrals"' in page
    count = page.split('govuk-link--no-underline" href="/self-referrals"')[1].split("</span>")[0]
    assert '<span class="govuk-heading-xl govuk-!-margin-bottom-1">1' in count
    other = demo.test_client()
    with demo.app_context():
        sign_in_as(other, db.session.get(User, outsider_id))
    assert "asked to be contacted" not in other.get("/caseload").get_data(as_text=True)
