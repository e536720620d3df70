"""The edit form, the version history and the Open Referral import agree on a service's fields.

Each is checked by what it does, not by what it declares: the form changes every snapshot field
but capacity (the capacity form's), and an import rewrites exactly the fields it says it reads
from the feed and keeps the others.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from core.extensions import db
from core.forms import form_data
from directory import schemas, snapshots, versions
from directory.change_models import RecordType
from directory.models import Location, Service
from openreferral import mapper
from openreferral.mapper import OpenReferralImporter, ServiceIn
from tests.openreferral.test_sync import example

FIELDS = set(snapshots.SERVICE_SNAPSHOT.fields)


def test_the_history_labels_every_snapshot_field() -> None:
    assert set(versions.LABELS[RecordType.SERVICE]) == FIELDS


def test_the_service_form_and_the_capacity_form_write_every_snapshot_field(
    app_ctx: Any, make_organisation: Any, make_neighbourhood: Any
) -> None:
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
            "area_neighbourhoods": hood.code,
        }
    )
    loaded = schemas.ServiceFormSchema().load(form_data(typed, schemas.LIST_FIELDS))
    new = snapshots.new_service_snapshot()
    proposed = schemas.service_snapshot_from_form(
        new, loaded, {hall.uuid: hall.name}, {}, {hood.code}
    )

    written = versions.changed_fields(RecordType.SERVICE, new, proposed)
    assert written == FIELDS - set(snapshots.CAPACITY_FIELDS)
    assert set(schemas.CapacityFormSchema().fields) == set(snapshots.CAPACITY_FIELDS)


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
    versions.apply_snapshot(
        service,
        snapshots.snapshot_service(service)
        | {
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
        },
    )
    before = snapshots.snapshot_service(service)
    after = snapshots.snapshot_service(run_import())

    rewritten = {name for name in FIELDS - set(snapshots.PARTS) if before[name] != after[name]}
    assert rewritten == set(mapper.FROM_THE_FEED)
    assert set(mapper.FROM_THE_FEED) | set(mapper.NOT_IN_THE_FEED) | set(snapshots.PARTS) == FIELDS
