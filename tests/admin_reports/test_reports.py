"""Outcome report figures against the hand-worked borough in conftest.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from admin.reports import commissioning
from admin.reports.filters import parse_filter
from core.models import utcnow
from referrals.models import ActionKind
from referrals.states import ReferralReason
from tests.admin_reports.conftest import F, H, M


def kinds(found: commissioning.ActionsReport) -> dict[ActionKind, tuple[int, int, int, int]]:
    return {row.kind: (row.total, row.done, row.not_done, row.open) for row in found.rows}


def test_actions_per_client_and_completion_by_kind(app_ctx, borough, period):
    found = commissioning.actions_report(period)
    # c1..c4 have actions in the period (c5's is after it); r5's action is before it.
    assert (found.clients, found.actions, found.actions_per_client) == (4, 12, 3.0)
    by_kind = kinds(found)
    assert by_kind[ActionKind.REFERRAL] == (7, 1, 4, 2)
    assert by_kind[ActionKind.SERVICE_RECOMMENDATION] == (2, 1, 0, 1)
    assert by_kind[ActionKind.INFORMATION_GIVEN] == (1, 1, 0, 0)
    assert by_kind[ActionKind.CLIENT_ACTION] == (1, 0, 1, 0)
    assert by_kind[ActionKind.COORDINATOR_TASK] == (1, 1, 0, 0)
    rates = {row.kind: row.completion_rate for row in found.rows}
    assert rates[ActionKind.REFERRAL] == pytest.approx(1 / 5)  # open ones count neither way
    assert rates[ActionKind.SERVICE_RECOMMENDATION] == 1.0
    assert rates[ActionKind.CLIENT_ACTION] == 0.0
    assert found.total.completion_rate == pytest.approx(4 / 9)


def test_actions_filters(app_ctx, borough, with_filter):
    mine = commissioning.actions_report(with_filter(coordinator_id=borough.coordinator_x.id))
    assert (mine.clients, mine.actions, mine.actions_per_client) == (2, 8, 4.0)
    team = commissioning.actions_report(with_filter(team_id=borough.team.id))
    assert (team.clients, team.actions) == (2, 8)
    money = commissioning.actions_report(with_filter(theme=M))
    assert (money.clients, money.actions) == (1, 3)  # r4, r6 and c2's recommendation
    alpha_org = borough.services["s1"].organisation_id
    to_org = commissioning.actions_report(with_filter(organisation_id=alpha_org))
    assert kinds(to_org)[ActionKind.REFERRAL] == (3, 1, 1, 1)
    empty = commissioning.actions_report(
        with_filter(date_from=date(2020, 1, 1), date_to=date(2020, 2, 1))
    )
    assert (empty.clients, empty.actions_per_client, empty.total.completion_rate) == (0, None, None)


def test_referral_funnel_overall(app_ctx, borough, period):
    overall = commissioning.funnel_report(period).overall
    assert overall.sent == 7  # r5 was sent before the period
    assert overall.accepted == 3  # r2 completed, r6 withdrawn after accepting, r8 in progress
    assert (overall.declined, overall.completed, overall.not_completed) == (2, 1, 0)
    assert (overall.withdrawn, overall.expired, overall.awaiting, overall.in_progress) == (
        1,
        1,
        1,
        1,
    )
    assert overall.declined_by_reason == {
        ReferralReason.NO_CAPACITY: 1,
        ReferralReason.NOT_ELIGIBLE: 1,
    }
    # Answers after 2, 1, 4, 3 and 6 days; r2 completed after 11.
    assert overall.median_days_to_response == pytest.approx(3.0)
    assert overall.median_days_to_completion == pytest.approx(11.0)
    assert overall.acceptance_rate == pytest.approx(3 / 5)


def test_referral_funnel_per_organisation_and_service(app_ctx, borough, period, with_filter):
    found = commissioning.funnel_report(period)
    by_service = {row.name: row.counts for row in found.services}
    alpha = by_service["Alpha friendship club"]
    assert (alpha.sent, alpha.accepted, alpha.declined, alpha.completed, alpha.in_progress) == (
        3,
        2,
        1,
        1,
        1,
    )
    assert alpha.median_days_to_response == pytest.approx(2.0)  # 2, 1 and 6 days
    beta = by_service["Beta befriending"]
    assert (beta.sent, beta.expired, beta.awaiting, beta.median_days_to_response) == (
        2,
        1,
        1,
        None,
    )
    assert found.services[0].name == "Alpha friendship club"  # most referrals first
    organisation = borough.services["s1"].organisation
    by_org = {row.id: row.counts for row in found.organisations}
    assert by_org[organisation.id].sent == 3
    only = commissioning.funnel_report(with_filter(organisation_id=organisation.id))
    assert only.overall.sent == 3 and len(only.services) == 1
    money = commissioning.funnel_report(with_filter(theme=M)).overall
    assert (money.sent, money.declined, money.withdrawn) == (2, 1, 1)


def test_wheel_change_per_theme_and_overall(app_ctx, borough, period):
    found = commissioning.wheel_report(period)
    assert found.clients == 3  # c1, c2 and c4 took their first wheel in the period
    rows = {row.theme: row for row in found.rows}
    friends = rows[F]
    assert (friends.scored, friends.low, friends.followed_up) == (3, 3, 2)
    assert friends.low_share == 1.0
    assert friends.average_change == pytest.approx(2.0)  # c1 1->3, c2 0->2; c4 has no review
    assert (rows[M].low, rows[M].low_share, rows[M].average_change) == (0, 0.0, None)
    assert (rows[H].low, rows[H].followed_up, rows[H].average_change) == (1, 1, -1.0)
    assert rows[H].low_share == pytest.approx(1 / 3)
    overall = found.overall
    assert (overall.scored, overall.low, overall.followed_up) == (36, 4, 3)
    assert overall.average_change == pytest.approx(1.0)  # (2 + 2 - 1) / 3
    assert overall.low_share == pytest.approx(4 / 36)


def test_wheel_change_filters(app_ctx, borough, with_filter):
    team = commissioning.wheel_report(with_filter(team_id=borough.team.id))
    assert team.clients == 2
    only_f = commissioning.wheel_report(with_filter(theme=F))
    assert [row.theme for row in only_f.rows] == [F] and only_f.overall.scored == 3
    # Clients referred to the Gamma money advice organisation: c2 only.
    org = borough.services["s4"].organisation_id
    assert commissioning.wheel_report(with_filter(organisation_id=org)).clients == 1


def test_ons4_change(app_ctx, borough, period):
    found = {row.measure: row for row in commissioning.wheel_report(period).ons4}
    life = found["ons4_life_satisfaction"]
    # Only c1 answered twice in the period (4,5,6,7 then 6,6,7,3); August is after it.
    assert life.clients == 1
    assert (life.first_average, life.last_average, life.average_change) == (4.0, 6.0, 2.0)
    assert found["ons4_worthwhile"].average_change == 1.0
    assert found["ons4_happiness"].average_change == 1.0
    assert found["ons4_anxiety"].average_change == -4.0


def test_listing_health(app_ctx, borough, period, with_filter):
    health = commissioning.listing_health(period, utcnow(), 365)
    assert health.services == 7  # s7 is closed for good
    assert dict(health.bands) == {
        "Checked in the last 3 months": 3,
        "3 to 6 months ago": 1,
        "6 to 12 months ago": 1,
        "More than 12 months ago": 1,
        "Never checked": 1,
    }
    assert (health.stale, health.paused, health.waitlisted) == (2, 1, 1)
    assert health.moderation_queue == 0
    money = commissioning.listing_health(with_filter(theme=M), utcnow(), 365)
    assert (money.services, money.stale) == (2, 2)


def test_filter_schema_defaults_and_errors():
    today = date(2026, 7, 1)
    report, errors = parse_filter({}, today)
    assert not errors
    assert (report.date_from, report.date_to) == (today - timedelta(days=365), today)
    report, errors = parse_filter(
        {"from": "2026-01-01", "to": "2026-03-31", "theme": "money"}, today
    )
    assert not errors and report.theme is M and report.date_to == date(2026, 3, 31)
    assert report.query_args() == {"from": "2026-01-01", "to": "2026-03-31", "theme": "money"}
    _report, errors = parse_filter({"from": "2026-02-30", "team": "x"}, today)
    assert errors["from"] == ["Enter a real date, like 2026-04-01"]
    assert "team" in errors
    _report, errors = parse_filter({"from": "2026-05-01", "to": "2026-04-01"}, today)
    assert errors == {"from": ["The start date must be on or before the end date"]}
