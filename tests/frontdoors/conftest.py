"""Fixtures for the front doors: the demo borough in a database each test may write to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401
from tests.browser import browser_type_launch_args, live_server, screenshot_dir  # noqa: F401
from tests.isolation import Start


@pytest.fixture
def starting_database(demo_start: Start) -> Start:
    """Every front-door test starts from the whole demo borough and its search index."""
    return demo_start


@pytest.fixture
def demo(app: Flask) -> Flask:
    """The app holding the demo borough, for tests that write (requests, clients, referrals).

    Its writes are undone after each test; a committed (browser) test gets a copy of its own.
    """
    return app


def row_counts() -> dict[str, int]:
    """Rows in every table, to show that a flow stored nothing."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def counts() -> Callable[[], dict[str, Any]]:
    return row_counts
