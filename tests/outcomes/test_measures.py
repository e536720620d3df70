"""Outcome measures as data: SWEMWBS, an area's own measure, recording and summaries."""

from __future__ import annotations

import json
from datetime import date

import pytest
from flask import g

from accounts.models import AuditEvent
from core.errors import Conflict
from core.extensions import db
from referrals.measure_models import MeasureResult
from referrals.measures import (
    SHIPPED,
    BadMeasureTable,
    defined_measures,
    enabled_measures,
    measure_summaries,
    read_measures,
)
from referrals.models import AssessmentStage
from tests.outcomes.conftest import SWEMWBS_ITEMS, swemwbs

# The published SWEMWBS raw-to-metric conversion table, raw 7 to 35.
METRIC = [7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36, 16.88, 17.43,
          17.98, 18.59, 19.25, 19.98, 20.73, 21.54, 22.35, 23.21, 24.11, 25.03, 26.02, 27.03,
          28.13, 29.31, 30.70, 32.55, 35.00]  # fmt: skip


def test_swemwbs_is_shipped_with_its_items_scale_conversion_and_licence():
    measure = read_measures(SHIPPED)["swemwbs"]
    assert [item.key for item in measure.items] == list(SWEMWBS_ITEMS)
    assert measure.items[0].text == "I’ve been feeling optimistic about the future"
    assert measure.items[-1].text == "I’ve been able to make up my own mind about things"
    assert measure.scale == (
        (1, "None of the time"),
        (2, "Rarely"),
        (3, "Some of the time"),
        (4, "Often"),
        (5, "All of the time"),
    )
    assert measure.conversion == {raw: METRIC[raw - 7] for raw in range(7, 36)}
    assert "NHS Health Scotland, University of Warwick and University of Edinburgh" in (
        measure.copyright
    )
    assert "permission" in measure.licence
    assert measure.score(swemwbs(7)) == (7, 7.00)
    assert measure.score(swemwbs(21)) == (21, 19.25)
    assert measure.score(swemwbs(35)) == (35, 35.00)


def test_scoring_refuses_missing_and_out_of_scale_answers():
    measure = read_measures(SHIPPED)["swemwbs"]
    with pytest.raises(Conflict):
        measure.score({"optimistic": 3})
    with pytest.raises(Conflict):
        measure.score({**swemwbs(14), "useful": 6})


def test_swemwbs_is_off_unless_the_area_switches_it_on(app_ctx):
    app_ctx.config["MEASURES_ENABLED"] = []
    assert enabled_measures() == []
    app_ctx.config["MEASURES_ENABLED"] = "swemwbs, unknown"
    assert [m.key for m in enabled_measures()] == ["swemwbs"]


def _measure_file(tmp_path, **changes):
    row = {
        "key": "loneliness3",
        "name": "Three-item loneliness scale",
        "scale": [{"value": 1, "label": "Hardly ever"}, {"value": 2, "label": "Some of the time"},
                  {"value": 3, "label": "Often"}],
        "items": [{"key": "companionship", "text": "How often do you feel you lack companionship?"},
                  {"key": "left_out", "text": "How often do you feel left out?"},
                  {"key": "isolated", "text": "How often do you feel isolated from others?"}],
        "scoring": {"method": "sum", "higher_is_better": False},
    }  # fmt: skip
    row.update(changes)
    path = tmp_path / f"measures-{len(changes)}-{sorted(changes)}.json"
    path.write_text(json.dumps({"measures": [row]}), encoding="utf-8")
    return path


def test_an_area_adds_its_own_measure_without_code(app_ctx, tmp_path):
    app_ctx.config["MEASURES_FILE"] = str(_measure_file(tmp_path))
    app_ctx.config["MEASURES_ENABLED"] = ["swemwbs", "loneliness3"]
    assert [m.key for m in enabled_measures()] == ["swemwbs", "loneliness3"]
    own = defined_measures()["loneliness3"]
    assert own.conversion is None and own.raw_range == (3, 9)
    assert own.score({"companionship": 3, "left_out": 2, "isolated": 1}) == (6, 6.0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"key": "Bad Key"}, "lower-case"),
        ({"scoring": {"method": "mean"}}, "only scoring method"),
        ({"scoring": {"method": "sum", "conversion": {"3": 1.0}}}, "every total 3-9"),
        ({"scale": [{"value": 1, "label": "Only"}]}, "two or more"),
        ({"items": []}, "different keys"),
        ({"key": "swemwbs"}, "defined twice"),
        ({"name": None, "scale": None}, "needs name"),
    ],
)
def test_a_malformed_definition_is_refused_saying_why(tmp_path, changes, message):
    with pytest.raises(BadMeasureTable, match=message):
        read_measures(SHIPPED, _measure_file(tmp_path, **changes))


