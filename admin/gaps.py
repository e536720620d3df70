"""The gap map: support reaching each neighbourhood against the need found there, theme by theme.

Supply is computed fresh on every request from the listings (nothing cached, so a service
paused this morning counts as paused now). Demand is counted in SQL, grouped by
neighbourhood and theme; only the search log's outward codes are shared out in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from admin.report_filters import ReportFilter, client_conditions
from admin.reports import LOW_SCORE
from core.extensions import db
from directory.areas import points_inside
from directory.gazetteer import Neighbourhood, Postcode
from directory.geo import bounding_box, haversine_km
from directory.models import (
    AreaKind,
    CapacityStatus,
    Location,
    Organisation,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTheme,
)
from directory.public_place import public_place
from directory.themes import Theme
from referrals.models import Action, Assessment, Client, Referral, WheelScore
from referrals.states import ReferralReason, ReferralState
from search.models import SearchLog

SCORE_RULE = (
    "Gap score = need ÷ (1 + support). Need adds up the people whose latest wheel in the "
    "period scored the theme 0 to 2, the referrals made, the referrals turned away for no "
    "capacity or left to expire (so those count twice) and the searches that found nothing; "
    "support counts the active services reaching the neighbourhood, a waitlisted one as "
    "{waitlist:g} of a service and a paused one as none."
)
REACH_RULE = (
    "A service reaches a neighbourhood when one of its locations is inside it or within "
    "{reach:g} km of its centre, or when its service area covers it (the whole borough, the "
    "neighbourhood itself, a radius around a point or a drawn area that takes in the "
    "neighbourhood's centre)."
)
SEARCH_RULE = (
    "A search that found nothing counts in the neighbourhood its place resolved to. One given "
    "only as an outward code (such as BL3) is shared across neighbourhoods in proportion to "
    "the gazetteer's postcodes in that outward code. A search with a theme counts for that "
    "theme; one without a theme counts only under “All themes”."
)
NEAREST_SERVICES = 5


@dataclass(frozen=True)
class Hood:
    id: int
    code: str
    name: str
    latitude: float
    longitude: float
    boundary: dict[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass
class Need:
    low_wheel: int = 0  # clients whose latest wheel in the period scored the theme 0-2
    referrals: int = 0  # referrals made in the period
    turned_away: int = 0  # ...of which declined for no capacity, or expired
    searches: float = 0.0  # searches that found nothing (shares of one when by outward code)

    @property
    def total(self) -> float:
        return self.low_wheel + self.referrals + self.turned_away + self.searches

    def add(self, other: Need) -> None:
        self.low_wheel += other.low_wheel
        self.referrals += other.referrals
        self.turned_away += other.turned_away
        self.searches += other.searches


@dataclass(frozen=True)
class GapRow:
    hood: Hood
    services: int  # services reaching it, whatever their capacity
    supply: float  # weighted: accepting 1, waitlisted the configured weight, paused 0
    need: Need

    @property
    def score(self) -> float:
        return gap_score(self.need.total, self.supply)


def gap_score(need: float, supply: float) -> float:
    """Need per unit of support; the 1 keeps a neighbourhood with no support finite."""
    return need / (1.0 + supply)


@dataclass(frozen=True)
class GapMap:
    theme: Theme | None
    rows: list[GapRow]
    reach_km: float
    waitlist_weight: float
    unplaced_searches: int  # zero-result searches with no neighbourhood or known outward code

    @property
    def score_rule(self) -> str:
        return SCORE_RULE.format(waitlist=self.waitlist_weight)

    @property
    def reach_rule(self) -> str:
        return REACH_RULE.format(reach=self.reach_km)


# Supply -----------------------------------------------------------------------------------


@dataclass
class Supply:
    """Active listed services: their weight, themes, reach and location points."""

    weights: dict[int, float]
    themes: dict[int, set[Theme]]
    reach: dict[int, set[int]]  # service id -> neighbourhood ids
    points: dict[int, list[tuple[float, float]]]
    area_hoods: dict[int, set[int]]  # service id -> neighbourhoods its areas cover

    def services_for(self, hood_id: int, theme: Theme | None) -> list[int]:
        return [
            service_id
            for service_id, hoods in self.reach.items()
            if hood_id in hoods and (theme is None or theme in self.themes[service_id])
        ]


def capacity_weight(
    status: CapacityStatus, paused_until: date | None, today: date, waitlist_weight: float
) -> float:
    """How much one service counts: as Service.capacity_on, a pause ends on its date."""
    if status is CapacityStatus.PAUSED and (paused_until is None or today < paused_until):
        return 0.0
    if status is CapacityStatus.WAITLIST:
        return waitlist_weight
    return 1.0


def neighbourhoods(with_boundaries: bool = False) -> list[Hood]:
    columns = [
        Neighbourhood.id,
        Neighbourhood.code,
        Neighbourhood.name,
        Neighbourhood.latitude,
        Neighbourhood.longitude,
    ]
    if with_boundaries:
        columns.append(Neighbourhood.boundary)
    rows = db.session.execute(select(*columns).order_by(Neighbourhood.name))
    return [Hood(*row) for row in rows]


def compute_supply(
    hoods: list[Hood], today: date, reach_km: float, waitlist_weight: float
) -> Supply:
    """Which active services reach which neighbourhoods, with each service's weight."""
    active = (
        select(Service.id, Service.capacity_status, Service.paused_until)
        .join(Organisation, Organisation.id == Service.organisation_id)
        .where(
            Service.is_published.is_(True),
            Service.duplicate_of_id.is_(None),
            Organisation.is_published.is_(True),
            Service.status == ServiceStatus.ACTIVE,
        )
    )
    weights = {
        service_id: capacity_weight(status, paused_until, today, waitlist_weight)
        for service_id, status, paused_until in db.session.execute(active)
    }
    active_ids = active.with_only_columns(Service.id).scalar_subquery()
    themes: dict[int, set[Theme]] = defaultdict(set)
    for service_id, theme in db.session.execute(
        select(ServiceTheme.service_id, ServiceTheme.theme).where(
            ServiceTheme.service_id.in_(active_ids)
        )
    ):
        themes[service_id].add(theme)

    boxes = [(hood, bounding_box(hood.latitude, hood.longitude, reach_km)) for hood in hoods]
    all_ids = {hood.id for hood in hoods}
    reach: dict[int, set[int]] = defaultdict(set)
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    area_hoods: dict[int, set[int]] = defaultdict(set)
    location_hoods: dict[int, set[int]] = {}
    public_points: dict[int, tuple[float | None, float | None, int | None]] = {}
    for service_id, location_id, lat, lon, hood_id, confidential in db.session.execute(
        select(
            ServiceAtLocation.service_id,
            Location.id,
            Location.latitude,
            Location.longitude,
            Location.neighbourhood_id,
            Location.confidential,
        )
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(active_ids))
    ):
        if confidential:
            # The report's figures and CSVs travel: a refuge counts from where the public may
            # think it is (its neighbourhood's centre, or reaching everywhere when unnamed).
            if location_id not in public_points:
                public_points[location_id] = _public_point(location_id)
            lat, lon, hood_id = public_points[location_id]
            if lat is None and hood_id is None:
                area_hoods[service_id] |= all_ids
                reach[service_id] |= all_ids
                continue
        if location_id not in location_hoods:
            # Once per (location, neighbourhood) pair, however many services share the venue.
            location_hoods[location_id] = _hoods_near(lat, lon, hood_id, boxes, reach_km)
        reach[service_id] |= location_hoods[location_id]
        if lat is not None and lon is not None:
            points[service_id].append((lat, lon))

    centres = [(hood.latitude, hood.longitude) for hood in hoods]
    for service_id, kind, hood_id, radius_km, location_id, lat, lon, geometry in db.session.execute(
        select(
            ServiceArea.service_id,
            ServiceArea.kind,
            ServiceArea.neighbourhood_id,
            ServiceArea.radius_km,
            ServiceArea.location_id,
            ServiceArea.latitude,
            ServiceArea.longitude,
            ServiceArea.geometry,
        ).where(ServiceArea.service_id.in_(active_ids))
    ):
        if location_id is not None:
            # Measured from a place: from where the public may think it is.
            if location_id not in public_points:
                public_points[location_id] = _public_point(location_id)
            lat, lon, _hood = public_points[location_id]
        if kind is AreaKind.BOROUGH:
            covered = all_ids
        elif kind is AreaKind.NEIGHBOURHOOD:
            covered = {hood_id} if hood_id in all_ids else set()
        elif kind is AreaKind.POLYGON and geometry:
            # A drawn area reaches the neighbourhoods whose centre it holds, as a radius does.
            inside = points_inside(geometry, centres)
            covered = {hood.id for hood, flag in zip(hoods, inside, strict=True) if flag}
        elif radius_km is not None and lat is not None and lon is not None:
            covered = _centres_within(lat, lon, radius_km, hoods)
        else:
            covered = set()
        area_hoods[service_id] |= covered
        reach[service_id] |= covered
    return Supply(
        weights=weights,
        themes={service_id: themes.get(service_id, set()) for service_id in weights},
        reach={service_id: reach.get(service_id, set()) for service_id in weights},
        points=dict(points),
        area_hoods=dict(area_hoods),
    )


