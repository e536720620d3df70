"""Which services move outcomes, breakdowns by group, and suppression in every report."""

from __future__ import annotations

import csv
import io

import pytest
from flask import g

from admin.reports.tables import PEOPLE, TEXT
from admin.reports.views import REPORTS
from core.extensions import db
from core.suppression import SUPPRESSED, figure_for, suppressed

SMALL = {"1", "2", "3", "4"}


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def by_first_cell(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row for row in rows[1:]}


def test_the_suppression_rule():
    assert [suppressed(n) for n in (0, 1, 4, 5, 12)] == [0, SUPPRESSED, SUPPRESSED, 5, 12]
    assert suppressed(None) is None
    assert figure_for(2.5, 4) == SUPPRESSED and figure_for(2.5, 5) == 2.5
    assert figure_for(None, 0) is None


def test_the_lead_sees_change_per_destination_service(app_ctx, client, login, caseload):
    db.session.commit()
    login(client, caseload.lead)
    page = client.get("/admin/reports/services")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1" in text and "Walking group" in text
    rows = by_first_cell(rows_of(client.get("/admin/reports/services/outcomes-by-service.csv")))
    header = rows_of(client.get("/admin/reports/services/outcomes-by-service.csv"))[0]
    walking = dict(zip(header, rows["Walking group"], strict=True))
    assert walking["Referrals completed"] == "6" and walking["People"] == "6"
    assert walking["With a later wheel"] == "6" and walking["Wheel change (points)"] == "2.000"
    assert walking["With ONS4 twice"] == "6" and walking["Life satisfaction change"] == "3.000"
    assert walking["Worthwhile change"] == "0.000"
    assert walking["With SWEMWBS twice"] == "6" and walking["SWEMWBS change"] == "3.930"
    # Money advice: two people, so every count is <5 and no average is shown.
    money = dict(zip(header, rows["Money advice"], strict=True))
    assert money["Referrals completed"] == SUPPRESSED and money["People"] == SUPPRESSED
    assert money["Wheel change (points)"] == SUPPRESSED
    assert money["SWEMWBS change"] == SUPPRESSED
    assert "+2.00" in text and "+3.93" in text


def signed_in(app, login, user):
    """A fresh test client signed in as `user`.

    Requests share the test's app context, so Flask-Login's cached user is dropped first.
    """
    g.pop("_login_user", None)
    browser = app.test_client()
    login(browser, user)
    return browser


def test_a_provider_sees_its_own_services_only(app_ctx, login, caseload):
    db.session.commit()
    client = signed_in(app_ctx, login, caseload.provider_a)
    page = client.get("/provider/outcomes").get_data(as_text=True)
    assert "Walking group" in page and "Money advice" not in page
    rows = rows_of(client.get("/provider/outcomes.csv"))
    assert [row[0] for row in rows[1:]] == ["Walking group"]
    client = signed_in(app_ctx, login, caseload.provider_b)
    page = client.get("/provider/outcomes").get_data(as_text=True)
    assert "Money advice" in page and "Walking group" not in page
    rows = rows_of(client.get("/provider/outcomes.csv"))
    assert [row[0] for row in rows[1:]] == ["Money advice"]
    assert rows[1][2:4] == [SUPPRESSED, SUPPRESSED]
    # Tampering with the lead's filters changes nothing: a provider's view is its own.
    tampered = client.get(
        "/provider/outcomes.csv",
        query_string={
            "organisation": caseload.organisation_a.id,
            "group": "ethnic_group:white_british",
        },
    )
    assert [row[0] for row in rows_of(tampered)[1:]] == ["Money advice"]
    bad = client.get("/provider/outcomes", query_string={"from": "2026-13-01"})
    assert bad.status_code == 400 and "There is a problem" in bad.get_data(as_text=True)


