"""More front doors to the same directory: a public self-check, a partner checklist and a
printable booklet."""

from flask import Flask

from accounts.models import Role
from accounts.navigation import add_home, add_nav_item, everyone, with_role
from frontdoors import models  # noqa: F401 - registers the self-referral tables
from frontdoors.partners import is_partner
from frontdoors.selfcheck import caseload_count
from frontdoors.views import bp
from referrals.counts import add_caseload_count


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    add_caseload_count(app, caseload_count)
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
    # A referring partner may also hold the provider role: the checklist is their work here.
    add_home(app, "frontdoors.partner_checklist", is_partner, order=30)
    add_nav_item(app, "Partner checklist", "frontdoors.partner_checklist", is_partner, order=21)
    add_nav_item(app, "My referrals", "frontdoors.partner_referrals", is_partner, order=22)
