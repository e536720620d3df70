"""What the provider inbox and the emailed link share: the page where a provider answers a
referral, applying that answer, and the version of the referral a form was shown.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from core.errors import Conflict
from core.extensions import db
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
) -> str | Response:
    moves = {t.target.value: t for t in transitions_from(referral.state, Side.PROVIDER)}
    move = moves.get(request.form.get("move", ""))
    if move is None:
        raise Conflict("That answer is no longer possible: the referral has moved on.")
    try:
        data = TransitionSchema().load(request.form)
        if move.needs_reason and data["reason"] not in move.reasons:
            raise ValidationError({f"reason-{move.target.value}": ["Choose a reason"]})
    except ValidationError as error:
        db.session.rollback()
        return respond_page(referral, action_url, error.messages, request.form), 400  # type: ignore[return-value]
    services.transition(
        referral,
        move.target,
        by=by,
        channel=channel,
        reason=data["reason"] if move.needs_reason else None,
        note=data["note"],
        seen_version=seen_version(),
    )
    db.session.commit()
    if done_url is None:
        return render_template("referrals/responded.html", referral=referral)
    flash(f"Referral {referral.reference}: {referral.state.label.lower()}", "success")
    return redirect(done_url)
