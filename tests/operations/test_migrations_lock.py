"""Item 9 of issue 14: two `signpost db upgrade` at once on a new database both succeed."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from urllib.parse import urlsplit

from tests.operations.conftest import SIGNPOST, clean_env, start_command


def test_two_upgrades_at_once_on_a_new_database_both_succeed(databases, tmp_path) -> None:
    url = databases.new("upgrade_race")
    env = clean_env(
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY="test-secret",
        INSTANCE_DIR=str(tmp_path / "instance"),
    )
    assert SIGNPOST.exists()
    runs = [start_command(env, "db", "upgrade") for _ in range(2)]
    results = [run.communicate(timeout=300) for run in runs]
    for run, (_out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
        assert "already exists" not in err
    # Both finished at head, and the schema was built once.
    check = start_command(env, "db", "current")
    out, err = check.communicate(timeout=120)
    assert check.returncode == 0, err
    assert "(head)" in out
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(urlsplit(url).path[1:])) as conn:
            assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
