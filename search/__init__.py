"""Search: the only package that imports whoosh.

init_app binds an engine (index directory + per-process reader) to the app, keeps the index in
step with the database through session events, and registers the page, the API and the CLI.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from search import models  # noqa: F401 - registers the search log table with the metadata
from search.cli import search_cli
from search.engine import SearchEngine
from search.index import SearchIndex
from search.sync import register_session_events
from search.views import register


def index_directory(app: Flask) -> Path:
    configured = app.config.get("SEARCH_INDEX_DIR")
    return Path(configured) if configured else Path(app.instance_path) / "search-index"


def init_app(app: Flask) -> None:
    app.extensions["search"] = SearchEngine(SearchIndex(index_directory(app)))
    register_session_events()
    register(app)
    app.cli.add_command(search_cli)
