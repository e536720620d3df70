"""How the app talks to its database: SQLite settings on connect, and which errors mean what.

This is the one place that says which database errors are conflicts (someone else changed the
record first: 409 or "this changed while you were looking"); every other OperationalError
(no connection, SQLite locked past its busy timeout) means the database is unavailable (503
with Retry-After). core/errors.py turns both into responses.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.extensions import db

# Tables whose unique constraint holds a per-record version number: two writers taking the
# same next number is a conflict between them, not a fault.
VERSION_NUMBER_TABLES = ("listing_version",)
VERSION_NUMBER_CONSTRAINTS = ("uq_listing_version_record_type",)


def is_conflict(error: BaseException) -> bool:
    """True when `error` means another writer changed the same record first."""
    if isinstance(error, StaleDataError):
        return True
    if isinstance(error, IntegrityError):
        text = str(error.orig)
        return any(name in text for name in VERSION_NUMBER_CONSTRAINTS) or any(
            f"UNIQUE constraint failed: {table}." in text for table in VERSION_NUMBER_TABLES
        )
    return False


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            # Wait this long for the writer rather than failing with "database is locked".
            cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")
            # WAL: readers never wait for the writer, nor the writer for readers.
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    return on_connect


def register_database_settings(app: Flask) -> None:
    """Put every SQLite engine of the app in WAL mode with SQLITE_BUSY_TIMEOUT_MS."""
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            event.listen(
                engine, "connect", _sqlite_pragmas(int(app.config["SQLITE_BUSY_TIMEOUT_MS"]))
            )
