"""The gap map: support reaching each neighbourhood against the need found there, theme by theme.

Supply is computed fresh on every request from the listings (nothing cached, so a service
paused this morning counts as paused now), against the gazetteer's postcodes as stand-ins for
where people live, with numpy. Demand is counted in SQL, grouped by neighbourhood and theme;
only the search log's and the self-check's outward codes are shared out in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.selectable import ScalarSelect

from admin.reports.commissioning import LOW_SCORE
from admin.reports.filters import ReportFilter, client_conditions
from core.extensions import db
from directory.areas import points_inside
from directory.gazetteer import Neighbourhood, Postcode
from directory.geo import EARTH_RADIUS_KM, haversine_km
from directory.models import (
    AreaKind,
    CapacityStatus,
    DeliveryMethod,
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
from frontdoors.demand import SMALL_COUNT, self_check_counts
from referrals.models import Action, Assessment, Client, Referral, WheelScore
from referrals.states import ReferralReason, ReferralState
from search.models import SearchLog

SCORE_RULE = (
    "The gap score is need divided by one more than support, so it grows where many people "
    "need help and few services with room reach them. Need counts the people whose latest "
    "wheel in the period scored the theme 0 to 2, the referrals made (one turned away for no "
    "room or left to expire counts twice), the searches that found nothing and the people "
    "who flagged the theme on the public self-check. Support adds up the services with room "
    "that reach people living there: a service reaching every home counts 1, one reaching a "
    "quarter of the homes counts a quarter, a waitlisted one counts {waitlist:g} as much and "
    "a paused or closed one nothing. A score of 0 means no need was recorded."
)
REACH_RULE = (
    "A service reaches a home (a postcode in the gazetteer) the way people use it: a group or "
    "venue reaches homes within {walk:g} km, about a 15-minute walk, or {travel:g} km when it "
    "is for people aged {older} and over or offers transport; home visits, phone lines and "
    "online services reach every home in their service area. A venue whose service area is "
    "narrower than the borough reaches only homes inside it. “Nearest with room” is the "
    "distance from the neighbourhood's centre to the nearest venue with room."
)
SEARCH_RULE = (
    "A search that found nothing counts in the neighbourhood its place resolved to. One given "
    "only as an outward code (such as BL3) is shared across neighbourhoods in proportion to "
    "the gazetteer's postcodes in that outward code. A search with a theme counts for that "
    "theme; one without a theme counts only under “All themes”."
)
SELF_CHECK_RULE = (
    "The public self-check keeps no answers: it only adds one to a count for the person's "
    "postcode district (such as BL3), the theme they flagged and the month. A district's "
    "count for a theme in the period is used only when at least {minimum} people flagged it, "
    "and is shared across neighbourhoods like a search."
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
    self_check: float = 0.0  # self-check flags, shared out from unsuppressed outward counts

    @property
    def total(self) -> float:
        return self.low_wheel + self.referrals + self.turned_away + self.searches + self.self_check

    def add(self, other: Need) -> None:
        self.low_wheel += other.low_wheel
        self.referrals += other.referrals
        self.turned_away += other.turned_away
        self.searches += other.searches
        self.self_check += other.self_check


@dataclass(frozen=True)
class GapRow:
    hood: Hood
    services: int  # services with room reaching any of its homes
    supply: float  # sum of weight (accepting 1, waitlisted less) x share of homes reached
    need: Need
    nearest_km: float | None  # to the nearest venue with room for the theme

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
    reach: Reach
    unplaced_searches: int  # zero-result searches with no neighbourhood or known outward code

    @property
    def score_rule(self) -> str:
        return SCORE_RULE.format(waitlist=self.reach.waitlist_weight)

    @property
    def reach_rule(self) -> str:
        return REACH_RULE.format(
            walk=self.reach.walk_km, travel=self.reach.travel_km, older=OLDER_AGE
        )

    @property
    def self_check_rule(self) -> str:
        return SELF_CHECK_RULE.format(minimum=SMALL_COUNT)


# Supply -----------------------------------------------------------------------------------

OLDER_AGE = 50  # a service for people this age and over counts its reach at travel distance
TRAVEL_WORDS = ("transport", "minibus", "dial-a-ride", "lifts to", "pick you up", "collect you")
REMOTE = {DeliveryMethod.HOME_VISIT, DeliveryMethod.PHONE, DeliveryMethod.ONLINE}


@dataclass(frozen=True)
class Reach:
    """How far people go to a service: the gap map's settings (core/config.py)."""

    walk_km: float
    travel_km: float
    waitlist_weight: float


