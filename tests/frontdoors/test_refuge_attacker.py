"""Play the attacker: try to locate every refuge from what the public can reach.

The demo borough: from every gazetteer postcode near each of its
confidential locations it runs the public searches (the API at several radii, nearest first;
the search page and its map data) and the self-check report, turns what they say into
constraints on where the refuge could be (inside or outside each radius, nearer or further
than services at known points, any distance shown, any marker drawn), estimates the point
(least squares on distances, else the middle of the region every observation allows) and
asserts that the estimate is no better than the neighbourhood's centre: every observation is
explained by the refuge standing at that centre. test_refuge_moves.py does the same with a
small world of its own.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from flask import Flask
from flask.testing import FlaskClient

from core.extensions import db
from directory.gazetteer import Postcode
from directory.geo import haversine_km
from directory.models import Location
from directory.themes import Theme
from frontdoors.selfcheck import SESSION_KEY
from search.table import haversine_many
from tests.directory.refuge_world import (
    world_fixture,  # noqa: F401
)

NEAR_KM = 1.0  # the attacker searches from every postcode this close to a refuge...
POSTCODES_PER_REFUGE = 30  # ...thinned to this many, spread over that distance
RADII = (1, 2)
GRID_HALF_KM = 2.5
GRID_STEP_KM = 0.02
SLACK_KM = 0.15  # how much better than the centre an estimate may be, from grid and rounding


@dataclass
class Target:
    """One confidential location, and the service the attacker watches for it."""

    service_uuid: str
    service_name: str
    theme: Theme
    point: tuple[float, float]  # the truth, which the attacker does not know
    centre: tuple[float, float]  # its neighbourhood's centre
    neighbourhood: str
    # The service's other places as the attacker knows them: a public one's point, or the
    # gazetteer postcodes of a confidential one's neighbourhood (it is somewhere among them).
    others: list[list[tuple[float, float]]]
    postcodes: list[tuple[str, float, float]]


@dataclass
class Observations:
    """Constraints on the refuge's point X, each from a postcode p."""

    within: list[tuple[float, float, float]] = field(default_factory=list)  # d(p, X) <= r
    beyond: list[tuple[float, float, float]] = field(default_factory=list)  # d(p, X) > r
    at_least: list[tuple[float, float, float]] = field(default_factory=list)  # d(p, X) >= k
    at_most: list[tuple[float, float, float]] = field(default_factory=list)  # d(p, X) <= k
    distances: list[tuple[float, float, float]] = field(default_factory=list)  # shown, km
    markers: list[tuple[float, float]] = field(default_factory=list)  # drawn points

    @property
    def count(self) -> int:
        return sum(
            len(found)
            for found in (self.within, self.beyond, self.at_least, self.at_most, self.distances)
        ) + len(self.markers)

    def violations(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """How many observations each candidate point (lats[i], lons[i]) contradicts."""
        wrong = np.zeros(len(lats), dtype=np.int64)

        def distance(lat: float, lon: float) -> np.ndarray:
            return haversine_many(lat, lon, lats, lons)

        for lat, lon, r in self.within:
            wrong += distance(lat, lon) > r + 1e-9
        for lat, lon, r in self.beyond:
            wrong += distance(lat, lon) <= r
        for lat, lon, k in self.at_least:
            wrong += distance(lat, lon) < k - 1e-6
        for lat, lon, k in self.at_most:
            wrong += distance(lat, lon) > k + 1e-6
        for lat, lon, shown in self.distances:
            wrong += np.abs(distance(lat, lon) - shown) > 0.05 + 1e-6  # shown to 0.1 km
        for lat, lon in self.markers:
            wrong += distance(lat, lon) > 0.001
        return wrong

    def squared_residuals(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        total = np.zeros(len(lats))
        for lat, lon, shown in self.distances:
            total += (haversine_many(lat, lon, lats, lons) - shown) ** 2
        for lat, lon in self.markers:
            total += haversine_many(lat, lon, lats, lons) ** 2
        return total


def targets(app: Flask) -> Iterator[Target]:
    with app.app_context():
        postcodes = db.session.execute(
            db.select(
                Postcode.postcode,
                Postcode.latitude,
                Postcode.longitude,
                Postcode.neighbourhood_code,
            )
        ).all()
        secret = db.session.scalars(
            db.select(Location).where(Location.confidential.is_(True)).order_by(Location.id)
        ).all()
        for location in secret:
            service = next(sal.service for sal in location.service_at_locations)
            assert service.is_listed
            point = (location.latitude, location.longitude)
            hood = location.neighbourhood
            near = sorted(
                (haversine_km(*point, lat, lon), code, lat, lon)
                for code, lat, lon, _ward in postcodes
                if haversine_km(*point, lat, lon) <= NEAR_KM
            )
            step = max(1, math.ceil(len(near) / POSTCODES_PER_REFUGE))
            others = []
            for other in service.locations:
                if other.id == location.id or other.latitude is None:
                    continue
                if other.confidential:
                    ward = other.neighbourhood.code
                    others.append([(lat, lon) for _c, lat, lon, w in postcodes if w == ward])
                else:
                    others.append([(other.latitude, other.longitude)])
            yield Target(
                service_uuid=service.uuid,
                service_name=service.name,
                theme=service.themes[0],
                point=point,
                centre=(hood.latitude, hood.longitude),
                neighbourhood=hood.name,
                others=others,
                postcodes=[(code, lat, lon) for _, code, lat, lon in near[::step]],
            )


def clear_of_others(target: Target, lat: float, lon: float, reach_km: float) -> bool:
    """Whether an answer about `reach_km` around p can only be about this place.

    A service run from several places answers for the nearest; the attacker keeps to answers
    that none of the others could have given, wherever in its neighbourhood each stands.
    """
    return all(
        min(haversine_km(lat, lon, olat, olon) for olat, olon in points) > reach_km + 0.05
        for points in target.others
    )


def observe(client: FlaskClient, target: Target) -> Observations:
    seen = Observations()
    for number, (code, lat, lon) in enumerate(target.postcodes):
        for radius in RADII:
            if not clear_of_others(target, lat, lon, radius):
                continue
            body = client.get(
                "/api/v1/services/search",
                query_string={
                    "near": code,
                    "radius": radius,
                    "sort": "nearest",
                    "theme": target.theme.value,
                    "per_page": 50,
                },
            ).get_json()
            _read_results(seen, body, target, lat, lon, radius)
        if number % 3 == 0 and clear_of_others(target, lat, lon, 2):
            _read_page(seen, client, target, code, lat, lon)
        _read_self_check(seen, client, target, code, lat, lon)
    return seen


def _read_results(
    seen: Observations, body: dict[str, Any], target: Target, lat: float, lon: float, radius: int
) -> None:
    results = body["results"]
    mine = [i for i, hit in enumerate(results) if hit["id"] == target.service_uuid]
    if not mine:
        if body["total"] <= len(results):  # every match is on this page: it is not one
            seen.beyond.append((lat, lon, radius))
        return
    index = mine[0]
    hit = results[index]
    if hit["distance_km"] is not None:
        seen.distances.append((lat, lon, hit["distance_km"]))
    if hit["covers_area"]:
        seen.beyond.append((lat, lon, radius))  # reached, but not by a place within the radius
        return
    seen.within.append((lat, lon, radius))
    # Nearest first: located results are in distance order. Services at one known point bound
    # the refuge's distance from both sides.
    for other_index, other in enumerate(results):
        known = [loc for loc in other["locations"] if not loc["confidential"]]
        if other_index == index or other["covers_area"] or len(other["locations"]) != 1:
            continue
        if not known or known[0]["latitude"] is None:
            continue
        k = haversine_km(lat, lon, known[0]["latitude"], known[0]["longitude"])
        if other_index < index:
            seen.at_least.append((lat, lon, k))
        else:
            seen.at_most.append((lat, lon, k))


def _read_page(
    seen: Observations, client: FlaskClient, target: Target, code: str, lat: float, lon: float
) -> None:
    query = {"near": code, "radius": 2, "theme": target.theme.value, "per_page": 50}
    page = client.get("/search", query_string=query).get_data(as_text=True)
    card = re.search(
        rf'href="/services/{target.service_uuid}">.*?<p class="govuk-body-s[^"]*">(.*?)</p>',
        page,
        re.S,
    )
    if card:
        shown = re.search(r"([0-9.]+) km away", card.group(1))
        if shown:
            seen.distances.append((lat, lon, float(shown.group(1))))
    mapped = client.get("/search", query_string={**query, "view": "map"}).get_data(as_text=True)
    found = re.search(r"data-markers='([^']*)'", mapped)
    for marker in json.loads(found.group(1).replace("&#34;", '"')) if found else []:
        if target.service_uuid in marker.get("url", ""):
            seen.markers.append((marker["lat"], marker["lon"]))


def _read_self_check(
    seen: Observations, client: FlaskClient, target: Target, code: str, lat: float, lon: float
) -> None:
    with client.session_transaction() as session:
        session[SESSION_KEY] = {
            "answers": {t.value: ("yes" if t is target.theme else "no") for t in Theme},
            "postcode": code,
        }
    html = client.get("/self-check/report").get_data(as_text=True)
    card = re.search(
        rf'href="/services/{target.service_uuid}".*?sp-card__meta">(.*?)</p>', html, re.S
    )
    if card:
        shown = re.search(r"About ([0-9.]+) km away", card.group(1))
        if shown and clear_of_others(target, lat, lon, float(shown.group(1)) + 0.05):
            seen.distances.append((lat, lon, float(shown.group(1))))


def estimate(seen: Observations, around: tuple[float, float]) -> tuple[float, float]:
    """The attacker's best guess: least squares on what was shown, within what is allowed."""
    steps = np.arange(-GRID_HALF_KM, GRID_HALF_KM + GRID_STEP_KM / 2, GRID_STEP_KM)
    north, east = np.meshgrid(steps, steps)
    lats = around[0] + north.ravel() / 111.195
    lons = around[1] + east.ravel() / (111.195 * math.cos(math.radians(around[0])))
    wrong = seen.violations(lats, lons)
    allowed = wrong == wrong.min()
    if seen.distances or seen.markers:
        residuals = np.where(allowed, seen.squared_residuals(lats, lons), np.inf)
        best = int(np.argmin(residuals))
        return float(lats[best]), float(lons[best])
    return float(lats[allowed].mean()), float(lons[allowed].mean())


def test_no_refuge_in_the_demo_borough_can_be_placed_closer_than_its_neighbourhood(
    demo: Flask,
) -> None:
    client = demo.test_client()
    found = list(targets(demo))
    assert len(found) == 5, "the demo borough has five confidential locations"
    for target in found:
        seen = observe(client, target)
        label = f"{target.service_name} in {target.neighbourhood}"
        assert seen.count >= 40, f"{label}: the attacker saw too little to mean anything"
        assert not seen.distances, f"{label}: a distance to it was shown"
        assert not seen.markers, f"{label}: it was drawn on a map"
        centre = np.array([target.centre[0]]), np.array([target.centre[1]])
        assert seen.violations(*centre)[0] == 0, (
            f"{label}: an answer contradicts the refuge standing at its neighbourhood's centre"
        )
        guess = estimate(seen, target.centre)
        missed_by = haversine_km(*guess, *target.point)
        centre_off = haversine_km(*target.centre, *target.point)
        assert missed_by >= centre_off - SLACK_KM, (
            f"{label}: placed within {missed_by:.3f} km, closer than its neighbourhood's "
            f"centre ({centre_off:.3f} km) allows"
        )
        # The attacker is not blind: what they learn is the centre.
        assert haversine_km(*guess, *target.centre) <= 0.3, label


# -- Nothing public depends on where in its neighbourhood a refuge stands ----------------------
