"""Load the illustrative Bolton demo borough from seeds/bolton/ (idempotent).

Every record gets a deterministic UUID and external id derived from its key in the seed files,
so loading again updates records in place instead of duplicating them.

Loading again keeps everything people changed in the app: a listing with any version history
(every edit through Signpost records one) and a demo account that exists are left as they
are. `reset=True` puts them back as the files say, recording a version for each listing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from core.extensions import Model, db
from core.models import utcnow
from directory import geo, versions
from directory.change_models import ListingVersion
from directory.deprivation import nearest_decile
from directory.gazetteer import Neighbourhood, Place, Postcode
from directory.models import (
    WEEKDAYS,
    AreaKind,
    CapacityStatus,
    Location,
    Organisation,
    OrganisationKind,
    ScheduleSlot,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from directory.practices import import_practices
from seeds.casework_demo import load_casework_demo
from seeds.referrals_demo import load_referrals_demo
from seeds.users import load_demo_users

DEMO_DIR = Path(__file__).resolve().parent / "bolton"
SOURCE = "seed:bolton"
NAMESPACE = uuid.UUID("5f1b2c3e-8d4a-4e6b-9c1d-2a7e0b9f4c11")
LOCAL_TAXONOMY = "Signpost local terms"

Record = TypeVar("Record", bound=Model)


def stable_uuid(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, key))


@dataclass
class SeedSummary:
    counts: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        parts = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        return f"Demo borough loaded: {parts}."


def changed_in_app() -> list[tuple[str, str]]:
    """The demo listings people changed in the app, as (kind, name), by their version history."""
    changed = set(db.session.scalars(select(ListingVersion.record_uuid).distinct()))
    found: list[tuple[str, str]] = []
    for model in (Organisation, Location, Service):
        for record in db.session.scalars(
            select(model).where(model.uuid.in_(changed)).order_by(model.name)  # type: ignore[attr-defined]
        ):
            if (record.external_id or "").startswith("bolton:"):
                found.append((model.__name__.lower(), record.name))
    return found


def load_demo(directory: Path = DEMO_DIR, *, reset: bool = False) -> SeedSummary:
    """Load the gazetteer and directory from the demo files, keeping changes made in the app.

    With `reset`, listings and demo accounts changed in the app are overwritten. Flush only.
    """
    summary = SeedSummary()
    with (directory / "postcodes.csv").open(encoding="utf-8") as stream:
        report = geo.import_postcodes(stream, batch_size=5000)
    if report.problems:
        raise ValueError(f"demo gazetteer has problems: {report.problems[:5]}")
    summary.counts["postcodes"] = report.loaded
    hoods = _load_neighbourhoods(_read_json(directory / "neighbourhoods.json"))
    summary.counts["neighbourhoods"] = len(hoods)
    summary.counts["places"] = _load_places(_read_json(directory / "places.json"))
    kept = set() if reset else set(db.session.scalars(select(ListingVersion.record_uuid)))
    loader = _DirectoryLoader(hoods, kept)
    for org_data in _read_json(directory / "organisations.json"):
        loader.load_organisation(org_data)
    db.session.flush()
    summary.counts["organisations"] = loader.organisations
    summary.counts["services"] = loader.services
    summary.counts["locations"] = loader.locations
    if loader.kept:
        summary.counts["listings kept as changed in the app"] = loader.kept
    if reset:
        _version_resets(loader.now)
    summary.counts["GP practices"] = _load_practices(directory)
    summary.counts["demo users"] = load_demo_users(reset=reset)
    summary.counts["demo clients"] = load_referrals_demo()
    summary.counts["demo casework records"] = load_casework_demo()
    return summary


def _load_practices(directory: Path) -> int:
    """Load the fictional practices and PCNs (ODS codes Y9xxxx, PCN codes U9xxxx)."""
    with (
        (directory / "epraccur_demo.csv").open(encoding="utf-8") as practices,
        (directory / "pcns_demo.csv").open(encoding="utf-8") as pcns,
    ):
        report = import_practices(practices, "epraccur_demo.csv", pcns, "pcns_demo.csv")
    if report.problems:
        raise ValueError(f"demo practices have problems: {report.problems[:5]}")
    return report.total


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _load_neighbourhoods(rows: list[dict[str, Any]]) -> dict[str, Neighbourhood]:
    existing = {n.code: n for n in db.session.scalars(select(Neighbourhood))}
    for row in rows:
        hood = existing.get(row["code"])
        if hood is None:
            hood = Neighbourhood(code=row["code"], uuid=stable_uuid(f"hood:{row['code']}"))
            db.session.add(hood)
            existing[row["code"]] = hood
        hood.name = row["name"]
        hood.latitude = row["latitude"]
        hood.longitude = row["longitude"]
        hood.boundary = row.get("boundary")
    db.session.flush()
    return existing


def _load_places(rows: list[dict[str, Any]]) -> int:
    existing = {p.name: p for p in db.session.scalars(select(Place))}
    for row in rows:
        place = existing.get(row["name"]) or Place(name=row["name"])
        place.latitude = row["latitude"]
        place.longitude = row["longitude"]
        place.neighbourhood_code = row.get("neighbourhood")
        place.imd_decile = nearest_decile(place.latitude, place.longitude)
        db.session.add(place)
        existing[row["name"]] = place
    return len(rows)


def reconcile(
    current: Sequence[Record],
    wanted: dict[str, dict[str, Any]],
    make: Callable[[str], Record],
) -> list[Record]:
    """Return children matching `wanted` (keyed by uuid), reusing rows that already exist."""
    by_uuid = {child.uuid: child for child in current}  # type: ignore[attr-defined]
    result = []
    for child_uuid, attrs in wanted.items():
        child = by_uuid.get(child_uuid) or make(child_uuid)
        for name, value in attrs.items():
            setattr(child, name, value)
        result.append(child)
    return result


def _version_resets(now: Any) -> None:
    """Record the reset in each changed listing's history, so history and page agree."""
    changed = set(db.session.scalars(select(ListingVersion.record_uuid).distinct()))
    for model in (Organisation, Location, Service):
        for record in db.session.scalars(select(model).where(model.uuid.in_(changed))):  # type: ignore[attr-defined]
            versions.record_version(
                record, "Reset to the demo data", None, now, author_name="signpost seed demo"
            )


