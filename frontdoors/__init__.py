"""More front doors to the same directory: a public self-check, a partner checklist and a
printable booklet."""

from flask import Flask

from accounts.models import Role
from accounts.navigation import add_nav_item, everyone, with_role
from frontdoors import models  # noqa: F401 - registers the self-referral tables
from frontdoors.partners import is_partner
from frontdoors.views import bp

# Settings this feature reads, with their defaults; each can be set like any other
# (SIGNPOST_SELF_REFERRAL_TEAM=... in the environment, or test_config).
DEFAULTS = {
    # Name of the team whose co-ordinators receive self-check contact requests; empty means
    # the first team created (the demo's "Staying Well North").
    "SELF_REFERRAL_TEAM": "",
    # Contact requests allowed from one address within the window, then refused (429).
    "SELF_REFERRAL_RATE_LIMIT": 5,
    "SELF_REFERRAL_RATE_WINDOW_MINUTES": 60,
    # The confirmation page promises contact within this many working days.
    "SELF_REFERRAL_CONTACT_DAYS": 2,
    # Services listed per flagged theme in the self-check report.
    "SELF_CHECK_RESULTS_PER_THEME": 3,
}


def init_app(app: Flask) -> None:
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    app.register_blueprint(bp)
    add_nav_item(app, "Self-check", "frontdoors.self_check_start", everyone, order=5)
    add_nav_item(
        app, "Self-referrals", "frontdoors.self_referrals", with_role(Role.COORDINATOR), order=12
    )
    add_nav_item(
        app,
        "Printable directory",
        "frontdoors.booklet_page",
        with_role(Role.COORDINATOR, Role.CAPACITY_LEAD),
        order=13,
    )
    add_nav_item(app, "Partner checklist", "frontdoors.partner_checklist", is_partner, order=21)
    add_nav_item(app, "My referrals", "frontdoors.partner_referrals", is_partner, order=22)
