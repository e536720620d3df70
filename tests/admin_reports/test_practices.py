"""Reports filtered and broken down by the client's GP practice and primary care network."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role
from admin.reports import commissioning
from admin.reports.filters import parse_filter
from core.extensions import db
from directory.practices import Practice
from tests.admin_reports.test_views import RANGE, rows_of


@pytest.fixture
def practices(borough):
    """c1 at Y91001 and c2 at Y91002 (both in U91001); c3 has no practice recorded."""
    made = {
        "p1": Practice(
            ods_code="Y91001", name="Fictional Mill Surgery", pcn_code="U91001",
            pcn_name="Fictional Central PCN",
        ),
        "p2": Practice(
            ods_code="Y91002", name="Fictional Moor Surgery", pcn_code="U91001",
            pcn_name="Fictional Central PCN",
        ),
        "p3": Practice(ods_code="Y91003", name="Fictional Lone Surgery"),
    }  # fmt: skip
    db.session.add_all(made.values())
    borough.clients["c1"].practice = made["p1"]
    borough.clients["c2"].practice = made["p2"]
    db.session.flush()
    return made


def test_the_funnel_breaks_down_by_practice_and_pcn(app_ctx, borough, practices, period):
    found = commissioning.funnel_report(period)
    by_practice = {row.name: (row.organisation, row.counts.sent) for row in found.practices}
    assert by_practice == {
        "Fictional Mill Surgery (Y91001)": ("Fictional Central PCN", 3),
        "Fictional Moor Surgery (Y91002)": ("Fictional Central PCN", 2),
        commissioning.NO_PRACTICE: ("", 2),
    }
    assert found.practices[-1].name == commissioning.NO_PRACTICE
    [central, none] = found.pcns
    assert (central.name, none.name) == ("Fictional Central PCN (U91001)", commissioning.NO_PCN)
    # c1: r1 declined, r2 completed, r8 in progress; c2: r4 declined, r6 withdrawn.
    counts = central.counts
    assert (counts.sent, counts.accepted, counts.declined, counts.completed) == (5, 3, 2, 1)
    assert counts.withdrawn == 1 and counts.in_progress == 1
    assert none.counts.sent == 2 and (none.counts.expired, none.counts.awaiting) == (1, 1)
    assert sum(row.counts.sent for row in found.pcns) == found.overall.sent


def test_the_practice_and_pcn_filters(app_ctx, borough, practices, with_filter):
    assert commissioning.funnel_report(with_filter(practice_code="Y91001")).overall.sent == 3
    assert commissioning.funnel_report(with_filter(pcn_code="U91001")).overall.sent == 5
    assert commissioning.funnel_report(with_filter(practice_code="Y91003")).overall.sent == 0
    assert commissioning.actions_report(with_filter(practice_code="Y91002")).clients == 1
    assert commissioning.actions_report(with_filter(pcn_code="U91001")).clients == 2
    assert commissioning.actions_report(with_filter(practice_code="Y91003")).clients == 0


def test_filter_arguments_are_ods_codes():
    today = date(2026, 7, 1)
    report, errors = parse_filter({"practice": "y91001", "pcn": "U91001"}, today)
    assert not errors and (report.practice_code, report.pcn_code) == ("Y91001", "U91001")
    assert report.query_args()["practice"] == "Y91001"
    _report, errors = parse_filter({"practice": "'; drop table client; --"}, today)
    assert errors["practice"] == ["Enter an ODS code: 3 to 8 letters and digits"]


def test_the_referrals_page_and_csv_by_practice_and_pcn(app_ctx, borough, practices, client, login):
    db.session.commit()
    login(client, borough.lead)
    page = client.get("/admin/reports/referrals", query_string=RANGE).get_data(as_text=True)
    assert "By the client&#39;s GP practice" in page and "By primary care network" in page
    assert '<option value="Y91001">Fictional Mill Surgery (Y91001)</option>' in page
    assert "Y91003" not in page  # no clients there: not offered as a filter
    assert '<option value="U91001">Fictional Central PCN (U91001)</option>' in page
    rows = rows_of(client.get("/admin/reports/referrals/referrals-by-pcn.csv", query_string=RANGE))
    assert [row[:2] for row in rows] == [
        ["Primary care network", "Sent"],
        ["Fictional Central PCN (U91001)", "5"],
        [commissioning.NO_PCN, "<5"],  # 2, suppressed
    ]
    filtered = client.get(
        "/admin/reports/referrals/referrals-by-practice.csv",
        query_string={**RANGE, "practice": "Y91001"},
    )
    assert [row[:3] for row in rows_of(filtered)[1:]] == [
        ["Fictional Mill Surgery (Y91001)", "Fictional Central PCN", "<5"]
    ]
    bad = client.get("/admin/reports/referrals", query_string={**RANGE, "pcn": "<b>"})
    assert bad.status_code == 400 and "Enter an ODS code" in bad.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROVIDER])
def test_only_the_lead_sees_the_breakdown(
    app_ctx, borough, practices, client, login, make_user, role
):
    other = make_user(roles=[role])
    db.session.commit()
    login(client, other)
    response = client.get("/admin/reports/referrals/referrals-by-practice.csv")
    assert response.status_code in (403, 404)
