"""Accepting a referral into the service codes it; so is a first contact, once an area codes it."""

from __future__ import annotations

import json

from sqlalchemy import select

from core.extensions import db
from referrals.coding_models import CodedEntry
from referrals.intake_models import IntakeReferral
from tests.intake.test_intake import log_phoned_in, move


def _coded(app, referral_id: int) -> list[tuple[str, str, str]]:
    with app.app_context():
        client_id = db.session.get(IntakeReferral, referral_id).client_id
        entries = db.session.scalars(
            select(CodedEntry).where(CodedEntry.client_id == client_id).order_by(CodedEntry.id)
        )
        return [(e.event, e.concept_id, e.recorded_on.isoformat()) for e in entries]


def _accept_after_contact(app, client, people) -> tuple[int, str]:
    referral_id = log_phoned_in(app, client, people)
    assert move(app, client, referral_id, move="reached").status_code == 302
    with app.app_context():
        contacted = db.session.get(IntakeReferral, referral_id).first_contact_at.date()
    assert move(app, client, referral_id, move="accept").status_code == 302
    return referral_id, contacted.isoformat()


def test_accepting_codes_the_referral_and_not_the_uncoded_first_contact(app, client, people):
    referral_id, _ = _accept_after_contact(app, client, people)
    [(event, concept, _)] = _coded(app, referral_id)
    assert (event, concept) == ("referral_to_social_prescribing", "871731000000106")


def test_an_area_code_for_first_contact_is_used_on_its_day(app, client, people, tmp_path):
    extra = tmp_path / "codes.json"
    extra.write_text(json.dumps({
        "source": {"url": "https://example.nhs.uk/area-codes"},
        "codes": [{"event": "first_contact", "concept_id": "306238000", "term": "A test term",
                   "use": "test only"}],
    }))  # fmt: skip
    app.config["SNOMED_EXTRA_CODES"] = str(extra)
    referral_id, contacted_on = _accept_after_contact(app, client, people)
    assert [(e, c) for e, c, _ in _coded(app, referral_id)] == [
        ("referral_to_social_prescribing", "871731000000106"),
        ("first_contact", "306238000"),
    ]
    assert _coded(app, referral_id)[1][2] == contacted_on
