"""Search: the only package that imports whoosh.

init_app binds an engine (index folder + per-process reader) to the app, records every change
the index must follow through session events (search.sync) and replays them (search.replica),
and registers the page, the API, the health checks and the CLI.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from core.jobs import add_daily_job
from search import models  # noqa: F401 - registers the search log table with the metadata
from search.cli import prune, search_cli
from search.engine import SearchEngine
from search.index import SearchIndex
from search.replica import register_catch_up_on_commit
from search.services import SearchLogBuffer
from search.sync import register_session_events
from search.views import register


def index_directory(app: Flask) -> Path:
    configured = app.config.get("SEARCH_INDEX_DIR")
    return Path(configured) if configured else Path(app.instance_path) / "search-index"


def init_app(app: Flask) -> None:
    app.extensions["search"] = SearchEngine(SearchIndex(index_directory(app)))
    app.extensions["search_log"] = SearchLogBuffer()
    register_session_events()
    register_catch_up_on_commit()
    register(app)
    app.cli.add_command(search_cli)
    add_daily_job(app, "search prune", prune, order=80)
