"""Commands for keeping listings true: CSV import/export and the daily review reminders."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext
from tqdm import tqdm

from core.extensions import db
from core.jobs import locked_job
from core.models import utcnow
from directory import csv_io, freshness
from directory.cli import batch_commits, finish_import

listings_cli = AppGroup("listings", help="Keep listings up to date: reminders and CSV export.")


@click.command("csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@with_appcontext
def import_csv_command(file: Path, dry_run: bool) -> None:
    """Import services from a CSV file, one service per row (all or nothing).

    Rows are matched to existing services by their id column, otherwise by organisation
    name, service name and postcode, so importing the same file again updates listings.
    """
    with file.open(encoding="utf-8-sig", newline="") as handle:
        try:
            rows = list(csv_io.read_rows(handle))
        except ValueError as error:
            raise click.ClickException(str(error)) from error
    with (
        file.open(encoding="utf-8-sig", newline="") as handle,
        tqdm(total=len(rows), unit=" rows", desc="Importing", file=sys.stderr, disable=None) as bar,
    ):
        report = csv_io.import_csv(
            handle,
            source_name=file.name,
            dry_run=dry_run,
            now=utcnow(),
            progress=bar.update,
            checkpoint=batch_commits(),
        )
    finish_import(report)


@listings_cli.command("export")
@click.argument("file", type=click.File("w", encoding="utf-8", lazy=True), default="-")
def export_command(file) -> None:  # noqa: ANN001 - click supplies a text stream
    """Write the whole directory as CSV in the import's columns (to FILE, or stdout)."""
    count = csv_io.export_csv(file)
    click.echo(f"Exported {count} service(s).", err=True)


@listings_cli.command("template")
@click.argument("file", type=click.File("w", encoding="utf-8"), default="-")
def template_command(file) -> None:  # noqa: ANN001 - click supplies a text stream
    """Write an empty import file with every column and one example row."""
    file.write(csv_io.template_csv())


@listings_cli.command("remind")
@locked_job("listings-remind")
def remind_command() -> None:
    """Email organisations whose listings are due for review, and end pauses (run daily)."""
    report = freshness.remind(utcnow())
    db.session.commit()
    for name in report.no_address:
        click.echo(
            f"Nobody to email about {name}: add an organisation email or a member.", err=True
        )
    click.echo(report.summary())
