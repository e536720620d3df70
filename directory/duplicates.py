"""The same service listed by two directories: found, hidden once, and offered for merging.

Two listed services from different sources (or one imported and one made here) are a
candidate when their names and their organisations' names are alike and they share a way to
reach them: a postcode, a phone number, an email address or a website. The later listing is
hidden (`duplicate_of`) so search shows the service once; the capacity lead then merges the two
(the later one stays hidden) or says they are different services (both are listed, and the
pair is never offered again). Functions here only flush.
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.errors import NotFound
from core.extensions import db
from core.models import utcnow
from core.permissions import require
from directory.models import DuplicateCandidate, DuplicateStatus, Service, ServiceAtLocation
from directory.services import listed_services_query

NAME_SIMILARITY = 0.85
ORGANISATION_SIMILARITY = 0.8
FILLER = re.compile(r"\b(the|and|of|for|ltd|limited|cic|charity|group)\b|[^a-z0-9 ]")


def _words(text: str) -> str:
    return " ".join(FILLER.sub(" ", text.lower().replace("&", " ")).split())


def alike(a: str, b: str, threshold: float) -> bool:
    left, right = _words(a), _words(b)
    return left == right or SequenceMatcher(None, left, right).ratio() >= threshold


def contact_keys(service: Service) -> dict[str, str]:
    """The ways to reach a service, normalised: {"postcode:BL1 1AA": "postcode", ...}."""
    keys: dict[str, str] = {}
    for location in service.locations:
        if location.postcode and not location.confidential:
            keys[f"postcode:{location.postcode}"] = "postcode"
    for phone in (service.contact_phone, service.organisation.phone):
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) >= 10:
            keys[f"phone:{digits[-10:]}"] = "phone"
    for email in (service.contact_email, service.organisation.email):
        if email:
            keys[f"email:{email.strip().lower()}"] = "email"
    for website in (service.website, service.organisation.website):
        if website:
            host = urlsplit(website if "://" in website else f"https://{website}").hostname
            path = urlsplit(website if "://" in website else f"https://{website}").path
            if host:
                keys[f"web:{host.removeprefix('www.')}{path.rstrip('/')}"] = "website"
    return keys


def _listed() -> Any:
    return listed_services_query().options(
        selectinload(Service.organisation),
        selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
    )


def find_duplicates(source_id: int) -> list[DuplicateCandidate]:
    """Offer each listed service of a source that another listing already covers; flushes."""
    others: dict[str, list[Service]] = defaultdict(list)
    mine: list[Service] = []
    for service in db.session.scalars(_listed()):
        if service.source_id == source_id:
            mine.append(service)
        else:
            for key in contact_keys(service):
                others[key].append(service)
    if not mine or not others:
        return []
    known = {
        frozenset(pair)
        for pair in db.session.execute(
            select(DuplicateCandidate.service_id, DuplicateCandidate.kept_id)
        )
    }
    found = []
    for service in mine:
        keys = contact_keys(service)
        reasons: dict[int, set[str]] = defaultdict(set)
        candidates: dict[int, Service] = {}
        for key, kind in keys.items():
            for other in others.get(key, []):
                reasons[other.id].add(kind)
                candidates[other.id] = other
        for other_id, shared in sorted(reasons.items()):
            other = candidates[other_id]
            if frozenset((service.id, other.id)) in known:
                continue
            if not alike(service.name, other.name, NAME_SIMILARITY):
                continue
            if not alike(
                service.organisation.name, other.organisation.name, ORGANISATION_SIMILARITY
            ):
                continue
            candidate = DuplicateCandidate(
                service=service,
                kept=other,
                reasons="same name and organisation; same " + ", ".join(sorted(shared)),
            )
            db.session.add(candidate)
            service.duplicate_of_id = other.id
            known.add(frozenset((service.id, other.id)))
            found.append(candidate)
            break
    db.session.flush()
    return found


def pending() -> list[DuplicateCandidate]:
    return list(
        db.session.scalars(
            select(DuplicateCandidate)
            .where(DuplicateCandidate.status == DuplicateStatus.PENDING)
            .options(
                selectinload(DuplicateCandidate.service).selectinload(Service.listing_source),
                selectinload(DuplicateCandidate.kept).selectinload(Service.listing_source),
            )
            .order_by(DuplicateCandidate.created_at, DuplicateCandidate.id)
        )
    )


def get_candidate(candidate_id: int) -> DuplicateCandidate:
    found = db.session.get(DuplicateCandidate, candidate_id)
    if found is None or found.status is not DuplicateStatus.PENDING:
        raise NotFound("That possible duplicate has been decided already, or does not exist.")
    return found


def decide(candidate: DuplicateCandidate, same: bool, by: Any) -> None:
    """Merge (`same`: only the kept listing is shown) or keep both listed; flushes."""
    require(by, "moderate", candidate.service)
    candidate.status = DuplicateStatus.MERGED if same else DuplicateStatus.DISTINCT
    candidate.decided_at = utcnow()
    candidate.decided_by = by.display_name[:200]
    if not same:
        candidate.service.duplicate_of_id = None
    db.session.flush()
