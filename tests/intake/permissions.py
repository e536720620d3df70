"""Permission-matrix rows for referrals into the service and the triage queue.

The World's co-ordinator is in World.team, to which every referral and link here belongs; the
providers, the capacity lead and the referring partner are in no team. Only a referring
partner's member uses the partner form. See tests/accounts/matrix.py for the vocabulary.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from core.extensions import db
from core.models import utcnow
from referrals import intake
from referrals.intake_models import IntakeInvitation, IntakeReferral, IntakeSource, Urgency
from referrals.models import Client
from tests.accounts.matrix import (
    ALLOW,
    ANONYMOUS,
    CAPACITY_LEAD,
    COORDINATOR,
    DENY,
    HIDE,
    LOGIN,
    OTHER_PROVIDER,
    PROVIDER,
    PUBLIC,
    REFERRING_PARTNER,
    Route,
    World,
)

COORDINATOR_ONLY = {**dict.fromkeys((PROVIDER, OTHER_PROVIDER, CAPACITY_LEAD, REFERRING_PARTNER),
                    DENY), ANONYMOUS: LOGIN, COORDINATOR: ALLOW}  # fmt: skip
# The API answers 401 to anonymous callers and hides one referral from everyone outside its team.
API_RECORD = {**dict.fromkeys((PROVIDER, OTHER_PROVIDER, CAPACITY_LEAD, REFERRING_PARTNER), HIDE),
              ANONYMOUS: LOGIN, COORDINATOR: ALLOW}  # fmt: skip
PARTNERS_ONLY = {**dict.fromkeys((COORDINATOR, PROVIDER, OTHER_PROVIDER, CAPACITY_LEAD), DENY),
                 ANONYMOUS: LOGIN, REFERRING_PARTNER: ALLOW}  # fmt: skip


def _referral_id(w: World) -> dict[str, Any]:
    referral = IntakeReferral(
        team=w.team,
        source=IntakeSource.PHONE,
        referrer_name="Dr Matrix",
        referrer_organisation="Matrix Surgery",
        reason="Would like company.",
        urgency=Urgency.ROUTINE,
        first_name="Matrix",
        last_name="Person",
        phone="07700 900001",
        consent_given=True,
        due_on=date(2026, 1, 19),
    )
    db.session.add(referral)
    db.session.flush()
    return {"referral_id": referral.id}


def _invitation(w: World) -> tuple[IntakeInvitation, str]:
    token = f"matrix-{w.acting.id if w.acting else 0}-token"
    invitation = IntakeInvitation(
        team=w.team,
        token_hash=intake.token_hash(token),
        referrer_name="Dr Matrix",
        referrer_organisation="Matrix Surgery",
        referrer_email="dr.matrix@example.org",
        expires_at=utcnow() + timedelta(days=1),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def _invitation_id(w: World) -> dict[str, Any]:
    return {"invitation_id": _invitation(w)[0].id}


def _token(w: World) -> dict[str, Any]:
    return {"token": _invitation(w)[1]}


def _client_id(w: World) -> dict[str, Any]:
    client = Client(first_name="Matrix", last_name="Person", phone="07700 900001",
                    consent_given_on=date(2026, 1, 5), owner=w.coordinator)  # fmt: skip
    db.session.add(client)
    db.session.flush()
    return {"client_id": client.id}


def _reached(w: World) -> dict[str, Any]:
    return {"move": "reached"}


PERMISSION_MATRIX = [
    Route("GET", "/intake", COORDINATOR_ONLY),
    Route("GET", "/intake/new", COORDINATOR_ONLY),
    Route("POST", "/intake/new", COORDINATOR_ONLY, note="empty form: re-shown with errors"),
    Route("GET", "/intake/refer", PARTNERS_ONLY),
    Route("POST", "/intake/refer", PARTNERS_ONLY, note="empty form: re-shown with errors"),
    Route("GET", "/intake/<int:referral_id>", COORDINATOR_ONLY, args=_referral_id),
    Route("POST", "/intake/<int:referral_id>", COORDINATOR_ONLY, args=_referral_id, data=_reached),
    Route("GET", "/intake/invitations", COORDINATOR_ONLY),
    Route("POST", "/intake/invitations", COORDINATOR_ONLY, note="empty form: re-shown"),
    Route(
        "POST",
        "/intake/invitations/<int:invitation_id>/revoke",
        COORDINATOR_ONLY,
        args=_invitation_id,
    ),
    # The contact log.
    Route("GET", "/clients/<int:client_id>/contacts", COORDINATOR_ONLY, args=_client_id),
    Route(
        "POST",
        "/clients/<int:client_id>/contacts",
        COORDINATOR_ONLY,
        args=_client_id,
        note="empty form: re-shown with errors",
    ),  # fmt: skip
    Route("GET", "/caseload/next-contacts", COORDINATOR_ONLY),
    # The JSON API.
    Route("GET", "/api/v1/intake", COORDINATOR_ONLY),
    Route("GET", "/api/v1/intake/<int:referral_id>", API_RECORD, args=_referral_id),
    Route(
        "POST",
        "/api/v1/intake/<int:referral_id>/moves",
        API_RECORD,
        args=_referral_id,
        note="form body, not JSON: 400 for the team's co-ordinator",
    ),  # fmt: skip
    # The invitation's token is the authority, whoever holds it.
    Route("GET", "/refer/<token>", PUBLIC, args=_token),
    Route("POST", "/refer/<token>", PUBLIC, args=_token, note="empty form: re-shown"),
]
