"""Find support for a client: carry them through search and act on what was found.

A co-ordinator opens search from a client's page ("Find support for Margaret Cooper"); the
client travels as `for_client=<id>` (an id, never a name: the access log redacts query values
anyway). Only those who may edit the client may carry them (caseload.get_client: a tampered or
foreign id is a 404, and each carry is audited). From a result or a service page they then
refer, add the service to the person's list, or record it as information given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from accounts import audit
from accounts.models import User
from core.errors import Conflict, NotFound, Refused
from core.extensions import db
from core.forms import domain_errors, load
from core.models import utcnow
from core.permissions import find_permitted
from directory.models import Service
from directory.services import listed_services_query
from directory.themes import Theme
from referrals import caseload
from referrals.models import Action, ActionKind, ActionStatus, Client, Shortlist
from search import services as search
from search.schemas import SearchParamsSchema

CARRY_PARAM = "for_client"
# "Add to list" adds to the person's list made in the last few hours and not yet emailed;
# later additions start a new list, so a list already handed over is never changed.
OPEN_LIST_HOURS = 8
# The referral and list pickers show this many search results a page (every page reachable).
PICKER_PER_PAGE = 10
PICKER_FIELDS = ("q", "near", "radius", "theme", "page")


def carried_client(user: User, text: str) -> Client:
    """The client named by a `for_client` value, if `user` may act for them; else NotFound."""
    if not text.isdigit() or len(text) > 12:
        raise NotFound("Page not found.")
    client = find_permitted(user, "edit", Client, int(text))
    # Each page shown for the person is an access to their record (their name is on it).
    audit.record("find_support", client, user=user)
    return client


def find_support_url(client: Client, theme: Theme | None = None) -> str:
    """The search page carrying `client`, near their outward code (never the full postcode)."""
    query: dict[str, str] = {}
    if theme is not None:
        query["theme"] = theme.value
    if client.outward_code:
        query["near"] = client.outward_code
    query[CARRY_PARAM] = str(client.id)
    return "/search?" + urlencode(query)


def shortlists_of(client: Client) -> list[Shortlist]:
    """The person's lists, newest first (shown on their page, which audits the access)."""
    return list(
        db.session.scalars(
            select(Shortlist).where(Shortlist.client_id == client.id).order_by(Shortlist.id.desc())
        )
    )


def listed_service(service_uuid: str) -> Service:
    """A service anyone may find in the directory, or NotFound."""
    service = db.session.scalars(
        listed_services_query().where(Service.uuid == service_uuid)
    ).first()
    if service is None:
        raise NotFound("That service is not listed.")
    return service


def ids_by_uuid(uuids: Sequence[str]) -> dict[str, int]:
    """Listed services' database ids by public id (for the list picker's ticks)."""
    if not uuids:
        return {}
    rows = db.session.execute(
        select(Service.uuid, Service.id).where(
            Service.id.in_(listed_services_query().with_only_columns(Service.id)),
            Service.uuid.in_(list(uuids)),
        )
    )
    return {uuid: service_id for uuid, service_id in rows}


def _theme_for(service: Service, theme: Theme | None) -> Theme:
    if theme is not None:
        return theme
    return service.themes[0] if service.themes else Theme.HEALTH


def open_shortlist(client: Client, user: User) -> Shortlist | None:
    """The list `user` is making for `client` now: recent, and not yet emailed."""
    since = utcnow() - timedelta(hours=OPEN_LIST_HOURS)
    return db.session.scalars(
        select(Shortlist)
        .where(
            Shortlist.client_id == client.id,
            Shortlist.created_by_id == user.id,
            Shortlist.emailed_at.is_(None),
            Shortlist.created_at >= since,
        )
        .order_by(Shortlist.id.desc())
        .limit(1)
    ).first()


