"""Permission-matrix rows for the referral tracker's pages, emailed links and JSON API.

The World's co-ordinator owns the client (the referring partner's cases use one that partner
recorded, so each API route is shown to refuse what the pages refuse); the provider belongs to
the organisation the referral went to; the other provider and the capacity lead have no
business with either.
Records are built with the model constructors (no emails) in each row's `args`.
See tests/accounts/matrix.py for the vocabulary.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core.extensions import db
from directory.themes import Theme
from referrals import links
from referrals.models import (
    Action,
    ActionKind,
    Client,
    Referral,
    ReferralEvent,
    Shortlist,
)
from referrals.states import ReferralState
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
    TEAM_LEADER,
    Route,
    World,
    expecting,
)

# Pages only a co-ordinator opens: other roles are refused before any record is looked up.
COORDINATOR_ONLY = {**dict.fromkeys((PROVIDER, OTHER_PROVIDER, CAPACITY_LEAD), DENY),
                    ANONYMOUS: LOGIN, COORDINATOR: ALLOW}  # fmt: skip
PROVIDERS_ONLY = {ANONYMOUS: LOGIN, COORDINATOR: DENY, PROVIDER: ALLOW, OTHER_PROVIDER: ALLOW,
                  CAPACITY_LEAD: DENY, TEAM_LEADER: DENY}  # fmt: skip
# A referral's shared details: its organisation's members; other providers cannot tell it exists.
RECEIVING_MEMBERS = {**PROVIDERS_ONLY, OTHER_PROVIDER: HIDE}
# The whole referral record: the referring co-ordinator only; providers never see it.
REFERRER_ONLY = {ANONYMOUS: LOGIN, COORDINATOR: ALLOW, PROVIDER: HIDE, OTHER_PROVIDER: HIDE,
                 CAPACITY_LEAD: DENY, TEAM_LEADER: DENY}  # fmt: skip
# The API answers 401 to anonymous callers (LOGIN) and hides records from the wrong people.
API_CASELOAD = COORDINATOR_ONLY
API_CASELOAD_RECORD = {ANONYMOUS: LOGIN, COORDINATOR: ALLOW, PROVIDER: HIDE,
                       OTHER_PROVIDER: HIDE, CAPACITY_LEAD: HIDE}  # fmt: skip
# A leader of the client's team (World.team holds its co-ordinator) reads the record, never edits.
CLIENT_PAGE = {**COORDINATOR_ONLY, TEAM_LEADER: ALLOW}
API_CASELOAD_LIST = {**API_CASELOAD, TEAM_LEADER: ALLOW}
API_CASELOAD_READ = {**API_CASELOAD_RECORD, TEAM_LEADER: ALLOW}
# The coded-activity export: the capacity lead (every client) and co-ordinators (their own).
EXPORTERS = {ANONYMOUS: LOGIN, COORDINATOR: ALLOW, PROVIDER: DENY, OTHER_PROVIDER: DENY,
             CAPACITY_LEAD: ALLOW}  # fmt: skip
API_REFERRAL = {ANONYMOUS: LOGIN, COORDINATOR: ALLOW, PROVIDER: ALLOW, OTHER_PROVIDER: HIDE,
                CAPACITY_LEAD: HIDE}  # fmt: skip


def _client(w: World) -> Client:
    client = Client(
        first_name="Matrix",
        last_name="Person",
        email="matrix.person@example.net",
        phone="07700 900001",
        consent_given_on=date(2026, 1, 5),
        # A referring partner's case uses a client that partner recorded (their checklist's).
        owner=w.acting if w.acting is w.users[REFERRING_PARTNER] else w.coordinator,
    )
    db.session.add(client)
    db.session.flush()
    return client


def _referral(w: World) -> Referral:
    client = _client(w)
    action = Action(
        client=client,
        kind=ActionKind.REFERRAL,
        theme=Theme.FRIENDS_AND_FAMILY,
        description=f"Referral to {w.service.name}",
        service=w.service,
        created_by=w.coordinator,
    )
    referral = Referral(
        action=action,
        client=client,
        service=w.service,
        organisation_id=w.organisation.id,
        sent_by=w.coordinator,
        referral_reason="Would like company.",
        consent_to_share_on=date(2026, 1, 5),
        shared_details={"first_name": "Matrix", "reason": "Would like company."},
    )
    referral.events.append(
        ReferralEvent(by_user=w.coordinator, from_state=None, to_state=ReferralState.SENT)
    )
    db.session.add(referral)
    db.session.flush()
    return referral


def _client_id(w: World) -> dict[str, Any]:
    return {"client_id": _client(w).id}


def _client_and_service(w: World) -> dict[str, Any]:
    return {"client_id": _client(w).id, "service_uuid": w.service.uuid}


def _referral_id(w: World) -> dict[str, Any]:
    return {"referral_id": _referral(w).id}


def _action_id(w: World) -> dict[str, Any]:
    action = Action(
        client=_client(w),
        kind=ActionKind.CLIENT_ACTION,
        theme=Theme.HOBBIES,
        description="Visit the craft group",
        created_by=w.coordinator,
    )
    db.session.add(action)
    db.session.flush()
    return {"action_id": action.id}


def _shortlist_id(w: World) -> dict[str, Any]:
    client = _client(w)
    shortlist = Shortlist(client=client, created_by=w.coordinator)
    shortlist.actions.append(
        Action(
            client=client,
            kind=ActionKind.INFORMATION_GIVEN,
            theme=Theme.FRIENDS_AND_FAMILY,
            description=f"Information given: {w.service.name}",
            service=w.service,
        )
    )
    db.session.add(shortlist)
    db.session.flush()
    return {"shortlist_id": shortlist.id}


def _token(w: World) -> dict[str, Any]:
    return {"token": links.issue(_referral(w))}


def _accept(w: World) -> dict[str, Any]:
    return {"move": "accepted"}


PERMISSION_MATRIX = [
    # The co-ordinator's caseload pages.
    Route("GET", "/caseload", COORDINATOR_ONLY),
    Route("GET", "/clients", COORDINATOR_ONLY),
    Route("GET", "/clients/new", COORDINATOR_ONLY),
    Route("POST", "/clients/new", COORDINATOR_ONLY, note="empty form: re-shown with errors"),
    Route("GET", "/clients/<int:client_id>", CLIENT_PAGE, args=_client_id),
    Route("GET", "/clients/<int:client_id>/edit", COORDINATOR_ONLY, args=_client_id),
    Route("POST", "/clients/<int:client_id>/edit", COORDINATOR_ONLY, args=_client_id),
    Route("GET", "/clients/<int:client_id>/wheel", COORDINATOR_ONLY, args=_client_id),
    Route("POST", "/clients/<int:client_id>/wheel", COORDINATOR_ONLY, args=_client_id),
    Route("GET", "/clients/<int:client_id>/sign-off", COORDINATOR_ONLY, args=_client_id),
    Route("POST", "/clients/<int:client_id>/sign-off", COORDINATOR_ONLY, args=_client_id),
    Route("POST", "/clients/<int:client_id>/reopen", COORDINATOR_ONLY, args=_client_id),
    Route("GET", "/clients/<int:client_id>/actions/new", COORDINATOR_ONLY, args=_client_id),
    Route("POST", "/clients/<int:client_id>/actions/new", COORDINATOR_ONLY, args=_client_id),
    Route("GET", "/actions/<int:action_id>/outcome", COORDINATOR_ONLY, args=_action_id),
    Route("POST", "/actions/<int:action_id>/outcome", COORDINATOR_ONLY, args=_action_id),
    Route("GET", "/clients/<int:client_id>/shortlist", COORDINATOR_ONLY, args=_client_id),
    Route("POST", "/clients/<int:client_id>/shortlist", COORDINATOR_ONLY, args=_client_id),
    Route("GET", "/shortlists/<int:shortlist_id>", COORDINATOR_ONLY, args=_shortlist_id),
    Route("POST", "/shortlists/<int:shortlist_id>/email", COORDINATOR_ONLY, args=_shortlist_id),
    # Acting on a search result or service page for a carried client (referrals/finding.py);
    # carrying itself (?for_client= on /search and /services/...) is tested in test_finding.py.
    Route(
        "POST",
        "/clients/<int:client_id>/found/<service_uuid>/list",
        COORDINATOR_ONLY,
        args=_client_and_service,
    ),
    Route(
        "POST",
        "/clients/<int:client_id>/found/<service_uuid>/information-given",
        COORDINATOR_ONLY,
        args=_client_and_service,
    ),
    Route("GET", "/clients/<int:client_id>/referrals/new", COORDINATOR_ONLY, args=_client_id),
    Route("POST", "/clients/<int:client_id>/referrals/new", COORDINATOR_ONLY, args=_client_id),
    Route("GET", "/referrals/<int:referral_id>", REFERRER_ONLY, args=_referral_id),
    Route("POST", "/referrals/<int:referral_id>/withdraw", COORDINATOR_ONLY, args=_referral_id),
    # The letter back to the GP, and the coded-activity export.
    Route("GET", "/clients/<int:client_id>/gp-letter", COORDINATOR_ONLY, args=_client_id),
    Route("GET", "/clients/<int:client_id>/gp-letter.pdf", COORDINATOR_ONLY, args=_client_id),
    Route("GET", "/clients/<int:client_id>/gp-letter.fhir.json", COORDINATOR_ONLY, args=_client_id),
    Route("GET", "/coded-activity", EXPORTERS),
    Route("GET", "/coded-activity.csv", EXPORTERS, note="no period: the form, re-shown"),
    # The organisation inbox.
    Route("GET", "/inbox", PROVIDERS_ONLY),
    Route("GET", "/inbox/referrals/<int:referral_id>", RECEIVING_MEMBERS, args=_referral_id),
    Route(
        "POST",
        "/inbox/referrals/<int:referral_id>",
        RECEIVING_MEMBERS,
        args=_referral_id,
        data=_accept,
    ),
    # Emailed links: the signed token is the authority, whoever holds it.
    Route("GET", "/r/<token>", PUBLIC, args=_token),
    Route("POST", "/r/<token>", PUBLIC, args=_token, data=_accept),
    # The JSON API.
    Route("GET", "/api/v1/clients", API_CASELOAD_LIST),
    Route("POST", "/api/v1/clients", API_CASELOAD),
    Route("GET", "/api/v1/clients/<int:client_id>", API_CASELOAD_READ, args=_client_id),
    Route("GET", "/api/v1/clients/<int:client_id>/assessments", API_CASELOAD_READ, args=_client_id),
    Route(
        "POST", "/api/v1/clients/<int:client_id>/assessments", API_CASELOAD_RECORD, args=_client_id
    ),
    Route("GET", "/api/v1/clients/<int:client_id>/actions", API_CASELOAD_READ, args=_client_id),
    Route("POST", "/api/v1/clients/<int:client_id>/actions", API_CASELOAD_RECORD, args=_client_id),
    Route(
        "POST", "/api/v1/clients/<int:client_id>/referrals", API_CASELOAD_RECORD, args=_client_id
    ),
    Route("PATCH", "/api/v1/actions/<int:action_id>", API_CASELOAD_RECORD, args=_action_id),
    Route("GET", "/api/v1/referrals/inbox", PROVIDERS_ONLY),
    Route("GET", "/api/v1/referrals/<int:referral_id>", API_REFERRAL, args=_referral_id),
    Route(
        "POST", "/api/v1/referrals/<int:referral_id>/transitions", API_REFERRAL, args=_referral_id
    ),
    Route("GET", "/api/v1/clients/<int:client_id>/gp-letter", API_CASELOAD_RECORD, args=_client_id),
    Route("GET", "/api/v1/coded-activity", EXPORTERS, note="no period: 400 with field errors"),
    # FHIR: the referral loop's referrals, as the referral API shows them.
    Route("GET", "/api/v1/fhir/ServiceRequest/<int:referral_id>", API_REFERRAL, args=_referral_id),
    Route("GET", "/api/v1/fhir/Task/<int:referral_id>", API_REFERRAL, args=_referral_id),
    Route("GET", "/api/v1/fhir/ServiceRequest", API_CASELOAD, note="search by NHS number"),
]


# A leader of the client's team reads the casework (GET); the policy refuses them changes, so
# a write is not found (404), or its empty form is re-shown (400) before that point.
PERMISSION_MATRIX = expecting(
    PERMISSION_MATRIX,
    TEAM_LEADER,
    {
        ("GET", "/clients/<int:client_id>/gp-letter"): ALLOW,
        ("GET", "/clients/<int:client_id>/gp-letter.pdf"): ALLOW,
        ("GET", "/clients/<int:client_id>/gp-letter.fhir.json"): ALLOW,
        ("GET", "/api/v1/clients/<int:client_id>/gp-letter"): ALLOW,
        ("GET", "/api/v1/fhir/ServiceRequest"): ALLOW,
    },
)
