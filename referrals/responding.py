"""What the provider inbox and the emailed link share: the page where a provider answers a
referral, applying that answer, and the version of the referral a form was shown.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request
from flask.typing import ResponseReturnValue

from core.errors import Conflict
from core.forms import load
from referrals import services
from referrals.models import EventChannel
from referrals.schemas import TransitionSchema
from referrals.states import Side, transitions_from


def seen_version() -> int | None:
    """The referral's version when the form was shown (its hidden `version` field)."""
    text = request.form.get("version", "")
    return int(text) if text.isdigit() else None


def respond_page(
    referral: Any, action_url: str, errors: dict[str, Any] | None = None, values: Any = None
) -> str:
    return render_template(
        "referrals/respond.html",
        referral=referral,
        moves=transitions_from(referral.state, Side.PROVIDER),
        action_url=action_url,
        errors=errors or {},
        values=values or {},
    )


def apply_response(
    referral: Any,
    *,
    by: Any,
    channel: EventChannel,
    action_url: str,
    done_url: str | None,
) -> ResponseReturnValue:
    moves = {t.target.value: t for t in transitions_from(referral.state, Side.PROVIDER)}
    move = moves.get(request.form.get("move", ""))
    if move is None:
        raise Conflict("That answer is no longer possible: the referral has moved on.")
    data, errors = load(TransitionSchema(), request.form)
    if not errors and move.needs_reason and data["reason"] not in move.reasons:
        errors = {f"reason-{move.target.value}": ["Choose a reason"]}
    if errors:
        # The 400 rolls back the request (the audit of reading the referral too), as before.
        return respond_page(referral, action_url, errors, request.form), 400
    services.transition(
        referral,
        move.target,
        by=by,
        channel=channel,
        reason=data["reason"] if move.needs_reason else None,
        note=data["note"],
        seen_version=seen_version(),
    )
    if done_url is None:
        return render_template("referrals/responded.html", referral=referral)
    flash(f"Referral {referral.reference}: {referral.state.label.lower()}", "success")
    return redirect(done_url)
