"""`signpost backup` and `signpost restore`: the database and the secret key, consistently.

SQLite: an online copy through the sqlite3 backup API, consistent while the app keeps
running (WAL or not). PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore`.
Either way the instance folder's generated `secret_key` is copied too: without it, every
session, emailed link and invitation signed before the restore stops working. The search
index is not backed up: it is a replica, rebuilt with `signpost search reindex`.

A backup is a folder holding `signpost.db` (or `signpost.dump`), `secret_key` when the
installation uses the generated one, and `manifest.json`. It holds personal data and the
secret: keep it where only the operators can read it (the folder is made mode 0700).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL, make_url

from core.extensions import db

SQLITE_FILE = "signpost.db"
POSTGRES_FILE = "signpost.dump"
SECRET_FILE = "secret_key"  # noqa: S105 - the name of the file, not a secret
MANIFEST = "manifest.json"


class BackupError(click.ClickException):
    """A backup or restore that cannot be done, with the reason."""


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(url.database)


def _pg_command(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and an environment carrying it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str]) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} is not installed: install the PostgreSQL client tools")
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()[:500]}")


def backup(app: Flask, destination: Path) -> Path:
    """Write a backup folder under `destination` and return it."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = destination / f"signpost-backup-{stamp}"
    folder.mkdir(parents=True, mode=0o700)
    if url.get_backend_name() == "sqlite":
        target_path = folder / SQLITE_FILE
        with closing(sqlite3.connect(_sqlite_path(url))) as source:
            with closing(sqlite3.connect(target_path)) as target:
                source.backup(target)
        target_path.chmod(0o600)
    elif url.get_backend_name() == "postgresql":
        dsn, env = _pg_command(url)
        target_path = folder / POSTGRES_FILE
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target_path}", dsn], env)
    else:
        raise BackupError(f"no backup method for {url.get_backend_name()} databases")
    secret = Path(app.instance_path) / SECRET_FILE
    if secret.exists():
        shutil.copy2(secret, folder / SECRET_FILE)
        (folder / SECRET_FILE).chmod(0o600)
    manifest: dict[str, Any] = {
        "created_at": datetime.now(UTC).isoformat(),
        "database": url.get_backend_name(),
        "file": target_path.name,
        "secret_key": secret.exists(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return folder


def restore(app: Flask, folder: Path) -> dict[str, Any]:
    """Put the database (and the secret key file) back as the backup in `folder` holds them."""
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{folder} is not a Signpost backup (no {MANIFEST})")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if manifest["database"] != url.get_backend_name():
        raise BackupError(
            f"the backup is of a {manifest['database']} database; this installation uses "
            f"{url.get_backend_name()}"
        )
    db.engine.dispose()  # no pooled connection may keep the old database open
    if manifest["database"] == "sqlite":
        with closing(sqlite3.connect(folder / SQLITE_FILE)) as source:
            with closing(sqlite3.connect(_sqlite_path(url))) as target:
                source.backup(target)
    else:
        dsn, env = _pg_command(url)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={dsn}",
                str(folder / POSTGRES_FILE),
            ],
            env,
        )
    if manifest.get("secret_key"):
        secret = Path(app.instance_path) / SECRET_FILE
        secret.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / SECRET_FILE, secret)
        secret.chmod(0o600)
    return manifest


@click.command("backup")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path), required=False)
@with_appcontext
def backup_command(destination: Path | None) -> None:
    """Back up the database and the secret key into a new folder under DESTINATION.

    DESTINATION defaults to <INSTANCE_DIR>/backups. Safe while the app runs.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    folder = backup(app, destination or Path(app.instance_path) / "backups")
    click.echo(f"Backed up to {folder}")
    click.echo("It holds personal data and the secret key: keep it private.")


@click.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Confirm: the current database is replaced.")
@with_appcontext
def restore_command(folder: Path, yes: bool) -> None:
    """Replace the database (and secret key file) with the backup in FOLDER. Stop the app first."""
    if not yes:
        raise click.ClickException(
            "This replaces the current database with the backup. Stop the app, then add --yes."
        )
    manifest = restore(current_app._get_current_object(), folder)  # type: ignore[attr-defined]
    click.echo(f"Restored the backup made {manifest['created_at']}.")
    click.echo("Now run `signpost db upgrade` and `signpost search reindex`, then start the app.")


def register_backup_commands(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
