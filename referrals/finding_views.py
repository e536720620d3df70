"""Find support for a client: the carried client on search and service pages, and the actions.

The search page and the service page belong to packages below this one, which never import
referrals; so this module hooks into them: a request for one of them with `for_client=<id>`
loads and audits the client (404 for anyone who may not act for them, signed in or not), and
the pages' partials (search/_client_banner.html, search/_result_actions.html) read
`carried_client`. Every such answer is to a signed-in user, so it is already no-store.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, flash, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from accounts.auth import login_required
from accounts.models import Role
from core.transaction import keep_changes
from directory.themes import Theme
from referrals import caseload, finding
from referrals.models import Client

bp = Blueprint("finding", __name__)
coordinator_only = login_required(Role.COORDINATOR)

# The pages a client may be carried through.
CARRYING_PAGES = {"search.search_page", "directory.service"}


def carry_client() -> None:
    """Load the client a carrying page was asked for, or answer 404."""
    if request.endpoint not in CARRYING_PAGES or finding.CARRY_PARAM not in request.args:
        return
    g.carried_client = finding.carried_client(current_user, request.args[finding.CARRY_PARAM])
    # The audit record stands whatever the page answers (a search refused with 400 included);
    # the page itself writes nothing.
    keep_changes()


def _carried() -> Client | None:
    carried: Client | None = g.get("carried_client")  # set by the before_request hook above
    return carried


def carry(url: str) -> str:
    """`url` still carrying the client, when one is carried."""
    client = _carried()
    if client is None:
        return url
    return url + ("&" if "?" in url else "?") + urlencode({finding.CARRY_PARAM: client.id})


def uncarried_url() -> str:
    """This page without the carried client ("Stop searching for this person")."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != finding.CARRY_PARAM]
    return request.path + ("?" + urlencode(args) if args else "")


def carrying_context() -> dict[str, Any]:
    return {"carried_client": _carried()}


def _theme() -> Theme | None:
    """The theme searched for, sent by the action's button (ignored when not a theme)."""
    return Theme.parse(request.form.get("theme"))


def _back_to_client(client: Client) -> Response:
    # To the top of the page, where the success banner is.
    return redirect(url_for("referrals.client", client_id=client.id))


@bp.post("/clients/<int:client_id>/found/<service_uuid>/list")
@coordinator_only
def add_to_list(client_id: int, service_uuid: str) -> Response:
    client = caseload.get_client(current_user, client_id, "edit")
    service = finding.listed_service(service_uuid)
    shortlist, added = finding.add_to_list(current_user, client, service, _theme())
    if added:
        flash(f"{service.name} added to {client.first_name}’s list", "success")
    else:
        flash(f"{service.name} is already on {client.first_name}’s list", "success")
    return _back_to_client(client)


@bp.post("/clients/<int:client_id>/found/<service_uuid>/information-given")
@coordinator_only
def information_given(client_id: int, service_uuid: str) -> Response:
    client = caseload.get_client(current_user, client_id, "edit")
    service = finding.listed_service(service_uuid)
    finding.record_information_given(current_user, client, service, _theme())
    flash(f"Recorded: information given about {service.name}", "success")
    return _back_to_client(client)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.before_request(carry_client)
    app.context_processor(carrying_context)
    app.add_template_global(carry, "carry")
    app.add_template_global(uncarried_url, "uncarried_url")
