"""Scheduled jobs that are safe to overlap: one lock per job, and `signpost cron` to run them all.

A job's lock is a PostgreSQL advisory lock (`pg_try_advisory_lock`) held on a connection of
its own, or on SQLite an exclusive `flock` on a file beside the database file (the operating
system drops both if the process dies, so a killed run never leaves a stale lock). A second
copy of a job finds the lock taken, says another run is active and exits 0. Migrations take
the same kind of lock, waiting for it instead of giving up.
"""

from __future__ import annotations

import fcntl
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import update_wrapper
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine

from core.database import is_conflict
from core.extensions import db

# Keys of PostgreSQL advisory locks are 64-bit numbers; this one marks Signpost's.
_LOCK_NAMESPACE = 0x5165_0000_0000


def lock_key(name: str) -> int:
    """A stable advisory-lock key for a job name."""
    return _LOCK_NAMESPACE + zlib.crc32(name.encode())


def sqlite_lock_path(engine: Engine, name: str) -> Path:
    """The lock file for `name`: beside the database file, or in the instance folder."""
    database = engine.url.database
    if database and database != ":memory:":
        return Path(database).with_name(f"{Path(database).name}.{name}.lock")
    return Path(current_app.instance_path) / f"{name}.lock"


@contextmanager
def exclusive(bind: Engine | Connection, name: str, *, wait: bool) -> Iterator[bool]:
    """Hold the lock `name` for the block; yield False if it is taken and `wait` is off.

    `bind` is the app's engine, or a connection standing in for it (the test suite's
    rolled-back tests), on which the PostgreSQL lock is then taken.
    """
    engine = bind.engine if isinstance(bind, Connection) else bind
    if engine.dialect.name == "postgresql":
        if isinstance(bind, Connection):
            yield from _advisory(bind, lock_key(name), wait)
            return
        # A connection of its own, in autocommit: the lock lives as long as the job, and
        # holds no transaction open meanwhile.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            yield from _advisory(connection, lock_key(name), wait)
        return
    with file_lock(sqlite_lock_path(engine, name), wait=wait) as taken:
        yield taken


@contextmanager
def file_lock(path: Path, *, wait: bool) -> Iterator[bool]:
    """Hold an exclusive `flock` on `path` for the block; yield False if busy and not waiting.

    flock locks belong to an open file, so two threads of one process exclude each other as
    two processes do, and the operating system drops the lock of a process that dies.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _advisory(connection: Connection, key: int, wait: bool) -> Iterator[bool]:
    if wait:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        taken = True
    else:
        found = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
        taken = bool(found.scalar())
    try:
        yield taken
    finally:
        if taken:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})


def job_lock_name(name: str) -> str:
    """The lock a job holds while it runs (others may wait for it with `exclusive`)."""
    return f"job-{name}"


def locked_job(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make a command run under the job lock `name`; a second copy exits 0 at once.

    The work is retried (up to CONFLICT_RETRIES times, from a fresh transaction) when it
    collides with a web request changing the same record, so the job never crashes on it.
    """

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @with_appcontext
        def run(*args: Any, **kwargs: Any) -> Any:
            with exclusive(db.engine, job_lock_name(name), wait=False) as taken:
                if not taken:
                    click.echo(f"Another run of {name} is active; nothing to do.")
                    return None
                return retry_on_conflict(lambda: command(*args, **kwargs))

        return update_wrapper(run, command)

    return decorate


CONFLICT_RETRIES = 3


def retry_on_conflict(work: Callable[[], Any]) -> Any:
    """Run `work` (which commits); start again after a conflict with another writer."""
    for attempt in range(1, CONFLICT_RETRIES + 1):
        try:
            return work()
        except Exception as error:
            if not (is_conflict(error) or is_conflict(error.__cause__ or error)):
                raise
            db.session.rollback()
            if attempt == CONFLICT_RETRIES:
                raise click.ClickException(
                    "Gave up after repeated conflicts with other writers; run it again."
                ) from error
            click.echo("Another writer changed a record at the same moment; starting again.")
    return None


# The daily jobs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyJob:
    name: str  # what `signpost cron` prints, e.g. "referrals remind"
    command: click.Command
    order: int


def add_daily_job(app: Flask, name: str, command: click.Command, order: int) -> None:
    """Have `signpost cron` run `command` every day, in `order` (lowest first)."""
    jobs: list[DailyJob] = app.extensions.setdefault("signpost_daily_jobs", [])
    jobs.append(DailyJob(name, command, order))


def daily_jobs(app: Flask) -> list[DailyJob]:
    return sorted(app.extensions.get("signpost_daily_jobs", []), key=lambda job: job.order)


@click.command("cron")
@with_appcontext
def cron_command() -> None:
    """Run every daily job in order (put this one line in the crontab).

    A job that fails is reported and the others still run; the command then exits 1.
    """
    failed = []
    for job in daily_jobs(current_app):
        click.echo(f"== {job.name}")
        context = click.get_current_context()
        try:
            context.invoke(job.command)
        except (click.ClickException, click.exceptions.Exit, Exception) as error:  # noqa: BLE001
            db.session.rollback()
            click.echo(f"Error in {job.name}: {error}", err=True)
            failed.append(job.name)
    if failed:
        raise click.ClickException(f"{len(failed)} job(s) failed: {', '.join(failed)}")


def register_jobs(app: Flask) -> None:
    app.cli.add_command(cron_command)
