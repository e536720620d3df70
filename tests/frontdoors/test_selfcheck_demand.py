"""The self-check's demand signal: anonymous counts by postcode district, theme and month."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select

from core.extensions import db
from core.models import utcnow
from directory.themes import Theme
from frontdoors.demand import SMALL_COUNT, count_flags, self_check_counts
from frontdoors.models import SelfCheckDemand
from tests.frontdoors.test_selfcheck import FLAGGED, POSTCODE, answer_all


def counters() -> dict[tuple[str, Theme, date], int]:
    return {
        (row.outward, row.theme, row.month): row.count
        for row in db.session.scalars(select(SelfCheckDemand))
    }


def test_a_finished_check_adds_one_per_flagged_theme_to_its_district_once(demo: Flask) -> None:
    month = utcnow().date().replace(day=1)
    client = demo.test_client()
    answer_all(client)
    with demo.app_context():
        assert counters() == {("BL1", theme, month): 1 for theme in FLAGGED}
    # Going back over the postcode page, or seeing the report again, does not count twice.
    client.get("/self-check/report")
    assert client.post("/self-check/postcode", data={"postcode": "BL3 6AF"}).status_code == 302
    with demo.app_context():
        assert counters() == {("BL1", theme, month): 1 for theme in FLAGGED}
    # The counter holds no person: no id, no time finer than the month, no full postcode.
    columns = {column.name for column in SelfCheckDemand.__table__.columns}
    assert columns == {"outward", "theme", "month", "count"}
    # Someone else finishing adds to the same counters.
    answer_all(demo.test_client())
    with demo.app_context():
        assert counters() == {("BL1", theme, month): 2 for theme in FLAGGED}
        assert POSTCODE not in str(counters())


def test_starting_again_counts_the_new_check(demo: Flask) -> None:
    client = demo.test_client()
    answer_all(client)
    client.post("/self-check/start-again")
    answer_all(client, {Theme.HEALTH: "yes"})
    with demo.app_context():
        found = {theme: number for (_o, theme, _m), number in counters().items()}
    assert found == {**dict.fromkeys(FLAGGED, 1), Theme.HEALTH: 1}


def test_no_flags_count_nothing(demo: Flask) -> None:
    answer_all(demo.test_client(), {})
    with demo.app_context():
        assert counters() == {}


def test_small_counts_are_suppressed_and_months_add_up(app_ctx) -> None:
    for _ in range(SMALL_COUNT - 1):
        count_flags("BL3 6AF", [Theme.MONEY], date(2026, 3, 31))
    count_flags("bl3 6af", [Theme.MONEY, Theme.MONEY], date(2026, 4, 1))  # one per theme
    count_flags("BL1 1BQ", [Theme.MONEY], date(2026, 4, 2))
    assert counters()[("BL3", Theme.MONEY, date(2026, 4, 1))] == 1
    assert self_check_counts(date(2026, 3, 15), date(2026, 4, 30)) == {("BL3", Theme.MONEY): 5}
    # March alone has four: suppressed, as is BL1's one.
    assert self_check_counts(date(2026, 3, 1), date(2026, 3, 31)) == {}