def add_to_list(
    user: User, client: Client, service: Service, theme: Theme | None = None
) -> tuple[Shortlist, bool]:
    """Put `service` on the person's open list (a new one if none); (list, whether added)."""
    shortlist, added = add_services_to_list(
        user, client, [service], ActionKind.SERVICE_RECOMMENDATION, theme=theme
    )
    return shortlist, bool(added)


def add_services_to_list(
    user: User,
    client: Client,
    services: Sequence[Service],
    kind: ActionKind,
    theme: Theme | None = None,
    note: str = "",
) -> tuple[Shortlist, list[Service]]:
    """Add `services` to the list `user` is making for `client`, or start one of `kind`.

    A list already open keeps its own kind; a service already on it is not added twice.
    Returns the list and the services newly added.
    """
    shortlist = open_shortlist(client, user)
    if shortlist is None:
        shortlist = caseload.create_shortlist(user, client, services, kind, theme=theme, note=note)
        return shortlist, list(services)
    if not services:
        raise Refused("Choose at least one service", field="service_ids")
    if not client.is_open:
        raise Conflict("Reopen the client before adding actions.")
    on_list = {action.service_id for action in shortlist.actions}
    kind = shortlist.actions[0].kind if shortlist.actions else kind
    done = kind is ActionKind.INFORMATION_GIVEN
    added = [s for s in dict.fromkeys(services) if s.id not in on_list]
    for service in added:
        shortlist.actions.append(
            Action(
                client=client,
                kind=kind,
                theme=_theme_for(service, theme),
                description=f"{kind.label}: {service.name}",
                service=service,
                created_by=user,
                status=ActionStatus.DONE if done else ActionStatus.OPEN,
                closed_at=utcnow() if done else None,
            )
        )
    if note.strip():
        shortlist.note = f"{shortlist.note}\n\n{note}".strip()
    db.session.flush()
    audit.record("update", shortlist, user=user)
    return shortlist, added


@dataclass
class Picker:
    """One page of a search for a service to refer to or list, near the person."""

    results: search.SearchResults | None = None
    errors: dict[str, Any] = field(default_factory=dict)
    near: str = ""
    note: str | None = None  # said above the results (a default place that was not found)


def picker_search(client: Client, args: Mapping[str, Any], *, referrable: bool) -> Picker:
    """Search the directory for `client` with the search page's own ranking.

    Relevance and distance from the person's outward code (unless another place is typed),
    paged with no cut-off; only services that take Signpost referrals when `referrable`.
    Nothing is written to the search log: these words are about one person.
    """
    raw: dict[str, Any] = {k: args[k] for k in PICKER_FIELDS if args.get(k)}
    typed_near = "near" in args
    if not typed_near and client.outward_code:
        raw["near"] = client.outward_code
    if raw.get("theme"):
        raw["theme"] = [raw["theme"]]
    raw["signpost_referral"] = referrable
    params, errors = load(SearchParamsSchema(), raw)
    if errors:
        return Picker(errors=errors, near=raw.get("near", ""))
    try:
        found = search.search_services(params, per_page=PICKER_PER_PAGE)
    except search.PlaceNotFound as refusal:
        if typed_near:
            return Picker(errors=domain_errors(refusal), near=raw.get("near", ""))
        params.pop("near")
        found = search.search_services(params, per_page=PICKER_PER_PAGE)
        note = f"We could not place {raw['near']}, so these are not sorted by distance."
        return Picker(results=found, near="", note=note)
    return Picker(results=found, near=raw.get("near", ""))


def record_information_given(
    user: User, client: Client, service: Service, theme: Theme | None = None
) -> Action:
    """Record that the person was told about `service` (a done action on their record)."""
    action = caseload.add_action(
        user,
        client,
        ActionKind.INFORMATION_GIVEN,
        _theme_for(service, theme),
        f"Information given: {service.name}",
        service=service,
    )
    action.status = ActionStatus.DONE
    action.closed_at = utcnow()
    db.session.flush()
    return action
