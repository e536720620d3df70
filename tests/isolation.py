"""Per-test isolation: apps built once per configuration, and each test's writes undone cheaply.

Building an app compiles every URL rule (about 0.5 s), so an app is built once per distinct
`app_config` and reused by every test with that configuration (`AppCache`). Each test then
starts from a known database in one of two ways:

- Rolled back (the default, `rolled_back`): the test runs on ONE connection inside a transaction
  that is rolled back at the end. That connection stands in for the app's engine in
  Flask-SQLAlchemy's engine map, so `db.session` (joined with `create_savepoint`: each
  `commit()` releases a savepoint and each `rollback()` returns to one), `db.engine` and a
  `Session(db.engine)` opened by search sync all see the same uncommitted data. Anything that
  would use another connection (a thread, a live server, a new pooled connection) could not see
  it, so the `Guard` fails the test and names the fix.
- Committed (`@pytest.mark.committed`, implied by `@pytest.mark.browser`): the app's real engine,
  real commits seen by other connections, threads and processes; every table is emptied after
  the test with DELETE (TRUNCATE costs about 2 s a test on PostgreSQL).

Starting data that many consecutive tests share (the permission matrix's World, the demo
borough) is built once inside the rolled-back transaction (`SharedStarts`); each of those tests
runs in a savepoint rolled back to it, and gets the instance folder back as it was built.

After every test the instance folder (the Whoosh index lives there) is emptied, the search
engine's reader closed, searches logged but not yet written dropped, the app's configuration is
put back as it was built, and an app whose extensions a test replaced is dropped from the cache,
so none of these leak into the next test.
"""

from __future__ import annotations

import copy
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest
from flask import Flask
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection, Engine

from core.extensions import db

COMMITTED = "committed"
# Tests with these markers need real commits: another thread or process reads the database.
COMMITTED_MARKERS = (COMMITTED, "browser")
MARK_HINT = (
    "this test runs inside a transaction that is rolled back, so other connections cannot see "
    "its data; mark it @pytest.mark.committed (see tests/isolation.py)"
)

# Every session joins the connection it is given with a savepoint of its own, so a commit()
# inside a rolled-back test releases a savepoint and never ends the outer transaction. With an
# engine (committed tests, normal use) the setting has no effect.
db.session.session_factory.configure(join_transaction_mode="create_savepoint")


def needs_commits(node: pytest.Item) -> bool:
    return any(node.get_closest_marker(name) is not None for name in COMMITTED_MARKERS)


class NeedsCommits(RuntimeError):
    """Code in a rolled-back test tried to reach the database outside the test's connection."""


@dataclass
class Scope:
    """One rolled-back block: the test (or shared start) and what went wrong in it."""

    problems: list[str] = field(default_factory=list)

    def check(self) -> None:
        if self.problems:
            pytest.fail(f"{self.problems[0]}: {MARK_HINT}", pytrace=False)


class Guard:
    """Record (and raise) any database use a rolled-back test cannot isolate."""

    def __init__(self, engine: Engine, connection: Connection) -> None:
        self.engine = engine
        self.thread = threading.get_ident()
        self.scopes: list[Scope] = []
        event.listen(engine, "checkout", self._checkout)
        event.listen(connection, "before_cursor_execute", self._execute)

    def complain(self, problem: str) -> NoReturn:
        if self.scopes:
            self.scopes[-1].problems.append(problem)
        raise NeedsCommits(f"{problem}: {MARK_HINT}")

    def _checkout(self, *_args: Any) -> None:
        self.complain("a second database connection was opened from the app's engine")

    def _execute(self, *_args: Any) -> None:
        if threading.get_ident() != self.thread:
            self.complain(
                f"thread {threading.current_thread().name!r} used the test's database connection"
            )

    def close(self) -> None:
        event.remove(self.engine, "checkout", self._checkout)
        # The connection's listener goes with the connection.


class RolledBackConnection(Connection):
    """The single connection of a rolled-back test, standing in for the app's engine."""

    guard: Guard

    def connect(self) -> NoReturn:  # type: ignore[override]
        self.guard.complain("db.engine.connect() would open a second connection")

    def dispose(self, close: bool = True) -> NoReturn:
        self.guard.complain("db.engine.dispose() would close every connection")


def _engines(app: Flask) -> dict[str | None, Any]:
    with app.app_context():
        engines = db.engines
    assert isinstance(engines, dict)  # Flask-SQLAlchemy's own per-app map
    return engines


