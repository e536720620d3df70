"""Helpers for search tests: a search that commits first, so the index sees the data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from core.extensions import db
from openreferral.cli import import_feed
from search import services
from search.schemas import SearchParamsSchema
from search.services import rebuild_index
from tests.conftest import make_app, migrate_database
from tests.isolation import dispose


@pytest.fixture
def search(app_ctx: Flask) -> Callable[..., Any]:
    """Commit pending listings, then run a search from keyword parameters."""

    def run(**params: Any) -> Any:
        db.session.commit()
        loaded = SearchParamsSchema().load(params)
        return services.search_services(loaded).outcome

    return run


def names(outcome: Any) -> list[str]:
    return [hit.record["name"] for hit in outcome.hits]


SMALL_FEED = Path(__file__).parents[1] / "fixtures" / "oruk_calderdale_small.json"


@pytest.fixture(scope="session")
def small_directory_app(
    databases: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """A second, small directory: 40 services imported from another council's ORUK feed.

    Built once per run and shared: tests that use it must only read.
    """
    url = databases.new("small_directory")
    instance = tmp_path_factory.mktemp("small-directory")
    migrate_database(url, instance)
    application = make_app(url, instance)
    with application.app_context():
        report = import_feed(str(SMALL_FEED), dry_run=False)
        assert not report.problems, report.problems
        db.session.commit()
        rebuild_index()
        db.session.remove()
    yield application
    dispose(application)


def small_search(app: Flask, **params: Any) -> Any:
    """Search the small directory with keyword parameters."""
    loaded = SearchParamsSchema().load(params)
    with app.test_request_context():
        return services.search_services(loaded).outcome