@dataclass
class Residents:
    """Where people live: the gazetteer's postcodes, each standing for its neighbourhood.

    A neighbourhood with no postcode in the gazetteer is stood for by its centre.
    """

    lat: np.ndarray
    lon: np.ndarray
    hood: np.ndarray  # index into the neighbourhood list, per point
    counts: np.ndarray  # points per neighbourhood

    @cached_property
    def by_latitude(self) -> np.ndarray:
        """Point indices in order of latitude, to find a band of points without measuring all."""
        return np.argsort(self.lat, kind="stable")

    @cached_property
    def sorted_lat(self) -> np.ndarray:
        ordered: np.ndarray = self.lat[self.by_latitude]
        return ordered


def residents(hoods: list[Hood]) -> Residents:
    index = {hood.code: i for i, hood in enumerate(hoods)}
    rows = db.session.execute(
        select(Postcode.latitude, Postcode.longitude, Postcode.neighbourhood_code).where(
            Postcode.neighbourhood_code.in_(list(index))
        )
    ).all()
    lat = [row[0] for row in rows]
    lon = [row[1] for row in rows]
    owner = [index[row[2]] for row in rows]
    have = set(owner)
    for i, hood in enumerate(hoods):
        if i not in have:
            lat.append(hood.latitude)
            lon.append(hood.longitude)
            owner.append(i)
    hood_index = np.array(owner, dtype=np.intp)
    return Residents(
        lat=np.array(lat, dtype=float),
        lon=np.array(lon, dtype=float),
        hood=hood_index,
        counts=np.bincount(hood_index, minlength=len(hoods)).astype(float),
    )


# A degree of latitude is at least this many km anywhere, so a band this wide misses no one.
KM_PER_DEGREE_LATITUDE = 110.5


def km_from(lat: float, lon: float, to_lat: np.ndarray, to_lon: np.ndarray) -> np.ndarray:
    """Haversine distances from one point to many."""
    p1, p2 = np.radians(lat), np.radians(to_lat)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(to_lon - lon) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


