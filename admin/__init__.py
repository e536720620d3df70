"""The capacity lead's pages (moderation queue, claims, history, stale listings, CSV import)."""

from flask import Flask

from accounts.models import Role
from accounts.navigation import add_home, add_nav_item, with_role
from admin.reports.views import bp as reports_bp
from admin.reports.views import provider_bp as provider_outcomes_bp
from admin.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(provider_outcomes_bp)
    add_home(app, "reports.overview", with_role(Role.CAPACITY_LEAD), order=10)
    add_nav_item(app, "Overview", "reports.overview", with_role(Role.CAPACITY_LEAD), order=69)
    add_nav_item(app, "Moderation", "admin.changes", with_role(Role.CAPACITY_LEAD), order=70)
    add_nav_item(app, "Listings", "admin.listings", with_role(Role.CAPACITY_LEAD), order=71)
    add_nav_item(app, "Reports", "reports.index", with_role(Role.CAPACITY_LEAD), order=72)
    add_nav_item(
        app, "Outcomes", "provider_outcomes.provider_outcomes", with_role(Role.PROVIDER), order=61
    )
