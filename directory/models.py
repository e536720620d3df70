"""Listings: organisations, services, locations, schedules, service areas and taxonomy.

Shaped after Open Referral UK / HSDS 3 so the feed is a projection, not a translation.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import LabelledEnum
from core.extensions import Model, db
from core.models import new_uuid, utcnow, uuid_column_type
from core.versioning import Versioned
from directory.themes import Theme

if TYPE_CHECKING:
    from directory.gazetteer import Neighbourhood


class OrganisationKind(LabelledEnum):
    VOLUNTARY = "voluntary", "Voluntary organisation"
    COMMUNITY_GROUP = "community_group", "Community group"
    FAITH = "faith", "Faith group"
    STATUTORY = "statutory", "Council or statutory service"
    NHS = "nhs", "NHS"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    PRIVATE = "private", "Private business"


class ServiceStatus(LabelledEnum):
    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily_closed"
    INACTIVE = "inactive"


class AccessMethod(LabelledEnum):
    DROP_IN = "drop_in", "Drop in, no need to book"
    SELF_REFERRAL = "self_referral", "Contact them yourself"
    REFERRAL_NEEDED = "referral_needed", "Needs a referral from a professional"
    SIGNPOST_REFERRAL = "signpost_referral", "Accepts referrals through Signpost"


class DeliveryMethod(LabelledEnum):
    IN_PERSON = "in_person", "In person"
    HOME_VISIT = "home_visit", "Home visits"
    PHONE = "phone", "By phone"
    ONLINE = "online", "Online"


class AccessibilityFeature(LabelledEnum):
    WHEELCHAIR_ACCESS = "wheelchair_access", "Wheelchair accessible"
    STEP_FREE = "step_free", "Step-free access"
    ACCESSIBLE_TOILET = "accessible_toilet", "Accessible toilet"
    HEARING_LOOP = "hearing_loop", "Hearing loop"
    BSL = "bsl", "British Sign Language"
    LARGE_PRINT = "large_print", "Large print materials"
    PARKING = "parking", "Parking"


class CapacityStatus(enum.StrEnum):
    ACCEPTING = "accepting"
    WAITLIST = "waitlist"
    PAUSED = "paused"


class AreaKind(enum.StrEnum):
    BOROUGH = "borough"
    NEIGHBOURHOOD = "neighbourhood"
    RADIUS = "radius"
    POLYGON = "polygon"  # a GeoJSON Polygon or MultiPolygon, e.g. from another directory
    DESCRIBED = "described"  # only words ("All of Wigan"): shown, but reaches no point


class ListingSource(Model):
    """Another directory whose listings are imported here, and how its last sync went."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # A feed's base URL or a saved file's path; also each imported record's `source`.
    location: Mapped[str] = mapped_column(String(1000), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_run_at: Mapped[datetime | None]
    last_status: Mapped[str | None] = mapped_column(String(20))  # ok, failed, dry run
    last_total: Mapped[int] = mapped_column(default=0)
    last_added: Mapped[int] = mapped_column(default=0)
    last_updated: Mapped[int] = mapped_column(default=0)
    last_retired: Mapped[int] = mapped_column(default=0)
    last_warned: Mapped[int] = mapped_column(default=0)
    # The first problems and warnings of the last run, as lines a person can act on.
    last_errors: Mapped[list[str]] = mapped_column(default=list)
    last_warnings: Mapped[list[str]] = mapped_column(default=list)

    def __repr__(self) -> str:
        return f"<ListingSource {self.name!r}>"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Organisation(Versioned, Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[OrganisationKind]
    description: Mapped[str] = mapped_column(Text, default="")
    charity_number: Mapped[str | None] = mapped_column(String(20))
    company_number: Mapped[str | None] = mapped_column(String(20))
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    referral_email: Mapped[str | None] = mapped_column(String(254))
    # Edits by trusted organisations publish at once; others go to moderation.
    trusted: Mapped[bool] = mapped_column(default=False)
    is_published: Mapped[bool] = mapped_column(default=True)
    # Where the record came from (e.g. "seed:bolton", "csv", an ORUK feed URL) and its id there.
    source: Mapped[str | None] = mapped_column(String(300))
    external_id: Mapped[str | None] = mapped_column(String(200), index=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("source.id", ondelete="SET NULL"), index=True
    )
    # Open Referral fields Signpost does not use (logo, uri, parent...), and a feed's exact
    # values where Signpost stores them normalised, so the feed republishes them unchanged.
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    listing_source: Mapped[ListingSource | None] = relationship()
    services: Mapped[list[Service]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Service.name"
    )
    locations: Mapped[list[Location]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Location.name"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"


service_taxonomy_term = Table(
    "service_taxonomy_term",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "taxonomy_term_id", ForeignKey("taxonomy_term.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Service(Versioned, Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ServiceStatus] = mapped_column(default=ServiceStatus.ACTIVE)
    is_published: Mapped[bool] = mapped_column(default=True)
    eligibility_description: Mapped[str] = mapped_column(Text, default="")
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    # None: the listing does not say (another directory gave no cost options).
    is_free: Mapped[bool | None] = mapped_column(default=True)
    fee_description: Mapped[str | None] = mapped_column(String(300))
    access_methods: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    accessibility: Mapped[list[str]] = mapped_column(default=list)
    delivery_methods: Mapped[list[str]] = mapped_column(default=list)
    # Everyday words people use for this service that its description may not contain.
    keywords: Mapped[list[str]] = mapped_column(default=list)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    schedule_note: Mapped[str | None] = mapped_column(Text)
    capacity_status: Mapped[CapacityStatus] = mapped_column(default=CapacityStatus.ACCEPTING)
    waitlist_weeks: Mapped[int | None]
    paused_until: Mapped[date | None]
    # Verification is a person confirming the listing, so it is kept apart from updated_at.
    last_verified_at: Mapped[datetime | None]
    verified_by: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(300))
    external_id: Mapped[str | None] = mapped_column(String(200), index=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("source.id", ondelete="SET NULL"), index=True
    )
    # Set when the listing left its source's feed: unlisted, kept with its history.
    retired_at: Mapped[datetime | None]
    # Another listing of the same service (from another directory): this one is not listed
    # while the capacity lead decides, nor after they merge the two.
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("service.id", ondelete="SET NULL"), index=True
    )
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When anything published about the service last changed: its organisation, locations,
    # opening times, areas, cost... Kept by directory.last_modified's session events.
    last_modified: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    organisation: Mapped[Organisation] = relationship(back_populates="services")
    listing_source: Mapped[ListingSource | None] = relationship()
    theme_links: Mapped[list[ServiceTheme]] = relationship(
        cascade="all, delete-orphan", order_by="ServiceTheme.theme"
    )
    taxonomy_terms: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=service_taxonomy_term, order_by="TaxonomyTerm.name"
    )
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    schedules: Mapped[list[ScheduleSlot]] = relationship(
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="(ScheduleSlot.weekday, ScheduleSlot.opens_at)",
    )
    areas: Mapped[list[ServiceArea]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    opening_schedules: Mapped[list[OpeningSchedule]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="OpeningSchedule.id"
    )
    cost_options: Mapped[list[CostOption]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="CostOption.id"
    )

    def __repr__(self) -> str:
        return f"<Service {self.id} {self.name!r}>"

    @property
    def cost_summary(self) -> str:
        """Say what it costs, without inventing an answer the listing does not give."""
        if self.is_free:
            return "Free"
        if self.fee_description:
            return self.fee_description
        if self.is_free is False:
            return "There is a charge"
        return "Not stated: ask them"

    @property
    def themes(self) -> list[Theme]:
        return [link.theme for link in self.theme_links]

    @themes.setter
    def themes(self, themes: list[Theme]) -> None:
        wanted = list(dict.fromkeys(Theme(t) for t in themes))
        kept = [link for link in self.theme_links if link.theme in wanted]
        have = {link.theme for link in kept}
        self.theme_links = kept + [ServiceTheme(theme=t) for t in wanted if t not in have]

    @property
    def locations(self) -> list[Location]:
        return [sal.location for sal in self.service_at_locations]

    @property
    def accepts_signpost_referrals(self) -> bool:
        return AccessMethod.SIGNPOST_REFERRAL.value in (self.access_methods or [])

    def capacity_on(self, day: date) -> CapacityStatus:
        """Return the capacity in force on a day: a pause ends by itself on its date."""
        if self.capacity_status is CapacityStatus.PAUSED and self.paused_until:
            if day >= self.paused_until:
                return CapacityStatus.ACCEPTING
        return self.capacity_status

    def is_stale(self, now: datetime, stale_after_days: int) -> bool:
        if self.last_verified_at is None:
            return True
        return now - self.last_verified_at > timedelta(days=stale_after_days)

    @property
    def is_listed(self) -> bool:
        """Whether the public may see this service."""
        return (
            self.is_published
            and self.organisation.is_published
            and self.status is not ServiceStatus.INACTIVE
            and self.duplicate_of_id is None
        )


class ServiceTheme(Model):
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[Theme] = mapped_column(primary_key=True, index=True)


class Taxonomy(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    uri: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[str | None] = mapped_column(String(40))

    terms: Mapped[list[TaxonomyTerm]] = relationship(back_populates="taxonomy")


class TaxonomyTerm(Model):
    __table_args__ = (UniqueConstraint("taxonomy_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    taxonomy_id: Mapped[int] = mapped_column(ForeignKey("taxonomy.id"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_term.id"))

    taxonomy: Mapped[Taxonomy] = relationship(back_populates="terms")


class Location(Versioned, Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    address_1: Mapped[str] = mapped_column(String(200), default="")
    address_2: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str | None] = mapped_column(String(8), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"), index=True)
    # Refuges and safe houses: the address and coordinates never leave Signpost's staff pages.
    confidential: Mapped[bool] = mapped_column(default=False)
    external_id: Mapped[str | None] = mapped_column(String(200))
    # A third party's identifier for the place, e.g. its UPRN (Unique Property Reference).
    external_identifier: Mapped[str | None] = mapped_column(String(200))
    external_identifier_type: Mapped[str | None] = mapped_column(String(100))
    # Open Referral accessibility entries: {"id", "description", "details", "url"}.
    accessibility: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="locations")
    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )

    @property
    def address_lines(self) -> list[str]:
        return [line for line in (self.address_1, self.address_2, self.town, self.postcode) if line]


class ServiceAtLocation(Model):
    __table_args__ = (UniqueConstraint("service_id", "location_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )

    service: Mapped[Service] = relationship(back_populates="service_at_locations")
    location: Mapped[Location] = relationship(back_populates="service_at_locations")


class DuplicateStatus(enum.StrEnum):
    PENDING = "pending"  # found; the later listing is hidden until the lead decides
    MERGED = "merged"  # the same service: only the kept listing is shown
    DISTINCT = "distinct"  # not the same: both are listed, and the pair is not offered again


class DuplicateCandidate(Model):
    """Two listings, from different directories, that look like the same service."""

    __table_args__ = (UniqueConstraint("service_id", "kept_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    kept_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    status: Mapped[DuplicateStatus] = mapped_column(default=DuplicateStatus.PENDING, index=True)
    reasons: Mapped[str] = mapped_column(String(300))  # e.g. "same name, organisation, phone"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(200))

    service: Mapped[Service] = relationship(foreign_keys=[service_id])
    kept: Mapped[Service] = relationship(foreign_keys=[kept_id])


class OpeningSchedule(Model):
    """An RFC 5545 recurrence as Open Referral gives it: weekly, fortnightly, monthly...

    Schedules that are plainly weekly also become ScheduleSlots (which search's "open now"
    reads); the rest are shown in words on the service page.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id", ondelete="SET NULL"))
    external_id: Mapped[str | None] = mapped_column(String(200))
    freq: Mapped[str | None] = mapped_column(String(10))  # WEEKLY or MONTHLY
    interval: Mapped[int | None]
    byday: Mapped[str | None] = mapped_column(String(100))  # e.g. "MO,TH" or "1TU,-1FR"
    bymonthday: Mapped[str | None] = mapped_column(String(100))
    byweekno: Mapped[str | None] = mapped_column(String(100))
    dtstart: Mapped[date | None]
    until: Mapped[date | None]
    count: Mapped[int | None]
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    opens_at: Mapped[time | None]
    closes_at: Mapped[time | None]
    description: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    service: Mapped[Service] = relationship(back_populates="opening_schedules")
    location: Mapped[Location | None] = relationship()
    slots: Mapped[list[ScheduleSlot]] = relationship(back_populates="opening_schedule")


class CostOption(Model):
    """One price, e.g. "Under 18s and Over 60s": 35 GBP "per 1 hour session"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    external_id: Mapped[str | None] = mapped_column(String(200))
    option: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[float | None]
    currency: Mapped[str | None] = mapped_column(String(3))  # ISO 4217, e.g. GBP
    amount_description: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    service: Mapped[Service] = relationship(back_populates="cost_options")

    @property
    def is_free(self) -> bool:
        return self.amount == 0 or (self.option or "").strip().lower() == "free"

    @property
    def summary(self) -> str:
        """In words: "Under 18s and Over 60s: £35 per 1 hour session"."""
        amount = ""
        if self.amount is not None:
            number = f"{self.amount:,.2f}".removesuffix(".00")
            currency = (self.currency or "").upper()
            amount = f"£{number}" if currency == "GBP" else f"{number} {currency}".strip()
        words = " ".join(part for part in (amount, self.amount_description or "") if part)
        if self.option and words:
            return f"{self.option}: {words}"
        return self.option or words or "A charge"


class ScheduleSlot(Model):
    """One weekly opening period; a day may have several."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id", ondelete="SET NULL"))
    # The imported schedule this slot was derived from; None for slots people entered here.
    opening_schedule_id: Mapped[int | None] = mapped_column(
        ForeignKey("opening_schedule.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]  # 0 = Monday, as date.weekday()
    opens_at: Mapped[time]
    closes_at: Mapped[time]

    service: Mapped[Service] = relationship(back_populates="schedules")
    location: Mapped[Location | None] = relationship()
    opening_schedule: Mapped[OpeningSchedule | None] = relationship(back_populates="slots")

    @property
    def day_name(self) -> str:
        return WEEKDAYS[self.weekday].capitalize()


class ServiceArea(Model):
    """Where a service reaches without the person travelling to a location.

    A radius is measured from one of the organisation's locations (`location`), never from a
    copy of its point: where the public may think that place is can change (it may become
    confidential), and directory.public_place decides it when the area is read. A radius from
    a bare point (`latitude`, `longitude`) is one an import described with no place of ours.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AreaKind]
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    radius_km: Mapped[float | None]
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    # A POLYGON area's GeoJSON geometry (Polygon or MultiPolygon, WGS84 longitude/latitude).
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    name: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    service: Mapped[Service] = relationship(back_populates="areas")
    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    # The database removes an area with its place (ON DELETE CASCADE); no collection on
    # Location, so building an area never half-adds it to the session through its place.
    location: Mapped[Location | None] = relationship()

    @property
    def label(self) -> str:
        if self.kind is AreaKind.BOROUGH:
            return "The whole borough"
        if self.kind is AreaKind.NEIGHBOURHOOD and self.neighbourhood:
            return self.neighbourhood.name
        if self.kind is AreaKind.POLYGON:
            return self.name or "A mapped area"
        if self.kind is AreaKind.DESCRIBED:
            return self.name or "An area described in words"
        return f"Within {self.radius_km:g} km"
