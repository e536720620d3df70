"""The capacity lead's pages (moderation queue, claims, history, stale listings, CSV import).

It also registers directory's provider self-service pages and listing commands: those modules
depend on accounts, which itself imports directory's models, so directory's own init_app
cannot import them without a cycle.
"""

from flask import Flask

from accounts.models import Role
from accounts.navigation import add_home, add_nav_item, with_role
from admin.reports.views import bp as reports_bp
from admin.reports.views import provider_bp as provider_outcomes_bp
from admin.views import bp
from core.jobs import add_daily_job
from directory.cli import import_cli
from directory.listings_cli import import_csv_command, listings_cli, remind_command
from directory.manage_views import bp as manage_bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(provider_outcomes_bp)
    app.cli.add_command(listings_cli)
    add_daily_job(app, "listings remind", remind_command, order=20)
    import_cli.add_command(import_csv_command)
    add_home(app, "reports.overview", with_role(Role.CAPACITY_LEAD), order=10)
    add_nav_item(app, "Overview", "reports.overview", with_role(Role.CAPACITY_LEAD), order=69)
    add_nav_item(app, "Moderation", "admin.changes", with_role(Role.CAPACITY_LEAD), order=70)
    add_nav_item(app, "Listings", "admin.listings", with_role(Role.CAPACITY_LEAD), order=71)
    add_nav_item(app, "Reports", "reports.index", with_role(Role.CAPACITY_LEAD), order=72)
    add_nav_item(app, "Your listings", "manage.dashboard", with_role(Role.PROVIDER), order=60)
    add_nav_item(
        app, "Outcomes", "provider_outcomes.provider_outcomes", with_role(Role.PROVIDER), order=61
    )