@contextmanager
def rolled_back(app: Flask) -> Iterator[Scope]:
    """Run the block in a transaction (or, inside another, a savepoint) rolled back at the end."""
    engines = _engines(app)
    current = engines[None]
    scope = Scope()
    if isinstance(current, RolledBackConnection):
        savepoint = current.begin_nested()
        current.guard.scopes.append(scope)
        try:
            yield scope
        finally:
            current.guard.scopes.pop()
            if savepoint.is_active:
                savepoint.rollback()
        return
    engine = current
    connection = RolledBackConnection(engine)
    outer = connection.begin()
    dbapi = connection.connection.dbapi_connection
    if engine.dialect.name == "sqlite" and not dbapi.in_transaction:  # type: ignore[union-attr]
        # Python 3.11's sqlite3 emits BEGIN only before DML; a SAVEPOINT before it would start
        # (and its RELEASE commit) a transaction of its own, outside the one rolled back here.
        connection.exec_driver_sql("BEGIN")
    connection.guard = Guard(engine, connection)
    connection.guard.scopes.append(scope)
    engines[None] = connection
    try:
        yield scope
    finally:
        engines[None] = engine
        connection.guard.close()
        outer.rollback()
        connection.close()


def empty_all_tables(app: Flask) -> None:
    """Delete every row, children first (DELETE: TRUNCATE is far slower on small tables)."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


# The instance folder -----------------------------------------------------------------------


def _close_search(app: Flask) -> None:
    search = app.extensions.get("search")
    if search is not None:
        search.close()


def _forget_search_log(app: Flask) -> None:
    """Drop searches a test logged but did not write (they wait in memory for a batch)."""
    buffer = app.extensions.get("search_log")
    if buffer is not None:
        buffer.discard()


def _folders(app: Flask) -> list[Path]:
    """Folders a test may write to: the instance folder and the search index (if elsewhere)."""
    folders = [Path(app.instance_path)]
    search = app.extensions.get("search")
    if search is not None and not search.index.directory.is_relative_to(folders[0]):
        folders.append(search.index.directory)
    return folders


def _empty(folder: Path) -> None:
    if folder.is_dir():
        for child in folder.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def _listing(folders: list[Path]) -> dict[str, tuple[int, int]]:
    return {
        str(path): (stat.st_size, stat.st_mtime_ns)
        for folder in folders
        if folder.exists()
        for path in sorted(folder.rglob("*"))
        for stat in [path.stat()]
    }


@dataclass
class FolderSnapshot:
    """A copy of an app's instance folder, put back only when a test changed it."""

    app: Flask
    copy: Path
    listing: dict[str, tuple[int, int]]

    @classmethod
    def take(cls, app: Flask, copy_to: Path) -> FolderSnapshot:
        _close_search(app)
        shutil.rmtree(copy_to, ignore_errors=True)
        for number, folder in enumerate(_folders(app)):
            if folder.exists():
                shutil.copytree(folder, copy_to / str(number), symlinks=True)
        return cls(app, copy_to, _listing(_folders(app)))

    def restore(self) -> None:
        folders = _folders(self.app)
        if _listing(folders) == self.listing:
            return
        _close_search(self.app)
        for number, folder in enumerate(folders):
            _empty(folder)
            saved = self.copy / str(number)
            if saved.exists():
                shutil.copytree(saved, folder, symlinks=True, dirs_exist_ok=True)


@dataclass(frozen=True)
class Start:
    """The database a test starts from, and the search index that goes with it."""

    url: str
    index: Path | None = None  # copied into each app's index folder
    template: str | None = None  # committed tests write to a copy of this database of their own


# Apps --------------------------------------------------------------------------------------


@dataclass
class CachedApp:
    app: Flask
    config: dict[str, Any]
    setup: tuple[Any, ...]
    folders: FolderSnapshot


def _setup(app: Flask) -> tuple[Any, ...]:
    """What a test could change on the app that no test may leave changed: drop it if so."""
    return (
        {name: id(value) for name, value in app.extensions.items()},
        sorted(app.blueprints),
        sorted(app.view_functions),
        sorted(str(rule) for rule in app.url_map.iter_rules()),
    )


def _config_key(config: Mapping[str, Any]) -> str:
    return repr(sorted(config.items()))


