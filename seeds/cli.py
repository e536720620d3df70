"""`signpost seed demo`: load the demo borough (safe to run again: it keeps changes)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from core.extensions import db

seed_cli = AppGroup("seed", help="Load demonstration data.")


@seed_cli.command("demo")
@click.option(
    "--reset",
    is_flag=True,
    help="Also overwrite demo listings and accounts changed in the app (asks for --yes).",
)
@click.option("--yes", is_flag=True, help="Confirm --reset.")
def seed_demo_command(reset: bool, yes: bool) -> None:
    """Load the Bolton demo borough, keeping every change people made in the app.

    Safe to run again (`make run` does): listings with an edit history and existing demo
    accounts are kept as they are. `--reset --yes` puts them back as the demo files say.
    """
    # Imported when run: the demo's data modules are big, and every process that registers
    # this command (each gunicorn worker) would otherwise load them at start.
    from seeds import loader

    if reset:
        changed = loader.changed_in_app()
        click.echo(
            f"--reset overwrites {len(changed)} demo listing(s) changed in the app"
            + (":" if changed else ".")
        )
        for kind, name in changed:
            click.echo(f"  {kind}: {name}")
        click.echo("and puts the demo accounts back (passwords, names, roles, teams).")
        if not yes:
            raise click.ClickException("Nothing was changed. Add --yes to overwrite.")
    summary = loader.load_demo(reset=reset)
    db.session.commit()
    click.echo(summary.describe())