@pytest.mark.parametrize("name", ["services", "groups"])
def test_the_new_reports_are_the_leads_alone(app_ctx, client, login, caseload, name):
    db.session.commit()
    anonymous = client.get(f"/admin/reports/{name}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    for user in (caseload.coordinator, caseload.provider_a):
        assert signed_in(app_ctx, login, user).get(f"/admin/reports/{name}").status_code == 403
    assert signed_in(app_ctx, login, caseload.lead).get(f"/admin/reports/{name}").status_code == 200


def test_a_coordinator_and_the_lead_cannot_open_the_provider_page(app_ctx, client, login, caseload):
    db.session.commit()
    for user in (caseload.coordinator, caseload.lead):
        browser = signed_in(app_ctx, login, user)
        assert browser.get("/provider/outcomes").status_code == 403
        assert browser.get("/provider/outcomes.csv").status_code == 403


def test_breakdown_by_ethnic_group_and_deprivation(app_ctx, client, login, caseload):
    db.session.commit()
    login(client, caseload.lead)
    rows = by_first_cell(
        rows_of(
            client.get(
                "/admin/reports/groups/outcomes-by-group.csv", query_string={"by": "ethnic_group"}
            )
        )
    )
    british = rows["White: English, Welsh, Scottish, Northern Irish or British"]
    assert british[1:4] == ["6", "6", "6"] and british[5] == "2.000"
    indian = rows["Asian, Asian British or Asian Welsh: Indian"]
    assert indian[1:4] == [SUPPRESSED] * 3 and indian[5] == SUPPRESSED
    assert rows["Prefer not to say"][1] == "0" and rows["Not recorded"][1] == "0"
    deprived = by_first_cell(
        rows_of(
            client.get(
                "/admin/reports/groups/outcomes-by-group.csv", query_string={"by": "deprivation"}
            )
        )
    )
    assert deprived["Decile 1 (most deprived)"][1] == "6"
    assert deprived["Decile 9"][1] == SUPPRESSED
    page = client.get("/admin/reports/groups", query_string={"by": "source"})
    assert page.status_code == 200 and "Added by a co-ordinator" in page.get_data(as_text=True)
    assert client.get("/admin/reports/groups", query_string={"by": "shoe_size"}).status_code == 400


def test_a_group_narrows_every_report_and_the_gap_map(app_ctx, client, login, caseload):
    db.session.commit()
    login(client, caseload.lead)
    group = {"group": "ethnic_group:white_british"}
    services = by_first_cell(
        rows_of(client.get("/admin/reports/services/outcomes-by-service.csv", query_string=group))
    )
    assert set(services) == {"Walking group"}
    indian = {"group": "ethnic_group:asian_indian"}
    services = by_first_cell(
        rows_of(
            client.get("/admin/reports/referrals/referrals-by-service.csv", query_string=indian)
        )
    )
    assert set(services) == {"Money advice"} and services["Money advice"][2] == SUPPRESSED
    deprived = {"group": "deprivation:1"}
    services = by_first_cell(
        rows_of(
            client.get("/admin/reports/services/outcomes-by-service.csv", query_string=deprived)
        )
    )
    assert set(services) == {"Walking group"}
    gap = client.get("/admin/gaps", query_string=group)
    assert gap.status_code == 200 and "Group of people" in gap.get_data(as_text=True)
    for bad in ("ethnic_group:martian", "shoe_size:9", "deprivation:11", "practice:Y90001"):
        answer = client.get("/admin/reports/actions", query_string={"group": bad})
        assert answer.status_code == 400, bad
        assert "Choose a group from the list" in answer.get_data(as_text=True)
        assert client.get("/admin/gaps", query_string={"group": bad}).status_code == 400


@pytest.mark.parametrize("group", [None, "ethnic_group:asian_indian", "deprivation:9"])
def test_no_report_table_or_csv_shows_a_count_under_five(app_ctx, client, login, caseload, group):
    """Every report's people counts (and counts written as text), in every CSV: never 1 to 4."""
    db.session.commit()
    login(client, caseload.lead)
    query = {"group": group} if group else {}
    from admin.reports.filters import parse_filter
    from core.models import utcnow

    report, _ = parse_filter(query, utcnow().date())
    for name, found in REPORTS.items():
        for table in found.build(report).tables:
            rows = rows_of(client.get(f"/admin/reports/{name}/{table.key}.csv", query_string=query))
            for column_index, column in enumerate(table.columns):
                if column_index and column.kind in (PEOPLE, TEXT):
                    cells = {row[column_index] for row in rows[1:]}
                    assert not cells & SMALL, (name, table.key, column.header, cells)
    gap_rows = rows_of(client.get("/admin/gaps.csv", query_string=query))
    for row in gap_rows[1:]:
        assert not {row[3], row[4], row[5]} & SMALL


def test_measure_change_is_reported_per_theme(app_ctx, client, login, caseload):
    db.session.commit()
    login(client, caseload.lead)
    rows = by_first_cell(rows_of(client.get("/admin/reports/wheel/measures-by-theme.csv")))
    # The six walkers first scored every theme 2 (low); the two savers scored 3.
    for theme in ("Friends and family", "Money"):
        assert rows[theme][1:] == ["6", "6", "3.930"], theme
    page = client.get("/admin/reports/wheel").get_data(as_text=True)
    assert "Outcome measure change by theme" in page


def test_without_measures_switched_on_no_measure_columns_appear(app_ctx, client, login, caseload):
    app_ctx.config["MEASURES_ENABLED"] = []
    db.session.commit()
    login(client, caseload.lead)
    header = rows_of(client.get("/admin/reports/services/outcomes-by-service.csv"))[0]
    assert not [name for name in header if "SWEMWBS" in name]
    assert client.get("/admin/reports/wheel/measures-by-theme.csv").status_code == 404


def test_theme_narrows_the_services_report_to_referrals_for_it(app_ctx, client, login, caseload):
    db.session.commit()
    login(client, caseload.lead)
    url = "/admin/reports/services/outcomes-by-service.csv"
    friends = by_first_cell(rows_of(client.get(url, query_string={"theme": "friends_and_family"})))
    assert set(friends) == {"Walking group", "Money advice"}  # all referred for company
    assert by_first_cell(rows_of(client.get(url, query_string={"theme": "money"}))) == {}


def test_charts_show_suppressed_figures_as_under_five(app_ctx, client, login, caseload):
    db.session.commit()
    login(client, caseload.lead)
    page = client.get(
        "/admin/reports/referrals", query_string={"group": "ethnic_group:asian_indian"}
    ).get_data(as_text=True)
    # Two referrals: the funnel (sent 2, accepted 2, completed 2) is not drawn at all.
    assert 'id="chart-funnel' not in page
    assert "Declined referrals by reason" in page


def test_a_suppressed_bar_draws_nothing_and_reads_under_five():
    from admin.reports.charts import bar_chart

    chart = bar_chart("c", "Title", [("A", 10), ("B", SUPPRESSED), ("C", None)])
    assert [(bar.text, bar.width > 0) for bar in chart.bars] == [
        ("10", True),
        (SUPPRESSED, False),
        ("none", False),
    ]
    assert "B: <5" in chart.description
