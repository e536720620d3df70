"""Pages: the provider's referrals inbox, one referral as shared with them, and their answer.

These pages belong to the `referrals` blueprint (endpoints such as `referrals.inbox`), which
caseload_views.py creates.
"""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from accounts.auth import login_required
from accounts.models import Role
from referrals import services
from referrals.caseload_views import bp
from referrals.models import EventChannel
from referrals.responding import apply_response, respond_page

provider_only = login_required(Role.PROVIDER)

TAB_LABELS = {"new": "New", "in_progress": "In progress", "closed": "Closed"}


@bp.get("/inbox")
@provider_only
def inbox() -> str:
    tab = request.args.get("tab", "new")
    if tab not in services.INBOX_TABS:
        abort(404)
    found = services.inbox(current_user, tab)
    counts = services.inbox_counts(current_user)
    return render_template(
        "referrals/inbox.html", referrals=found, tab=tab, counts=counts, tabs=TAB_LABELS
    )


@bp.get("/inbox/referrals/<int:referral_id>")
@provider_only
def provider_referral(referral_id: int) -> str:
    found = services.get_referral(current_user, referral_id, "view_shared")
    return respond_page(found, url_for("referrals.respond", referral_id=found.id))


@bp.post("/inbox/referrals/<int:referral_id>")
@provider_only
def respond(referral_id: int) -> ResponseReturnValue:
    found = services.get_referral(current_user, referral_id, "view_shared")
    return apply_response(
        found,
        by=current_user,
        channel=EventChannel.SIGNPOST,
        action_url=url_for("referrals.respond", referral_id=found.id),
        done_url=url_for("referrals.provider_referral", referral_id=found.id),
    )
