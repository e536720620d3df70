"""Capacity as data: a service in HSDS 3.1, with `capacities` (service_capacity and unit).

ORUK 3.0 has no capacity field, so the ORUK feed says a waiting list in words (`alert`).
HSDS 3.1 adds `service_capacity`, a number of some `unit` as of a time. A reader asking for
`profile=hsds-3.1` gets the same record with Signpost's capacity and measured response times
as `capacities`, next to any a source directory gave. The units are Signpost's own, with
stable ids, so a reader can tell them apart from a source's.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from core.models import utcnow
from directory.models import CapacityStatus, Service
from openreferral.schemas import ServiceSchema
from openreferral.services import derived_id
from referrals.services import response_stats

UNITS = {
    "accepting": ("Taking new referrals (1 yes, 0 no)", "accepting-referrals"),
    "weeks": ("Weeks' wait for new referrals", "weeks-wait"),
    "days": ("Days to answer a referral (median)", "response-days"),
    "percent": ("Referrals accepted (percent of those answered or expired)", "accepted-percent"),
}


def _unit(key: str) -> dict[str, Any]:
    name, identifier = UNITS[key]
    return {
        "id": derived_id("signpost", f"unit:{identifier}"),
        "name": name,
        "scheme": "Signpost",
        "identifier": identifier,
    }


def _stamp(moment: Any) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def signpost_capacities(service: Service) -> list[dict[str, Any]]:
    """Signpost's capacity and response figures for a service, as HSDS 3.1 service_capacity."""
    today = utcnow().date()
    capacity = service.capacity_on(today)
    updated = _stamp(service.last_modified)
    found = [
        {
            "id": derived_id(service.uuid, "capacity:accepting"),
            "service_id": service.uuid,
            "unit": _unit("accepting"),
            "available": 0 if capacity is CapacityStatus.PAUSED else 1,
            "maximum": 1,
            "description": (
                f"Not taking new referrals until {service.paused_until:%d %B %Y}."
                if capacity is CapacityStatus.PAUSED and service.paused_until
                else "Not taking new referrals at the moment."
                if capacity is CapacityStatus.PAUSED
                else "Taking new referrals."
            ),
            "updated": updated,
        }
    ]
    if capacity is CapacityStatus.WAITLIST:
        found.append(
            {
                "id": derived_id(service.uuid, "capacity:weeks"),
                "service_id": service.uuid,
                "unit": _unit("weeks"),
                "available": service.waitlist_weeks or 0,
                "description": "Waiting list: the expected wait for a new referral, in weeks"
                + ("" if service.waitlist_weeks else " (not given)."),
                "updated": updated,
            }
        )
    stats = response_stats(service)
    if stats is not None and stats.usual_response_days is not None:
        found.append(
            {
                "id": derived_id(service.uuid, "capacity:response-days"),
                "service_id": service.uuid,
                "unit": _unit("days"),
                "available": stats.usual_response_days,
                "description": f"Measured over {stats.referrals} referrals sent through Signpost.",
                "updated": _stamp(utcnow()),
            }
        )
    if stats is not None and stats.percent_accepted is not None:
        found.append(
            {
                "id": derived_id(service.uuid, "capacity:accepted-percent"),
                "service_id": service.uuid,
                "unit": _unit("percent"),
                "available": stats.percent_accepted,
                "maximum": 100,
                "description": f"Measured over {stats.referrals} referrals sent through Signpost.",
                "updated": _stamp(utcnow()),
            }
        )
    return found


def hsds_service(service: Service) -> dict[str, Any]:
    """The full service record in HSDS 3.1: the ORUK record plus `capacities`."""
    record = ServiceSchema().dump(service)
    from_sources = [c for c in record.get("capacities") or [] if isinstance(c, dict)]
    record["capacities"] = from_sources + signpost_capacities(service)
    return record
