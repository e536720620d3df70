"""Item 8 of issue 14: `signpost backup` copies the database (online) and the secret key file;
`signpost restore` puts both back."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from accounts.models import User
from core.extensions import db


@pytest.fixture
def app_config() -> dict[str, object]:
    return {}


def _backup_folder(output: str) -> Path:
    return Path(output.split("Backed up to ", 1)[1].splitlines()[0].strip())


@pytest.mark.committed  # the backup reads through connections (or a pg_dump) of its own
def test_backup_then_restore_brings_back_the_data_and_the_secret(
    app, runner, request, tmp_path, is_postgres
) -> None:
    if is_postgres and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    secret = Path(app.instance_path) / "secret_key"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text("the-installation-secret")
    with app.app_context():
        world = request.getfixturevalue("world")
        db.session.commit()
        coordinator_id = world.coordinator.id
        users = sorted(db.session.scalars(select(User.email)))

    made = runner.invoke(args=["backup", str(tmp_path / "backups")])
    assert made.exit_code == 0, made.output
    folder = _backup_folder(made.output)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert (folder / "secret_key").read_text() == "the-installation-secret"
    assert stat.S_IMODE((folder / "secret_key").stat().st_mode) == 0o600

    # Things go wrong: a person is deleted and the secret file lost.
    with app.app_context():
        db.session.get(User, coordinator_id).name = "Changed after the backup"
        db.session.commit()
    secret.unlink()

    refused = runner.invoke(args=["restore", str(folder)])
    assert refused.exit_code == 1 and "--yes" in refused.output
    restored = runner.invoke(args=["restore", str(folder), "--yes"])
    assert restored.exit_code == 0, restored.output
    with app.app_context():
        assert sorted(db.session.scalars(select(User.email))) == users
        assert db.session.get(User, coordinator_id).name == "Cara Coordinator"
    assert secret.read_text() == "the-installation-secret"


@pytest.mark.committed
def test_sqlite_backup_is_consistent_while_a_write_is_under_way(
    app, runner, request, tmp_path, is_postgres
) -> None:
    if is_postgres:
        pytest.skip("SQLite only")
    with app.app_context():
        request.getfixturevalue("world")
        db.session.commit()
        before = db.session.scalar(select(db.func.count()).select_from(User))
    path = urlsplit(app.config["SQLALCHEMY_DATABASE_URI"]).path[1:]
    with closing(sqlite3.connect(path)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM user")  # not committed when the backup is taken
        made = runner.invoke(args=["backup", str(tmp_path / "backups")])
        writer.rollback()
    assert made.exit_code == 0, made.output
    copy = _backup_folder(made.output) / "signpost.db"
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM user").fetchone()[0] == before > 0