def signed_in(app, login, user):
    g.pop("_login_user", None)
    browser = app.test_client()
    login(browser, user)
    return browser


def _form(raw: int, stage: str = "start", **extra: str) -> dict[str, str]:
    answers = {f"item-{key}": str(value) for key, value in swemwbs(raw).items()}
    return {"stage": stage, **answers, **extra}


def test_a_coordinator_records_swemwbs_through_the_page(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.commit()
    browser = signed_in(app_ctx, login, caseload.coordinator)
    page = browser.get(f"/clients/{person.id}/measures/swemwbs")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1" in text and "I’ve been feeling useful" in text
    assert "© NHS Health Scotland" in text
    form = _form(
        28, "review", **{"taken_on-day": "2", "taken_on-month": "1", "taken_on-year": "2026"}
    )
    saved = browser.post(f"/clients/{person.id}/measures/swemwbs", data=form)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#measures")
    result = db.session.scalars(
        db.select(MeasureResult)
        .where(MeasureResult.client_id == person.id)
        .order_by(MeasureResult.id.desc())
    ).first()
    assert (result.raw_score, result.score, result.stage) == (28, 25.03, AssessmentStage.REVIEW)
    assert result.taken_on == date(2026, 1, 2) and result.recorded_by_id == caseload.coordinator.id
    assert db.session.scalar(
        db.select(AuditEvent).where(
            AuditEvent.record_type == "measure_result", AuditEvent.record_id == str(result.id)
        )
    )
    client_page = browser.get(f"/clients/{person.id}").get_data(as_text=True)
    assert "Record SWEMWBS" in client_page and "Outcome measures" in client_page


def test_a_bad_form_is_reshown_with_errors_and_input_kept(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.commit()
    browser = signed_in(app_ctx, login, caseload.coordinator)
    before = db.session.scalar(db.select(db.func.count()).select_from(MeasureResult))
    form = _form(14)
    form.pop("item-relaxed")
    form["item-useful"] = "9"
    form["stage"] = "whenever"
    answer = browser.post(f"/clients/{person.id}/measures/swemwbs", data=form)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "There is a problem" in text
    assert "Choose an answer for “I’ve been feeling relaxed”" in text
    assert "Choose an answer for “I’ve been feeling useful”" in text
    assert "Choose when this is" in text
    assert 'value="5" checked' in text  # the answers given are kept (optimistic: 5)
    after = db.session.scalar(db.select(db.func.count()).select_from(MeasureResult))
    assert after == before


def test_other_people_cannot_record_or_name_unknown_measures(app_ctx, login, caseload):
    person = caseload.walkers[0]
    db.session.commit()
    other = signed_in(app_ctx, login, caseload.other_coordinator)
    assert other.get(f"/clients/{person.id}/measures/swemwbs").status_code == 404
    assert other.post(f"/clients/{person.id}/measures/swemwbs", data=_form(14)).status_code == 404
    own = signed_in(app_ctx, login, caseload.coordinator)
    assert own.get(f"/clients/{person.id}/measures/wemwbs14").status_code == 404
    assert own.get(f"/clients/{person.id}/measures/..%2Fetc").status_code == 404
    assert own.get("/clients/999999/measures/swemwbs").status_code == 404
    app_ctx.config["MEASURES_ENABLED"] = []
    assert own.get(f"/clients/{person.id}/measures/swemwbs").status_code == 404


def test_measure_summaries_give_first_and_latest_scores(app_ctx, caseload):
    (summary,) = measure_summaries(caseload.walkers[0])
    assert (summary.key, summary.short_name, summary.times) == ("swemwbs", "SWEMWBS", 2)
    assert (summary.first_score, summary.last_score) == (15.32, 19.25)
    assert summary.first_stage is AssessmentStage.START
    assert summary.last_stage is AssessmentStage.SIGN_OFF
    assert summary.change == pytest.approx(3.93)
    assert summary.first_on < summary.last_on


def test_a_broken_area_file_stops_the_app_at_start(tmp_path, database_url):
    from tests.conftest import make_app

    broken = tmp_path / "broken.json"
    broken.write_text('{"measures": [{"key": "x", "scoring": {"method": "sum"}}]}')
    with pytest.raises(BadMeasureTable, match="x: needs name, scale, items and scoring"):
        make_app(database_url, tmp_path, MEASURES_FILE=str(broken))
