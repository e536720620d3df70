"""The partner checklist (First Contact): agencies that visit people at home refer them on.

A referral needs a Client (referrals.models.Referral.client_id is required), so each checklist
makes a minimal client record owned by the partner who completed it. That record holds only
what the referral shares; it is on no co-ordinator's caseload (partners are in no team) and
referrals.policies lets only its owning partner use it. The referrals themselves are sent with
referrals.services.send_referral, so they follow the same closed loop as a co-ordinator's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accounts import audit
from accounts.models import User
from core.errors import Conflict, PermissionDenied
from core.extensions import db
from core.models import utcnow
from core.permissions import is_signed_in
from directory.models import Service
from directory.services import listed_services_query
from directory.themes import Theme
from frontdoors.selfcheck import Suggestion, services_for_need
from referrals import caseload
from referrals.models import Client, ContactPreference, Referral
from referrals.policies import PARTNER_SHARED_FIELDS
from referrals.services import expire_overdue, referral_block, referral_warning, send_referral

# What a visiting partner notices, in their words, and the theme each points to.
CHECKLIST: list[tuple[Theme, str]] = [
    (Theme.HOUSE_AND_HOME, "Home is cold, damp, cluttered or unsafe (trip or fire risks)"),
    (Theme.HEALTH, "Has had a fall or is worried about falling; long-term condition"),
    (Theme.EMOTIONAL_WELLBEING, "Seems low, anxious or recently bereaved"),
    (Theme.FRIENDS_AND_FAMILY, "Lonely or rarely sees anyone"),
    (Theme.MONEY, "Struggling with bills, benefits, debt or food"),
    (Theme.MEDICATION, "Trouble managing medicines or prescriptions"),
    (Theme.PERSONAL_CARE, "Finding washing, dressing or cooking hard"),
    (Theme.GETTING_OUT, "Cannot get out and about, or to appointments"),
    (Theme.CARER_SUPPORT, "Looks after someone else and is struggling"),
    (Theme.COMMUNICATION, "Hearing, sight or language difficulties; not online"),
    (Theme.HOBBIES, "Would like activities, groups or something to do"),
    (Theme.VOLUNTEERING_AND_WORK, "Would like help with work, skills or volunteering"),
]
SUGGESTIONS_PER_NEED = 5
# The partner shares these with the receiving service on top of name and contact route.


def partner_organisation_ids(user: Any) -> set[int]:
    """Organisations `user` refers in for as a partner (empty for everyone else)."""
    if not is_signed_in(user):
        return set()
    return {m.organisation_id for m in user.memberships if m.is_referring_partner}


def is_partner(user: Any) -> bool:
    return bool(partner_organisation_ids(user))


def require_partner(user: Any) -> int:
    """Return the partner organisation to refer in for, or refuse a non-partner."""
    organisations = partner_organisation_ids(user)
    if not organisations:
        raise PermissionDenied("Only referring partners can use the partner checklist.")
    return min(organisations)


@dataclass(frozen=True)
class NeedSuggestions:
    theme: Theme
    text: str
    suggestions: list[Suggestion]
    warnings: dict[int, str]


def suggestions_for(
    user: User, themes: Sequence[Theme], postcode: str, age: int | None = None
) -> list[NeedSuggestions]:
    """For each ticked need, the services that best fit it and can take a referral today.

    Ranked on the need (its words and the checklist line the partner ticked), distance and
    the person's age when given (frontdoors.selfcheck.services_for_need).
    """
    require_partner(user)
    today = utcnow().date()
    texts = dict(CHECKLIST)
    result = []
    for theme in themes:
        found = [
            s
            for s in services_for_need(
                theme,
                texts[theme],
                postcode,
                SUGGESTIONS_PER_NEED * 2,
                age=age,
                signpost_referral=True,
            )
            if referral_block(s.service, today) is None
        ][:SUGGESTIONS_PER_NEED]
        warnings = {
            s.service.id: w for s in found if (w := referral_warning(s.service, today)) is not None
        }
        result.append(NeedSuggestions(theme, texts[theme], found, warnings))
    return result


def send_referrals(
    user: User, person: Mapping[str, Any], choices: Sequence[tuple[Theme, str]], reason: str
) -> list[Referral]:
    """Record the person once and refer them to every chosen (theme, service uuid) in one step."""
    organisation_id = require_partner(user)
    if not person.get("consent"):
        raise Conflict("The person must agree before you refer them.")
    if not choices:
        raise Conflict("Choose at least one service to refer to.")
    uuids = {uuid for _, uuid in choices}
    services = {
        s.uuid: s
        for s in db.session.scalars(listed_services_query().where(Service.uuid.in_(uuids)))
    }
    missing = uuids - set(services)
    if missing:
        raise Conflict("One of the services chosen is no longer listed.")
    client = _partner_client(user, person)
    referrals = []
    # A service offered under two needs gets one referral, under the first need ticked.
    for uuid, theme in {uuid: theme for theme, uuid in reversed(choices)}.items():
        referrals.append(
            send_referral(
                user,
                client,
                services[uuid],
                theme=theme,
                reason=reason,
                consent_to_share_on=client.consent_given_on,
                shared_fields=PARTNER_SHARED_FIELDS,
                referring_partner_organisation_id=organisation_id,
            )
        )
    return referrals


def _partner_client(user: User, person: Mapping[str, Any]) -> Client:
    """The minimal record a referral hangs off, owned by the partner and on no team."""
    place = caseload.place_of(person.get("postcode"))
    client = Client(
        first_name=person["first_name"],
        last_name=person.get("last_name") or "",
        postcode=place.postcode,
        outward_code=place.outward_code,
        neighbourhood_id=place.neighbourhood_id,
        phone=person.get("phone"),
        email=person.get("email"),
        address=person.get("address") or "",
        contact_preference=ContactPreference(person["contact_preference"]),
        safe_to_leave_message=bool(person.get("safe_to_leave_message")),
        what_matters=person.get("what_matters") or "",
        consent_given_on=utcnow().date(),
        consent_recorded_by=user,
        owner=user,
        team_id=None,
    )
    db.session.add(client)
    db.session.flush()
    audit.record("create", client, user=user)
    return client


def my_referrals(user: User) -> list[Referral]:
    """The referrals `user` sent as a partner, newest first: nothing anyone else sent."""
    require_partner(user)
    expire_overdue()
    referrals = list(
        db.session.scalars(
            select(Referral)
            .where(
                Referral.sent_by_id == user.id,
                Referral.referring_partner_organisation_id.is_not(None),
            )
            .options(selectinload(Referral.events), selectinload(Referral.service))
            .order_by(Referral.sent_at.desc(), Referral.id.desc())
        )
    )
    audit.record_event("list", "referral", user=user)
    return referrals
