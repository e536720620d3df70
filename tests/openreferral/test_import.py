"""`signpost import openreferral`: files, feed URLs, the round trip, malformed feeds."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import make_server

from core.extensions import db
from directory.gazetteer import Neighbourhood
from directory.models import Organisation, Service, ServiceStatus
from openreferral.cli import import_feed
from openreferral.feed import read_url
from tests.conftest import make_app, migrate_database
from tests.openreferral.conftest import json_getter

# Fields that legitimately differ after an import: when this directory last changed the record;
# the assurance, since imported listings are not marked verified; and the capacity alert, free
# text that ORUK 3.0 offers in place of a capacity field, which is not parsed back.
NOT_ROUND_TRIPPED = ("last_modified", "assured_date", "alert")


def export_services(app: Flask) -> list[dict[str, Any]]:
    """Read every full service record from an app's feed, as another system would."""
    get = json_getter(app)
    return [record.data for record in read_url("http://localhost/openreferral", _local(get))]


def _local(get):  # noqa: ANN001, ANN202 - adapt a test-client getter to a fetch function
    return lambda url: get(url.removeprefix("http://localhost"))


def comparable(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        ({k: v for k, v in r.items() if k not in NOT_ROUND_TRIPPED} for r in records),
        key=lambda r: r["id"],
    )


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def exported_file(app: Flask, tmp_path: Path, make_service, make_organisation) -> Path:
    """A saved feed of two services, written from this app's own export; then emptied."""
    with app.app_context():
        org = make_organisation(name="Age UK Bolton", charity_number="1103215")
        make_service(
            name="Walking group",
            organisation=org,
            lat=53.58,
            lon=-2.44,
            schedule=[(0, "10:00", "12:00")],
            areas=[{"kind": "borough"}],
            themes=["health"],
            contact_phone="01204 000000",
        )
        make_service(name="Repair cafe", status=ServiceStatus.TEMPORARILY_CLOSED, is_free=False)
        db.session.commit()
        records = export_services(app)
        for model in (Service, Organisation):
            for row in db.session.scalars(select(model)):
                db.session.delete(row)
        db.session.commit()
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(records))
    return path


def test_import_a_saved_feed_then_again_updates_not_duplicates(app, runner, exported_file):
    result = runner.invoke(args=["import", "openreferral", str(exported_file)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 record(s) from feed.json: 2 new, 0 updated." in result.output
    with app.app_context():
        walking = db.session.scalars(select(Service).where(Service.name == "Walking group")).one()
        assert walking.source == "feed.json" and walking.external_id == walking.uuid
        assert walking.last_verified_at is None and walking.verified_by is None
        assert walking.organisation.charity_number == "1103215"
        assert [slot.weekday for slot in walking.schedules] == [0]
        assert [t.value for t in walking.themes] == ["health"]
        assert walking.contact_phone == "01204 000000"
        assert walking.locations[0].postcode == "BL1 1AA"

    again = runner.invoke(args=["import", "openreferral", str(exported_file)])
    assert "2 record(s) from feed.json: 0 new, 0 updated, 2 unchanged." in again.output
    with app.app_context():
        assert (count(Service), count(Organisation)) == (2, 2)


def test_dry_run_writes_nothing(app, runner, exported_file):
    result = runner.invoke(args=["import", "openreferral", str(exported_file), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would import 2 record(s)" in result.output and "nothing was written" in result.output
    with app.app_context():
        assert count(Service) == 0 and count(Organisation) == 0


def test_malformed_feed_gives_a_report_and_writes_nothing(app, runner, exported_file, tmp_path):
    records = json.loads(exported_file.read_text())
    records[1]["status"] = "open"
    records[1]["organization"]["email"] = "not an email"
    records.append({"id": "x-3", "status": "active"})
    records.append(records[0])
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(records))

    result = runner.invoke(args=["import", "openreferral", str(broken)])
    assert result.exit_code == 1
    second = records[1]["id"]
    for line in (
        f"Row 2 ({second}): status: Must be one of: active, temporarily closed, inactive, defunct.",
        "Row 3 (x-3): name: Missing data for required field.",
        "Row 3 (x-3): organization: Missing data for required field.",
        # The same id twice is a feed that shifted while it was paged: the later copy is kept.
        f"Warning: Row 1 ({records[0]['id']}): the id {records[0]['id']} is read again on row 4",
        "3 problem(s) in 4 record(s) from broken.json; nothing was imported.",
    ):
        assert line in result.output
    # An unreadable email is stored as none and reported, not a reason to refuse the feed.
    assert "organization.email" not in result.output
    with app.app_context():
        assert count(Service) == 0 and count(Organisation) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"hello": "world"}', "The file holds no services"),
    ],
)
def test_unreadable_files_are_refused_clearly(runner, tmp_path, content, message):
    path = tmp_path / "feed.json"
    path.write_text(content)
    result = runner.invoke(args=["import", "openreferral", str(path)])
    assert result.exit_code == 1 and message in result.output
    missing = runner.invoke(args=["import", "openreferral", str(tmp_path / "none.json")])
    assert missing.exit_code == 1 and "There is no file" in missing.output


@pytest.fixture
def served_feed(app: Flask, make_service) -> Iterator[str]:
    """This app's feed served over real HTTP on a free local port, with 3 services."""
    with app.app_context():
        for number in range(3):
            make_service(name=f"Group {number}", lat=53.5, lon=-2.4)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/openreferral/"
    server.shutdown()
    thread.join()


@pytest.fixture
def empty_app(databases, tmp_path: Path) -> Iterator[Flask]:
    url = databases.new("import")
    migrate_database(url, tmp_path / "other")
    other = make_app(url, tmp_path / "other")
    yield other
    with other.app_context():
        db.engine.dispose()


@pytest.mark.committed  # the feed is served from another thread
def test_import_from_a_feed_url_walks_every_page(served_feed, empty_app, monkeypatch):
    monkeypatch.setattr("openreferral.feed.PAGE_SIZE", 2)  # 3 services: two pages
    result = empty_app.test_cli_runner().invoke(args=["import", "openreferral", served_feed])
    assert result.exit_code == 0, result.output
    base = served_feed.rstrip("/")
    assert f"Imported 3 record(s) from {base}: 3 new" in result.output
    with empty_app.app_context():
        sources = set(db.session.scalars(select(Service.source)))
        assert sources == {base}


def test_unreachable_feed_is_a_clear_error(runner):
    result = runner.invoke(args=["import", "openreferral", "http://127.0.0.1:9/openreferral"])
    assert result.exit_code == 1 and "Could not reach" in result.output


def test_round_trip_of_the_demo_borough(demo_app, app):
    """Export the demo borough's feed and import it into an empty database."""
    exported = export_services(demo_app)
    assert len(exported) > 100
    get = json_getter(demo_app)
    with demo_app.app_context():
        hoods = [
            {c: getattr(n, c) for c in ("code", "name", "latitude", "longitude", "uuid")}
            for n in db.session.scalars(select(Neighbourhood))
        ]
    with app.app_context():
        # Neighbourhoods are the installation's geography, not listings: the target has its own.
        db.session.add_all(Neighbourhood(**hood) for hood in hoods)
        db.session.commit()
        report = import_feed("http://localhost/openreferral", False, fetch=_local(get))
        assert report.problems == [] and report.created == len(exported)
        db.session.commit()
    again = export_services(app)
    assert len(again) == len(exported)
    differences = [
        (before["id"], key, before.get(key), after.get(key))
        for before, after in zip(comparable(exported), comparable(again), strict=True)
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    ]
    assert differences == []
