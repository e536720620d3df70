"""Shared fixtures: a fresh database per test on SQLite or PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import text

from core.app import create_app
from core.extensions import db
from search.services import rebuild_index as rebuild_search_index
from seeds.loader import load_demo

pytest_plugins = ["tests.factories", "tests.browser"]


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql")) else None


class _Databases:
    """Create throwaway databases for this test run and drop them at the end."""

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        self.tmp = tmp
        self.server_url = _postgres_url()
        self.created: list[str] = []

    def new(self, label: str) -> str:
        if self.server_url is None:
            return f"sqlite:///{self.tmp.mktemp('db') / f'signpost-{label}.db'}"
        plain = self.server_url.replace("postgresql+psycopg://", "postgresql://", 1)
        name = f"signpost_{label}_{os.getpid()}_{secrets.token_hex(3)}"
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        parts = urlsplit(plain)
        return urlunsplit(("postgresql+psycopg", parts.netloc, f"/{name}", "", ""))

    def drop_all(self) -> None:
        if self.server_url is None:
            return
        plain = self.server_url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(plain, autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Databases]:
    """Databases of this test run's own, so parallel runs never share tables."""
    made = _Databases(tmp_path_factory)
    yield made
    made.drop_all()


@pytest.fixture(scope="session")
def database_url(databases: _Databases) -> str:
    return databases.new("test")


@pytest.fixture(scope="session")
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


def make_app(database_url: str, instance: Path, **overrides: Any) -> Flask:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_DIR": str(instance),
        "WTF_CSRF_ENABLED": False,
        "GEOCODER_ONLINE": False,
        "MAP_TILE_URL": "",
        "SERVER_NAME": "localhost",
    }
    config.update(overrides)
    return create_app(config)


def migrate_database(database_url: str, instance: Path) -> None:
    """Build a schema through the real Alembic migrations."""
    app = make_app(database_url, instance)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_schema(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    migrate_database(database_url, tmp_path_factory.mktemp("instance"))
    return database_url


def _empty_all_tables(app: Flask) -> None:
    with app.app_context():
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                quoted = ", ".join(f'"{name}"' for name in tables)
                conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
            else:
                for name in tables:
                    conn.execute(text(f'DELETE FROM "{name}"'))  # noqa: S608 - our own table names
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Per-test configuration overrides; override this fixture (or update it) in a test module."""
    return {}


@pytest.fixture
def app(migrated_schema: str, tmp_path: Path, app_config: dict[str, Any]) -> Iterator[Flask]:
    """An app on an empty, migrated database; no app context is pushed."""
    application = make_app(migrated_schema, tmp_path / "instance", **app_config)
    yield application
    _empty_all_tables(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    """Push an app context for service-level tests (do not use with the test client)."""
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture(scope="session")
def demo_app(databases: _Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app on a database holding the whole demo borough, loaded once per run.

    Shared by every test that uses it: such tests must only read.
    """
    url = databases.new("demo")
    instance = tmp_path_factory.mktemp("demo-instance")
    migrate_database(url, instance)
    application = make_app(url, instance)
    with application.app_context():
        load_demo()
        db.session.commit()
        # Build the demo's search index once, from the committed data.
        rebuild_search_index()
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()
