"""Believable neighbourhood boundaries when no surveyed ones are to hand.

Each neighbourhood gets the cell of the land nearer its centre than any other centre (a
Voronoi cell), clipped to the borough's outline: the area around the gazetteer's postcodes.
Computed on a local flat projection (km east and north of the first centre), where distances
are true to well within a percent across a borough.
"""

from __future__ import annotations

import math
from typing import Any

import shapely
from shapely.geometry import MultiPoint, Point, Polygon, mapping
from shapely.ops import transform

KM_PER_DEGREE_LAT = 111.2


class _Flat:
    """km east/north of an origin, and back."""

    def __init__(self, lat: float, lon: float) -> None:
        self.lat, self.lon = lat, lon
        self.km_per_lon = KM_PER_DEGREE_LAT * math.cos(math.radians(lat))

    def to_km(self, lon: Any, lat: Any) -> tuple[Any, Any]:
        return (lon - self.lon) * self.km_per_lon, (lat - self.lat) * KM_PER_DEGREE_LAT

    def to_degrees(self, x: Any, y: Any) -> tuple[Any, Any]:
        return self.lon + x / self.km_per_lon, self.lat + y / KM_PER_DEGREE_LAT


def borough_outline(
    homes: list[tuple[float, float]], margin_km: float = 0.5, ratio: float = 0.25
) -> tuple[_Flat, Polygon]:
    """The land around the (lat, lon) homes: a concave hull widened by `margin_km`."""
    flat = _Flat(*homes[0])
    points = MultiPoint([flat.to_km(lon, lat) for lat, lon in homes])
    hull = shapely.concave_hull(points, ratio=ratio)
    outline = hull.buffer(margin_km).simplify(0.05)
    if outline.geom_type != "Polygon":  # a gap in the homes: keep the largest piece
        outline = max(outline.geoms, key=lambda part: part.area)
    return flat, outline


def voronoi_boundaries(
    centres: list[tuple[float, float]], homes: list[tuple[float, float]], digits: int = 5
) -> list[dict[str, Any]]:
    """One GeoJSON Polygon per (lat, lon) centre, in order, tiling the homes' outline."""
    flat, outline = borough_outline(homes)
    seeds = MultiPoint([flat.to_km(lon, lat) for lat, lon in centres])
    cells = shapely.voronoi_polygons(seeds, extend_to=outline.buffer(10)).geoms
    boundaries = []
    for lat, lon in centres:
        here = Point(flat.to_km(lon, lat))
        cell = next(cell for cell in cells if cell.contains(here))
        clipped = cell.intersection(outline)
        if clipped.geom_type != "Polygon":
            clipped = max(clipped.geoms, key=lambda part: part.area)
        shape = transform(flat.to_degrees, clipped.simplify(0.02))
        boundaries.append(_rounded(mapping(shape), digits))
    return boundaries


def _rounded(geometry: Any, digits: int) -> dict[str, Any]:
    return {
        "type": geometry["type"],
        "coordinates": [
            [[round(x, digits), round(y, digits)] for x, y in ring]
            for ring in geometry["coordinates"]
        ],
    }
