"""The generic all-or-nothing import engine, driven with a tiny organisation importer."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from core.extensions import db
from directory.importing import (
    Outcome,
    RecordProblem,
    RowProblem,
    SourceRecord,
    flatten_messages,
    run_import,
    upsert,
)
from directory.models import Organisation, OrganisationKind

SOURCE = "test-file.csv"


class OrganisationRow(Schema):
    id = fields.String(required=True, validate=validate.Length(min=1))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(load_default=None)


def apply_organisation(row: dict[str, Any]) -> Outcome:
    if row["name"] == "Refused":
        raise RecordProblem("this organisation may not be imported", field="name")
    organisation, outcome = upsert(Organisation, SOURCE, row["id"], kind=OrganisationKind.VOLUNTARY)
    organisation.name = row["name"]
    organisation.email = row["email"]
    return outcome


def records(*rows: dict[str, Any]) -> list[SourceRecord]:
    return [SourceRecord(row=i, record=row.get("id"), data=row) for i, row in enumerate(rows, 1)]


def import_rows(*rows: dict[str, Any], dry_run: bool = False):
    return run_import(
        SOURCE,
        records(*rows),
        OrganisationRow(),
        apply_organisation,
        identity=lambda row: row["id"],
        dry_run=dry_run,
    )


def organisation_names() -> list[str]:
    return list(db.session.scalars(select(Organisation.name).order_by(Organisation.name)))


def test_valid_records_are_created_then_updated_not_duplicated(app_ctx):
    first = import_rows({"id": "a", "name": "Age UK"}, {"id": "b", "name": "Mind"})
    db.session.commit()
    assert (first.created, first.updated, first.problems, first.written) == (2, 0, [], True)

    again = import_rows({"id": "a", "name": "Age UK Bolton"}, {"id": "b", "name": "Mind"})
    db.session.commit()
    assert (again.created, again.updated) == (0, 2)
    assert organisation_names() == ["Age UK Bolton", "Mind"]
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 2


def test_one_invalid_record_means_nothing_is_written_and_each_problem_is_named(app_ctx):
    report = import_rows(
        {"id": "a", "name": "Age UK"},
        {"id": "b", "name": "", "email": "not-an-email"},
        {"id": "c"},
    )
    db.session.commit()
    assert organisation_names() == []
    assert not report.written
    assert sorted(report.problems, key=lambda p: (p.row, p.field or "")) == [
        RowProblem(2, "b", "email", "Not a valid email address."),
        RowProblem(2, "b", "name", "Length must be between 1 and 200."),
        RowProblem(3, "c", "name", "Missing data for required field."),
    ]
    assert str(report.problems[-1]) == "Row 3 (c): name: Missing data for required field."
    assert "3 problem(s) in 3 record(s)" in report.summary()
    assert "nothing was imported" in report.summary()


def test_a_problem_found_while_writing_rolls_back_the_records_already_written(app_ctx):
    report = import_rows({"id": "a", "name": "Age UK"}, {"id": "b", "name": "Refused"})
    db.session.commit()
    assert organisation_names() == []
    assert report.problems == [RowProblem(2, "b", "name", "this organisation may not be imported")]


def test_dry_run_reports_what_would_happen_and_writes_nothing(app_ctx):
    import_rows({"id": "a", "name": "Age UK"})
    db.session.commit()

    report = import_rows({"id": "a", "name": "Renamed"}, {"id": "b", "name": "Mind"}, dry_run=True)
    db.session.commit()
    assert (report.created, report.updated, report.written) == (1, 1, False)
    assert report.summary().startswith("Would import 2 record(s)")
    assert organisation_names() == ["Age UK"]


def test_the_same_id_twice_is_a_problem(app_ctx):
    report = import_rows({"id": "a", "name": "One"}, {"id": "a", "name": "Two"})
    assert report.problems == [RowProblem(2, "a", None, "the id a is also on row 1")]
    assert str(report.problems[0]) == "Row 2 (a): the id a is also on row 1"
    assert organisation_names() == []


def test_records_from_another_source_with_the_same_id_are_left_alone(app_ctx, make_organisation):
    make_organisation(name="From elsewhere", source="other.csv", external_id="a")
    report = import_rows({"id": "a", "name": "Age UK"})
    db.session.commit()
    assert report.created == 1
    assert organisation_names() == ["Age UK", "From elsewhere"]


def test_flatten_messages_gives_json_paths():
    messages = {
        "name": ["Missing data for required field."],
        "locations": {0: {"postcode": ["Not a postcode."]}},
        "_schema": ["Give a name or an id."],
    }
    assert sorted(flatten_messages(messages), key=str) == sorted(
        [
            ("name", "Missing data for required field."),
            ("locations[0].postcode", "Not a postcode."),
            (None, "Give a name or an id."),
        ],
        key=str,
    )
