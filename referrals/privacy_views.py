"""Pages: everything held on one person (subject access) and erasing it on their request.

Co-ordinators who may see the client produce the export; those who may edit the client erase,
after typing the person's name to confirm. Both are audited in referrals/privacy.py.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts.auth import login_required
from accounts.models import Role
from core.errors import Conflict
from core.transaction import keep_changes
from referrals import caseload, privacy

bp = Blueprint("privacy", __name__)
coordinator_only = login_required(Role.COORDINATOR)

FORMATS = {
    "json": ("application/json", privacy.subject_access_json),
    "pdf": ("application/pdf", privacy.subject_access_pdf),
}


@bp.get("/clients/<int:client_id>/personal-data")
@coordinator_only
def personal_data(client_id: int) -> str:
    client = caseload.get_client(current_user, client_id, "edit")
    return _page(client, errors={}, values={})


def _page(client: Any, errors: dict[str, list[str]], values: Any) -> str:
    tables = sorted({link.table for link in privacy.personal_tables()})
    return render_template(
        "referrals/personal_data.html", client=client, tables=tables, errors=errors, values=values
    )


@bp.get("/clients/<int:client_id>/personal-data.<any(json, pdf):fmt>")
@coordinator_only
def export(client_id: int, fmt: str) -> Response:
    client = caseload.get_client(current_user, client_id, "edit")
    report = privacy.subject_access(current_user, client)
    mimetype, render = FORMATS[fmt]
    return Response(
        render(report),
        mimetype=mimetype,
        # The file name carries the record's number, never the person's name.
        headers={"Content-Disposition": f'attachment; filename="client-{client.id}.{fmt}"'},
    )


@bp.post("/clients/<int:client_id>/erase")
@coordinator_only
def erase(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id, "edit")
    typed = request.form.get("confirm_name", "")
    errors: dict[str, list[str]] = {}
    status = 400
    if not privacy.confirms_erasure(client, typed):
        errors["confirm_name"] = [f"Type {client.full_name} exactly to confirm the erasure"]
    else:
        try:
            privacy.erase(current_user, client)
        except Conflict as error:
            errors["confirm_name"] = [error.message]
            status = 409
        else:
            flash(
                "The person's details were erased; the record is kept for figures only", "success"
            )
            return redirect(url_for("referrals.client", client_id=client.id))
    keep_changes()  # the view's audit entry stands although the erasure is refused
    return _page(client, errors, request.form), status
