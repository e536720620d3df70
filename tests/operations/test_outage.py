"""Item 6 of issue 14: when the database cannot be reached, or stays locked past the busy
timeout, every page answers 503 with Retry-After and the friendly page; the API answers JSON."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from urllib.parse import urlsplit

import pytest

from core.errors import RETRY_AFTER_SECONDS
from tests.conftest import make_app

UNREACHABLE = {
    "postgresql": "postgresql+psycopg://127.0.0.1:9/nowhere?connect_timeout=2",
    "sqlite": "sqlite:////nonexistent-folder/for/signpost.db",
}


@pytest.mark.parametrize("kind", sorted(UNREACHABLE))
def test_an_unreachable_database_answers_503_with_retry_after(kind, tmp_path) -> None:
    app = make_app(UNREACHABLE[kind], tmp_path / "instance")
    client = app.test_client()
    for path in ("/", "/search?q=lunch+club"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        page = response.get_data(as_text=True)
        assert "Sorry, the service is unavailable" in page
        assert "Try again in a minute" in page
        assert "Traceback" not in page and "nowhere" not in page
    response = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 503
    api = client.get("/openreferral/services")
    assert api.status_code == 503 and api.is_json
    assert api.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert api.get_json()["status"] == 503


@pytest.fixture
def app_config() -> dict[str, int]:
    return {"SQLITE_BUSY_TIMEOUT_MS": 300}


@pytest.mark.committed  # another connection holds the write lock
def test_a_database_locked_past_the_busy_timeout_answers_503(app, is_postgres) -> None:
    if is_postgres:
        pytest.skip("SQLite only: PostgreSQL writers lock rows, not the database")
    path = urlsplit(app.config["SQLALCHEMY_DATABASE_URI"]).path[1:]
    client = app.test_client()
    assert client.get("/login").status_code == 200  # reads go on during a write (WAL)
    with closing(sqlite3.connect(path, timeout=0)) as other:
        other.execute("BEGIN IMMEDIATE")  # a long write elsewhere, say an import
        assert client.get("/login").status_code == 200
        response = client.post("/login", data={"email": "a@example.org", "password": "wrong"})
        other.rollback()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    # Once the writer is done, the same request is answered normally.
    again = client.post("/login", data={"email": "a@example.org", "password": "wrong"})
    assert again.status_code in (200, 400)


def test_sqlite_runs_in_wal_mode_with_the_busy_timeout(app, is_postgres) -> None:
    if is_postgres:
        pytest.skip("SQLite only")
    path = urlsplit(app.config["SQLALCHEMY_DATABASE_URI"]).path[1:]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
