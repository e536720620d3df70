"""Permission-matrix rows for listing self-service, moderation and the CSV pages.

See tests/accounts/matrix.py for the vocabulary. Who may do what:
- public forms (list your group, suggest an edit, claim, the emailed confirm link): everyone;
- editing a listing: its organisation's members and the capacity lead (others 403);
- moderation, claims, trust, history, stale list, CSV import/export: the capacity lead only.
"""

from __future__ import annotations

from typing import Any

from core.extensions import db
from core.models import utcnow
from directory import freshness, versions
from directory.change_models import (
    ChangeKind,
    OrganisationClaim,
    ProposedChange,
    RecordType,
    ReviewReminder,
)
from directory.models import DuplicateCandidate, Location, Service
from tests.accounts.matrix import (
    ALLOW,
    ANONYMOUS,
    CAPACITY_LEAD,
    COORDINATOR,
    DENY,
    LEAD_ONLY,
    LOGIN,
    MEMBERS_AND_LEAD,
    OTHER_PROVIDER,
    PROVIDER,
    PUBLIC,
    SIGNED_IN,
    Route,
    World,
)

# Any signed-in person sees their own (possibly empty) list of listings to manage.
MANAGE_HOME = SIGNED_IN
# Editing answers 403 to signed-in people outside the organisation: listings are public, so
# their existence is no secret.
EDITORS = MEMBERS_AND_LEAD
assert EDITORS == {
    ANONYMOUS: LOGIN,
    COORDINATOR: DENY,
    PROVIDER: ALLOW,
    OTHER_PROVIDER: DENY,
    CAPACITY_LEAD: ALLOW,
}


def _service(w: World) -> dict[str, Any]:
    return {"service_uuid": w.service.uuid}


def _organisation(w: World) -> dict[str, Any]:
    return {"organisation_uuid": w.organisation.uuid}


def _location(w: World) -> dict[str, Any]:
    return {"location_uuid": w.service.locations[0].uuid}


def _change(w: World) -> dict[str, Any]:
    change = ProposedChange(
        kind=ChangeKind.EDIT,
        record_type=RecordType.SERVICE,
        record_uuid=w.service.uuid,
        organisation_id=w.organisation.id,
        proposed={"name": "A better name"},
        proposer_name="Someone",
    )
    db.session.add(change)
    db.session.flush()
    return {"change_id": change.id}


def _claim(w: World) -> dict[str, Any]:
    claim = OrganisationClaim(
        organisation_id=w.other_organisation.id, name="Pat", email="pat@example.org"
    )
    db.session.add(claim)
    db.session.flush()
    return {"claim_id": claim.id}


def _history(w: World) -> dict[str, Any]:
    return {"record_type": RecordType.SERVICE.value, "uuid": w.service.uuid}


def _revert(w: World) -> dict[str, Any]:
    baseline = versions.ensure_baseline(w.service, utcnow())
    db.session.flush()
    return {**_history(w), "number": baseline.number}


def _confirm_link(w: World) -> dict[str, Any]:
    reminder = ReviewReminder(service_id=w.service.id, stage=1)
    db.session.add(reminder)
    token = freshness.confirm_token(reminder)
    db.session.flush()
    return {"token": token}


def _duplicate(w: World) -> dict[str, Any]:
    twin = Service(
        organisation=w.other_organisation, name=w.service.name, duplicate_of_id=w.service.id
    )
    db.session.add(twin)
    db.session.flush()
    candidate = DuplicateCandidate(service=twin, kept=w.service, reasons="same phone")
    db.session.add(candidate)
    db.session.flush()
    return {"candidate_id": candidate.id}


def _first_location(w: World) -> Location:
    return w.service.locations[0]


