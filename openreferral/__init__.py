"""Open Referral UK 3.0: publish the directory as a feed, and import other directories' feeds."""

from flask import Flask

from core.jobs import add_daily_job
from directory.cli import import_cli
from openreferral.cli import import_openreferral_command, sources_cli, sync_command
from openreferral.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    import_cli.add_command(import_openreferral_command)
    app.cli.add_command(sources_cli)
    add_daily_job(app, "sources sync", sync_command, order=10)
