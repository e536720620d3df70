"""Report and gap-map pages through the test client: figures, filters, errors and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from core.extensions import db
from directory.themes import Theme
from frontdoors.demand import count_flags

RANGE = {"from": "2026-01-01", "to": "2026-06-30"}


@pytest.fixture
def lead_client(app, client, borough, login):
    db.session.commit()
    login(client, borough.lead)
    return client


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_each_report_page_shows_its_figures(app_ctx, lead_client):
    page = lead_client.get("/admin/reports/actions", query_string=RANGE).get_data(as_text=True)
    assert "Completion by kind of action" in page and "<svg" in page
    assert 'role="img"' in page and "style=" not in page
    referrals = lead_client.get("/admin/reports/referrals", query_string=RANGE)
    assert "Declined referrals by reason" in referrals.get_data(as_text=True)
    wheel = lead_client.get("/admin/reports/wheel", query_string=RANGE).get_data(as_text=True)
    # Friends and family's average change (+2.00) is of fewer than 5 people: not shown.
    assert "+2.00" not in wheel and "&lt;5" in wheel
    listings = lead_client.get("/admin/reports/listings").get_data(as_text=True)
    assert "Never checked" in listings
    assert lead_client.get("/admin/reports/nothing").status_code == 404
    assert "Gap map" in lead_client.get("/admin/reports/").get_data(as_text=True)


def test_bad_dates_show_field_errors(app_ctx, lead_client):
    response = lead_client.get("/admin/reports/actions?from=2026-13-01&to=2026-01-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert 'href="#from"' in page and "Enter a real date" in page
    assert "Completion by kind of action" not in page
    assert lead_client.get("/admin/gaps?from=2026-05-01&to=2026-01-01").status_code == 400


def test_report_csv_matches_the_figures(app_ctx, lead_client):
    rows = rows_of(
        lead_client.get("/admin/reports/actions/actions-by-kind.csv", query_string=RANGE)
    )
    assert rows[0] == [
        "Kind of action",
        "Actions",
        "Done",
        "Not done",
        "Still open",
        "Completion rate",
    ]
    # Counts of 1 to 4 are suppressed; a rate of 5 or more closed actions is shown.
    assert rows[1] == ["Referral through Signpost", "7", "<5", "<5", "<5", "20.0"]
    assert rows[-1] == ["All kinds", "12", "<5", "5", "<5", "44.4"]
    services = rows_of(
        lead_client.get(
            "/admin/reports/referrals/referrals-by-service.csv",
            query_string={**RANGE, "theme": "friends_and_family"},
        )
    )
    assert services[1][:4] == ["Alpha friendship club", services[1][1], "<5", "<5"]
    disposition = lead_client.get(
        "/admin/reports/wheel/wheel-change.csv", query_string=RANGE
    ).headers["Content-Disposition"]
    assert disposition == "attachment; filename=signpost-wheel-change-2026-01-01-to-2026-06-30.csv"
    assert lead_client.get("/admin/reports/wheel/nope.csv").status_code == 404


def test_csv_defuses_formulas_in_names(app_ctx, lead_client, borough):
    borough.services["s1"].name = "=HYPERLINK(1)"
    db.session.commit()
    rows = rows_of(
        lead_client.get("/admin/reports/referrals/referrals-by-service.csv", query_string=RANGE)
    )
    assert rows[1][0] == "'=HYPERLINK(1)"


def test_gap_map_page_table_sorting_and_csv(app_ctx, lead_client):
    query = {**RANGE, "theme": "friends_and_family"}
    page = lead_client.get("/admin/gaps", query_string=query).get_data(as_text=True)
    assert "The gap score is need divided by one more than support" in page
    assert "within 1 km, about a 15-minute walk" in page  # GAP_WALK_KM
    assert "data-geojson=" in page and "/admin/gaps/E05000001?" in page
    assert '"name": "Alpha"' in page and '"fill": "#0f385c"' in page  # labelled, darkest
    assert "Key: gap score" in page and "sp-map__swatch--4" in page
    assert 'class="sp-scroll-box" role="region" aria-label="Support and need by neighbourhood"' in (
        page
    )
    # Biggest gap first by default: Beta 4.25 (s2, 1.3 km away, is beyond a walk), Alpha 2.9,
    # Gamma 0.0.
    assert page.index(">Beta</a>") < page.index(">Alpha</a>") < page.index(">Gamma</a>")
    by_name = lead_client.get("/admin/gaps", query_string={**query, "sort": "name", "dir": "desc"})
    text = by_name.get_data(as_text=True)
    assert text.index(">Gamma</a>") < text.index(">Beta</a>") < text.index(">Alpha</a>")
    assert 'aria-sort="descending"' in text
    nearest = lead_client.get("/admin/gaps", query_string={**query, "sort": "nearest"})
    text = nearest.get_data(as_text=True)
    assert text.index(">Beta</a>") < text.index(">Alpha</a>")  # Beta 1.3 km, Alpha 0.56 km
    rows = rows_of(lead_client.get("/admin/gaps.csv", query_string=query))
    assert rows[0][0] == "Neighbourhood" and rows[0][-1] == "Gap score"
    assert rows[0][3] == "Nearest with room (km)" and rows[0][8] == "Self-check flags"
    alpha = next(row for row in rows if row[0] == "Alpha")
    # Services are not people: shown. Low wheels, referrals and turn-aways (1, 3, 1): <5.
    assert alpha[1:] == ["1", "1.00", "0.56", "<5", "<5", "<5", "0.75", "0.00", "5.75", "2.88"]


def test_neighbourhood_page_and_csv(app_ctx, lead_client):
    page = lead_client.get("/admin/gaps/E05000001", query_string=RANGE).get_data(as_text=True)
    assert "Unmet needs in Alpha" in page and "North walking group" in page
    rows = rows_of(
        lead_client.get("/admin/gaps/E05000001/nearest-services.csv", query_string=RANGE)
    )
    assert rows[1][:3] == ["Friends and family", "Alpha friendship club", rows[1][2]]
    assert lead_client.get("/admin/gaps/E09999999").status_code == 404


def test_reports_are_for_the_capacity_lead_only(app_ctx, client, borough, login):
    db.session.commit()
    login(client, borough.coordinator_x)
    assert client.get("/admin/gaps").status_code == 403
    assert client.get("/admin/reports/actions/actions-by-kind.csv").status_code == 403


def test_self_check_flags_reach_the_gap_csv_and_pages_only_from_five(app_ctx, lead_client):
    query = {**RANGE, "theme": "friends_and_family"}
    for _ in range(4):
        count_flags("BL9 1AA", [Theme.FRIENDS_AND_FAMILY], date(2026, 2, 1))
    db.session.commit()

    def alpha(path: str) -> list[str]:
        rows = rows_of(lead_client.get(path, query_string=query))
        return next(row for row in rows if row[0] in {"Alpha", "Friends and family"})

    assert alpha("/admin/gaps.csv")[8] == "0.00"  # four people: suppressed
    assert alpha("/admin/gaps/E05000001/unmet-needs.csv")[7] == "0.00"
    count_flags("BL9 1AA", [Theme.FRIENDS_AND_FAMILY], date(2026, 2, 1))
    db.session.commit()
    assert alpha("/admin/gaps.csv")[8] == "3.75"  # 5 x BL9's 3/4 share in Alpha
    assert alpha("/admin/gaps/E05000001/unmet-needs.csv")[7] == "3.75"
    page = lead_client.get("/admin/gaps", query_string=query).get_data(as_text=True)
    assert "at least 5 people flagged it" in page
