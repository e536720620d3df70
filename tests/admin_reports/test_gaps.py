"""Gap map figures against the hand-worked borough in conftest.py, and on the demo borough.

The hand-worked borough has no gazetteer postcodes, so each neighbourhood is stood for by its
centre (coverage is 0 or 1); the reach tests below add postcodes to see shares of homes.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from admin.reports import gaps
from admin.reports.filters import ReportFilter
from core.extensions import db
from core.models import utcnow
from directory.gazetteer import Postcode
from directory.models import CapacityStatus, DeliveryMethod
from directory.themes import Theme
from frontdoors.demand import count_flags
from tests.admin_reports.conftest import REACH_KM, WAITLIST_WEIGHT, F, H, M

TODAY = utcnow().date()  # s8's pause ended yesterday, relative to the real date
REACH = gaps.Reach(walk_km=REACH_KM, travel_km=3.5, waitlist_weight=WAITLIST_WEIGHT)


def rows_by_name(found: gaps.GapMap) -> dict[str, gaps.GapRow]:
    return {row.hood.name: row for row in found.rows}


def test_supply_counts_locations_areas_radius_and_waitlists_but_not_services_without_room(
    app_ctx, borough
):
    hoods = gaps.neighbourhoods()
    supply = gaps.compute_supply(hoods, TODAY, REACH)
    s, h = borough.services, borough.hoods
    assert supply.reach[s["s1"].id] == {h["A"].id}
    assert supply.reach[s["s2"].id] == {h["B"].id}
    assert s["s3"].id not in supply.reach  # paused: no room, reaches nobody
    assert supply.reach[s["s4"].id] == {h["C"].id}
    assert supply.reach[s["s5"].id] == {h["A"].id}
    assert supply.reach[s["s6"].id] == set()  # 3 km away: beyond a walk
    assert s["s7"].id not in supply.reach  # closed for good
    assert supply.reach[s["s8"].id] == {h["C"].id}
    assert supply.weights[s["s2"].id] == 0.5
    assert supply.weights[s["s8"].id] == 1.0  # its pause has ended


def test_older_peoples_and_transport_services_reach_further(app_ctx, borough):
    s, h = borough.services, borough.hoods
    s["s6"].min_age = 60
    db.session.flush()
    supply = gaps.compute_supply(gaps.neighbourhoods(), TODAY, REACH)
    assert supply.reach[s["s6"].id] == {h["A"].id}  # 3 km is within travel distance
    s["s6"].min_age = None
    s["s6"].description = "We run a minibus from your door."
    db.session.flush()
    supply = gaps.compute_supply(gaps.neighbourhoods(), TODAY, REACH)
    assert supply.reach[s["s6"].id] == {h["A"].id}


def test_reach_counts_the_share_of_homes_within_walking_distance(app_ctx, borough, make_service):
    h = borough.hoods
    # Alpha's homes: the conftest's three at its centre, two more near it and two 1.7 km west
    # (beyond a 1 km walk from s1).
    for i, (lat, lon) in enumerate(
        [(53.58, -2.43), (53.581, -2.431), (53.58, -2.456), (53.581, -2.456)]
    ):
        db.session.add(
            Postcode(
                postcode=f"BL1 {i}AA",
                outward="BL1",
                latitude=lat,
                longitude=lon,
                neighbourhood_code=h["A"].code,
            )
        )
    db.session.flush()
    walk = gaps.Reach(walk_km=1.0, travel_km=3.0, waitlist_weight=0.5)
    supply = gaps.compute_supply(gaps.neighbourhoods(), TODAY, walk)
    s1 = borough.services["s1"]
    assert supply.coverage[s1.id] == {h["A"].id: pytest.approx(5 / 7)}
    assert supply.support(h["A"].id, F) == pytest.approx(5 / 7)
    # A home-visiting service reaches every home in its area, however far from its base.
    visits = make_service(
        name="Home visits",
        themes=[F],
        lat=53.50,
        lon=-2.30,
        delivery_methods=[DeliveryMethod.HOME_VISIT.value],
        areas=[{"kind": "neighbourhood", "neighbourhood_id": h["A"].id}],
    )
    # An in-person group limited to Beta's residents reaches no Alpha home, even nearby.
    make_service(
        name="Beta residents only",
        themes=[F],
        lat=53.58,
        lon=-2.43,
        delivery_methods=[DeliveryMethod.IN_PERSON.value],
        areas=[{"kind": "neighbourhood", "neighbourhood_id": h["B"].id}],
    )
    supply = gaps.compute_supply(gaps.neighbourhoods(), TODAY, walk)
    assert supply.coverage[visits.id] == {h["A"].id: 1.0}
    assert supply.support(h["A"].id, F) == pytest.approx(1 + 5 / 7)
    # A phone line with no area reaches the whole borough.
    phone = make_service(name="Phone line", themes=[M], delivery_methods=["phone"])
    supply = gaps.compute_supply(gaps.neighbourhoods(), TODAY, walk)
    assert set(supply.coverage[phone.id]) == {hood.id for hood in h.values()}


def test_gap_map_for_one_theme(app_ctx, borough, with_filter):
    found = gaps.gap_map(with_filter(theme=F), TODAY, REACH)
    rows = rows_by_name(found)
    alpha, beta, gamma = rows["Alpha"], rows["Beta"], rows["Gamma"]
    # Alpha: c2's latest wheel scores F 2; r1, r2 and r8 made, r1 turned away; 3/4 of BL9.
    assert (alpha.need.low_wheel, alpha.need.referrals, alpha.need.turned_away) == (1, 3, 1)
    assert alpha.need.searches == pytest.approx(0.75)
    assert (alpha.services, alpha.supply) == (1, 1.0)  # s1; paused s3 has no room
    assert alpha.score == pytest.approx(5.75 / 2)
    assert alpha.nearest_km == pytest.approx(0.56, abs=0.01)  # s1
    # Beta: c3 (April wheel F 2), r3 expired and r7 waiting, a quarter of BL9; s2 half.
    assert (beta.need.low_wheel, beta.need.referrals, beta.need.turned_away) == (1, 2, 1)
    assert beta.need.searches == pytest.approx(0.25)
    assert (beta.services, beta.supply) == (1, 0.5)
    assert beta.score == pytest.approx(4.25 / 1.5)
    assert gamma.need.total == 0 and gamma.supply == 1.0 and gamma.score == 0
    assert gamma.nearest_km == pytest.approx(0.0)  # s8 at its centre
    assert found.unplaced_searches == 1


def test_gap_map_other_themes_and_all_themes(app_ctx, borough, with_filter):
    money = rows_by_name(gaps.gap_map(with_filter(theme=M), TODAY, REACH))
    assert (money["Alpha"].need.low_wheel, money["Alpha"].need.referrals) == (1, 2)
    assert money["Alpha"].score == pytest.approx(3 / 2)
    assert money["Alpha"].nearest_km is None  # money help here only comes to people
    assert money["Gamma"].need.searches == 1 and money["Gamma"].score == pytest.approx(0.5)
    assert money["Beta"].supply == 0 and money["Beta"].score == 0

    every = rows_by_name(gaps.gap_map(with_filter(), TODAY, REACH))
    assert every["Alpha"].need.total == pytest.approx(5.75 + 3 + 1)  # F, M and health
    assert (every["Alpha"].services, every["Alpha"].supply) == (2, 2.0)
    assert every["Alpha"].score == pytest.approx(9.75 / 3)
    # Beta also has a search with no theme, which only counts here.
    assert every["Beta"].need.total == pytest.approx(5.25)
    assert every["Beta"].score == pytest.approx(5.25 / 1.5)
    assert every["Gamma"].score == pytest.approx(1 / 3)


def test_team_filter_narrows_client_need_but_not_searches(app_ctx, borough, with_filter):
    rows = rows_by_name(gaps.gap_map(with_filter(theme=F, team_id=borough.team.id), TODAY, REACH))
    assert (rows["Beta"].need.low_wheel, rows["Beta"].need.referrals) == (0, 0)
    assert rows["Beta"].need.searches == pytest.approx(0.25)


def test_walking_distance_is_configurable(app_ctx, borough, with_filter):
    far = gaps.Reach(walk_km=3.5, travel_km=3.5, waitlist_weight=0.5)
    rows = rows_by_name(gaps.gap_map(with_filter(theme=F), TODAY, far))
    assert rows["Alpha"].services == 2  # s6, 3 km away, now reaches Alpha
    assert rows["Alpha"].supply == 2.0


def test_self_check_flags_count_as_need_only_from_five_up(app_ctx, borough, with_filter):
    # BL9 is shared 3/4 Alpha, 1/4 Beta (conftest's gazetteer).
    for _ in range(4):
        count_flags("BL9 1AA", [F], date(2026, 3, 10))
    rows = rows_by_name(gaps.gap_map(with_filter(theme=F), TODAY, REACH))
    assert rows["Alpha"].need.self_check == 0  # four people: suppressed
    count_flags("BL9 2BB", [F, M], date(2026, 3, 28))
    rows = rows_by_name(gaps.gap_map(with_filter(theme=F), TODAY, REACH))
    assert rows["Alpha"].need.self_check == pytest.approx(5 * 0.75)
    assert rows["Beta"].need.self_check == pytest.approx(5 * 0.25)
    assert rows["Alpha"].need.total == pytest.approx(5.75 + 3.75)
    money = rows_by_name(gaps.gap_map(with_filter(theme=M), TODAY, REACH))
    assert money["Alpha"].need.self_check == 0  # one money flag


def test_demo_borough_scores_discriminate(demo_app):
    """On the demo, support and gap scores spread widely across neighbourhoods."""
    with demo_app.app_context():
        today = utcnow().date()
        reach = gaps.Reach(1.0, 3.0, 0.5)
        supply = gaps.compute_supply(gaps.neighbourhoods(), today, reach)
        # No service reaches every home in the borough by walking distance alone.
        year = ReportFilter(date_from=today - timedelta(days=365), date_to=today)
        for theme in (Theme.GETTING_OUT, Theme.HOBBIES, Theme.FRIENDS_AND_FAMILY):
            rows = gaps.gap_map(
                ReportFilter(year.date_from, year.date_to, theme=theme), today, reach
            ).rows
            support = sorted(row.supply for row in rows)
            assert support[-1] >= 2 * support[0] + 1, (theme, support)
        rows = gaps.gap_map(
            ReportFilter(year.date_from, year.date_to, theme=Theme.GETTING_OUT), today, reach
        ).rows
        support = {row.hood.name: row.supply for row in rows}
        # The seed's README: no located "getting out" services in Bromley Cross or Hulton.
        assert support["Bromley Cross"] < support["Halliwell"] / 2
        assert support["Hulton"] < support["Halliwell"] / 2
        nearest = {row.hood.name: row.nearest_km for row in rows}
        assert all(distance is not None for distance in nearest.values())
        assert max(nearest.values()) > 1.5 and min(nearest.values()) < 0.8
        assert len(supply.weights) > 150  # the demo's services with room
        every = gaps.gap_map(year, today, reach).rows
        scores = sorted(row.score for row in every if row.need.total)
        assert scores[-1] >= 3 * scores[0], scores


def test_outward_code_shares_follow_the_gazetteer(app_ctx, borough):
    by_code = {hood.code: hood.id for hood in gaps.neighbourhoods()}
    shares = gaps.outward_shares({"BL9", "ZZ1"}, by_code)
    assert shares == {
        "BL9": {borough.hoods["A"].id: 0.75, borough.hoods["B"].id: 0.25},
    }


def test_neighbourhood_detail_lists_needs_and_nearest_services(app_ctx, borough, with_filter):
    hood = gaps.find_hood("E05000001")
    detail = gaps.neighbourhood_gaps(hood, with_filter(), TODAY, REACH)
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
    assert money.nearest[0].distance_km is None  # it comes to people; its area covers Alpha
    assert detail.themes[2].nearest == []  # nothing offers health support


def test_gap_score_rule():
    assert gaps.gap_score(0, 0) == 0
    assert gaps.gap_score(4, 0) == 4
    assert gaps.gap_score(4, 1) == 2


def test_a_refuge_counts_from_where_the_public_may_think_it_is(
    app_ctx, borough, make_service, with_filter
):
    """Moving a refuge's true address changes no figure: the map cannot be used to find it."""
    refuge = make_service(
        name="Safe house support",
        themes=[F],
        lat=53.581,
        lon=-2.431,
        confidential=True,
        neighbourhood=borough.hoods["A"],
    )
    before = gaps.gap_map(with_filter(theme=F), TODAY, REACH)
    location = refuge.locations[0]
    location.latitude, location.longitude = 53.575, -2.425  # elsewhere in Alpha
    db.session.flush()
    after = gaps.gap_map(with_filter(theme=F), TODAY, REACH)
    assert [(r.services, r.supply, r.nearest_km) for r in before.rows] == [
        (r.services, r.supply, r.nearest_km) for r in after.rows
    ]
    supply = gaps.compute_supply(gaps.neighbourhoods(), TODAY, REACH)
    assert (53.575, -2.425) not in supply.points.get(refuge.id, [])
    assert (53.581, -2.431) not in supply.points.get(refuge.id, [])
