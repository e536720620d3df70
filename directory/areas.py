"""Service areas drawn as GeoJSON polygons: read them, repair them, test points against them."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.validation import make_valid

AREA_TYPES = ("Polygon", "MultiPolygon")


class NotAnArea(ValueError):
    """The GeoJSON holds no polygon (a point, a line, nothing readable)."""


def circle_of(document: Any) -> dict[str, float] | None:
    """Read back a radius area this feed published as a circle (centre and radius_m)."""
    if not isinstance(document, dict):
        return None
    properties = document.get("properties") or {}
    try:
        lon, lat = properties["centre"]
        return {
            "radius_km": float(properties["radius_m"]) / 1000,
            "latitude": float(lat),
            "longitude": float(lon),
        }
    except (KeyError, TypeError, ValueError):
        return None


def _geometries(document: Any) -> list[dict[str, Any]]:
    if not isinstance(document, dict):
        return []
    kind = document.get("type")
    if kind == "FeatureCollection":
        return [g for f in document.get("features") or [] for g in _geometries(f)]
    if kind == "Feature":
        return _geometries(document.get("geometry"))
    if kind == "GeometryCollection":
        return [g for item in document.get("geometries") or [] for g in _geometries(item)]
    return [document] if kind in AREA_TYPES else []


def area_geometry(document: Any) -> dict[str, Any]:
    """Return the (Multi)Polygon a GeoJSON document covers, repaired if it self-intersects."""
    parts = _geometries(document)
    if not parts:
        raise NotAnArea("the GeoJSON has no Polygon or MultiPolygon")
    try:
        shapes = [shape(part) for part in parts]
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as e:
        raise NotAnArea(f"the GeoJSON polygon cannot be read ({e})") from e
    merged = shapely.union_all([make_valid(s) if not s.is_valid else s for s in shapes])
    polygons = [g for g in getattr(merged, "geoms", [merged]) if g.geom_type in AREA_TYPES]
    merged = shapely.union_all(polygons) if polygons else None
    if merged is None or merged.is_empty or merged.geom_type not in AREA_TYPES:
        raise NotAnArea("the GeoJSON polygon covers no area")
    minx, miny, maxx, maxy = merged.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise NotAnArea("the GeoJSON polygon is not in longitude/latitude (WGS84)")
    # Through JSON: lists, not tuples, so a stored geometry compares equal to a fresh one.
    return json.loads(json.dumps(mapping(merged)))


def contains(geometry: dict[str, Any], latitude: float, longitude: float) -> bool:
    """Whether a point is inside (or on the edge of) a stored area geometry."""
    area = shape(geometry)
    return bool(shapely.intersects_xy(area, longitude, latitude))


def simplified(geometry: dict[str, Any], tolerance_degrees: float = 0.0002) -> dict[str, Any]:
    """A lighter copy of an area for search records (about 20 m of detail is kept)."""
    area = shape(geometry).simplify(tolerance_degrees, preserve_topology=True)
    return json.loads(json.dumps(mapping(area)))


class AreaSet:
    """Many areas, each owned by a number (a search document, a service id): which cover a point."""

    def __init__(self, owners: list[int], geometries: list[dict[str, Any]]) -> None:
        self.owners = np.array(owners, dtype=np.int64)
        self.shapes = np.array([shape(g) for g in geometries], dtype=object)
        if len(self.shapes):
            shapely.prepare(self.shapes)
            self.bounds = shapely.bounds(self.shapes)
        else:
            self.bounds = np.zeros((0, 4))

    def __len__(self) -> int:
        return len(self.owners)

    def covering(self, latitude: float, longitude: float) -> np.ndarray:
        """The owners of the areas a point is inside (or on the edge of)."""
        if not len(self.owners):
            return self.owners
        minx, miny, maxx, maxy = self.bounds.T
        near = (minx <= longitude) & (longitude <= maxx) & (miny <= latitude) & (latitude <= maxy)
        candidates = np.flatnonzero(near)
        if not len(candidates):
            return self.owners[:0]
        inside = shapely.intersects_xy(self.shapes[candidates], longitude, latitude)
        return self.owners[candidates[inside]]


def points_inside(geometry: dict[str, Any], points: list[tuple[float, float]]) -> list[bool]:
    """For each (latitude, longitude), whether it is inside (or on the edge of) the area."""
    if not points:
        return []
    area = shape(geometry)
    shapely.prepare(area)
    lats, lons = zip(*points, strict=True)
    return [bool(v) for v in shapely.intersects_xy(area, np.array(lons), np.array(lats))]