def _public_point(location_id: int) -> tuple[float | None, float | None, int | None]:
    """A location's public point and neighbourhood (directory.public_place)."""
    location = db.session.get(Location, location_id)
    place = public_place(location)  # type: ignore[arg-type]
    hood_id = location.neighbourhood_id if place.neighbourhood_code else None  # type: ignore[union-attr]
    return place.latitude, place.longitude, hood_id


def _hoods_near(
    lat: float | None,
    lon: float | None,
    own_hood: int | None,
    boxes: list[tuple[Hood, tuple[float, float, float, float]]],
    reach_km: float,
) -> set[int]:
    found = {own_hood} if own_hood is not None else set()
    if lat is None or lon is None:
        return found
    for hood, (min_lat, max_lat, min_lon, max_lon) in boxes:
        if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon:
            if haversine_km(lat, lon, hood.latitude, hood.longitude) <= reach_km:
                found.add(hood.id)
    return found


def _centres_within(lat: float, lon: float, radius_km: float, hoods: list[Hood]) -> set[int]:
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_km)
    return {
        hood.id
        for hood in hoods
        if min_lat <= hood.latitude <= max_lat
        and min_lon <= hood.longitude <= max_lon
        and haversine_km(lat, lon, hood.latitude, hood.longitude) <= radius_km
    }


