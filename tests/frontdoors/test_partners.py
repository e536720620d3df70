"""The partner checklist: several referrals in one step, through the normal closed loop."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask

from accounts.models import Role
from accounts.services import create_token
from core.errors import PermissionDenied
from core.extensions import db
from core.outbox import OutboxMessage
from directory.models import Organisation, Service
from directory.themes import Theme
from frontdoors import partners
from referrals import services as referral_services
from referrals.models import Client, Referral, SharedField
from referrals.states import ReferralState
from tests.frontdoors.conftest import row_counts

PERSON = {
    "consent": "yes",
    "first_name": "Walter",
    "last_name": "Openshaw",
    "postcode": "BL1 1BQ",
    "contact_preference": "phone",
    "phone": "01204 555 0177",
    "needs": ["money", "house_and_home"],
}


def signed(user: Any) -> SimpleNamespace:
    key = user.get_id()
    return SimpleNamespace(get_id=lambda: key)


def make_partner(make_user: Any, **fields: Any) -> Any:
    organisation = (
        db.session.scalars(
            db.select(Organisation).where(Organisation.external_id == "bolton-falls-prevention")
        ).first()
        or db.session.scalars(db.select(Organisation).order_by(Organisation.id)).first()
    )
    return make_user(
        roles=[Role.PROVIDER], organisations=[organisation], referring_partner=True, **fields
    )


def test_partner_checklist_sends_several_referrals_that_follow_the_loop(
    demo: Flask, make_user: Any, login: Any
) -> None:
    with demo.app_context():
        partner = make_partner(make_user)
        partner_org = partners.require_partner(partner)
        coordinator = make_user(roles=[Role.COORDINATOR])
        db.session.commit()
        partner_id, partner, coordinator = partner.id, signed(partner), signed(coordinator)
    web = demo.test_client()
    login(web, partner)
    assert web.get("/partner/checklist").status_code == 200
    page = web.post("/partner/checklist", data=PERSON)
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html
    offered = re.findall(r'name="choice" type="checkbox" value="([a-z_]+:[0-9a-f-]{36})"', html)
    money = [c for c in offered if c.startswith("money:")]
    home = [c for c in offered if c.startswith("house_and_home:")]
    assert money and home, "the demo borough has referrable money and home services nearby"
    chosen = [money[0], home[0]]

    sent = web.post(
        "/partner/checklist/send",
        data={**PERSON, "choice": chosen, "reason": "Cold house, worried about bills."},
    )
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/partner/referrals")

    with demo.app_context():
        referrals = db.session.scalars(
            db.select(Referral).where(Referral.sent_by_id == partner_id).order_by(Referral.id)
        ).all()
        assert len(referrals) == 2
        assert {f"{r.action.theme.value}:{r.service.uuid}" for r in referrals} == set(chosen)
        for referral in referrals:
            assert referral.state is ReferralState.SENT
            assert referral.sent_by_id == partner_id
            assert referral.referring_partner_organisation_id == partner_org
            assert referral.shared_details["first_name"] == "Walter"
            assert referral.shared_details["contact"] == "01204 555 0177"
            assert referral.service.accepts_signpost_referrals
        # One minimal client record, owned by the partner, on nobody's team.
        person = db.session.scalars(db.select(Client).where(Client.owner_id == partner_id)).one()
        assert person.owner_id == partner_id and person.team_id is None
        # The receiving organisations were emailed, as for a co-ordinator's referral.
        subjects = db.session.scalars(db.select(OutboxMessage.subject)).all()
        for referral in referrals:
            if referral.organisation.referral_email or referral.organisation.email:
                assert any(referral.reference in s for s in subjects)
        # The provider answers; the partner sees the progress.
        first = referrals[0]
        referral_services.transition(
            first,
            ReferralState.ACCEPTED,
            by=None,
            channel=referral_services.EventChannel.EMAIL_LINK,
        )
        db.session.commit()
        # The partner's "accepted" email links to the partner page, which they can open.
        note = db.session.scalars(
            db.select(OutboxMessage).order_by(OutboxMessage.id.desc())
        ).first()
        assert first.reference in note.subject and "/partner/referrals" in note.text_body
        assert "Walter" not in note.text_body and "Openshaw" not in note.text_body
        assert [e.to_state for e in first.events] == [ReferralState.SENT, ReferralState.ACCEPTED]
        from_partner = db.select(db.func.count()).where(
            Referral.referring_partner_organisation_id.is_not(None)
        )
        assert db.session.scalar(from_partner) == 2
        first_reference, client_id = first.reference, person.id

    mine = web.get("/partner/referrals").get_data(as_text=True)
    assert first_reference in mine and "Accepted" in mine and "Sent" in mine
    # The partner does not get the co-ordinators' caseload pages.
    assert web.get(f"/clients/{client_id}").status_code == 403
    assert web.get("/caseload").status_code == 403

    # A co-ordinator's caseload does not hold the partner's record.
    staff = demo.test_client()
    login(staff, coordinator)
    assert staff.get(f"/clients/{client_id}").status_code == 404


def test_one_referral_per_service_even_when_ticked_under_two_needs(
    demo: Flask, make_user: Any
) -> None:
    with demo.app_context():
        partner = make_partner(make_user)
        service = next(
            s
            for s in db.session.scalars(db.select(Service).order_by(Service.id))
            if s.accepts_signpost_referrals and s.is_listed and len(s.themes) > 1
        )
        sent = partners.send_referrals(
            partner,
            {**PERSON, "consent": True},
            [(service.themes[1], service.uuid), (service.themes[0], service.uuid)],
            "Twice offered",
        )
        assert len(sent) == 1 and sent[0].action.theme is service.themes[1]
        db.session.rollback()


def test_partner_sees_only_the_referrals_they_made(demo: Flask, make_user: Any, login: Any) -> None:
    with demo.app_context():
        partner = make_partner(make_user)
        colleague = make_partner(make_user)
        service = next(
            s
            for s in db.session.scalars(db.select(Service).order_by(Service.id))
            if s.accepts_signpost_referrals and s.is_listed
        )
        theirs = partners.send_referrals(
            colleague,
            {**PERSON, "consent": True, "first_name": "Hidden"},
            [(service.themes[0], service.uuid)],
            "Their referral",
        )[0]
        db.session.commit()
        reference, partner = theirs.reference, signed(partner)
    web = demo.test_client()
    login(web, partner)
    html = web.get("/partner/referrals").get_data(as_text=True)
    assert reference not in html and "Hidden" not in html
    assert "You have not made any referrals yet" in html


def test_checklist_is_for_referring_partners_only(demo: Flask, make_user: Any, login: Any) -> None:
    with demo.app_context():
        organisation = db.session.scalars(db.select(Organisation)).first()
        member = signed(make_user(roles=[Role.PROVIDER], organisations=[organisation]))
        db.session.commit()
    web = demo.test_client()
    login(web, member)
    for method, path in [
        ("GET", "/partner/checklist"),
        ("POST", "/partner/checklist"),
        ("POST", "/partner/checklist/send"),
        ("GET", "/partner/referrals"),
    ]:
        assert web.open(path, method=method, data=PERSON).status_code == 403


def test_checklist_validation_keeps_nothing(demo: Flask, make_user: Any, login: Any) -> None:
    with demo.app_context():
        partner = make_partner(make_user)
        db.session.commit()
        before = row_counts()
        partner = signed(partner)
    web = demo.test_client()
    login(web, partner)
    page = web.post("/partner/checklist", data={**PERSON, "consent": "", "needs": []})
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "The person must agree before you refer them" in html
    assert "Tick at least one need" in html
    none_chosen = web.post("/partner/checklist/send", data={**PERSON, "reason": "x"})
    assert none_chosen.status_code == 400
    assert "Choose at least one service" in none_chosen.get_data(as_text=True)
    with demo.app_context():
        assert row_counts() == before


def _partner_referral(make_user: Any) -> tuple[Any, Service, Referral]:
    """A partner and the one referral they sent through the checklist; needs an app context."""
    partner = make_partner(make_user)
    service = next(
        s
        for s in db.session.scalars(db.select(Service).order_by(Service.id))
        if s.accepts_signpost_referrals and s.is_listed
    )
    (referral,) = partners.send_referrals(
        partner, {**PERSON, "consent": True}, [(service.themes[0], service.uuid)], "Cold"
    )
    return partner, service, referral


def test_a_partner_with_an_api_token_stays_in_their_lane(demo: Flask, make_user: Any) -> None:
    """The API refuses what the pages refuse: no reading back, scoring, actions or referrals."""
    with demo.app_context():
        partner, service, referral = _partner_referral(make_user)
        _, token = create_token(partner, "Partner's script")
        db.session.commit()
        client_id, service_id, theme = referral.client_id, service.id, service.themes[0].value
    api = demo.test_client()
    bearer = {"Authorization": f"Bearer {token}"}
    scores = [{"theme": t.value, "score": 3} for t in Theme]
    attempts = [
        ("GET", f"/api/v1/clients/{client_id}", None),
        ("GET", f"/api/v1/clients/{client_id}/assessments", None),
        ("POST", f"/api/v1/clients/{client_id}/assessments", {"stage": "start", "scores": scores}),
        ("GET", f"/api/v1/clients/{client_id}/actions", None),
        (
            "POST",
            f"/api/v1/clients/{client_id}/actions",
            {"kind": "client_action", "theme": theme, "description": "Call back"},
        ),
        (
            "POST",
            f"/api/v1/clients/{client_id}/referrals",
            {
                "service_id": service_id,
                "theme": theme,
                "reason": "More",
                "consent": True,
                "shared_fields": [f.value for f in SharedField],
            },
        ),
    ]
    for method, path, body in attempts:
        response = api.open(path, method=method, json=body, headers=bearer)
        assert response.status_code == 404, (method, path, response.get_json())
    assert api.get("/api/v1/clients", headers=bearer).status_code == 403
    with demo.app_context():
        assert db.session.get(Client, client_id).assessments == []
        assert len(db.session.get(Client, client_id).actions) == 1


def test_a_partner_shares_only_the_checklist_fields(demo: Flask, make_user: Any) -> None:
    with demo.app_context():
        partner, service, referral = _partner_referral(make_user)
        with pytest.raises(PermissionDenied):
            referral_services.send_referral(
                partner,
                referral.client,
                service,
                theme=service.themes[0],
                reason="Again",
                consent_to_share_on=referral.consent_to_share_on,
                shared_fields=[SharedField.ADDRESS],
            )
        db.session.rollback()
