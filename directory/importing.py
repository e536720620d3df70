"""All-or-nothing imports of listings from other systems (Open Referral feeds, CSV files).

Every importer runs the same two phases over the records it reads:

1. Load: each raw record goes through a marshmallow schema. Problems are collected per record,
   with the record's position, its identifier in the source, the field (or column) and a message.
2. Apply: only when every record loaded, each is written through the importer's `apply`
   callback, which upserts by (source, external_id) so importing again updates records instead
   of duplicating them, and flushes.

Nothing is written unless every record is valid: after any problem, and always in a dry run,
the session is rolled back. Otherwise the changes are flushed and the caller commits.

A `checkpoint` (the CSV import on SQLite passes one) is called every `checkpoint_every`
written records to commit what is written so far, so one long import never holds SQLite's
single write lock for long. Every record is still validated before anything is written, but
a record refused while writing (rare: a postcode the gazetteer lacks, say) then leaves the
batches before it committed; the report says how many.

Warnings are for what an importer could store only approximately (a value cut to fit, a time
written "9:00"): the record is imported, normalised, and the warning is reported with it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from marshmallow import Schema, ValidationError
from sqlalchemy import select

from core.extensions import Model, db

Loaded = TypeVar("Loaded")
Imported = TypeVar("Imported", bound=Model)


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


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


@dataclass(frozen=True)
class Applied:
    """What an importer's `apply` did with one record, with anything it had to normalise."""

    outcome: Outcome
    warnings: list[tuple[str | None, str]] = field(default_factory=list)


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # about the source as a whole
    committed: int = 0  # records committed at checkpoints before the end (SQLite batches)

    @property
    def warned(self) -> int:
        """How many records had at least one warning."""
        return len({(w.row, w.record) for w in self.warnings})

    @property
    def written(self) -> bool:
        """Whether the import left changes for the caller to commit."""
        return not self.dry_run and not self.problems

    def summary(self) -> str:
        if self.problems and self.committed:
            return (
                f"{len(self.problems)} problem(s) in {self.total} record(s) from {self.source}; "
                f"the first {self.committed} record(s) were imported in batches before it. "
                "Fix them and run the import again (imported records are updated, not repeated)."
            )
        if self.problems:
            return (
                f"{len(self.problems)} problem(s) in {self.total} record(s) from {self.source}; "
                "nothing was imported. Fix them and run the import again."
            )
        verb = "Would import" if self.dry_run else "Imported"
        retired = f", {self.retired} retired" if self.retired else ""
        unchanged = f", {self.unchanged} unchanged" if self.unchanged else ""
        warned = f" {self.warned} record(s) with warnings." if self.warnings else ""
        return (
            f"{verb} {self.total} record(s) from {self.source}: "
            f"{self.created} new, {self.updated} updated{unchanged}{retired}.{warned}"
            + (" Dry run: nothing was written." if self.dry_run else "")
        )


@dataclass
class _Pending(Generic[Loaded]):
    source: SourceRecord
    loaded: Loaded


def field_path(prefix: str, key: Any) -> str:
    """Extend a JSON path: `a` + 0 -> `a[0]`, `a[0]` + "b" -> `a[0].b`."""
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else str(key)


def flatten_messages(messages: Any, prefix: str = "") -> list[tuple[str | None, str]]:
    """Turn marshmallow's nested error messages into (field path, message) pairs."""
    if isinstance(messages, Mapping):
        pairs: list[tuple[str | None, str]] = []
        for key, value in messages.items():
            name = prefix if key == "_schema" else field_path(prefix, key)
            pairs.extend(flatten_messages(value, name))
        return pairs
    if isinstance(messages, list | tuple):
        return [pair for item in messages for pair in flatten_messages(item, prefix)]
    return [(prefix or None, str(messages))]