# Demand -----------------------------------------------------------------------------------

NeedTable = dict[tuple[int, Theme | None], Need]  # (neighbourhood id, theme or None) -> need


def compute_need(report: ReportFilter, hoods: list[Hood]) -> tuple[NeedTable, int]:
    """Need per (neighbourhood, theme) in the period; also the zero-result searches not placed.

    A theme of None holds searches made without a theme (they count only under All themes).
    """
    need: NeedTable = defaultdict(Need)
    client_scope = client_conditions(report)

    latest = (
        select(
            Assessment.id,
            Assessment.client_id,
            func.row_number()
            .over(
                partition_by=Assessment.client_id,
                order_by=(Assessment.taken_on.desc(), Assessment.id.desc()),
            )
            .label("rank"),
        )
        .where(Assessment.taken_on >= report.date_from, Assessment.taken_on <= report.date_to)
        .subquery()
    )
    low = (
        select(Client.neighbourhood_id, WheelScore.theme, func.count())
        .select_from(latest)
        .join(WheelScore, WheelScore.assessment_id == latest.c.id)
        .join(Client, Client.id == latest.c.client_id)
        .where(
            latest.c.rank == 1,
            WheelScore.score <= LOW_SCORE,
            Client.neighbourhood_id.is_not(None),
            *client_scope,
        )
        .group_by(Client.neighbourhood_id, WheelScore.theme)
    )
    for hood_id, theme, number in db.session.execute(low):
        need[(hood_id, theme)].low_wheel += number

    turned_away = or_(
        and_(
            Referral.state == ReferralState.DECLINED,
            Referral.reason == ReferralReason.NO_CAPACITY,
        ),
        Referral.state == ReferralState.EXPIRED,
    )
    referrals = (
        select(
            Client.neighbourhood_id,
            Action.theme,
            func.count(),
            func.sum(case((turned_away, 1), else_=0)),
        )
        .select_from(Referral)
        .join(Client, Client.id == Referral.client_id)
        .join(Action, Action.id == Referral.action_id)
        .where(
            Referral.sent_at >= report.starts_at,
            Referral.sent_at < report.ends_before,
            Client.neighbourhood_id.is_not(None),
            *client_scope,
        )
        .group_by(Client.neighbourhood_id, Action.theme)
    )
    for hood_id, theme, made, away in db.session.execute(referrals):
        need[(hood_id, theme)].referrals += made
        need[(hood_id, theme)].turned_away += away or 0

    unplaced = _add_searches(need, report, hoods)
    if report.theme is not None:
        need = defaultdict(
            Need, {key: value for key, value in need.items() if key[1] == report.theme}
        )
    return need, unplaced


