"""Optimistic locking for edits: every editable record carries a version.

A form carries the version it was loaded at (hidden field `version`) and a signed copy of the
values it showed (hidden field `loaded`); an API update carries `version` in its body. A save
from an out-of-date form or client is refused with `StaleEdit` (a 409), which carries the
current version and what changed meanwhile, instead of silently overwriting someone else's
change. The check happens before the first change; the version column is SQLAlchemy's
`version_id_col`, so every UPDATE also refuses a writer that raced past the check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Integer, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from core.errors import Conflict
from core.extensions import db

STALE_MESSAGE = "This record changed while you were editing it"
VERSION_FIELD = "version"
LOADED_FIELD = "loaded"


class Versioned:
    """Mixin: an integer `version`, bumped by every UPDATE and checked by it."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class EditCounted:
    """Mixin: an integer `version` bumped only by edits that claim it (`check_version`).

    For records whose rows also change for reasons no editor sees, such as a user's last
    sign-in: with `Versioned` those would refuse an administrator's form for nothing, and two
    sign-ins at once would conflict.
    """

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


class StaleEdit(Conflict):
    """The record was saved by someone else after this form or client loaded it."""

    def __init__(self, current_version: int | None) -> None:
        super().__init__(STALE_MESSAGE, current_version=current_version)
        self.current_version = current_version


def seen_version(value: Any) -> int | None:
    """Read a submitted version (form text or JSON number); anything else counts as absent."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 10:
        return int(value)
    return None


def check_version(record: Any, submitted: int | None, *, claim: bool = True) -> None:
    """Refuse the edit if `submitted` is not the record's current version, else claim it.

    Call before changing the record. Claiming bumps the version at once (an UPDATE ... WHERE
    version = the one read), so of two saves that both passed the comparison only the first
    gets the row; the other is refused here rather than by some later autoflush. A missing
    version (an older API client) skips the comparison but still claims. An edit that only
    proposes a change (the record stays as it is) compares without claiming.
    """
    if submitted is not None and submitted != record.version:
        raise StaleEdit(record.version)
    if not claim:
        return
    if isinstance(record, Versioned):
        record.version = record.version + 1
        try:
            db.session.flush()
        except StaleDataError as error:
            raise StaleEdit(None) from error
        return
    table = sa_inspect(record).mapper.local_table
    claimed = db.session.execute(
        update(table)
        .where(table.c.id == record.id, table.c.version == record.version)
        .values(version=table.c.version + 1)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleEdit(None)
    set_committed_value(record, "version", record.version + 1)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="signpost-loaded-form")


def sign_loaded(values: Mapping[str, Any]) -> str:
    """Sign the values a form showed, for the `loaded` hidden field."""
    return _serializer().dumps(dict(values))


def read_loaded(token: str | None) -> dict[str, Any] | None:
    """Read back a `loaded` field; a missing or tampered one gives None."""
    if not token:
        return None
    try:
        found = _serializer().loads(token)
    except BadSignature:
        return None
    return found if isinstance(found, dict) else None


def _text(value: Any) -> str:
    if value in (None, "", []):
        return "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def field_diff(
    labels: Mapping[str, str],
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    describe: Callable[[str, Any], str] | None = None,
) -> list[FieldChange]:
    """Compare two plain snapshots field by field, in label order."""
    before = before or {}
    show = describe or (lambda _name, value: _text(value))
    changes = []
    for name, label in labels.items():
        old, new = before.get(name), after.get(name)
        if old in (None, "", []) and new in (None, "", []):
            continue
        if old != new:
            changes.append(FieldChange(name, label, show(name, old), show(name, new)))
    return changes


def plain_snapshot(record: Any, names: Iterable[str]) -> dict[str, Any]:
    """A JSON-safe dict of some attributes: enums as values, dates as ISO text."""
    data: dict[str, Any] = {}
    for name in names:
        value = getattr(record, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        data[name] = value
    return data


Snapshotter = Callable[[Any], Mapping[str, Any]]
Differ = Callable[[Mapping[str, Any] | None, Mapping[str, Any]], list[Any]]


@dataclass
class EditState:
    """The hidden version fields of an edit form and, after a refused save, what changed."""

    version: int | None
    loaded: str | None
    changes: list[Any]
    stale: bool = False

    @classmethod
    def of(cls, record: Any, snapshot: Snapshotter) -> EditState:
        """The state of a form freshly loaded from `record`."""
        return cls(record.version, sign_loaded(snapshot(record)), [])

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> EditState:
        """The state a submitted form carried (kept when it is re-shown with errors)."""
        return cls(seen_version(form.get(VERSION_FIELD)), form.get(LOADED_FIELD), [])

    def refused(self, record: Any, snapshot: Snapshotter, diff: Differ) -> EditState:
        """Roll back a refused save; the form now carries the current version.

        Saving that form again is a deliberate overwrite of what changed meanwhile.
        """
        db.session.rollback()
        db.session.refresh(record)
        current = snapshot(record)
        loaded = read_loaded(self.loaded)
        changes = diff(loaded, current) if loaded is not None else []
        return EditState(record.version, sign_loaded(current), changes, stale=True)


def stale_answer(error: StaleEdit, record: Any, dump: Callable[[Any], Any]) -> tuple[Any, int]:
    """The API's 409 for a stale update: roll back, then give the current version and record."""
    db.session.rollback()
    db.session.refresh(record)
    body = {
        "status": 409,
        "message": error.message,
        "current_version": record.version,
        "current": dump(record),
    }
    return body, 409
