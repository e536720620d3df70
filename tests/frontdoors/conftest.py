"""Fixtures for the front doors: the demo borough in a per-test (writable) database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from search.services import rebuild_index
from seeds.loader import load_demo
from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401
from tests.browser import browser_type_launch_args, live_server, screenshot_dir  # noqa: F401


@pytest.fixture
def demo(app: Flask) -> Flask:
    """The per-test app holding the whole demo borough and its search index.

    Slower than the shared demo_app, but these tests write (requests, clients, referrals).
    """
    with app.app_context():
        load_demo()
        db.session.commit()
        rebuild_index()
        db.session.remove()
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