PERMISSION_MATRIX = [
    # Provider self-service.
    Route("GET", "/manage", MANAGE_HOME),
    Route("GET", "/manage/services/<service_uuid>/edit", EDITORS, args=_service),
    Route("POST", "/manage/services/<service_uuid>/edit", EDITORS, args=_service),
    Route("GET", "/manage/services/<service_uuid>/capacity", EDITORS, args=_service),
    Route("POST", "/manage/services/<service_uuid>/capacity", EDITORS, args=_service),
    Route("POST", "/manage/services/<service_uuid>/confirm", EDITORS, args=_service),
    Route("GET", "/manage/organisations/<organisation_uuid>/edit", EDITORS, args=_organisation),
    Route("POST", "/manage/organisations/<organisation_uuid>/edit", EDITORS, args=_organisation),
    Route(
        "GET",
        "/manage/organisations/<organisation_uuid>/locations/new",
        EDITORS,
        args=_organisation,
    ),
    Route(
        "POST",
        "/manage/organisations/<organisation_uuid>/locations/new",
        EDITORS,
        args=_organisation,
    ),
    Route(
        "GET",
        "/manage/organisations/<organisation_uuid>/services/new",
        EDITORS,
        args=_organisation,
    ),
    Route(
        "POST",
        "/manage/organisations/<organisation_uuid>/services/new",
        EDITORS,
        args=_organisation,
    ),
    Route("GET", "/manage/locations/<location_uuid>/edit", EDITORS, args=_location),
    Route("POST", "/manage/locations/<location_uuid>/edit", EDITORS, args=_location),
    # The reminder email's link works without an account: the signed token is the credential.
    Route("GET", "/manage/confirm/<token>", PUBLIC, args=_confirm_link),
    Route("POST", "/manage/confirm/<token>", PUBLIC, args=_confirm_link),
    # Public forms that feed the moderation queue.
    Route("GET", "/list-your-group", PUBLIC),
    Route("POST", "/list-your-group", PUBLIC),
    Route("GET", "/services/<service_uuid>/suggest", PUBLIC, args=_service),
    Route("POST", "/services/<service_uuid>/suggest", PUBLIC, args=_service),
    Route("GET", "/organisations/<organisation_uuid>/claim", PUBLIC, args=_organisation),
    Route("POST", "/organisations/<organisation_uuid>/claim", PUBLIC, args=_organisation),
    # The capacity lead's listing administration.
    Route("GET", "/admin/listings/", LEAD_ONLY),
    Route("GET", "/admin/listings/changes", LEAD_ONLY),
    Route("GET", "/admin/listings/changes/<int:change_id>", LEAD_ONLY, args=_change),
    Route("POST", "/admin/listings/changes/<int:change_id>/approve", LEAD_ONLY, args=_change),
    Route(
        "POST",
        "/admin/listings/changes/<int:change_id>/reject",
        LEAD_ONLY,
        args=_change,
        data=lambda w: {"reason": "Not accurate"},
    ),
    Route("GET", "/admin/listings/claims", LEAD_ONLY),
    Route(
        "POST",
        "/admin/listings/claims/<int:claim_id>",
        LEAD_ONLY,
        args=_claim,
        data=lambda w: {"status": "denied", "reason": "Not known to us"},
    ),
    Route(
        "POST",
        "/admin/listings/organisations/<organisation_uuid>/trusted",
        LEAD_ONLY,
        args=_organisation,
        data=lambda w: {"trusted": "true"},
    ),
    Route("GET", "/admin/listings/history/<record_type>/<uuid>", LEAD_ONLY, args=_history),
    Route(
        "POST",
        "/admin/listings/history/<record_type>/<uuid>/<int:number>/revert",
        LEAD_ONLY,
        args=_revert,
    ),
    Route("GET", "/admin/listings/stale", LEAD_ONLY),
    # Other directories (Open Referral sources) and the duplicates they bring.
    Route("GET", "/admin/listings/sources", LEAD_ONLY),
    Route(
        "POST",
        "/admin/listings/duplicates/<int:candidate_id>",
        LEAD_ONLY,
        args=_duplicate,
        data=lambda w: {"decision": "different"},
    ),
    Route("GET", "/admin/listings/import", LEAD_ONLY),
    Route("POST", "/admin/listings/import", LEAD_ONLY),
    Route("GET", "/admin/listings/import/template.csv", LEAD_ONLY),
    Route("GET", "/admin/listings/export.csv", LEAD_ONLY),
]