def run_import(
    source: str,
    records: Iterable[SourceRecord],
    schema: Schema,
    apply: Callable[[Any], Outcome | Applied],
    *,
    identity: Callable[[Any], str] | None = None,
    keep_last_duplicate: bool = False,
    prepare: Callable[[list[Any]], list[tuple[int, str | None, str]]] | None = None,
    finish: Callable[[ImportReport], None] | None = None,
    apply_batch: Callable[[list[Any]], list[Applied | RecordProblem]] | None = None,
    batch_size: int = 200,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    checkpoint: Callable[[], None] | None = None,
    checkpoint_every: int = 0,
) -> ImportReport:
    """Validate every record, then write them all or none; see the module docstring.

    `identity` names a loaded record's id in the source, so the same id twice is reported
    instead of silently overwriting itself; with `keep_last_duplicate` (a paged feed that
    shifted while it was read) the later copy is kept and the earlier one is a warning.
    `prepare` sees every loaded record before anything is written and returns problems as
    (index in the list, field, message), e.g. references to records that are nowhere.
    `finish` runs after every record was written (e.g. to retire what left the source).
    `apply_batch`, when given, writes `batch_size` records at a time instead of `apply`.
    """
    report = ImportReport(source=source, dry_run=dry_run)
    pending: list[_Pending[Any]] = []
    seen: dict[str, int] = {}
    position: dict[str, int] = {}
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
            if key in seen and keep_last_duplicate:
                report.warnings.append(
                    RowProblem(
                        seen[key],
                        record.record,
                        None,
                        f"the id {key} is read again on row {record.row}; the later copy is kept",
                    )
                )
                pending[position[key]] = _Pending(record, loaded)
                seen[key] = record.row
                continue
            if key in seen:
                report.problems.append(
                    RowProblem(
                        record.row, record.record, None, f"the id {key} is also on row {seen[key]}"
                    )
                )
                continue
            seen[key] = record.row
            position[key] = len(pending)
        pending.append(_Pending(record, loaded))

    if prepare is not None and not report.problems:
        for index, name, message in prepare([item.loaded for item in pending]):
            item = pending[index]
            report.problems.append(RowProblem(item.source.row, item.source.record, name, message))

    if not report.problems:
        written = 0
        for item, result in _applied(pending, apply, apply_batch, batch_size):
            if isinstance(result, RecordProblem):
                report.problems.append(
                    RowProblem(item.source.row, item.source.record, result.field, result.message)
                )
                continue
            applied = result if isinstance(result, Applied) else Applied(result)
            report.warnings.extend(
                RowProblem(item.source.row, item.source.record, name, message)
                for name, message in applied.warnings
            )
            if applied.outcome is Outcome.CREATED:
                report.created += 1
            elif applied.outcome is Outcome.UNCHANGED:
                report.unchanged += 1
            else:
                report.updated += 1
            if progress is not None:
                progress(1)
            written += 1
            due = checkpoint is not None and written % max(checkpoint_every, 1) == 0
            if due and not dry_run and not report.problems:
                db.session.flush()
                checkpoint()  # type: ignore[misc]
                report.committed = written
        db.session.flush()
        if finish is not None and not report.problems:
            finish(report)
            db.session.flush()

    if report.problems or dry_run:
        db.session.rollback()
    return report


def _applied(
    pending: list[_Pending[Any]],
    apply: Callable[[Any], Outcome | Applied],
    apply_batch: Callable[[list[Any]], list[Applied | RecordProblem]] | None,
    batch_size: int,
) -> Iterator[tuple[_Pending[Any], Outcome | Applied | RecordProblem]]:
    """Write each pending record, one by one or a batch at a time, with what became of it."""
    if apply_batch is not None:
        for start in range(0, len(pending), batch_size):
            batch = pending[start : start + batch_size]
            results = apply_batch([item.loaded for item in batch])
            # A written record is not read again: let a large feed go as it is written.
            for offset, item in enumerate(batch):
                pending[start + offset] = _Pending(replace(item.source, data={}), None)
            yield from zip(batch, results, strict=True)
        return
    for item in pending:
        try:
            yield item, apply(item.loaded)
        except RecordProblem as problem:
            yield item, problem


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
