"""Permission-matrix rows for the front doors: public self-check, self-referral queue,
partner checklist and printable directory (see tests/accounts/matrix.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.extensions import db
from frontdoors.models import ContactRoute, PreferredTime, SelfReferralRequest
from tests.accounts.matrix import (
    ALLOW,
    ANONYMOUS,
    CAPACITY_LEAD,
    COORDINATOR,
    DENY,
    LOGIN,
    OTHER_PROVIDER,
    PROVIDER,
    PUBLIC,
    REFERRING_PARTNER,
    Route,
    World,
)

# The matrix's co-ordinator is in the only team, so self-referrals reach them.
SELF_REFERRAL_TEAM = {
    ANONYMOUS: LOGIN,
    COORDINATOR: ALLOW,
    PROVIDER: DENY,
    OTHER_PROVIDER: DENY,
    CAPACITY_LEAD: DENY,
}
# The matrix's provider is a member but not a referring partner: tests/frontdoors covers
# partners themselves.
PARTNERS_ONLY = {
    **dict.fromkeys(SELF_REFERRAL_TEAM, DENY),
    ANONYMOUS: LOGIN,
    REFERRING_PARTNER: ALLOW,
}
BOOKLET_MAKERS = {**SELF_REFERRAL_TEAM, CAPACITY_LEAD: ALLOW}


def _theme(w: World) -> dict[str, Any]:
    return {"theme": "health"}


def _request(w: World) -> dict[str, Any]:
    request = SelfReferralRequest(
        team=w.team,
        name="Ada Example",
        contact_route=ContactRoute.PHONE,
        contact="01204 555 0199",
        preferred_time=PreferredTime.MORNING,
        themes=["money"],
        consent_given_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    db.session.add(request)
    db.session.flush()
    return {"request_uuid": request.uuid}


PERMISSION_MATRIX = [
    Route("GET", "/self-check", PUBLIC),
    Route("GET", "/self-check/questions/<theme>", PUBLIC, args=_theme),
    Route(
        "POST",
        "/self-check/questions/<theme>",
        PUBLIC,
        args=_theme,
        data=lambda w: {"answer": "yes"},
    ),
    Route("GET", "/self-check/postcode", PUBLIC),
    Route("POST", "/self-check/postcode", PUBLIC),
    Route("GET", "/self-check/report", PUBLIC),
    Route("POST", "/self-check/start-again", PUBLIC),
    Route("GET", "/self-check/contact", PUBLIC),
    Route("POST", "/self-check/contact", PUBLIC),
    Route("GET", "/self-check/contact/sent", PUBLIC),
    Route("GET", "/self-referrals", SELF_REFERRAL_TEAM),
    Route("POST", "/self-referrals/<request_uuid>/take", SELF_REFERRAL_TEAM, args=_request),
    Route("GET", "/partner/checklist", PARTNERS_ONLY),
    Route("POST", "/partner/checklist", PARTNERS_ONLY),
    Route("POST", "/partner/checklist/send", PARTNERS_ONLY),
    Route("GET", "/partner/referrals", PARTNERS_ONLY),
    Route("GET", "/booklet", BOOKLET_MAKERS),
    Route("GET", "/booklet.pdf", BOOKLET_MAKERS),
]
