"""Permission-matrix rows for the reports and the gap map: the capacity lead's alone."""

from __future__ import annotations

from typing import Any

from core.extensions import db
from directory.gazetteer import Neighbourhood
from tests.accounts.matrix import LEAD_ONLY, Route, World


def _report(world: World) -> dict[str, Any]:
    return {"name": "actions"}


def _report_csv(world: World) -> dict[str, Any]:
    return {"name": "actions", "key": "actions-by-kind"}


def _hood(world: World) -> dict[str, Any]:
    hood = Neighbourhood(code="E05011111", name="Matrix ward", latitude=53.57, longitude=-2.43)
    db.session.add(hood)
    db.session.flush()
    return {"code": hood.code}


def _hood_csv(world: World) -> dict[str, Any]:
    return {**_hood(world), "key": "unmet-needs"}


PERMISSION_MATRIX = [
    Route("GET", "/admin/", LEAD_ONLY),
    Route("GET", "/admin/reports/", LEAD_ONLY),
    Route("GET", "/admin/reports/<name>", LEAD_ONLY, args=_report),
    Route("GET", "/admin/reports/<name>/<key>.csv", LEAD_ONLY, args=_report_csv),
    Route("GET", "/admin/gaps", LEAD_ONLY),
    Route("GET", "/admin/gaps.csv", LEAD_ONLY),
    Route("GET", "/admin/gaps/<code>", LEAD_ONLY, args=_hood),
    Route("GET", "/admin/gaps/<code>/<key>.csv", LEAD_ONLY, args=_hood_csv),
]
