"""Shared fixtures: an app on a known database per test, on SQLite or PostgreSQL (DATABASE_URL).

Apps are built once per configuration and each test's writes are rolled back (or, for tests
marked `committed`, deleted) afterwards: see tests/isolation.py. A test starts from an empty
migrated database unless its module overrides `starting_database` (the front doors start from
the demo borough).
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade

from core.app import create_app
from core.extensions import db
from search import index_directory
from search.services import rebuild_index as rebuild_search_index
from seeds.loader import load_demo
from tests.isolation import (
    AppCache,
    SharedApp,
    SharedStarts,
    Start,
    dispose,
    empty_all_tables,
    needs_commits,
    rolled_back,
)

pytest_plugins = ["tests.factories", "tests.browser"]

# No search follower thread in apps the tests build, nor in the app servers they start (which
# inherit this): each search applies changes itself, and a thread polling a database a test is
# about to drop would outlive it. The follower's own test turns it on for its app.
os.environ["SIGNPOST_SEARCH_FOLLOW_SECONDS"] = "0"


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql")) else None


class _Databases:
    """Create throwaway databases for this test run and drop them at the end."""

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        self.tmp = tmp
        self.server_url = _postgres_url()
        self.created: list[str] = []

    def _server(self) -> str:
        assert self.server_url is not None
        return self.server_url.replace("postgresql+psycopg://", "postgresql://", 1)

    def new(self, label: str, template: str | None = None) -> str:
        """A new empty database, or a copy of the database at `template` (nobody connected)."""
        if self.server_url is None:
            path = self.tmp.mktemp("db") / f"signpost-{label}.db"
            if template is not None:
                # The backup API copies a consistent database, WAL file or not.
                with closing(sqlite3.connect(urlsplit(template).path[1:])) as source:
                    with closing(sqlite3.connect(path)) as target:
                        source.backup(target)
            return f"sqlite:///{path}"
        name = f"signpost_{label}_{os.getpid()}_{secrets.token_hex(3)}"
        copy = f' TEMPLATE "{urlsplit(template).path[1:]}"' if template is not None else ""
        with psycopg.connect(self._server(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        self.created.append(name)
        parts = urlsplit(self._server())
        return urlunsplit(("postgresql+psycopg", parts.netloc, f"/{name}", "", ""))

    def drop(self, url: str) -> None:
        """Drop a test's copy: a SQLite file at once, a PostgreSQL database with the rest at the
        end of the run (each DROP DATABASE waits for a checkpoint, about a second mid-run)."""
        if self.server_url is None:
            Path(urlsplit(url).path[1:]).unlink(missing_ok=True)

    def drop_all(self) -> None:
        if self.server_url is None:
            return
        with psycopg.connect(self._server(), autocommit=True) as conn:
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
        "BASE_URL": "http://localhost",
        # Each search applies changes itself; the follower thread is tested on its own.
        "SEARCH_FOLLOW_SECONDS": 0,
        # scrypt is slow on purpose; a sign-in verifies it. The default is tested on its own.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # SWEMWBS is off by default (it needs the area's permission); tests record it.
        "MEASURES_ENABLED": ["swemwbs"],
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


# Where a test starts -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoTemplate:
    url: str  # nobody stays connected, so PostgreSQL can copy it
    index: Path


@pytest.fixture(scope="session")
def demo_template(databases: _Databases, tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    """The whole demo borough and its search index, loaded once per run; tests get copies."""
    url = databases.new("demo_template")
    instance = tmp_path_factory.mktemp("demo-template")
    migrate_database(url, instance)
    application = make_app(url, instance)
    with application.app_context():
        load_demo()
        db.session.commit()
        rebuild_search_index()
        db.session.remove()
    dispose(application)
    return DemoTemplate(url, index_directory(application))


def copy_index(index: Path | None, app: Flask) -> None:
    """Give the app a copy of a search index built earlier (the demo's)."""
    if index is not None:
        shutil.copytree(index, index_directory(app), dirs_exist_ok=True)


@pytest.fixture(scope="session")
def empty_start(migrated_schema: str) -> Start:
    return Start(migrated_schema)


@pytest.fixture(scope="session")
def demo_start(databases: _Databases, demo_template: DemoTemplate) -> Start:
    """The demo borough, for tests that write to it (override `starting_database` with this)."""
    return Start(
        databases.new("demo", template=demo_template.url), demo_template.index, demo_template.url
    )


@pytest.fixture
def starting_database(empty_start: Start) -> Start:
    """What every test's database holds at the start; override it in a module or conftest."""
    return empty_start


# Apps --------------------------------------------------------------------------------------


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Per-test configuration overrides; override this fixture (or update it) in a test module."""
    return {}


@pytest.fixture(scope="session")
def app_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppCache]:
    """Apps built once per configuration and shared by every test that asks for it."""
    cache = AppCache(
        lambda instance, config: make_app(config["SQLALCHEMY_DATABASE_URI"], instance, **config),
        tmp_path_factory.mktemp("apps"),
    )
    yield cache
    cache.close()


@pytest.fixture(scope="session")
def shared_starts(
    app_cache: AppCache, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SharedStarts]:
    """Starting data (the permission matrix's World) shared by consecutive tests."""
    starts = SharedStarts(app_cache, tmp_path_factory.mktemp("shared"))
    yield starts
    starts.leave()


def _cached_app(cache: AppCache, start: Start, app_config: dict[str, Any]) -> Flask:
    config = {"SQLALCHEMY_DATABASE_URI": start.url, **app_config}
    return cache.get(config, prepare=lambda app: copy_index(start.index, app))


@contextmanager
def _isolated(
    request: pytest.FixtureRequest, application: Flask, empty_after: bool
) -> Iterator[Flask]:
    """Roll the test's writes back, or let it commit (a `committed` test) and empty the tables."""
    if needs_commits(request.node):
        try:
            yield application
        finally:
            if empty_after:
                empty_all_tables(application)
    else:
        with rolled_back(application) as scope:
            yield application
        scope.check()


@pytest.fixture
def app(
    request: pytest.FixtureRequest,
    app_cache: AppCache,
    shared_starts: SharedStarts,
    starting_database: Start,
    app_config: dict[str, Any],
    databases: _Databases,
    tmp_path: Path,
) -> Iterator[Flask]:
    """An app on a migrated database holding `starting_database`; no app context is pushed.

    The test's writes are rolled back at the end. A test marked `committed` (or `browser`)
    commits for real: it works on a copy of its own when it starts from more than an empty
    database, and has every table emptied afterwards otherwise. A test marked `own_app` (it
    changes the app itself, say by registering a blueprint) gets an app of its own.
    """
    shared_starts.leave()
    start = starting_database
    copy = needs_commits(request.node) and start.template is not None
    if copy or request.node.get_closest_marker("own_app") is not None:
        url = databases.new("copy", template=start.template) if copy else start.url
        application = make_app(url, tmp_path / "instance", **app_config)
        copy_index(start.index, application)
        try:
            with _isolated(request, application, empty_after=not copy):
                yield application
        finally:
            dispose(application)
            if copy:
                databases.drop(url)
        return
    application = _cached_app(app_cache, start, app_config)
    try:
        with _isolated(request, application, empty_after=True):
            yield application
    finally:
        app_cache.release(application)


@pytest.fixture
def shared_app(
    request: pytest.FixtureRequest,
    app_cache: AppCache,
    shared_starts: SharedStarts,
    empty_start: Start,
    app_config: dict[str, Any],
) -> Iterator[SharedApp]:
    """The app for tests that start from the same data made by a function-scoped fixture.

    `use(name, build)` returns what build(app) returned when it made the data `name` (once,
    while consecutive tests share it); the test then runs in a savepoint rolled back to it.
    """
    assert "app" not in request.fixturenames, "a test uses either `app` or `shared_app`"
    application = _cached_app(app_cache, empty_start, app_config)
    with shared_starts.test_on(application) as shared:
        yield shared


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
def demo_app(
    databases: _Databases, demo_template: DemoTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """An app on a database holding the whole demo borough, copied once per run.

    Shared by every test that uses it: such tests must only read.
    """
    application = make_app(
        databases.new("demo_read", template=demo_template.url),
        tmp_path_factory.mktemp("demo-instance"),
    )
    copy_index(demo_template.index, application)
    yield application
    dispose(application)