class AppCache:
    """One app per distinct configuration for the whole test run."""

    def __init__(self, build: Callable[[Path, Mapping[str, Any]], Flask], tmp: Path) -> None:
        self.build = build
        self.tmp = tmp
        self.apps: dict[str, CachedApp] = {}
        self.built = 0

    def get(
        self, config: Mapping[str, Any], prepare: Callable[[Flask], None] | None = None
    ) -> Flask:
        """The app for `config`, built (and given its folders by `prepare`) on first use."""
        key = _config_key(config)
        cached = self.apps.get(key)
        if cached is None:
            self.built += 1
            app = self.build(self.tmp / f"instance-{self.built}", config)
            if prepare is not None:
                prepare(app)
            folders = FolderSnapshot.take(app, self.tmp / f"folders-{self.built}")
            cached = CachedApp(app, copy.deepcopy(dict(app.config)), _setup(app), folders)
            self.apps[key] = cached
        return cached.app

    def _find(self, app: Flask) -> tuple[str, CachedApp] | None:
        return next(((k, c) for k, c in self.apps.items() if c.app is app), None)

    def restore_folders(self, app: Flask) -> None:
        found = self._find(app)
        if found is not None:
            found[1].folders.restore()

    def release(self, app: Flask) -> bool:
        """After a test: put back the folders and configuration; False if the app was dropped.

        A test that replaced an extension or added a route gets the app dropped and built anew.
        """
        found = self._find(app)
        if found is None:
            return True
        key, cached = found
        _forget_search_log(app)
        cached.folders.restore()
        if dict(app.config) != cached.config:
            app.config.clear()
            app.config.update(copy.deepcopy(cached.config))
        if _setup(app) != cached.setup:
            del self.apps[key]
            dispose(app)
            return False
        return True

    def close(self) -> None:
        for cached in self.apps.values():
            dispose(cached.app)
        self.apps.clear()


def dispose(app: Flask) -> None:
    """Close the app's index reader and its database connections."""
    _close_search(app)
    with app.app_context():
        db.session.remove()
        engine = db.engine
        if isinstance(engine, Engine):
            engine.dispose()


# Shared starting data ----------------------------------------------------------------------


@dataclass
class SharedApp:
    """An app whose tests start from shared data: call use(name, build) once, first thing."""

    app: Flask
    use: Callable[[str, Callable[[Flask], Any]], Any]


@dataclass
class _Active:
    app: Flask
    name: str
    value: Any
    stack: ExitStack
    folders: FolderSnapshot


class SharedStarts:
    """Starting data several consecutive tests share, built once in a rolled-back transaction.

    `test_on(app)` gives a test `use(name, build)`: build(app) runs on first need (and again
    whenever another test came between), then the test runs in a savepoint rolled back to it.
    A test that asks for a plain `app` ends the shared start first, so it sees an empty database.
    """

    def __init__(self, apps: AppCache, tmp: Path) -> None:
        self.apps = apps
        self.tmp = tmp
        self.active: _Active | None = None

    def _use(self, app: Flask, name: str, build: Callable[[Flask], Any]) -> Any:
        active = self.active
        if active is not None and active.app is app and active.name == name:
            return active.value
        self.leave()
        stack = ExitStack()
        try:
            scope = stack.enter_context(rolled_back(app))
            value = build(app)
            scope.check()
            folders = FolderSnapshot.take(app, self.tmp / "folders")
        except BaseException:
            stack.close()
            self.apps.restore_folders(app)
            raise
        self.active = _Active(app, name, value, stack, folders)
        return value

    def leave(self) -> None:
        active, self.active = self.active, None
        if active is not None:
            active.stack.close()
            self.apps.restore_folders(active.app)

    @contextmanager
    def test_on(self, app: Flask) -> Iterator[SharedApp]:
        """Run one test on shared data, then undo whatever it changed."""
        stack = ExitStack()

        def use(name: str, build: Callable[[Flask], Any]) -> Any:
            value = self._use(app, name, build)
            assert self.active is not None
            stack.enter_context(_one_test(app, self.active.folders))
            return value

        try:
            yield SharedApp(app, use)
        finally:
            try:
                stack.close()
            finally:
                if not self.apps.release(app):
                    self.leave()


@contextmanager
def _one_test(app: Flask, folders: FolderSnapshot) -> Iterator[None]:
    try:
        with rolled_back(app) as scope:
            yield
    finally:
        folders.restore()
    scope.check()


def fresh_copy(value: Any) -> Any:
    """The same records loaded into the current session (dicts and lists followed)."""
    if isinstance(value, dict):
        return {key: fresh_copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(fresh_copy(item) for item in value)
    state = inspect(value, raiseerr=False)
    if state is not None and getattr(state, "identity", None) is not None:
        found = db.session.get(type(value), state.identity)
        assert found is not None, f"{value!r} vanished from the shared start"
        return found
    return value
