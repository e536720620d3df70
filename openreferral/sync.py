"""Keep listings in step with other directories' feeds: the source registry and one sync run.

A sync reads a whole feed (every page), imports it all or nothing, retires this source's
services that are no longer in it (only when the feed was read whole), and records the run on
the source: when, how many added, updated, retired and warned, and the first problems. The
functions here only flush; the command commits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from core.errors import DomainError
from core.extensions import db
from core.models import utcnow
from directory.duplicates import find_duplicates
from directory.importing import ImportReport, run_import
from directory.models import ListingSource
from openreferral.feed import FeedError, Fetch, Reading, fetch_json, is_url, read_source
from openreferral.mapper import OpenReferralImporter, ServiceIn

KEPT_LINES = 100  # problems and warnings stored with a run; the command prints them all


class SourceError(DomainError):
    """A source cannot be added as asked (a name or location already used, nothing there)."""


def all_sources() -> list[ListingSource]:
    return list(db.session.scalars(select(ListingSource).order_by(ListingSource.name)))


def find_source(name: str) -> ListingSource:
    found = db.session.scalars(select(ListingSource).where(ListingSource.name == name)).first()
    if found is None:
        raise SourceError(
            f"There is no source called {name!r}; `signpost sources list` names them."
        )
    return found


def add_source(name: str, location: str) -> ListingSource:
    """Register another directory's feed (its base URL) or a saved file; flushes."""
    name, location = name.strip(), location.strip()
    if not name or len(name) > 200:
        raise SourceError("Give the source a name of 1 to 200 characters.")
    if not is_url(location) and not Path(location).is_file():
        raise SourceError(f"{location} is neither an http(s) URL nor a file.")
    if is_url(location):
        location = location.rstrip("/")
    for column, value in ((ListingSource.name, name), (ListingSource.location, location)):
        taken = db.session.scalars(select(ListingSource).where(column == value)).first()
        if taken is not None:
            raise SourceError(f"The source {taken.name!r} already has that {column.key}.")
    source = ListingSource(name=name, location=location)
    db.session.add(source)
    db.session.flush()
    return source


def source_for(location: str) -> ListingSource:
    """The registered source reading `location`, registered under its own name if new."""
    key = location.rstrip("/") if is_url(location) else location
    found = db.session.scalars(select(ListingSource).where(ListingSource.location == key)).first()
    if found is not None:
        return found
    label = location if is_url(location) else Path(location).name
    name, number = label[:200], 2
    while db.session.scalars(select(ListingSource.id).where(ListingSource.name == name)).first():
        name, number = f"{label[:190]} ({number})", number + 1
    found = ListingSource(name=name, location=key)
    db.session.add(found)
    db.session.flush()
    return found


def record_label(source: ListingSource) -> str:
    """The `source` written on imported rows: the feed's URL, or the file's name."""
    return source.location if is_url(source.location) else Path(source.location).name


def sync(
    source: ListingSource,
    *,
    dry_run: bool = False,
    fetch: Fetch = fetch_json,
    progress: Callable[[Any], Any] | None = None,
) -> ImportReport:
    """Import a source's feed, retire what left it, and record the run; flushes only.

    The import itself is all or nothing (run_import rolls back on any problem); the run is
    recorded afterwards, so a failed sync still shows on the source registry.
    """
    label = record_label(source)
    source_id = source.id
    reading = Reading()
    importer = OpenReferralImporter(label, source)
    max_pages = current_app.config["OPENREFERRAL_MAX_PAGES"]

    def finish(report: ImportReport) -> None:
        if reading.complete:
            report.retired = importer.retire_missing()
        found = find_duplicates(source_id)
        if found:
            report.notices.append(
                f"{len(found)} service(s) look like listings another source already has: "
                "each is shown once, and offered for merging on the sources page."
            )

    try:
        report = run_import(
            label,
            read_source(source.location, fetch, progress, reading, max_pages),
            ServiceIn(),
            importer.apply,
            identity=lambda record: record["id"],
            keep_last_duplicate=True,
            prepare=importer.prepare,
            finish=finish,
            apply_batch=importer.apply_batch,
            dry_run=dry_run,
        )
    except FeedError as error:
        db.session.rollback()
        _record_run(source_id, None, [str(error)], reading, dry_run)
        raise
    report.notices.extend(reading.warnings)
    _record_run(source_id, report, [str(p) for p in report.problems], reading, dry_run)
    return report


def _record_run(
    source_id: int,
    report: ImportReport | None,
    errors: list[str],
    reading: Reading,
    dry_run: bool,
) -> None:
    source = db.session.get(ListingSource, source_id)
    if source is None:
        return
    source.last_run_at = utcnow()
    source.last_status = "dry run" if dry_run else ("failed" if errors else "ok")
    source.last_total = report.total if report else 0
    source.last_added = report.created if report and report.written else 0
    source.last_updated = report.updated if report and report.written else 0
    source.last_retired = report.retired if report and report.written else 0
    source.last_warned = report.warned if report else 0
    source.last_errors = errors[:KEPT_LINES]
    warnings = list(reading.warnings) + ([str(w) for w in report.warnings] if report else [])
    source.last_warnings = warnings[:KEPT_LINES]
    db.session.flush()
