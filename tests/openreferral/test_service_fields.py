"""The edit form, the version history and the imports agree on a service's fields.

Each is checked by what it does, not by what it declares: the form changes every snapshot field
but capacity (the capacity form's) and shows every field it changes, and an import (Open
Referral or CSV) rewrites exactly the fields it says it reads and keeps the others.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from werkzeug.datastructures import MultiDict

from core.extensions import db
from core.forms import form_data
from directory import csv_io, schemas, snapshots, versions
from directory.change_models import RecordType
from directory.models import Location, Service
from directory.snapshots import Snapshot
from openreferral import mapper
from openreferral.mapper import OpenReferralImporter, ServiceIn
from tests.openreferral.test_sync import example

FIELDS = set(snapshots.SERVICE_SNAPSHOT.fields)
# Every snapshot field but the parts set to what no import gives, to see which an import rewrites.
WRITTEN_HERE: dict[str, Any] = {
    "name": "Written here",
    "description": "Written here",
    "status": "inactive",
    "eligibility_description": "Written here",
    "min_age": 1,
    "max_age": 2,
    "is_free": True,
    "fee_description": "Written here",
    "access_methods": ["drop_in"],
    "delivery_methods": ["phone"],
    "accessibility": ["bsl"],
    "languages": ["Written here"],
    "keywords": ["written-here"],
    "contact_name": "Written here",
    "contact_phone": "000",
    "contact_email": "here@example.org",
    "website": "https://here.example",
    "schedule_note": "Written here",
    "capacity_status": "paused",
    "waitlist_weeks": 3,
    "paused_until": "2030-01-01",
    "themes": ["money"],
}


def test_the_history_labels_every_snapshot_field() -> None:
    assert set(versions.LABELS[RecordType.SERVICE]) == FIELDS


def filled_in_service_form(
    make_organisation: Any, make_neighbourhood: Any
) -> tuple[Snapshot, Snapshot, dict[str, Any]]:
    """Return a new service's snapshot, the one the form makes of it with every field filled
    in, and the form's choices of places and neighbourhoods."""
    organisation = make_organisation()
    hall = Location(organisation=organisation, name="The hall", address_1="1 Hall St", town="X")
    db.session.add(hall)
    db.session.flush()
    hood = make_neighbourhood()
    typed = MultiDict(
        {
            "name": "Walks",
            "description": "Weekly walks.",
            "status": "temporarily_closed",
            "themes": "getting_out",
            "access_methods": "drop_in",
            "delivery_methods": "in_person",
            "accessibility": "step_free",
            "locations": hall.uuid,
            "eligibility_description": "Over 50s",
            "min_age": "50",
            "max_age": "99",
            "is_free": "false",
            "fee_description": "£2",
            "languages": "Urdu, Polish",
            "keywords": "rambling",
            "contact_name": "Ann",
            "contact_phone": "01204 000001",
            "contact_email": "ann@example.org",
            "website": "https://example.org",
            "schedule_note": "Not on bank holidays",
            "monday": "10:00-12:00",
            "area_borough": "true",
            "area_neighbourhoods": hood.code,
            "area_radius_location": hall.uuid,
            "area_radius_km": "2.5",
        }
    )
    choices = {
        "location_names": {hall.uuid: hall.name},
        "places": {hall.uuid: hall.name},
        "neighbourhoods": {hood.code},
    }
    loaded = schemas.ServiceFormSchema().load(form_data(typed, schemas.LIST_FIELDS))
    new = snapshots.new_service_snapshot()
    return new, schemas.service_snapshot_from_form(new, loaded, **choices), choices


def test_the_service_form_and_the_capacity_form_write_every_snapshot_field(
    app_ctx: Any, make_organisation: Any, make_neighbourhood: Any
) -> None:
    new, proposed, _ = filled_in_service_form(make_organisation, make_neighbourhood)

    written = versions.changed_fields(RecordType.SERVICE, new, proposed)
    assert written == FIELDS - set(snapshots.CAPACITY_FIELDS)
    assert set(schemas.CapacityFormSchema().fields) == set(snapshots.CAPACITY_FIELDS)


