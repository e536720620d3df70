"""An imported circle around one of the organisation's places is measured from that place."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from core.extensions import db
from directory.models import AreaKind, Organisation, Service, ServiceArea
from tests.openreferral.test_import import export_services


def test_an_imported_circle_around_a_place_follows_the_place(
    app, runner, tmp_path: Path, make_service, make_neighbourhood
) -> None:
    with app.app_context():
        hood = make_neighbourhood(
            code="E05000650", name="Halliwell", latitude=53.59, longitude=-2.43
        )
        service = make_service(name="Walking group", lat=53.58, lon=-2.44, neighbourhood=hood)
        service.areas = [
            ServiceArea(kind=AreaKind.RADIUS, radius_km=3, location=service.locations[0]),
            ServiceArea(kind=AreaKind.RADIUS, radius_km=5, latitude=53.7, longitude=-2.3),
        ]
        db.session.commit()
        records = export_services(app)
        for model in (Service, Organisation):
            for row in db.session.scalars(select(model)):
                db.session.delete(row)
        db.session.commit()
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(records))
    result = runner.invoke(args=["import", "openreferral", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        imported = db.session.scalars(select(Service)).one()
        place = imported.locations[0]
        areas = sorted(
            (area.radius_km, area.location, area.latitude, area.longitude)
            for area in imported.areas
        )
        assert areas == [(3, place, None, None), (5, None, 53.7, -2.3)]
