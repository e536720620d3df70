"""Referrals by referring partner, and the referring-partner filter, against conftest.py's
hand-worked borough plus its two partner organisations (the `partners` fixture)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from admin.reports import commissioning
from admin.reports.filters import parse_filter
from core.extensions import db
from core.models import utcnow
from referrals.models import ActionKind
from referrals.states import ReferralReason
from tests.admin_reports.conftest import M

RANGE = {"from": "2026-01-01", "to": "2026-06-30"}
HEADER = [
    "Referring partner",
    "Sent",
    "Accepted",
    "Declined",
    "Completed",
    "Not completed",
    "Withdrawn",
    "Expired",
    "Awaiting answer",
    "In progress",
    "Median days to response",
    "Median days to completion",
]


def counts(row: commissioning.FunnelRow) -> tuple[int, ...]:
    c = row.counts
    return (
        c.sent,
        c.accepted,
        c.declined,
        c.completed,
        c.not_completed,
        c.withdrawn,
        c.expired,
        c.awaiting,
        c.in_progress,
    )


def by_partner(found: commissioning.FunnelReport) -> list[tuple[str, tuple[int, ...]]]:
    return [(row.name, counts(row)) for row in found.partners]


def test_referrals_by_referring_partner(app_ctx, borough, partners, period):
    found = commissioning.funnel_report(period)
    # Fire: completed, declined, expired, accepted (October's is before the period).
    # Visitors: not completed, withdrawn after accepting (so accepted), still sent.
    # No partner: the borough's seven, as its overall funnel test works out.
    assert by_partner(found) == [
        ("Fire and rescue home visits", (4, 2, 1, 1, 0, 0, 1, 0, 1)),
        ("Care and repair visitors", (3, 2, 0, 0, 1, 1, 0, 1, 0)),
        ("No referring partner", (7, 3, 2, 1, 0, 1, 1, 1, 1)),
    ]
    fire, visitors, none = found.partners
    assert (fire.id, visitors.id, none.id) == (partners.fire.id, partners.visitors.id, None)
    # Answers after 1, 2 and 3 days; completed after 5.
    assert (fire.counts.median_days_to_response, fire.counts.median_days_to_completion) == (
        pytest.approx(2.0),
        pytest.approx(5.0),
    )
    assert fire.counts.declined_by_reason == {ReferralReason.NO_CAPACITY: 1}
    assert visitors.counts.median_days_to_response == pytest.approx(1.5)
    assert visitors.counts.median_days_to_completion is None
    # The same counting as the funnel: the rows add up to the overall figures.
    assert found.overall.sent == sum(row.counts.sent for row in found.partners) == 14
    assert found.overall.accepted == sum(row.counts.accepted for row in found.partners) == 7


def test_partner_table_follows_the_report_filters(app_ctx, borough, partners, with_filter):
    money = commissioning.funnel_report(with_filter(theme=M))
    assert [(row.name, row.counts.sent) for row in money.partners] == [
        ("Care and repair visitors", 2),
        ("Fire and rescue home visits", 1),
        ("No referring partner", 2),  # always last
    ]
    # Partners' clients are on no co-ordinator's caseload: c1's r1, r2, r8 and c2's r4, r6.
    mine = commissioning.funnel_report(with_filter(coordinator_id=borough.coordinator_x.id))
    assert by_partner(mine) == [("No referring partner", (5, 3, 2, 1, 0, 1, 0, 0, 1))]
    alpha = borough.services["s1"].organisation_id
    to_alpha = commissioning.funnel_report(with_filter(organisation_id=alpha))
    assert [(row.name, row.counts.sent) for row in to_alpha.partners] == [
        ("Fire and rescue home visits", 2),
        ("No referring partner", 3),
    ]
    empty = commissioning.funnel_report(
        with_filter(date_from=date(2020, 1, 1), date_to=date(2020, 2, 1))
    )
    assert empty.partners == []


def test_partner_filter_narrows_every_referral_report(app_ctx, borough, partners, with_filter):
    fire = with_filter(referring_partner_id=partners.fire.id)
    funnel = commissioning.funnel_report(fire)
    assert funnel.overall.sent == 4
    assert [row.name for row in funnel.partners] == ["Fire and rescue home visits"]
    assert sorted(row.counts.sent for row in funnel.services) == [1, 1, 2]
    visitors = commissioning.funnel_report(with_filter(referring_partner_id=partners.visitors.id))
    assert (visitors.overall.sent, visitors.overall.not_completed) == (3, 1)

    # Actions: only the partner's referral actions (done, declined, expired, open).
    actions = commissioning.actions_report(fire)
    assert (actions.clients, actions.actions) == (1, 4)
    by_kind = {row.kind: (row.total, row.done, row.not_done, row.open) for row in actions.rows}
    assert by_kind[ActionKind.REFERRAL] == (4, 1, 2, 1)
    assert by_kind[ActionKind.SERVICE_RECOMMENDATION] == (0, 0, 0, 0)
    alpha = borough.services["s1"].organisation_id
    both = commissioning.actions_report(
        with_filter(referring_partner_id=partners.fire.id, organisation_id=alpha)
    )
    assert (both.actions, both.total.done, both.total.open) == (2, 1, 1)
    assert commissioning.actions_report(with_filter()).actions == 12 + 7

    # Wheel: clients referred in through the partner (the fire service's one has a wheel).
    assert commissioning.wheel_report(with_filter()).clients == 4
    assert commissioning.wheel_report(fire).clients == 1
    assert (
        commissioning.wheel_report(with_filter(referring_partner_id=partners.visitors.id)).clients
        == 0
    )

    # Listing health is the directory today: referrals do not come into it.
    assert commissioning.listing_health(fire, utcnow(), 365).services == 7


def test_filter_schema_reads_the_partner(app_ctx):
    report, errors = parse_filter({"partner": "7", "to": "2026-06-30"}, date(2026, 7, 1))
    assert not errors and report.referring_partner_id == 7
    assert report.query_args()["partner"] == "7"
    _report, errors = parse_filter({"partner": "fire"}, date(2026, 7, 1))
    assert "partner" in errors


@pytest.fixture
def lead_client(app, client, borough, partners, login):
    db.session.commit()
    login(client, borough.lead)
    return client


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_referral_page_shows_the_partner_table_and_filter(app_ctx, lead_client, partners):
    page = lead_client.get("/admin/reports/referrals", query_string=RANGE).get_data(as_text=True)
    assert 'id="referrals-by-partner"' in page and "By referring partner" in page
    assert "/admin/reports/referrals/referrals-by-partner.csv?" in page
    partner_select = re.search(r'<select[^>]*name="partner".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', partner_select)
    # Only organisations with a referring-partner member, by name.
    assert options == [
        ("", "All referrals"),
        (str(partners.visitors.id), "Care and repair visitors"),
        (str(partners.fire.id), "Fire and rescue home visits"),
    ]
    chosen = lead_client.get(
        "/admin/reports/actions", query_string={**RANGE, "partner": partners.fire.id}
    ).get_data(as_text=True)
    assert f'<option value="{partners.fire.id}" selected>' in chosen
    # The gap map's form offers only the theme.
    assert 'name="partner"' not in lead_client.get("/admin/gaps").get_data(as_text=True)


def test_partner_table_csv(app_ctx, lead_client, partners):
    rows = rows_of(
        lead_client.get("/admin/reports/referrals/referrals-by-partner.csv", query_string=RANGE)
    )
    assert rows == [
        HEADER,
        # Counts of 1 to 4 and medians of fewer than 5 referrals are suppressed.
        ["Fire and rescue home visits", *["<5"] * 4, "0", "0", "<5", "0", *["<5"] * 3],
        ["Care and repair visitors", "<5", "<5", "0", "0", "<5", "<5", "0", "<5", "0", "<5", ""],
        # Its median days to an answer is of 5 answers (3 accepted, 2 declined): shown.
        ["No referring partner", "7", *["<5"] * 3, "0", *["<5"] * 4, "3.00", "<5"],
    ]
    money = rows_of(
        lead_client.get(
            "/admin/reports/referrals/referrals-by-partner.csv",
            query_string={**RANGE, "theme": "money", "partner": partners.visitors.id},
        )
    )
    assert money[1:] == [
        ["Care and repair visitors", "<5", "<5", "0", "0", "<5", "0", "0", "<5", "0", "<5", ""]
    ]


def test_partner_filter_narrows_the_other_csvs(app_ctx, lead_client, partners):
    rows = rows_of(
        lead_client.get(
            "/admin/reports/actions/actions-by-kind.csv",
            query_string={**RANGE, "partner": partners.fire.id},
        )
    )
    # 4 actions, 1 done, 2 not done, 1 open: all suppressed, and the rate of 3 with them.
    assert rows[1] == ["Referral through Signpost", *["<5"] * 5]
    assert rows[-1] == ["All kinds", *["<5"] * 5]
    bad = lead_client.get("/admin/reports/referrals", query_string={**RANGE, "partner": "x"})
    assert bad.status_code == 400
