"""Provider edits: trusted publish at once, others go to moderation; history and revert."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.models import Role
from core.errors import InvalidTransition, PermissionDenied
from core.extensions import db
from core.outbox import OutboxMessage
from directory import editing, moderation, versions
from directory.change_models import ChangeStatus, ProposedChange, RecordType
from directory.editing import EditOutcome
from tests.listings.conftest import NOW


@pytest.fixture
def setup(app_ctx, make_service, make_organisation, make_user, lead):
    organisation = make_organisation(name="Friends of Moss Bank")
    service = make_service(organisation=organisation, name="Walking group")
    provider = make_user("pat@example.org", Role.PROVIDER, organisation=organisation, name="Pat")
    return organisation, service, provider


def renamed(service, name):
    proposed = versions.snapshot(service)
    proposed["name"] = name
    return proposed


def test_untrusted_edit_becomes_a_proposed_change_and_changes_nothing(setup):
    organisation, service, provider = setup
    verified = service.last_verified_at
    outcome = editing.save_edit(service, renamed(service, "Health walks"), provider, NOW, "Edit")
    assert outcome is EditOutcome.PROPOSED
    assert service.name == "Walking group"
    assert service.last_verified_at == verified
    change = db.session.scalars(db.select(ProposedChange)).one()
    assert change.status is ChangeStatus.PENDING
    assert [c.label for c in moderation.review(change).changes] == ["Name"]


def test_trusted_edit_publishes_at_once_and_counts_as_verification(setup):
    organisation, service, provider = setup
    organisation.trusted = True
    outcome = editing.save_edit(service, renamed(service, "Health walks"), provider, NOW, "Edit")
    assert outcome is EditOutcome.PUBLISHED
    assert service.name == "Health walks"
    assert service.last_verified_at == NOW
    assert service.verified_by == "Pat"
    assert db.session.scalar(db.select(db.func.count(ProposedChange.id))) == 0
    numbers = [v.number for v in versions.history(RecordType.SERVICE, service.uuid)]
    assert numbers == [2, 1]


def test_unchanged_save_does_nothing(setup):
    organisation, service, provider = setup
    organisation.trusted = True
    verified = service.last_verified_at
    outcome = editing.save_edit(service, versions.snapshot(service), provider, NOW, "Edit")
    assert outcome is EditOutcome.UNCHANGED
    assert service.last_verified_at == verified
    assert versions.history(RecordType.SERVICE, service.uuid) == []


def test_stranger_cannot_edit(setup, make_user, make_organisation):
    _, service, _ = setup
    other = make_user("x@example.org", Role.PROVIDER, organisation=make_organisation())
    with pytest.raises(PermissionDenied):
        editing.save_edit(service, renamed(service, "Hijack"), other, NOW, "Edit")


def test_approve_publishes_records_version_and_emails(setup, lead):
    _, service, provider = setup
    editing.save_edit(service, renamed(service, "Health walks"), provider, NOW, "Edit")
    change = db.session.scalars(db.select(ProposedChange)).one()
    moderation.approve(change, lead, NOW + timedelta(hours=1))
    assert service.name == "Health walks"
    assert change.status is ChangeStatus.APPROVED
    assert service.last_verified_at == NOW + timedelta(hours=1)
    latest = versions.history(RecordType.SERVICE, service.uuid)[0]
    assert latest.author_name == "Pat"
    assert "Health walks" in str(latest.snapshot)
    mail = db.session.scalars(db.select(OutboxMessage)).all()
    assert [m.recipient for m in mail] == ["pat@example.org"]
    with pytest.raises(InvalidTransition):
        moderation.approve(change, lead, NOW)


def test_provider_cannot_approve(setup):
    _, service, provider = setup
    editing.save_edit(service, renamed(service, "Health walks"), provider, NOW, "Edit")
    change = db.session.scalars(db.select(ProposedChange)).one()
    with pytest.raises(PermissionDenied):
        moderation.approve(change, provider, NOW)


def test_reject_emails_the_reason_and_leaves_the_listing(setup, lead):
    _, service, provider = setup
    editing.save_edit(service, renamed(service, "Health walks"), provider, NOW, "Edit")
    change = db.session.scalars(db.select(ProposedChange)).one()
    moderation.reject(change, lead, "Please keep the name people know", NOW)
    assert service.name == "Walking group"
    assert change.status is ChangeStatus.REJECTED
    mail = db.session.scalars(db.select(OutboxMessage)).one()
    assert mail.recipient == "pat@example.org"
    assert "Please keep the name people know" in mail.text_body


def test_stale_proposal_is_detected_and_merges_only_its_own_fields(setup, lead):
    _, service, provider = setup
    editing.save_edit(service, renamed(service, "Health walks"), provider, NOW, "Edit")
    change = db.session.scalars(db.select(ProposedChange)).one()
    # Meanwhile the lead changes the description directly.
    newer = versions.snapshot(service)
    newer["description"] = "Now on Fridays"
    editing.save_edit(service, newer, lead, NOW, "Lead edit")
    review = moderation.review(change)
    assert review.is_stale
    assert review.conflicts == []
    moderation.approve(change, lead, NOW)
    assert service.name == "Health walks"
    assert service.description == "Now on Fridays"


def test_second_edit_replaces_the_pending_proposal(setup):
    _, service, provider = setup
    editing.save_edit(service, renamed(service, "One"), provider, NOW, "Edit")
    editing.save_edit(service, renamed(service, "Two"), provider, NOW, "Edit")
    change = db.session.scalars(db.select(ProposedChange)).one()
    assert change.proposed["name"] == "Two"


def test_revert_restores_an_earlier_version(setup, lead):
    organisation, service, provider = setup
    organisation.trusted = True
    editing.save_edit(service, renamed(service, "Health walks"), provider, NOW, "Edit")
    proposed = versions.snapshot(service)
    proposed["schedules"] = [
        {"weekday": 1, "opens_at": "10:00", "closes_at": "12:00", "location": None}
    ]
    proposed["themes"] = ["health"]
    editing.save_edit(service, proposed, provider, NOW, "Edit")
    assert len(service.schedules) == 1
    versions.revert(service, 1, lead, NOW)
    assert service.name == "Walking group"
    assert service.schedules == []
    assert [t.value for t in service.themes] == ["friends_and_family"]
    history = versions.history(RecordType.SERVICE, service.uuid)
    assert history[0].summary == "Reverted to version 1"
    assert [
        c.label for c in versions.diff(RecordType.SERVICE, history[1].snapshot, history[0].snapshot)
    ] == [
        "Name",
        "Themes",
        "Opening times",
    ]
    with pytest.raises(PermissionDenied):
        versions.revert(service, 2, provider, NOW)


def test_location_edit_is_geocoded_through_the_gazetteer(setup, make_postcode, lead):
    organisation, service, provider = setup
    make_postcode("BL3 5AB", 53.57, -2.44)
    organisation.trusted = True
    outcome, location = editing.add_location(
        organisation,
        {"name": "Hall", "address_1": "1 Road", "town": "Bolton", "postcode": "BL3 5AB"},
        provider,
        NOW,
    )
    assert outcome is EditOutcome.PUBLISHED
    assert (location.latitude, location.longitude) == (53.57, -2.44)
