"""Public directory pages: home, service and organisation."""

from __future__ import annotations

from flask import Blueprint, render_template

from core.models import utcnow
from directory import services
from directory.models import AccessibilityFeature, AccessMethod, DeliveryMethod
from directory.provenance import source_of
from directory.public_place import public_areas
from directory.recurrence import describe
from directory.themes import Theme

bp = Blueprint("directory", __name__)


@bp.get("/")
def home() -> str:
    return render_template(
        "directory/home.html", themes=list(Theme), counts=services.theme_service_counts()
    )


@bp.get("/services/<service_uuid>")
def service(service_uuid: str) -> str:
    listed = services.get_listed_service(service_uuid)
    return render_template(
        "directory/service.html",
        service=listed,
        locations=services.public_locations(listed),
        areas=public_areas(listed),
        stale=services.is_stale(listed),
        today=utcnow().date(),
        source=source_of(listed),
        recurrences=[
            (schedule, describe(schedule))
            for schedule in listed.opening_schedules
            if not schedule.slots
        ],
        access_labels={m.value: m.label for m in AccessMethod},
        delivery_labels={m.value: m.label for m in DeliveryMethod},
        accessibility_labels={f.value: f.label for f in AccessibilityFeature},
    )


@bp.get("/organisations/<organisation_uuid>")
def organisation(organisation_uuid: str) -> str:
    found, listed = services.get_listed_organisation(organisation_uuid)
    return render_template("directory/organisation.html", organisation=found, services=listed)


@bp.get("/accessibility")
def accessibility() -> str:
    return render_template("directory/accessibility.html")
