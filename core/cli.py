"""The `signpost` console script: Flask's CLI plus every feature's commands."""

from __future__ import annotations

from flask.cli import FlaskGroup

from core.app import create_app

cli = FlaskGroup(create_app=create_app, help="Operate a Signpost installation.")


def main() -> None:
    cli.main(prog_name="signpost")
