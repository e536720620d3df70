"""The directory: organisations and who belongs to them, services, locations and geography."""

from flask import Flask

from accounts.models import Role
from accounts.navigation import add_nav_item, with_role
from core.jobs import add_daily_job
from directory import policies  # noqa: F401 - registers the directory's policies
from directory.cli import import_cli, postcodes_cli, practices_cli
from directory.last_modified import register_session_events
from directory.listings_cli import import_csv_command, listings_cli, remind_command
from directory.manage_views import bp as manage_bp
from directory.membership import register_lookups
from directory.membership_views import bp as membership_bp
from directory.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(membership_bp)
    app.register_blueprint(manage_bp)  # providers keep their own listings true
    app.cli.add_command(postcodes_cli)
    import_cli.add_command(import_csv_command)
    app.cli.add_command(import_cli)
    app.cli.add_command(listings_cli)
    add_daily_job(app, "listings remind", remind_command, order=20)
    app.cli.add_command(practices_cli)
    register_session_events()
    register_lookups(app)
    add_nav_item(app, "Your listings", "manage.dashboard", with_role(Role.PROVIDER), order=60)
