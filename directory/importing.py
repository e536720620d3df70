"""All-or-nothing imports of listings from other systems (Open Referral feeds, CSV files).

Every importer runs the same two phases over the records it reads:

1. Load: each raw record goes through a marshmallow schema. Problems are collected per record,
   with the record's position, its identifier in the source, the field (or column) and a message.
2. Apply: only when every record loaded, each is written through the importer's `apply`
   callback, which upserts by (source, external_id) so importing again updates records instead
   of duplicating them, and flushes.

Nothing is written unless every record is valid: after any problem, and always in a dry run,
the session is rolled back. Otherwise the changes are flushed and the caller commits.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from marshmallow import Schema, ValidationError
from sqlalchemy import select

from core.extensions import db

Loaded = TypeVar("Loaded")
Imported = TypeVar("Imported", bound=db.Model)


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"


@dataclass(frozen=True)
class SourceRecord:
    """One raw record as read from a source, before validation."""

    row: int  # 1-based: the line of a CSV file, the position of a record in a feed
    record: str | None  # the record's identifier in the source, when it has one
    data: Mapping[str, Any]


@dataclass(frozen=True)
class RowProblem:
    """Why one record cannot be imported, in words a person can act on."""

    row: int
    record: str | None
    field: str | None  # a CSV column or a dotted path such as "service_at_locations.0.location"
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f" ({self.record})" if self.record else "")
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class RecordProblem(Exception):
    """Raised by an importer's `apply` for a record that is well formed but cannot be written."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    total: int = 0
    created: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def written(self) -> bool:
        """Whether the import left changes for the caller to commit."""
        return not self.dry_run and not self.problems

    def summary(self) -> str:
        if self.problems:
            return (
                f"{len(self.problems)} problem(s) in {self.total} record(s) from {self.source}; "
                "nothing was imported. Fix them and run the import again."
            )
        verb = "Would import" if self.dry_run else "Imported"
        return (
            f"{verb} {self.total} record(s) from {self.source}: "
            f"{self.created} new, {self.updated} updated."
            + (" Dry run: nothing was written." if self.dry_run else "")
        )


@dataclass
class _Pending(Generic[Loaded]):
    source: SourceRecord
    loaded: Loaded


def flatten_messages(messages: Any, prefix: str = "") -> list[tuple[str | None, str]]:
    """Turn marshmallow's nested error messages into (dotted field, message) pairs."""
    if isinstance(messages, Mapping):
        pairs: list[tuple[str | None, str]] = []
        for key, value in messages.items():
            name = prefix if key == "_schema" else f"{prefix}.{key}" if prefix else str(key)
            pairs.extend(flatten_messages(value, name))
        return pairs
    if isinstance(messages, list | tuple):
        return [pair for item in messages for pair in flatten_messages(item, prefix)]
    return [(prefix or None, str(messages))]


def run_import(
    source: str,
    records: Iterable[SourceRecord],
    schema: Schema,
    apply: Callable[[Any], Outcome],
    *,
    identity: Callable[[Any], str] | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every record, then write them all or none; see the module docstring.

    `identity` names a loaded record's id in the source, so the same id twice is reported
    instead of silently overwriting itself.
    """
    report = ImportReport(source=source, dry_run=dry_run)
    pending: list[_Pending[Any]] = []
    seen: dict[str, int] = {}
    for record in records:
        report.total += 1
        try:
            loaded = schema.load(record.data)
        except ValidationError as error:
            report.problems.extend(
                RowProblem(record.row, record.record, name, message)
                for name, message in flatten_messages(error.messages)
            )
            continue
        if identity is not None:
            key = identity(loaded)
            if key in seen:
                report.problems.append(
                    RowProblem(
                        record.row, record.record, None, f"the id {key} is also on row {seen[key]}"
                    )
                )
                continue
            seen[key] = record.row
        pending.append(_Pending(record, loaded))

    if not report.problems:
        for item in pending:
            try:
                outcome = apply(item.loaded)
            except RecordProblem as problem:
                report.problems.append(
                    RowProblem(item.source.row, item.source.record, problem.field, problem.message)
                )
                continue
            if outcome is Outcome.CREATED:
                report.created += 1
            else:
                report.updated += 1
            if progress is not None:
                progress(1)
        db.session.flush()

    if report.problems or dry_run:
        db.session.rollback()
    return report


def find_imported(model: type[Imported], source: str, external_id: str) -> Imported | None:
    """Return the record an earlier import of this source made for this id, if any."""
    return db.session.scalars(
        select(model).where(model.source == source, model.external_id == external_id)
    ).first()


def upsert(
    model: type[Imported], source: str, external_id: str, **new_fields: Any
) -> tuple[Imported, Outcome]:
    """Find the record imported from (source, external_id), or add a new one with `new_fields`."""
    found = find_imported(model, source, external_id)
    if found is not None:
        return found, Outcome.UPDATED
    created = model(source=source, external_id=external_id, **new_fields)
    db.session.add(created)
    return created, Outcome.CREATED
