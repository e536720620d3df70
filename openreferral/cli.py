"""Commands: `import openreferral SOURCE` once, and the `sources` registry kept in sync daily."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup, with_appcontext
from tqdm import tqdm

from core.extensions import db
from core.jobs import locked_job
from directory.cli import finish_import
from directory.importing import ImportReport
from openreferral import sync
from openreferral.feed import FeedError, fetch_json

sources_cli = AppGroup("sources", help="Other directories whose Open Referral feeds are synced.")


def import_feed(source: str, dry_run: bool, fetch=fetch_json) -> ImportReport:  # noqa: ANN001
    """Read, check and import a feed URL or file as a (registered) source.

    A source seen for the first time is registered (and committed) first, so the registry
    records the run even when the import itself is refused and rolled back.
    """
    found = sync.source_for(source)
    db.session.commit()
    return _sync(found, dry_run, fetch)


def _sync(source, dry_run: bool, fetch=fetch_json) -> ImportReport:  # noqa: ANN001
    with tqdm(unit=" services", desc=source.name[:30], file=sys.stderr, disable=None) as bar:

        def total(count: int) -> None:
            bar.total = count

        return sync.sync(source, dry_run=dry_run, fetch=_counted(fetch, bar), progress=total)


def _counted(fetch, bar):  # noqa: ANN001, ANN202 - count full records as they are read
    def counted(url: str):  # noqa: ANN202
        if "/services/" in url:
            bar.update(1)
        return fetch(url)

    return counted


@click.command("openreferral")
@click.argument("source")
@click.option("--dry-run", is_flag=True, help="Check and report, but write nothing.")
@with_appcontext
def import_openreferral_command(source: str, dry_run: bool) -> None:
    """Import services from an Open Referral UK 3.0 feed (base URL) or a saved JSON file.

    Every page of a feed is read. Nothing is written unless every service can be imported;
    what could only be stored approximately is listed as a warning. Services imported before
    from the same source are updated, not duplicated, and those no longer in it are retired.
    """
    try:
        report = import_feed(source, dry_run)
    except FeedError as error:
        db.session.commit()  # the failed run, on the source registry
        raise click.ClickException(str(error)) from error
    if not report.written:
        db.session.commit()  # only the run, on the source registry: the import rolled back
    finish_import(report)


@sources_cli.command("add")
@click.argument("name")
@click.argument("location")
@with_appcontext
def add_command(name: str, location: str) -> None:
    """Register a directory's Open Referral feed (base URL) or a saved file as NAME."""
    try:
        source = sync.add_source(name, location)
    except sync.SourceError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Added {source.name}: {source.location}. Run `signpost sources sync` to read it.")


@sources_cli.command("list")
@with_appcontext
def list_command() -> None:
    """List the sources, with how their last sync went."""
    found = sync.all_sources()
    if not found:
        click.echo("No sources yet. Add one with `signpost sources add NAME URL`.")
    for source in found:
        when = f"{source.last_run_at:%Y-%m-%d %H:%M}" if source.last_run_at else "never run"
        click.echo(
            f"{source.name}\t{source.location}\t{when}\t{source.last_status or '-'}\t"
            f"added {source.last_added}, updated {source.last_updated}, "
            f"retired {source.last_retired}, warned {source.last_warned}, "
            f"errors {len(source.last_errors or [])}"
        )


@sources_cli.command("sync")
@click.argument("name", required=False)
@click.option("--dry-run", is_flag=True, help="Check and report, but write nothing.")
@locked_job("sources-sync")
def sync_command(name: str | None, dry_run: bool) -> None:
    """Sync one source, or every source (daily from cron). Each source is its own transaction.

    Safe to run again at any time: a feed read twice changes nothing the second time. One
    source failing does not stop the others; the command then exits 1.
    """
    try:
        chosen = [sync.find_source(name)] if name else sync.all_sources()
    except sync.SourceError as error:
        raise click.ClickException(str(error)) from error
    failed = []
    for source_id, source_name in [(s.id, s.name) for s in chosen]:
        source = db.session.get(sync.ListingSource, source_id)
        click.echo(f"== {source_name}")
        try:
            report = _sync(source, dry_run)
        except FeedError as error:
            db.session.commit()
            click.echo(f"Error: {error}", err=True)
            failed.append(source_name)
            continue
        if not report.written:
            db.session.commit()
        try:
            finish_import(report)
        except click.ClickException as error:
            click.echo(f"Error: {error.message}", err=True)
            failed.append(source_name)
    if failed:
        raise click.ClickException(f"{len(failed)} source(s) failed: {', '.join(failed)}")