@dataclass
class Supply:
    """Active listed services with room: their weight, themes and reach.

    `coverage[service][hood]` is the share of the neighbourhood's postcodes the service reaches
    (only shares above 0 are kept); `points` are its public in-person places.
    """

    weights: dict[int, float]
    themes: dict[int, set[Theme]]
    coverage: dict[int, dict[int, float]]
    points: dict[int, list[tuple[float, float]]]

    @property
    def reach(self) -> dict[int, set[int]]:
        return {service_id: set(hoods) for service_id, hoods in self.coverage.items()}

    def offers(self, service_id: int, theme: Theme | None) -> bool:
        return theme is None or theme in self.themes[service_id]

    @cached_property
    def _by_hood(self) -> dict[int, list[int]]:
        """The services reaching each neighbourhood (any share), in coverage order."""
        found: dict[int, list[int]] = defaultdict(list)
        for service_id, hoods in self.coverage.items():
            for hood_id in hoods:
                found[hood_id].append(service_id)
        return found

    def services_for(self, hood_id: int, theme: Theme | None) -> list[int]:
        return [
            service_id
            for service_id in self._by_hood.get(hood_id, [])
            if self.offers(service_id, theme)
        ]

    def support(self, hood_id: int, theme: Theme | None) -> float:
        return sum(
            self.weights[service_id] * self.coverage[service_id][hood_id]
            for service_id in self.services_for(hood_id, theme)
        )

    @cached_property
    def _places(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every public in-person place as arrays: its service, latitude and longitude."""
        pairs = [
            (service_id, lat, lon)
            for service_id, places in self.points.items()
            for lat, lon in places
        ]
        ids, lats, lons = zip(*pairs, strict=True) if pairs else ((), (), ())
        return np.array(ids, dtype=np.int64), np.array(lats, float), np.array(lons, float)

    @cached_property
    def _theme_masks(self) -> dict[Theme, np.ndarray]:
        """Which of `_places` offer each theme asked for so far."""
        return {}

    def nearest_km(self, hood: Hood, theme: Theme | None) -> float | None:
        """From the neighbourhood's centre to the nearest place to go in person with room."""
        ids, lats, lons = self._places
        if theme is not None:
            keep = self._theme_masks.get(theme)
            if keep is None:  # once per theme, not once per neighbourhood
                keep = np.array([self.offers(i, theme) for i in ids.tolist()], dtype=bool)
                self._theme_masks[theme] = keep
            lats, lons = lats[keep], lons[keep]
        if not len(lats):
            return None
        return float(km_from(hood.latitude, hood.longitude, lats, lons).min())


def capacity_weight(
    status: CapacityStatus, paused_until: date | None, today: date, waitlist_weight: float
) -> float:
    """How much one service counts: as Service.capacity_on, a pause ends on its date."""
    if status is CapacityStatus.PAUSED and (paused_until is None or today < paused_until):
        return 0.0
    if status is CapacityStatus.WAITLIST:
        return waitlist_weight
    return 1.0


def travels_further(min_age: int | None, words: str) -> bool:
    """Older people are brought, or bring themselves by bus or taxi; so are those with transport."""
    text = words.lower()
    return (min_age is not None and min_age >= OLDER_AGE) or any(w in text for w in TRAVEL_WORDS)


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


@dataclass
class _Listing:
    weight: float
    delivery: set[str]
    further: bool
    places: list[tuple[float, float]] = field(default_factory=list)
    anywhere: bool = False  # a refuge with no public point: counted as reaching everywhere
    areas: list[np.ndarray] = field(default_factory=list)  # resident masks of its areas


def compute_supply(hoods: list[Hood], today: date, reach: Reach) -> Supply:
    """Which services with room reach which neighbourhoods' residents, and how much they count.

    A service reaches a resident (a gazetteer postcode) when it comes to them (home visits,
    phone or online) and its service area holds them, or when they live within walking
    distance of one of its places (travel distance for older people's services and those
    offering transport) and inside its service area, if it names one narrower than the borough.
    """
    people = residents(hoods)
    active = (
        select(
            Service.id,
            Service.capacity_status,
            Service.paused_until,
            Service.delivery_methods,
            Service.min_age,
            Service.name,
            Service.description,
            Service.keywords,
        )
        .join(Organisation, Organisation.id == Service.organisation_id)
        .where(
            Service.is_published.is_(True),
            Service.duplicate_of_id.is_(None),
            Organisation.is_published.is_(True),
            Service.status == ServiceStatus.ACTIVE,
        )
    )
    listings: dict[int, _Listing] = {}
    for (
        service_id,
        status,
        paused_until,
        delivery,
        min_age,
        name,
        about,
        words,
    ) in db.session.execute(active):
        weight = capacity_weight(status, paused_until, today, reach.waitlist_weight)
        if weight > 0:  # a service with no room reaches nobody
            text = " ".join([name, about or "", *(words or [])])
            listings[service_id] = _Listing(
                weight, set(delivery or []), travels_further(min_age, text)
            )
    ids = list(listings)
    # The rows below are selected by the same query, not by a list of thousands of ids (which
    # PostgreSQL's driver takes longer to send than the database to answer), and the services
    # with no room are skipped as they come.
    active_ids = active.with_only_columns(Service.id).scalar_subquery()
    themes: dict[int, set[Theme]] = {service_id: set() for service_id in ids}
    for service_id, theme in db.session.execute(
        select(ServiceTheme.service_id, ServiceTheme.theme).where(
            ServiceTheme.service_id.in_(active_ids)
        )
    ):
        if service_id in themes:
            themes[service_id].add(theme)

    public_points = _public_points(active_ids)
    for service_id, location_id, lat, lon, confidential in db.session.execute(
        select(
            ServiceAtLocation.service_id,
            Location.id,
            Location.latitude,
            Location.longitude,
            Location.confidential,
        )
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(active_ids))
    ):
        if service_id not in listings:
            continue
        if confidential:
            # The figures travel: a refuge counts from where the public may think it is (its
            # neighbourhood's centre, or reaching everywhere when not even that is shown).
            lat, lon, hood_id = public_points[location_id]
            if lat is None and hood_id is None:
                listings[service_id].anywhere = True
                continue
        if lat is not None and lon is not None:
            listings[service_id].places.append((lat, lon))

    hood_ids = np.array([hood.id for hood in hoods])
    resident_points = list(zip(people.lat.tolist(), people.lon.tolist(), strict=True))
    everyone = np.ones(len(people.lat), dtype=bool)
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
        if service_id not in listings:
            continue
        if location_id is not None:
            # Measured from a place: from where the public may think it is.
            lat, lon, _hood = public_points[location_id]
        if kind is AreaKind.BOROUGH:
            covered = everyone
        elif kind is AreaKind.NEIGHBOURHOOD:
            covered = hood_ids[people.hood] == hood_id
        elif kind is AreaKind.POLYGON and geometry:
            covered = np.array(points_inside(geometry, resident_points), dtype=bool)
        elif radius_km is not None and lat is not None and lon is not None:
            covered = _near([(lat, lon)], radius_km, people)
        else:
            continue  # described only in words: no place to measure
        listings[service_id].areas.append(covered)

    # One row per service: which residents it reaches; then shares per neighbourhood at once.
    reached = np.zeros((len(ids), len(people.lat)), dtype=bool)
    for row, service_id in enumerate(ids):
        reached[row] = _reaches(listings[service_id], people, reach, everyone)
    per_hood = np.zeros((len(people.lat), len(hoods)))
    per_hood[np.arange(len(people.lat)), people.hood] = 1.0
    shares = (reached.astype(float) @ per_hood) / np.maximum(people.counts, 1.0)
    coverage: dict[int, dict[int, float]] = {}
    for row, service_id in enumerate(ids):
        columns = np.nonzero(shares[row])[0]
        coverage[service_id] = {int(hood_ids[c]): float(shares[row, c]) for c in columns}
    return Supply(
        weights={service_id: listings[service_id].weight for service_id in ids},
        themes=themes,
        coverage=coverage,
        points={
            service_id: listing.places
            for service_id, listing in listings.items()
            if listing.places and _in_person(listing)
        },
    )


