"""Helpers for search tests: a search that commits first, so the index sees the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from core.extensions import db
from search import services
from search.schemas import SearchParamsSchema


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
