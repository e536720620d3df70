"""Gap map figures against the hand-worked borough in conftest.py."""

from __future__ import annotations

import pytest

from admin import gaps
from core.models import utcnow
from directory.models import CapacityStatus
from tests.admin_reports.conftest import REACH_KM, WAITLIST_WEIGHT, F, H, M

TODAY = utcnow().date()  # s8's pause ended yesterday, relative to the real date


def rows_by_name(found: gaps.GapMap) -> dict[str, gaps.GapRow]:
    return {row.hood.name: row for row in found.rows}


def test_supply_counts_locations_areas_radius_pauses_and_waitlists(app_ctx, borough):
    hoods = gaps.neighbourhoods()
    supply = gaps.compute_supply(hoods, TODAY, REACH_KM, WAITLIST_WEIGHT)
    s, h = borough.services, borough.hoods
    assert supply.reach[s["s1"].id] == {h["A"].id}
    assert supply.reach[s["s2"].id] == {h["B"].id}
    assert supply.reach[s["s3"].id] == {h["A"].id, h["B"].id, h["C"].id}
    assert supply.reach[s["s4"].id] == {h["C"].id}
    assert supply.reach[s["s5"].id] == {h["A"].id}
    assert supply.reach[s["s6"].id] == set()
    assert s["s7"].id not in supply.reach  # closed for good
    assert supply.reach[s["s8"].id] == {h["C"].id}
    assert supply.weights[s["s2"].id] == 0.5
    assert supply.weights[s["s3"].id] == 0.0
    assert supply.weights[s["s8"].id] == 1.0  # its pause has ended


def test_gap_map_for_one_theme(app_ctx, borough, with_filter):
    found = gaps.gap_map(with_filter(theme=F), TODAY, REACH_KM, WAITLIST_WEIGHT)
    rows = rows_by_name(found)
    alpha, beta, gamma = rows["Alpha"], rows["Beta"], rows["Gamma"]
    # Alpha: c2's latest wheel scores F 2; r1, r2 and r8 made, r1 turned away; 3/4 of BL9.
    assert (alpha.need.low_wheel, alpha.need.referrals, alpha.need.turned_away) == (1, 3, 1)
    assert alpha.need.searches == pytest.approx(0.75)
    assert (alpha.services, alpha.supply) == (2, 1.0)  # s1, and paused s3 counting 0
    assert alpha.score == pytest.approx(5.75 / 2)
    # Beta: c3 (April wheel F 2), r3 expired and r7 waiting, a quarter of BL9; s2 half.
    assert (beta.need.low_wheel, beta.need.referrals, beta.need.turned_away) == (1, 2, 1)
    assert beta.need.searches == pytest.approx(0.25)
    assert (beta.services, beta.supply) == (2, 0.5)
    assert beta.score == pytest.approx(4.25 / 1.5)
    assert gamma.need.total == 0 and gamma.supply == 1.0 and gamma.score == 0
    assert found.unplaced_searches == 1


def test_gap_map_other_themes_and_all_themes(app_ctx, borough, with_filter):
    money = rows_by_name(gaps.gap_map(with_filter(theme=M), TODAY, REACH_KM, WAITLIST_WEIGHT))
    assert (money["Alpha"].need.low_wheel, money["Alpha"].need.referrals) == (1, 2)
    assert money["Alpha"].score == pytest.approx(3 / 2)
    assert money["Gamma"].need.searches == 1 and money["Gamma"].score == pytest.approx(0.5)
    assert money["Beta"].supply == 0 and money["Beta"].score == 0

    every = rows_by_name(gaps.gap_map(with_filter(), TODAY, REACH_KM, WAITLIST_WEIGHT))
    assert every["Alpha"].need.total == pytest.approx(5.75 + 3 + 1)  # F, M and health
    assert (every["Alpha"].services, every["Alpha"].supply) == (3, 2.0)
    assert every["Alpha"].score == pytest.approx(9.75 / 3)
    # Beta also has a search with no theme, which only counts here.
    assert every["Beta"].need.total == pytest.approx(5.25)
    assert every["Beta"].score == pytest.approx(5.25 / 1.5)
    assert every["Gamma"].score == pytest.approx(1 / 3)


def test_team_filter_narrows_client_need_but_not_searches(app_ctx, borough, with_filter):
    rows = rows_by_name(
        gaps.gap_map(with_filter(theme=F, team_id=borough.team.id), TODAY, 2.0, 0.5)
    )
    assert (rows["Beta"].need.low_wheel, rows["Beta"].need.referrals) == (0, 0)
    assert rows["Beta"].need.searches == pytest.approx(0.25)


def test_reach_distance_is_configurable(app_ctx, borough, with_filter):
    rows = rows_by_name(gaps.gap_map(with_filter(theme=F), TODAY, 3.5, 0.5))
    assert rows["Alpha"].services == 3  # s6, 3 km away, now reaches Alpha
    assert rows["Alpha"].supply == 2.0


def test_outward_code_shares_follow_the_gazetteer(app_ctx, borough):
    by_code = {hood.code: hood.id for hood in gaps.neighbourhoods()}
    shares = gaps.outward_shares({"BL9", "ZZ1"}, by_code)
    assert shares == {
        "BL9": {borough.hoods["A"].id: 0.75, borough.hoods["B"].id: 0.25},
    }


def test_neighbourhood_detail_lists_needs_and_nearest_services(app_ctx, borough, with_filter):
    hood = gaps.find_hood("E05000001")
    detail = gaps.neighbourhood_gaps(hood, with_filter(), TODAY, REACH_KM, WAITLIST_WEIGHT)
    assert [gap.theme for gap in detail.themes] == [F, M, H]  # 2.875, 1.5, 1.0
    friends = detail.themes[0]
    assert friends.score == pytest.approx(2.875)
    names = [service.name for service in friends.nearest]
    # Paused and closed services are not offered; distance orders the rest.
    assert names == [
        "Alpha friendship club",
        "North walking group",
        "Gamma lunch club",
        "Beta befriending",
    ]
    assert friends.nearest[0].reaches and not friends.nearest[1].reaches
    assert friends.nearest[1].distance_km == pytest.approx(3.0, abs=0.05)
    assert friends.nearest[2].capacity is CapacityStatus.ACCEPTING  # its pause has ended
    money = detail.themes[1]
    assert [s.name for s in money.nearest][0] == "Benefits bus"
    assert money.nearest[0].distance_km is None  # its area covers Alpha
    assert detail.themes[2].nearest == []  # nothing offers health support


def test_gap_score_rule():
    assert gaps.gap_score(0, 0) == 0
    assert gaps.gap_score(4, 0) == 4
    assert gaps.gap_score(4, 1) == 2
