"""Equality monitoring: optional, explained, "prefer not to say" always, versioned, audited."""

from __future__ import annotations

from flask import g

from accounts.models import AuditEvent
from core.extensions import db
from referrals.equality import QUESTIONS, monitoring_of
from referrals.equality_models import EqualityMonitoring


def signed_in(app, login, user):
    g.pop("_login_user", None)
    browser = app.test_client()
    login(browser, user)
    return browser


def test_every_question_offers_prefer_not_to_say_and_the_census_groups():
    assert [q.field for q in QUESTIONS] == [
        "sex",
        "gender_identity",
        "ethnic_group",
        "religion",
        "disability",
        "carer",
        "first_language",
    ]
    for question in QUESTIONS:
        assert question.answers[-1] == ("prefer_not_to_say", "Prefer not to say")
        codes = [code for code, _ in question.answers]
        assert len(codes) == len(set(codes))
    ethnic = next(q for q in QUESTIONS if q.field == "ethnic_group")
    assert len(ethnic.answers) == 19 + 1  # the 2021 census's 19 groups, and prefer not to say
    assert ethnic.label_of("white_roma") == "White: Roma"
    assert ethnic.label_of(None) == "Not recorded"


def test_the_page_explains_and_saves_answers(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.commit()
    browser = signed_in(app_ctx, login, caseload.coordinator)
    page = browser.get(f"/clients/{person.id}/equality")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1" in text
    assert page.headers["Cache-Control"] == "no-store"
    assert "These questions are optional" in text and "groups of at least five" in text
    assert text.count('value="prefer_not_to_say"') == len(QUESTIONS)
    version = monitoring_of(person).version
    saved = browser.post(
        f"/clients/{person.id}/equality",
        data={
            "version": str(version),
            "sex": "female",
            "ethnic_group": "black_caribbean",
            "religion": "prefer_not_to_say",
        },
    )
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#equality")
    db.session.expire_all()
    record = monitoring_of(person)
    assert (record.sex, record.ethnic_group, record.religion) == (
        "female",
        "black_caribbean",
        "prefer_not_to_say",
    )
    assert record.carer is None  # not asked
    assert record.updated_by_id == caseload.coordinator.id
    audited = db.session.scalars(
        db.select(AuditEvent.action).where(
            AuditEvent.record_type == "equality_monitoring", AuditEvent.record_id == str(record.id)
        )
    ).all()
    assert "edit" in audited
    assert "Answers recorded." in browser.get(f"/clients/{person.id}").get_data(as_text=True)


def test_a_first_save_creates_the_record(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.delete(monitoring_of(person))
    db.session.commit()
    browser = signed_in(app_ctx, login, caseload.coordinator)
    assert "Not asked yet." in browser.get(f"/clients/{person.id}").get_data(as_text=True)
    saved = browser.post(f"/clients/{person.id}/equality", data={"carer": "50_hours_or_more"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert monitoring_of(person).carer == "50_hours_or_more"


def test_an_unknown_answer_is_refused_by_field_with_input_kept(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.commit()
    browser = signed_in(app_ctx, login, caseload.coordinator)
    answer = browser.post(
        f"/clients/{person.id}/equality",
        data={"sex": "female", "religion": "<script>alert(1)</script>"},
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "There is a problem" in text
    assert 'href="#religion"' in text and "Choose an answer for religion" in text
    assert "<script>alert(1)</script>" not in text
    assert 'value="female" checked' in text
    db.session.expire_all()
    assert monitoring_of(person).religion is None


def test_a_stale_save_is_refused_with_input_kept(app_ctx, login, caseload):
    person = caseload.walkers[0]
    record = monitoring_of(person)
    old_version = record.version
    record.sex = "male"
    db.session.commit()
    assert record.version == old_version + 1
    browser = signed_in(app_ctx, login, caseload.coordinator)
    answer = browser.post(
        f"/clients/{person.id}/equality",
        data={"version": str(old_version), "sex": "female", "ethnic_group": "white_irish"},
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "This record changed while you were editing it" in text
    assert 'value="female" checked' in text and 'value="white_irish" checked' in text
    db.session.expire_all()
    assert monitoring_of(person).sex == "male"


def test_nobody_else_can_see_or_change_the_answers(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.commit()
    for user in (caseload.other_coordinator,):
        browser = signed_in(app_ctx, login, user)
        assert browser.get(f"/clients/{person.id}/equality").status_code == 404
        assert (
            browser.post(f"/clients/{person.id}/equality", data={"sex": "male"}).status_code == 404
        )
    for user in (caseload.lead, caseload.provider_a):
        browser = signed_in(app_ctx, login, user)
        assert browser.get(f"/clients/{person.id}/equality").status_code == 403
    db.session.expire_all()
    assert monitoring_of(person).sex is None
    assert db.session.scalar(db.select(db.func.count()).select_from(EqualityMonitoring)) == 8
