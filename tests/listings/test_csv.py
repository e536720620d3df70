"""CSV import (good, bad, repeated files; dry run; CLI and upload page) and export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from marshmallow import RAISE, fields, validate

from accounts.models import Role
from core.extensions import db
from directory import csv_io, snapshots
from directory.gazetteer import Postcode
from directory.models import Location, Organisation, Service
from tests.listings.conftest import NOW

HEADER = csv_io.COLUMN_NAMES


def csv_text(*rows: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def row(**fields: str) -> dict[str, str]:
    base = {
        "organisation_name": "Astley Bridge Methodists",
        "organisation_kind": "faith",
        "service_name": "Warm space",
        "description": "Tea, toast and a warm room.",
        "themes": "house_and_home; friends_and_family",
        "access_methods": "drop_in",
        "opening_times": "Mon 10:00-12:00; Thu 13:00-15:00",
        "location_name": "Church hall",
        "address_1": "1 Chapel Street",
        "town": "Bolton",
        "postcode": "bl1 8aa",
    }
    base.update(fields)
    return base


@pytest.fixture
def gazetteer(app_ctx, make_postcode):
    make_postcode("BL1 8AA", 53.60, -2.43)
    make_postcode("BL3 5AB", 53.56, -2.44)


def run(text: str, dry_run: bool = False):
    return csv_io.import_csv(io.StringIO(text), source_name="t.csv", dry_run=dry_run, now=NOW)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_good_file_imports_geocodes_and_does_not_verify(gazetteer):
    report = run(csv_text(row(), row(service_name="Lunch club", postcode="BL3 5AB")))
    assert report.problems == []
    assert (report.created, report.updated) == (2, 0)
    service = db.session.scalars(db.select(Service).where(Service.name == "Warm space")).one()
    assert service.last_verified_at is None
    assert [s.day_name for s in service.schedules] == ["Monday", "Thursday"]
    location = service.locations[0]
    assert (location.postcode, location.latitude) == ("BL1 8AA", 53.60)
    assert count(Organisation) == 1


def test_reimporting_the_same_file_updates_instead_of_duplicating(gazetteer):
    text = csv_text(row())
    run(text)
    report = run(csv_text(row(description="Now with soup.")))
    assert (report.created, report.updated) == (0, 1)
    assert count(Service) == 1
    assert count(Location) == 1
    assert db.session.scalars(db.select(Service)).one().description == "Now with soup."


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(gazetteer):
    report = run(
        csv_text(
            row(),
            row(service_name="", themes="gardening", min_age="ten"),
            row(service_name="Cafe", postcode="ZZ9 9ZZ"),
        )
    )
    found = {(p.row, p.field) for p in report.problems}
    assert {(3, "service_name"), (3, "themes"), (3, "min_age")} <= found
    assert count(Service) == 0


def test_a_value_the_snapshot_schema_refuses_is_reported_by_row_and_column(gazetteer, monkeypatch):
    # The CSV's own checks come first; should the snapshot schema refuse a value they let
    # through, the person still learns the row and the column (a renamed one by its CSV name).
    class Stricter(snapshots.ServiceSnapshot):
        min_age = fields.Integer(allow_none=True, validate=validate.Range(max=90))
        eligibility_description = fields.String(validate=validate.Length(max=10))

    strict = Stricter(only=tuple(csv_io.SNAPSHOT_COLUMNS), unknown=RAISE)
    monkeypatch.setattr(csv_io, "CSV_SNAPSHOT", strict)
    report = run(
        csv_text(
            row(),
            row(service_name="Lunch club", min_age="95", eligibility="Anyone who lives nearby"),
        )
    )
    assert {(p.row, p.record, p.field) for p in report.problems} == {
        (3, "Lunch club", "min_age"),
        (3, "Lunch club", "eligibility"),
    }
    assert count(Service) == 0


def test_unknown_postcode_fails_the_whole_import(gazetteer):
    report = run(csv_text(row(), row(service_name="Cafe", postcode="BL9 9ZZ")))
    assert [(p.row, p.field) for p in report.problems] == [(3, "postcode")]
    assert "BL9 9ZZ" in report.problems[0].message
    assert count(Service) == 0
    assert count(Organisation) == 0


def test_duplicate_ids_are_reported(gazetteer):
    report = run(csv_text(row(id="A1"), row(id="A1", service_name="Other")))
    assert [p.row for p in report.problems] == [3]
    assert "also on row 2" in report.problems[0].message


def test_dry_run_writes_nothing(gazetteer):
    report = run(csv_text(row()), dry_run=True)
    assert report.problems == [] and report.created == 1
    assert count(Service) == 0


def test_export_round_trips_through_import(gazetteer, make_service):
    make_service(name="Seeded service", description="From the seed")
    run(csv_text(row()))
    db.session.flush()
    out = io.StringIO()
    assert csv_io.export_csv(out) == 2
    report = run(out.getvalue())
    assert report.problems == []
    assert (report.created, report.updated) == (0, 2)
    assert count(Service) == 2


def test_cli_import_and_dry_run(runner, app, tmp_path: Path):
    with app.app_context():
        db.session.add(Postcode(postcode="BL1 8AA", outward="BL1", latitude=53.6, longitude=-2.4))
        db.session.commit()
    path = tmp_path / "listings.csv"
    path.write_text(csv_text(row()), encoding="utf-8")
    dry = runner.invoke(args=["import", "csv", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would import 1" in dry.output
    done = runner.invoke(args=["import", "csv", str(path)])
    assert done.exit_code == 0, done.output
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text(row(postcode="nonsense")), encoding="utf-8")
    failed = runner.invoke(args=["import", "csv", str(bad)])
    assert failed.exit_code == 1
    assert "Row 2 (Warm space): postcode:" in failed.output
    exported = runner.invoke(args=["listings", "export"])
    assert "Warm space" in exported.output
    with app.app_context():
        assert count(Service) == 1


def test_upload_page_reports_problems_and_imports(client, app, make_user, login, make_postcode):
    with app.app_context():
        make_postcode("BL1 8AA", 53.60, -2.43)
        lead = make_user("lead@example.org", Role.CAPACITY_LEAD)
        db.session.commit()
        login(lead)
    bad = client.post(
        "/admin/listings/import",
        data={"file": (io.BytesIO(csv_text(row(themes="")).encode()), "bad.csv")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400
    assert "give at least one theme" in bad.get_data(as_text=True)
    good = client.post(
        "/admin/listings/import",
        data={"file": (io.BytesIO(csv_text(row()).encode()), "good.csv")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 200
    assert "Imported 1 record(s)" in good.get_data(as_text=True)
    template = client.get("/admin/listings/import/template.csv")
    assert template.get_data(as_text=True).splitlines()[0] == ",".join(HEADER)
    export = client.get("/admin/listings/export.csv").get_data(as_text=True)
    assert "Warm space" in export
    with app.app_context():
        assert count(Service) == 1


def test_a_cost_the_listing_does_not_state_exports_and_imports_as_not_stated(
    gazetteer, make_service
):
    service = make_service(name="Imported, cost unknown")
    service.is_free = None
    db.session.flush()
    out = io.StringIO()
    csv_io.export_csv(out)
    [exported] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert exported["is_free"] == "not stated"
    report = run(out.getvalue())
    assert report.problems == []
    db.session.flush()
    assert db.session.get(Service, service.id).is_free is None
    assert run(csv_text(row(is_free="maybe"))).problems[0].message == (
        "write yes, no or not stated"
    )
