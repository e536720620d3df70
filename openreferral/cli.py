"""`signpost import openreferral SOURCE [--dry-run]`: import another directory's ORUK 3.0 feed."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from tqdm import tqdm

from core.extensions import db
from directory.cli import finish_import
from directory.importing import run_import
from openreferral.feed import FeedError, fetch_json, is_url, read_source
from openreferral.mapper import OpenReferralImporter, ServiceIn


def import_feed(source: str, dry_run: bool, fetch=fetch_json):  # noqa: ANN001, ANN201
    """Read, validate and import a feed; flush only (the command commits)."""
    label = source if is_url(source) else Path(source).name
    importer = OpenReferralImporter(label)
    with tqdm(unit=" services", desc="Reading", file=sys.stderr, disable=None) as bar:

        def counted():  # noqa: ANN202 - a generator of SourceRecord
            for record in read_source(source, fetch, on_total=lambda n: setattr(bar, "total", n)):
                bar.update(1)
                yield record

        return run_import(
            label,
            counted(),
            ServiceIn(),
            importer.apply,
            identity=lambda record: record["id"],
            dry_run=dry_run,
        )


@click.command("openreferral")
@click.argument("source")
@click.option("--dry-run", is_flag=True, help="Check and report, but write nothing.")
@with_appcontext
def import_openreferral_command(source: str, dry_run: bool) -> None:
    """Import services from an Open Referral UK 3.0 feed (base URL) or a saved JSON file.

    Every page of a feed is read. Nothing is written unless every service is valid, and
    services imported before from the same source are updated, not duplicated.
    """
    try:
        report = import_feed(source, dry_run)
    except FeedError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    finish_import(report)
