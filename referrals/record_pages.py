"""Links from audit entries to client and referral pages, for viewers allowed to open them.

Checking permission here reads the record but does not audit a view: nothing personal is
shown, only whether a link is offered (the page the link opens audits the view).
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from accounts.models import Role
from core.extensions import db
from core.permissions import can
from referrals.models import Client, Referral


def client_page(viewer: Any, record_id: str) -> str | None:
    client = db.session.get(Client, int(record_id))
    if client is None or not can(viewer, "view", client):
        return None
    return url_for("referrals.client", client_id=client.id)


def referral_page(viewer: Any, record_id: str) -> str | None:
    referral = db.session.get(Referral, int(record_id))
    if referral is None or not (
        viewer.has_role(Role.COORDINATOR) or viewer.has_role(Role.PROVIDER)
    ):
        return None
    if not can(viewer, "view", referral):
        return None
    return url_for("referrals.referral", referral_id=referral.id)
