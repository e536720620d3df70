"""The test suite's own isolation (tests/isolation.py) keeps tests apart on both databases.

These tests drive the machinery directly on a real, committed database, so they can look at it
from a second connection as another process would.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.extensions import db
from directory.models import Organisation, OrganisationKind
from search import services as search_services
from tests.isolation import AppCache, NeedsCommits, SharedStarts, rolled_back

pytestmark = pytest.mark.committed


def org(**fields: Any) -> Organisation:
    return Organisation(kind=OrganisationKind.VOLUNTARY, **fields)


def organisations(app: Flask) -> list[str]:
    """Names of the organisations committed to the database, as another process would see."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with Session(engine) as session:
            return sorted(session.scalars(select(Organisation.name)))
    finally:
        engine.dispose()


def test_commits_in_a_rolled_back_test_are_seen_by_the_app_then_undone(app: Flask) -> None:
    with rolled_back(app) as scope:
        with app.app_context():
            db.session.add(org(name="Kept until the end"))
            db.session.commit()
            db.session.add(org(name="Rolled back at once"))
            db.session.flush()
            db.session.rollback()
        # Another app context (a request) sees the committed row but not the rolled-back one.
        with app.app_context():
            assert sorted(db.session.scalars(select(Organisation.name))) == ["Kept until the end"]
            # So does a session on the engine, as search sync opens after a commit.
            with Session(db.engine) as session:
                assert session.scalar(select(func.count()).select_from(Organisation)) == 1
        assert app.test_client().get("/").status_code == 200
        # Nothing reached the database for other connections.
        assert organisations(app) == []
    scope.check()
    assert organisations(app) == []


def test_a_failed_flush_in_a_rolled_back_test_leaves_earlier_commits(app: Flask) -> None:
    with rolled_back(app) as scope, app.app_context():
        first = org(name="First")
        db.session.add(first)
        db.session.commit()
        first_id = first.id
        db.session.expunge_all()
        db.session.add(org(id=first_id, name="Same id"))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        assert db.session.scalars(select(Organisation.name)).all() == ["First"]
    scope.check()
    assert organisations(app) == []


def test_search_sync_sees_a_rolled_back_tests_commits(app: Flask, make_service: Any) -> None:
    with rolled_back(app) as scope:
        with app.app_context():
            search_services.rebuild_index()  # an empty index, which the commit then changes
            make_service(name="Knit and natter", lat=53.58, lon=-2.43)
            db.session.commit()
        with app.app_context():
            assert search_services.engine().count() == 1
    scope.check()


def test_a_second_connection_fails_the_test_and_says_why(app: Flask) -> None:
    with rolled_back(app) as scope, app.app_context():
        with pytest.raises(NeedsCommits, match="mark it @pytest.mark.committed"):
            db.engine.connect()
        with pytest.raises(NeedsCommits, match="second database connection"):
            db.engine.engine.connect()
    assert scope.problems == [
        "db.engine.connect() would open a second connection",
        "a second database connection was opened from the app's engine",
    ]
    with pytest.raises(pytest.fail.Exception, match="mark it @pytest.mark.committed"):
        scope.check()


def test_another_thread_on_the_tests_connection_fails_the_test(app: Flask) -> None:
    raised: list[BaseException] = []

    def read() -> None:
        with app.app_context():
            try:
                db.session.scalar(select(func.count()).select_from(Organisation))
            except NeedsCommits as error:
                raised.append(error)

    with rolled_back(app) as scope:
        thread = threading.Thread(target=read, name="reader")
        thread.start()
        thread.join(timeout=30)
    assert len(raised) == 1
    assert scope.problems == ["thread 'reader' used the test's database connection"]


def test_cached_apps_get_their_configuration_and_folders_back(
    app_cache: AppCache, empty_start: Any
) -> None:
    config = {"SQLALCHEMY_DATABASE_URI": empty_start.url, "BOROUGH_NAME": "Isolation test"}
    app = app_cache.get(config)
    app.config["STALE_AFTER_DAYS"] = 1
    with app.app_context():
        search_services.rebuild_index()  # writes an (empty) index
    index = app.extensions["search"].index.directory
    assert index.exists()
    assert app_cache.release(app)
    assert app_cache.get(config) is app
    assert app.config["STALE_AFTER_DAYS"] != 1
    assert not index.exists()
    app.extensions["replaced"] = object()
    assert not app_cache.release(app)
    rebuilt = app_cache.get(config)
    assert rebuilt is not app, "an app whose extensions changed is built anew"
    rebuilt.add_url_rule("/only-in-this-test", "only_in_this_test", lambda: "")
    assert not app_cache.release(rebuilt)
    assert app_cache.get(config) is not rebuilt, "so is one with a route of its own"


def test_shared_start_is_built_once_and_each_test_rolled_back_to_it(
    app_cache: AppCache, shared_starts: SharedStarts, empty_start: Any
) -> None:
    app = app_cache.get({"SQLALCHEMY_DATABASE_URI": empty_start.url})
    built: list[int] = []

    def build(app: Flask) -> str:
        with app.app_context():
            db.session.add(org(name="Shared"))
            db.session.commit()
        built.append(1)
        return "made"

    for attempt in range(3):
        with shared_starts.test_on(app) as shared:
            assert shared.use("isolation test", build) == "made"
            with app.app_context():
                assert db.session.scalars(select(Organisation.name)).all() == ["Shared"]
                db.session.add(org(name=f"Written by test {attempt}"))
                db.session.commit()
    assert built == [1]
    shared_starts.leave()
    assert organisations(app) == []