def _add_searches(need: NeedTable, report: ReportFilter, hoods: list[Hood]) -> int:
    by_code = {hood.code: hood.id for hood in hoods}
    searches = db.session.execute(
        select(SearchLog.neighbourhood_code, SearchLog.outward_code, SearchLog.filters).where(
            SearchLog.result_count == 0,
            SearchLog.at >= report.starts_at,
            SearchLog.at < report.ends_before,
        )
    ).all()
    outwards = {outward for code, outward, _ in searches if code not in by_code and outward}
    shares = outward_shares(outwards, by_code)
    unplaced = 0
    for code, outward, filters in searches:
        if code in by_code:
            placed = {by_code[code]: 1.0}
        else:
            placed = shares.get(outward or "", {})
        if not placed:
            unplaced += 1
            continue
        themes = _search_themes(filters) or [None]
        for hood_id, share in placed.items():
            for theme in themes:
                need[(hood_id, theme)].searches += share
    return unplaced


def _search_themes(filters: dict[str, Any] | None) -> list[Theme]:
    values = (filters or {}).get("theme") or []
    return [Theme(value) for value in values if value in Theme._value2member_map_]


def outward_shares(outwards: set[str], by_code: dict[str, int]) -> dict[str, dict[int, float]]:
    """For each outward code, each neighbourhood's share of its postcodes in the gazetteer."""
    if not outwards:
        return {}
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for outward, code, number in db.session.execute(
        select(Postcode.outward, Postcode.neighbourhood_code, func.count())
        .where(Postcode.outward.in_(outwards), Postcode.neighbourhood_code.is_not(None))
        .group_by(Postcode.outward, Postcode.neighbourhood_code)
    ):
        if code in by_code:
            counts[outward][by_code[code]] = number
    return {
        outward: {hood_id: n / sum(per_hood.values()) for hood_id, n in per_hood.items()}
        for outward, per_hood in counts.items()
    }


# The map and a neighbourhood's detail ------------------------------------------------------


def gap_map(report: ReportFilter, today: date, reach_km: float, waitlist_weight: float) -> GapMap:
    """Every neighbourhood's support, need and gap score for the filter's theme (or all)."""
    hoods = neighbourhoods(with_boundaries=True)
    supply = compute_supply(hoods, today, reach_km, waitlist_weight)
    need, unplaced = compute_need(report, hoods)
    reaching: dict[int, list[int]] = defaultdict(list)
    for service_id, hood_ids in supply.reach.items():
        if report.theme is None or report.theme in supply.themes[service_id]:
            for hood_id in hood_ids:
                reaching[hood_id].append(service_id)
    rows = []
    for hood in hoods:
        total = Need()
        for (hood_id, _theme), value in need.items():
            if hood_id == hood.id:
                total.add(value)
        services = reaching.get(hood.id, [])
        rows.append(
            GapRow(
                hood=hood,
                services=len(services),
                supply=sum(supply.weights[s] for s in services),
                need=total,
            )
        )
    return GapMap(
        theme=report.theme,
        rows=rows,
        reach_km=reach_km,
        waitlist_weight=waitlist_weight,
        unplaced_searches=unplaced,
    )


