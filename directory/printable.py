"""A service as people read it on paper: the booklet and a person's shortlist print this.

Places come through public_locations (directory.public_place decides), so a confidential
address is never printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from core.templating import format_time
from directory.models import AccessMethod, ScheduleSlot, Service
from directory.public_place import public_areas
from directory.services import public_locations

SUMMARY_LENGTH = 140


@dataclass(frozen=True)
class Entry:
    name: str
    organisation: str
    what: str
    summary: str
    when: list[str]
    where: list[str]
    cost: str
    contact: list[str]
    how: list[str]


def web_host(url: str) -> str:
    """ "https://www.example.org/path?x" -> "www.example.org/path": readable, typeable."""
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return url.strip()
    query = f"?{parts.query}" if parts.query else ""
    return (parts.netloc + parts.path).rstrip("/") + query


def one_line_summary(description: str) -> str:
    """The description's first sentence, cut at a word to fit one line of print."""
    text = " ".join(description.split())
    for end in (". ", "! ", "? "):
        if end in text:
            text = text.split(end, 1)[0] + end.strip()
            break
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _when(service: Service) -> list[str]:
    lines = [
        f"{slot.day_name}s {format_time(slot.opens_at)} to {format_time(slot.closes_at)}"
        for slot in sorted(service.schedules, key=_slot_order)
    ]
    if service.schedule_note:
        lines.append(service.schedule_note)
    return lines


def _slot_order(slot: ScheduleSlot) -> tuple[int, object]:
    return (slot.weekday, slot.opens_at)


def _where(service: Service) -> list[str]:
    lines = [
        ", ".join([place.name, *place.address_lines])
        if not place.confidential
        else place.address_lines[0]
        for place in public_locations(service)
    ]
    lines += [f"Covers: {area.label}" for area in public_areas(service)]
    return lines


def _contact(service: Service) -> list[str]:
    organisation = service.organisation
    lines = []
    phone = service.contact_phone or organisation.phone
    email = service.contact_email or organisation.email
    website = service.website or organisation.website
    if phone:
        lines.append(f"Phone: {phone}")
    if email:
        lines.append(f"Email: {email}")
    if website:
        # On paper a web address is read and typed: its host, not a raw link.
        lines.append(f"Website: {web_host(website)}")
    return lines


def entry_for(service: Service) -> Entry:
    how = [method.label for method in AccessMethod.parse_many(service.access_methods or [])]
    return Entry(
        name=service.name,
        organisation=service.organisation.name,
        what=service.description,
        summary=one_line_summary(service.description),
        when=_when(service),
        where=_where(service),
        cost=service.cost_summary,
        contact=_contact(service),
        how=how,
    )
