"""Demo data for a whole borough, and the command that loads it."""

from flask import Flask

from seeds.cli import seed_cli


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_cli)
