"""The directory: organisations and who belongs to them, services, locations and geography."""

from flask import Flask

from directory import policies  # noqa: F401 - registers the directory's policies
from directory.cli import import_cli, postcodes_cli, practices_cli
from directory.last_modified import register_session_events
from directory.membership import register_lookups
from directory.membership_views import bp as membership_bp
from directory.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(membership_bp)
    app.cli.add_command(postcodes_cli)
    app.cli.add_command(import_cli)
    app.cli.add_command(practices_cli)
    register_session_events()
    register_lookups(app)
