"""The outcomes API: the pages' rules, field-level 400s, a stale equality save is a 409."""

from __future__ import annotations

from flask import g

from core.extensions import db
from referrals.equality import monitoring_of
from tests.outcomes.conftest import swemwbs


def signed_in(app, login, user):
    g.pop("_login_user", None)
    browser = app.test_client()
    login(browser, user)
    return browser


def test_measures_are_listed_with_summaries_and_recorded(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.commit()
    api = signed_in(app_ctx, login, caseload.coordinator)
    listed = api.get(f"/api/v1/clients/{person.id}/measures")
    body = listed.get_json()
    assert listed.status_code == 200 and body["enabled"] == ["swemwbs"]
    assert [r["score"] for r in body["results"]] == [15.32, 19.25]
    (summary,) = body["summaries"]
    assert summary["measure"] == "swemwbs" and round(summary["change"], 2) == 3.93
    made = api.post(
        f"/api/v1/clients/{person.id}/measures",
        json={"measure": "swemwbs", "stage": "review", "answers": swemwbs(35)},
    )
    assert made.status_code == 201, made.get_json()
    assert (made.get_json()["raw_score"], made.get_json()["score"]) == (35, 35.0)


def test_bad_measure_bodies_get_field_errors(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.commit()
    api = signed_in(app_ctx, login, caseload.coordinator)
    url = f"/api/v1/clients/{person.id}/measures"
    unknown = api.post(url, json={"measure": "phq9", "stage": "start", "answers": {}})
    assert unknown.status_code == 400
    assert "measure" in str(unknown.get_json())
    answers = {**swemwbs(14), "useful": 7, "shoe_size": 3}
    del answers["relaxed"]
    bad = api.post(url, json={"measure": "swemwbs", "stage": "start", "answers": answers})
    assert bad.status_code == 400
    text = str(bad.get_json())
    assert "relaxed" in text and "useful" in text and "shoe_size" in text
    for hostile in ([], "x", {"measure": ["swemwbs"]}, {"answers": {"a": "1"}}):
        assert api.post(url, json=hostile).status_code == 400


def test_equality_is_read_and_replaced_with_version_checks(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.commit()
    api = signed_in(app_ctx, login, caseload.coordinator)
    url = f"/api/v1/clients/{person.id}/equality"
    answer = api.get(url)
    assert answer.headers["Cache-Control"] == "no-store"
    read = answer.get_json()
    assert read["ethnic_group"] == "white_british" and read["sex"] is None
    saved = api.put(url, json={"version": read["version"], "sex": "male", "carer": "no"})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["sex"] == "male"
    assert saved.get_json()["ethnic_group"] is None  # replaced: a missing answer clears it
    stale = api.put(url, json={"version": read["version"], "sex": "female"})
    assert stale.status_code == 409
    assert stale.get_json()["current"]["sex"] == "male"
    bad = api.put(url, json={"sex": "robot", "religion": "jedi"})
    assert bad.status_code == 400
    text = str(bad.get_json())
    assert "Choose an answer for sex" in text and "Choose an answer for religion" in text
    db.session.expire_all()
    assert monitoring_of(person).sex == "male"


def test_other_people_get_nothing(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.commit()
    for user in (caseload.other_coordinator, caseload.provider_a, caseload.lead):
        api = signed_in(app_ctx, login, user)
        assert api.get(f"/api/v1/clients/{person.id}/equality").status_code == 404
        assert api.get(f"/api/v1/clients/{person.id}/measures").status_code == 404
        assert api.put(f"/api/v1/clients/{person.id}/equality", json={}).status_code == 404
    anonymous = app_ctx.test_client()
    g.pop("_login_user", None)
    assert anonymous.get(f"/api/v1/clients/{person.id}/equality").status_code == 401
