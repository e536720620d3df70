"""Pages: a provider answering a referral from the link in its email, without signing in."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue

from referrals import links, services
from referrals.models import EventChannel
from referrals.responding import apply_response, respond_page

link_bp = Blueprint("referral_links", __name__)


@link_bp.errorhandler(links.InvalidReferralLink)
def link_closed(error: links.InvalidReferralLink) -> tuple[str, int]:
    """A spent, expired or forged emailed link: one friendly page for all three, which tells
    nobody whether such a referral exists."""
    return render_template("referrals/link_closed.html"), 400


@link_bp.get("/r/<token>")
def respond_by_link(token: str) -> str:
    found = services.referral_from_link(token)
    return respond_page(found, url_for("referral_links.respond_by_link_post", token=token))


@link_bp.post("/r/<token>")
def respond_by_link_post(token: str) -> ResponseReturnValue:
    found = services.referral_from_link(token)
    action_url = url_for("referral_links.respond_by_link_post", token=token)
    return apply_response(
        found,
        by=None,
        channel=EventChannel.EMAIL_LINK,
        action_url=action_url,
        done_url=None,
    )
