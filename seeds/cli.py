"""`signpost seed demo`: load the demo borough (safe to run again)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from core.extensions import db
from seeds import loader

seed_cli = AppGroup("seed", help="Load demonstration data.")


@seed_cli.command("demo")
def seed_demo_command() -> None:
    """Load the Bolton demo borough: gazetteer, neighbourhoods, organisations and services."""
    summary = loader.load_demo()
    db.session.commit()
    click.echo(summary.describe())
