"""The directory: organisations, services, locations and geography."""

from flask import Flask

from directory import policies  # noqa: F401 - registers the directory's policies
from directory.cli import import_cli, postcodes_cli, practices_cli
from directory.last_modified import register_session_events
from directory.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(postcodes_cli)
    app.cli.add_command(import_cli)
    app.cli.add_command(practices_cli)
    register_session_events()