def test_the_service_form_shows_every_field_it_writes_as_it_writes_it(
    app_ctx: Any, make_organisation: Any, make_neighbourhood: Any
) -> None:
    new, proposed, choices = filled_in_service_form(make_organisation, make_neighbourhood)

    shown = schemas.service_form_values(proposed, choices["places"])
    # Sent back as a browser sends the form it was shown, unchanged.
    sent = MultiDict(
        {
            name: value if isinstance(value, list) else "" if value is None else str(value)
            for name, value in shown.items()
        }
    )
    loaded = schemas.ServiceFormSchema().load(form_data(sent, schemas.LIST_FIELDS))
    assert schemas.service_snapshot_from_form(new, loaded, **choices) == proposed


def test_an_import_rewrites_the_fields_it_reads_from_the_feed_and_keeps_the_rest(
    app_ctx: Any,
) -> None:
    record = ServiceIn().load(example())

    def run_import() -> Service:
        importer = OpenReferralImporter("https://feed.example/oruk")
        assert importer.prepare([record]) == []
        importer.apply(record)
        db.session.flush()
        return db.session.scalars(db.select(Service)).one()

    service = run_import()
    # Every field set here to what no feed record gives, then the feed read again.
    versions.apply_snapshot(service, snapshots.snapshot_service(service) | WRITTEN_HERE)
    before = snapshots.snapshot_service(service)
    after = snapshots.snapshot_service(run_import())

    rewritten = {name for name in FIELDS - set(snapshots.PARTS) if before[name] != after[name]}
    assert rewritten == set(mapper.FROM_THE_FEED)
    assert set(mapper.FROM_THE_FEED) | set(mapper.NOT_IN_THE_FEED) | set(snapshots.PARTS) == FIELDS


def test_a_csv_import_rewrites_the_fields_its_columns_say_and_keeps_the_rest(
    app_ctx: Any, make_postcode: Any
) -> None:
    make_postcode("BL1 8AA", 53.60, -2.43)
    cells = {
        "id": "walks-1",
        "organisation_name": "Walkers",
        "service_name": "Walks",
        "description": "Weekly walks.",
        "themes": "getting_out",
        "access_methods": "self_referral",
        "delivery_methods": "in_person",
        "accessibility": "step_free",
        "languages": "Urdu; Polish",
        "keywords": "rambling",
        "eligibility": "Over 50s",
        "min_age": "50",
        "max_age": "99",
        "is_free": "no",
        "fee_description": "£2",
        "contact_name": "Ann",
        "contact_phone": "01204 000001",
        "contact_email": "ann@example.org",
        "website": "https://example.org",
        "opening_times": "Mon 10:00-12:00",
        "schedule_note": "Not on bank holidays",
        "location_name": "The hall",
        "address_1": "1 Hall Street",
        "town": "Bolton",
        "postcode": "BL1 8AA",
        "capacity_status": "waitlist",
        "waitlist_weeks": "4",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_io.COLUMN_NAMES)
    writer.writeheader()
    writer.writerow(cells)

    def run_import() -> Service:
        report = csv_io.import_csv(
            io.StringIO(out.getvalue()), source_name="t.csv", now=datetime(2026, 3, 2, tzinfo=UTC)
        )
        assert report.problems == []
        return db.session.scalars(db.select(Service)).one()

    service = run_import()
    versions.apply_snapshot(
        service,
        snapshots.snapshot_service(service)
        | WRITTEN_HERE
        | {"schedules": [], "areas": [{"kind": "borough"}], "locations": []},
    )
    before = snapshots.snapshot_service(service)
    after = snapshots.snapshot_service(run_import())

    rewritten = {name for name in FIELDS if before[name] != after[name]}
    assert rewritten == set(csv_io.FROM_THE_CSV)
    assert set(csv_io.FROM_THE_CSV) | set(csv_io.NOT_IN_THE_CSV) == FIELDS
