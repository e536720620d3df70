"""A CSV import's problems are written for the person fixing the file: no "Not a valid integer"."""

from __future__ import annotations

from tests.listings.test_csv import csv_text, gazetteer, row, run  # noqa: F401


def test_numbers_in_a_csv_get_plain_messages(gazetteer):  # noqa: F811 - imported fixture
    report = run(
        csv_text(
            row(min_age="ten", max_age="200", waitlist_weeks="soon", capacity_status="waitlist")
        )
    )
    messages = {p.field: p.message for p in report.problems}
    assert messages["min_age"] == "Enter the minimum age as a whole number, like 0"
    assert messages["max_age"] == "Enter the maximum age from 0 to 120"
    assert messages["waitlist_weeks"] == "Enter the wait in weeks as a whole number, like 1"
    assert not any("Not a valid" in message for message in messages.values())
