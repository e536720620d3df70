"""Operational commands for the directory: the postcode gazetteer and listing imports."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import click
from flask import current_app
from flask.cli import AppGroup
from tqdm import tqdm

from core.extensions import db
from directory import geo, practices
from directory.importing import ImportReport

postcodes_cli = AppGroup("postcodes", help="Manage the postcode gazetteer.")
# Each import format (openreferral, csv) adds its own subcommand to this group.
import_cli = AppGroup("import", help="Import listings from other systems (all or nothing).")
practices_cli = AppGroup("practices", help="Manage the GP practice reference table.")


@postcodes_cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def import_postcodes_command(file) -> None:  # noqa: ANN001 - click supplies a text stream
    """Load an ONS Postcode Directory / NSPL CSV (columns pcds, lat, long, osward).

    The whole file is loaded in one transaction: if any line is malformed nothing is written.
    """
    batch = current_app.config["POSTCODE_IMPORT_BATCH"]
    with tqdm(unit=" postcodes", desc="Importing", file=sys.stderr, disable=None) as bar:
        try:
            report = geo.import_postcodes(file, batch, progress=bar.update)
        except geo.GeoError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
    if report.problems:
        db.session.rollback()
        for problem in report.problems[:50]:
            click.echo(problem, err=True)
        if len(report.problems) > 50:
            click.echo(f"... and {len(report.problems) - 50} more", err=True)
        raise click.ClickException(
            f"{len(report.problems)} line(s) have problems; nothing was imported. "
            "Fix them and run the import again."
        )
    db.session.commit()
    click.echo(
        f"Imported {report.loaded} postcodes; skipped {report.skipped_no_coordinates} "
        "with no coordinates."
    )


def finish_import(report: ImportReport, shown: int = 50) -> None:
    """Commit a written import, or list its problems and fail; print the summary either way."""
    if report.written:
        db.session.commit()
    for notice in report.notices:
        click.echo(f"Warning: {notice}", err=True)
    for warning in report.warnings[:shown]:
        click.echo(f"Warning: {warning}", err=True)
    if len(report.warnings) > shown:
        click.echo(f"... and {len(report.warnings) - shown} more warnings", err=True)
    for problem in report.problems[:shown]:
        click.echo(str(problem), err=True)
    if len(report.problems) > shown:
        click.echo(f"... and {len(report.problems) - shown} more", err=True)
    if report.problems:
        raise click.ClickException(report.summary())
    click.echo(report.summary())


# How long a batch commit lets other writers (sign-ins, edits) take the write lock: SQLite's
# busy handler retries at most every 100 ms, so the import steps aside a little longer.
YIELD_SECONDS = 0.12


def batch_commits() -> Callable[[], None] | None:
    """On SQLite, a checkpoint that commits and steps aside; None (all or nothing) otherwise."""
    if db.engine.dialect.name != "sqlite":
        return None

    def commit_and_yield() -> None:
        db.session.commit()
        time.sleep(YIELD_SECONDS)

    return commit_and_yield


@practices_cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option(
    "--pcn",
    "pcn_file",
    type=click.File("r", encoding="utf-8-sig"),
    help="Practice-to-PCN links: ePCN 'PCN Core Partner Details' as CSV, or "
    "practice_code,pcn_code,pcn_name.",
)
@click.option("--dry-run", is_flag=True, help="Check the files and report; write nothing.")
def import_practices_command(file, pcn_file, dry_run: bool) -> None:  # noqa: ANN001
    """Load GP practices from NHS Digital's epraccur.csv (no header), all or nothing."""
    report = practices.import_practices(
        file,
        file.name,
        pcn_file,
        pcn_file.name if pcn_file else "the PCN file",
        dry_run=dry_run,
    )
    finish_import(report)
