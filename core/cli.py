"""The `signpost` console script: Flask's CLI plus every feature's commands."""

from __future__ import annotations

from flask.cli import FlaskGroup

from core.app import create_app
from core.site import ConfigurationError

cli = FlaskGroup(create_app=create_app, help="Operate a Signpost installation.")


def main() -> None:
    try:
        cli.main(prog_name="signpost")
    except ConfigurationError as error:
        # A setting production cannot start without: say which, without a traceback.
        raise SystemExit(f"Error: {error}") from None