class _DirectoryLoader:
    def __init__(self, hoods: dict[str, Neighbourhood], keep: set[str]) -> None:
        self.hoods = hoods
        self.keep = keep  # uuids of listings changed in the app: left as they are
        self.kept = 0
        self.now = utcnow()
        self.organisations = self.services = self.locations = 0
        self.taxonomy = self._local_taxonomy()
        self.terms = {t.code: t for t in self.taxonomy.terms}

    def _local_taxonomy(self) -> Taxonomy:
        taxonomy = db.session.scalars(
            select(Taxonomy).where(Taxonomy.name == LOCAL_TAXONOMY)
        ).first()
        if taxonomy is None:
            taxonomy = Taxonomy(
                name=LOCAL_TAXONOMY,
                uuid=stable_uuid("taxonomy:local"),
                description="Further terms describing services, beside the wellbeing themes.",
            )
            db.session.add(taxonomy)
            db.session.flush()
        return taxonomy

    def _term(self, name: str) -> TaxonomyTerm:
        code = name.strip().lower().replace(" ", "-")
        term = self.terms.get(code)
        if term is None:
            term = TaxonomyTerm(
                taxonomy=self.taxonomy,
                code=code,
                name=name.strip(),
                uuid=stable_uuid(f"term:{code}"),
            )
            db.session.add(term)
            self.terms[code] = term
        return term

    def load_organisation(self, data: dict[str, Any]) -> None:
        key = f"bolton:{data['key']}"
        org = db.session.scalars(
            select(Organisation).where(Organisation.external_id == key)
        ).first()
        if org is None:
            org = Organisation(uuid=stable_uuid(key), external_id=key, source=SOURCE)
            db.session.add(org)
        self.organisations += 1
        if org.uuid in self.keep:
            self.kept += 1
        else:
            self._organisation_fields(org, data)

        locations = {}
        for loc in data.get("locations", []):
            locations[loc["key"]] = self._location(org, key, loc)
        db.session.flush()
        for service_data in data.get("services", []):
            self._service(org, key, service_data, locations)

    @staticmethod
    def _organisation_fields(org: Organisation, data: dict[str, Any]) -> None:
        org.name = data["name"]
        org.kind = OrganisationKind(data["kind"])
        org.description = data.get("description", "")
        for attr in ("charity_number", "company_number", "website", "email", "phone"):
            setattr(org, attr, data.get(attr))
        org.referral_email = data.get("referral_email")
        org.is_published = True

    def _location(self, org: Organisation, org_key: str, data: dict[str, Any]) -> Location:
        key = f"{org_key}/location/{data['key']}"
        postcode = db.session.get(Postcode, geo.normalise_postcode(data["postcode"]))
        if postcode is None:
            raise ValueError(f"{key}: postcode {data['postcode']} is not in the demo gazetteer")
        location = next((loc for loc in org.locations if loc.external_id == key), None)
        if location is None:
            location = Location(uuid=stable_uuid(key), external_id=key)
            org.locations.append(location)
        self.locations += 1
        if location.uuid in self.keep:
            self.kept += 1
            return location
        location.name = data["name"]
        location.description = data.get("description") or ""
        location.address_1 = data.get("address_1") or ""
        location.address_2 = data.get("address_2")
        location.town = data.get("town") or ""
        location.postcode = postcode.postcode
        location.latitude = postcode.latitude
        location.longitude = postcode.longitude
        hood = self.hoods.get(postcode.neighbourhood_code or "")
        location.neighbourhood_id = hood.id if hood else None
        location.confidential = bool(data.get("confidential"))
        return location

    def _service(
        self,
        org: Organisation,
        org_key: str,
        data: dict[str, Any],
        locations: dict[str, Location],
    ) -> None:
        key = f"{org_key}/{data['key']}"
        service = next((s for s in org.services if s.external_id == key), None)
        created = service is None
        if service is None:
            service = Service(uuid=stable_uuid(key), external_id=key, source=SOURCE)
            org.services.append(service)
        self.services += 1
        if service.uuid in self.keep:
            self.kept += 1
            return
        service.name = data["name"]
        service.description = data.get("description", "")
        service.status = ServiceStatus(data.get("status", "active"))
        service.is_published = True
        service.themes = data["themes"]
        service.taxonomy_terms = [self._term(t) for t in data.get("taxonomy_terms", [])]
        service.keywords = list(data.get("keywords", []))
        service.eligibility_description = data.get("eligibility") or ""
        service.min_age = data.get("min_age")
        service.max_age = data.get("max_age")
        cost = data.get("cost") or {"free": True}
        service.is_free = bool(cost.get("free", True))
        service.fee_description = None if service.is_free else cost.get("description")
        service.access_methods = list(data.get("access", []))
        service.languages = list(data.get("languages", ["English"]))
        service.accessibility = list(data.get("accessibility", []))
        service.delivery_methods = list(data.get("delivery", ["in_person"]))
        contact = data.get("contact") or {}
        service.contact_name = contact.get("name")
        service.contact_phone = contact.get("phone")
        service.contact_email = contact.get("email")
        service.website = contact.get("website")
        service.schedule_note = data.get("schedule_note")

        service.service_at_locations = reconcile(
            service.service_at_locations,
            {
                stable_uuid(f"{key}@{loc_key}"): {"location": locations[loc_key]}
                for loc_key in data.get("locations", [])
            },
            lambda u: ServiceAtLocation(uuid=u),
        )
        service.schedules = reconcile(
            service.schedules,
            {
                stable_uuid(f"{key}#schedule{i}"): {
                    "weekday": WEEKDAYS.index(slot["day"].lower()),
                    "opens_at": time.fromisoformat(slot["opens"]),
                    "closes_at": time.fromisoformat(slot["closes"]),
                    "location": locations.get(slot.get("location") or ""),
                }
                for i, slot in enumerate(data.get("schedule", []))
            },
            lambda u: ScheduleSlot(uuid=u),
        )
        service.areas = reconcile(
            service.areas,
            {
                stable_uuid(f"{key}#area{i}"): attrs
                for i, attrs in enumerate(self._areas(data.get("service_areas", []), locations))
            },
            lambda u: ServiceArea(uuid=u),
        )
        if created:
            # Relative dates keep the demo realistic whenever it is first loaded.
            days = data.get("last_verified_days_ago")
            service.last_verified_at = None if days is None else self.now - timedelta(days=days)
            service.verified_by = data.get("verified_by") if days is not None else None
            self._capacity(service, data.get("capacity") or {}, self.now.date())

    def _areas(
        self, areas: list[dict[str, Any]], locations: dict[str, Location]
    ) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = []
        for area in areas:
            kind = area["kind"]
            if kind == "borough":
                result.append({"kind": AreaKind.BOROUGH})
            elif kind == "neighbourhoods":
                result.extend(
                    {"kind": AreaKind.NEIGHBOURHOOD, "neighbourhood": self.hoods[code]}
                    for code in area["codes"]
                )
            elif kind == "radius":
                # Measured from the place itself, never a copy of its point.
                result.append(
                    {
                        "kind": AreaKind.RADIUS,
                        "radius_km": float(area["km"]),
                        "location": locations[area["location"]],
                        "latitude": None,
                        "longitude": None,
                    }
                )
            else:
                raise ValueError(f"unknown service area kind {kind!r}")
        return result

    @staticmethod
    def _capacity(service: Service, capacity: dict[str, Any], today: date) -> None:
        service.capacity_status = CapacityStatus(capacity.get("status", "accepting"))
        service.waitlist_weeks = capacity.get("waitlist_weeks")
        paused_days = capacity.get("paused_for_days")
        service.paused_until = today + timedelta(days=paused_days) if paused_days else None