def _in_person(listing: _Listing) -> bool:
    """People go to it: it says in person, or says nothing about how and has a place."""
    return DeliveryMethod.IN_PERSON in listing.delivery or not listing.delivery


def _reaches(
    listing: _Listing, people: Residents, reach: Reach, everyone: np.ndarray
) -> np.ndarray:
    if listing.anywhere:
        return everyone
    area = np.logical_or.reduce(listing.areas) if listing.areas else None
    found = np.zeros_like(everyone)
    if listing.delivery & REMOTE or not listing.places:
        # Home visits, phone and online reach their whole service area; a listing with no place
        # is met somewhere inside its area. With no area: the borough, or travel distance from
        # its base for home visits.
        if area is not None:
            found |= area
        elif listing.places:
            found |= _near(listing.places, reach.travel_km, people)
        else:
            found |= everyone
    if listing.places and _in_person(listing):
        near = _near(listing.places, reach.travel_km if listing.further else reach.walk_km, people)
        found |= near & area if area is not None else near
    return found


def _near(places: list[tuple[float, float]], limit_km: float, people: Residents) -> np.ndarray:
    near = np.zeros(len(people.lat), dtype=bool)
    # Only points in the band of latitude within reach can be within reach: measure those.
    band = limit_km / KM_PER_DEGREE_LATITUDE
    for lat, lon in places:
        low = np.searchsorted(people.sorted_lat, lat - band, side="left")
        high = np.searchsorted(people.sorted_lat, lat + band, side="right")
        candidates = people.by_latitude[low:high]
        close = km_from(lat, lon, people.lat[candidates], people.lon[candidates]) <= limit_km
        near[candidates[close]] = True
    return near


PublicPoint = tuple[float | None, float | None, int | None]


