"""`signpost search ...`: rebuild the index and list searches that found nothing."""

from __future__ import annotations

import time
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select
from tqdm import tqdm

from core.extensions import db
from core.jobs import locked_job
from core.models import utcnow
from directory.services import listed_services_query
from search import services
from search.replica import RebuildRunning, prune_changes

search_cli = AppGroup("search", help="Build and inspect the search index.")


@search_cli.command("reindex")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def reindex(quiet: bool) -> None:
    """Rebuild the search index from the database (searches keep working meanwhile).

    The new index is built aside, then the changes committed meanwhile are replayed into it and
    it replaces the old one at once.
    """
    total = db.session.scalar(select(func.count()).select_from(listed_services_query().subquery()))
    started = time.perf_counter()
    with tqdm(total=total, unit="service", disable=quiet, desc="Indexing") as bar:
        try:
            written = services.rebuild_index(progress=bar.update)
        except RebuildRunning:
            click.echo(
                f"Another reindex of {services.engine().index.directory} is running; nothing done."
            )
            return
    click.echo(
        f"Indexed {written} services in {time.perf_counter() - started:.1f} s "
        f"({services.engine().index.directory})."
    )


@search_cli.command("prune")
@locked_job("search-prune")
def prune() -> None:
    """Delete search change records older than SEARCH_CHANGE_KEEP_DAYS (daily, from cron).

    An index folder further behind than that is rebuilt by its next search.
    """
    removed = prune_changes(current_app.config["SEARCH_CHANGE_KEEP_DAYS"], utcnow())
    db.session.commit()
    click.echo(f"Removed {removed} search change record(s).")


@search_cli.command("zero-results")
@click.option("--days", default=30, show_default=True, help="How far back to look.")
@click.option("--limit", default=200, show_default=True)
def zero_results(days: int, limit: int) -> None:
    """List recent searches that found nothing (words, outward code, filters)."""
    since = utcnow() - timedelta(days=days)
    rows = services.zero_result_searches(since, limit)
    if not rows:
        click.echo(f"No searches found nothing in the last {days} days.")
        return
    for row in rows:
        where = row.outward_code or row.filters.get("near") or "-"
        filters = {k: v for k, v in row.filters.items() if k != "near"}
        click.echo(f"{row.at:%Y-%m-%d %H:%M}\t{row.query_text or '-'}\t{where}\t{filters or ''}")