@dataclass(frozen=True)
class NearbyService:
    uuid: str
    name: str
    organisation: str
    distance_km: float | None  # to its nearest location; None when only an area covers it
    reaches: bool
    capacity: CapacityStatus


@dataclass(frozen=True)
class ThemeGap:
    theme: Theme
    services: int
    supply: float
    need: Need
    nearest: list[NearbyService]

    @property
    def score(self) -> float:
        return gap_score(self.need.total, self.supply)


@dataclass(frozen=True)
class NeighbourhoodGaps:
    hood: Hood
    themes: list[ThemeGap]  # themes with any need, biggest gap first
    searches_without_theme: float


def neighbourhood_gaps(
    hood: Hood, report: ReportFilter, today: date, reach_km: float, waitlist_weight: float
) -> NeighbourhoodGaps:
    """One neighbourhood's unmet needs by theme, and the nearest services for each."""
    hoods = neighbourhoods()
    supply = compute_supply(hoods, today, reach_km, waitlist_weight)
    need, _unplaced = compute_need(report, hoods)
    themes = []
    for theme in [report.theme] if report.theme else list(Theme):
        found = need.get((hood.id, theme))
        if found is None or not found.total:
            continue
        services = supply.services_for(hood.id, theme)
        themes.append(
            ThemeGap(
                theme=theme,
                services=len(services),
                supply=sum(supply.weights[s] for s in services),
                need=found,
                nearest=_nearest(hood, theme, supply, today),
            )
        )
    themes.sort(key=lambda gap: (-gap.score, gap.theme.label))
    without = need.get((hood.id, None))
    return NeighbourhoodGaps(hood, themes, without.searches if without else 0.0)


def _nearest(hood: Hood, theme: Theme, supply: Supply, today: date) -> list[NearbyService]:
    """The closest services with capacity for a theme (a covering area counts as distance 0)."""
    ranked: list[tuple[float, int]] = []
    for service_id, weight in supply.weights.items():
        if not weight or theme not in supply.themes[service_id]:
            continue
        if hood.id in supply.area_hoods.get(service_id, ()):
            ranked.append((0.0, service_id))
        elif service_id in supply.points:
            distance = min(
                haversine_km(hood.latitude, hood.longitude, lat, lon)
                for lat, lon in supply.points[service_id]
            )
            ranked.append((distance, service_id))
    ranked.sort()
    chosen = ranked[:NEAREST_SERVICES]
    details = {
        service_id: (uuid, name, organisation, _capacity_on(capacity, paused_until, today))
        for service_id, uuid, name, organisation, capacity, paused_until in db.session.execute(
            select(
                Service.id,
                Service.uuid,
                Service.name,
                Organisation.name,
                Service.capacity_status,
                Service.paused_until,
            )
            .join(Organisation, Organisation.id == Service.organisation_id)
            .where(Service.id.in_([service_id for _d, service_id in chosen]))
        )
    }
    return [
        NearbyService(
            uuid=details[service_id][0],
            name=details[service_id][1],
            organisation=details[service_id][2],
            distance_km=None if hood.id in supply.area_hoods.get(service_id, ()) else distance,
            reaches=hood.id in supply.reach[service_id],
            capacity=details[service_id][3],
        )
        for distance, service_id in chosen
    ]


def _capacity_on(status: CapacityStatus, paused_until: date | None, today: date) -> CapacityStatus:
    """As Service.capacity_on: a pause ends by itself on its date."""
    if status is CapacityStatus.PAUSED and paused_until is not None and today >= paused_until:
        return CapacityStatus.ACCEPTING
    return status


def find_hood(code: str) -> Hood | None:
    row = db.session.execute(
        select(
            Neighbourhood.id,
            Neighbourhood.code,
            Neighbourhood.name,
            Neighbourhood.latitude,
            Neighbourhood.longitude,
        ).where(Neighbourhood.code == code)
    ).first()
    return Hood(*row) if row else None