def _public_points(service_ids: ScalarSelect[int]) -> dict[int, PublicPoint]:
    """Where the public may think each location these services use is (public_place).

    Every location a service is at or measures its area from. A public location's point is its
    own (read as plain columns: a large borough has thousands); a confidential one's is what
    public_place says, loaded with its neighbourhood.
    """
    at_places = select(ServiceAtLocation.location_id).where(
        ServiceAtLocation.service_id.in_(service_ids)
    )
    measured_from = select(ServiceArea.location_id).where(
        ServiceArea.service_id.in_(service_ids), ServiceArea.location_id.is_not(None)
    )
    used = Location.id.in_(at_places.union(measured_from).scalar_subquery())
    found: dict[int, PublicPoint] = {
        location_id: (lat, lon, hood_id)
        for location_id, lat, lon, hood_id in db.session.execute(
            select(
                Location.id, Location.latitude, Location.longitude, Location.neighbourhood_id
            ).where(used, Location.confidential.is_(False))
        )
    }
    locations = db.session.scalars(
        select(Location)
        .where(used, Location.confidential.is_(True))
        .options(selectinload(Location.neighbourhood))
    )
    by_hood: dict[int | None, PublicPoint] = {}  # a refuge shows only its neighbourhood's
    for location in locations:
        if location.confidential and location.neighbourhood_id in by_hood:
            found[location.id] = by_hood[location.neighbourhood_id]
            continue
        place = public_place(location)
        hood_id = location.neighbourhood_id if place.neighbourhood_code else None
        found[location.id] = (place.latitude, place.longitude, hood_id)
        if location.confidential:
            by_hood[location.neighbourhood_id] = found[location.id]
    return found


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
    _add_self_checks(need, report, hoods)
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


def _add_self_checks(need: NeedTable, report: ReportFilter, hoods: list[Hood]) -> None:
    """Self-check flags, shared out by outward code; small counts never reach here."""
    counts = self_check_counts(report.date_from, report.date_to)
    by_code = {hood.code: hood.id for hood in hoods}
    shares = outward_shares({outward for outward, _theme in counts}, by_code)
    for (outward, theme), number in counts.items():
        for hood_id, share in shares.get(outward, {}).items():
            need[(hood_id, theme)].self_check += number * share


def _search_themes(filters: dict[str, Any] | None) -> list[Theme]:
    values = (filters or {}).get("theme") or []
    return Theme.parse_many(values)


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


def gap_map(report: ReportFilter, today: date, reach: Reach) -> GapMap:
    """Every neighbourhood's support, need and gap score for the filter's theme (or all)."""
    hoods = neighbourhoods(with_boundaries=True)
    supply = compute_supply(hoods, today, reach)
    need, unplaced = compute_need(report, hoods)
    totals: dict[int, Need] = defaultdict(Need)
    for (hood_id, _theme), value in need.items():
        totals[hood_id].add(value)
    rows = [
        GapRow(
            hood=hood,
            services=len(supply.services_for(hood.id, report.theme)),
            supply=supply.support(hood.id, report.theme),
            need=totals.get(hood.id, Need()),
            nearest_km=supply.nearest_km(hood, report.theme),
        )
        for hood in hoods
    ]
    return GapMap(theme=report.theme, rows=rows, reach=reach, unplaced_searches=unplaced)


@dataclass(frozen=True)
class NearbyService:
    uuid: str
    name: str
    organisation: str
    distance_km: float | None  # to its nearest venue; None when it only comes to people
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
    hood: Hood, report: ReportFilter, today: date, reach: Reach
) -> NeighbourhoodGaps:
    """One neighbourhood's unmet needs by theme, and the nearest services for each."""
    hoods = neighbourhoods()
    supply = compute_supply(hoods, today, reach)
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
                supply=supply.support(hood.id, theme),
                need=found,
                nearest=_nearest(hood, theme, supply, today),
            )
        )
    themes.sort(key=lambda gap: (-gap.score, gap.theme.label))
    without = need.get((hood.id, None))
    return NeighbourhoodGaps(hood, themes, without.searches if without else 0.0)


def _nearest(hood: Hood, theme: Theme, supply: Supply, today: date) -> list[NearbyService]:
    """The closest services with room for a theme; one that comes to people here ranks first."""
    ranked: list[tuple[float, int]] = []
    for service_id in supply.weights:
        if not supply.offers(service_id, theme):
            continue
        if service_id in supply.points:
            distance = min(
                haversine_km(hood.latitude, hood.longitude, lat, lon)
                for lat, lon in supply.points[service_id]
            )
            ranked.append((distance, service_id))
        elif hood.id in supply.coverage[service_id]:
            ranked.append((0.0, service_id))
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
            distance_km=distance if service_id in supply.points else None,
            reaches=hood.id in supply.coverage[service_id],
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
