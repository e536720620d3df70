"""Marshmallow schemas for the listing forms, and the mapping between forms and snapshots.

Forms edit snapshots (see directory/versions.py), never records, so the same form feeds a
change that publishes at once and one that waits for the capacity lead.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from typing import Any

from marshmallow import ValidationError, fields, pre_load, validate, validates_schema
from marshmallow.types import ErrorMessages

from accounts.schemas import EMAIL_MESSAGES
from core.errors import Refused
from core.fields import MULTILINE
from core.forms import FormSchema
from core.numbers import record_id
from directory.geo import InvalidPostcode, normalise_postcode
from directory.models import (
    WEEKDAYS,
    AccessibilityFeature,
    AccessMethod,
    AreaKind,
    CapacityStatus,
    DeliveryMethod,
    OrganisationKind,
    ServiceStatus,
)
from directory.snapshots import CAPACITY_FIELDS, SERVICE_SNAPSHOT, Snapshot, canonical
from directory.themes import Theme

# accounts' messages, typed as marshmallow takes them (its dict is inferred as dict[str, str]).
_EMAIL_MESSAGES: ErrorMessages = {**EMAIL_MESSAGES}
TIME_RANGE = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(?:-|to|–)\s*(\d{1,2})[:.](\d{2})$")
LIST_FIELDS = (
    "themes",
    "access_methods",
    "delivery_methods",
    "accessibility",
    "locations",
    "area_neighbourhoods",
)
# The organisation's places a distance may be measured from (public, with a postcode): uuid to
# name. A confidential place is never among them (directory.public_place.may_be_a_centre).
Places = dict[str, str]
CAPACITY_OPTIONS = [
    (CapacityStatus.ACCEPTING.value, "Accepting referrals", "Taking new people now"),
    (CapacityStatus.WAITLIST.value, "Waiting list", "Taking new people onto a waiting list"),
    (CapacityStatus.PAUSED.value, "Paused", "Not taking new people until a date"),
]


def text(
    label: str, max_length: int = 200, required: bool = False, lines: bool = False, **kwargs: Any
) -> fields.Str:
    """A text field with GOV.UK-style messages; `lines` for a textarea (else one line only)."""
    if lines:
        kwargs["metadata"] = MULTILINE
    if not required:
        kwargs.setdefault("load_default", None)
    return fields.String(
        required=required,
        validate=validate.Length(
            max=max_length, error=f"{label} must be {max_length} characters or fewer"
        ),
        error_messages={"required": f"Enter {label.lower()}"},
        **kwargs,
    )


def choices(options: list[str], what: str) -> fields.List[str]:
    return fields.List(
        fields.String(validate=validate.OneOf(options, error=f"Choose {what} from the list")),
        load_default=list,
    )


def optional_email(label: str) -> fields.Email:
    return fields.Email(
        load_default=None,
        validate=validate.Length(max=254),
        error_messages={"invalid": f"Enter {label} in the correct format, like name@example.com"},
    )


def optional_url(label: str) -> fields.Url:
    return fields.Url(
        load_default=None,
        schemes={"http", "https"},
        validate=validate.Length(max=300),
        error_messages={"invalid": f"Enter {label} starting with https://"},
    )


def split_words(value: str | None) -> list[str]:
    """Split "Urdu, Polish; BSL" into a clean list, keeping the order people typed."""
    if not value:
        return []
    parts = (part.strip() for part in re.split(r"[,;\n]", value))
    return list(dict.fromkeys(part for part in parts if part))


def parse_times(value: str) -> list[tuple[str, str]]:
    """Parse "10:00-12:00, 14:00 to 16:00" into [("10:00", "12:00"), ("14:00", "16:00")]."""
    periods = []
    for part in split_words(value):
        match = TIME_RANGE.match(part)
        if not match:
            raise ValidationError("Enter times like 10:00-12:00, separated by commas")
        opens_h, opens_m, closes_h, closes_m = (int(g) for g in match.groups())
        if opens_h > 23 or closes_h > 23 or opens_m > 59 or closes_m > 59:
            raise ValidationError("Enter real times, like 10:00-12:00")
        opens, closes = f"{opens_h:02d}:{opens_m:02d}", f"{closes_h:02d}:{closes_m:02d}"
        if closes <= opens:
            raise ValidationError("The closing time must be after the opening time")
        periods.append((opens, closes))
    return periods


def format_times(slots: list[dict[str, Any]], weekday: int) -> str:
    return ", ".join(
        f"{slot['opens_at']}-{slot['closes_at']}" for slot in slots if slot["weekday"] == weekday
    )


class PostcodeField(fields.String):
    """A full UK postcode, normalised ("bl35ab" -> "BL3 5AB"); the gazetteer is checked later."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        try:
            return normalise_postcode(super()._deserialize(value, attr, data, **kwargs))
        except InvalidPostcode as error:
            raise ValidationError(str(error)) from error


class DayTimes(fields.String):
    """One day's opening times as typed; checked here so the message shows by the field."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        typed = super()._deserialize(value, attr, data, **kwargs)
        parse_times(typed)
        return typed


class DatePartsMixin:
    """Join the GOV.UK date input's NAME-day/-month/-year fields into one ISO date."""

    date_fields: tuple[str, ...] = ()

    @pre_load
    def join_date_parts(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data = dict(data)
        for name in self.date_fields:
            parts = [
                str(data.pop(f"{name}-{part}", "") or "").strip()
                for part in ("day", "month", "year")
            ]
            if not any(parts):
                continue
            day, month, year = parts
            try:
                data[name] = date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                data[name] = "invalid"
        return data


# Services ----------------------------------------------------------------------------------


class ServiceFormSchema(FormSchema):
    name = text("Service name", required=True)
    description = text("Description", max_length=5000, required=True, lines=True)
    status = fields.String(
        load_default=ServiceStatus.ACTIVE.value,
        validate=validate.OneOf([s.value for s in ServiceStatus], error="Choose a status"),
    )
    themes = fields.List(
        fields.String(validate=validate.OneOf([t.value for t in Theme], error="Choose a theme")),
        required=True,
        validate=validate.Length(min=1, error="Choose at least one theme"),
        error_messages={"required": "Choose at least one theme"},
    )
    access_methods = choices([m.value for m in AccessMethod], "how people get help")
    delivery_methods = choices([m.value for m in DeliveryMethod], "how it is offered")
    accessibility = choices([f.value for f in AccessibilityFeature], "an accessibility feature")
    locations = fields.List(fields.String(), load_default=list)
    eligibility_description = text("Who it is for", max_length=2000, lines=True)
    min_age = fields.Integer(
        load_default=None,
        validate=validate.Range(min=0, max=120, error="Enter an age between 0 and 120"),
        error_messages={"invalid": "Enter the minimum age as a number, like 18"},
    )
    max_age = fields.Integer(
        load_default=None,
        validate=validate.Range(min=0, max=120, error="Enter an age between 0 and 120"),
        error_messages={"invalid": "Enter the maximum age as a number, like 65"},
    )
    is_free = fields.Boolean(
        required=True,
        error_messages={"required": "Say whether it is free", "invalid": "Say whether it is free"},
    )
    fee_description = text("Cost", max_length=300)
    languages = text("Languages", max_length=500)
    keywords = text("Other words people use", max_length=1000)
    contact_name = text("Contact name")
    contact_phone = text("Contact phone", max_length=40)
    contact_email = optional_email("the contact email address")
    website = optional_url("the website address")
    schedule_note = text("Note about opening times", max_length=1000, lines=True)
    # Opening times, one field per day, e.g. "10:00-12:00, 14:00-16:00".
    monday = DayTimes(load_default=None)
    tuesday = DayTimes(load_default=None)
    wednesday = DayTimes(load_default=None)
    thursday = DayTimes(load_default=None)
    friday = DayTimes(load_default=None)
    saturday = DayTimes(load_default=None)
    sunday = DayTimes(load_default=None)
    # Where the service reaches people: any mix of the whole borough, named neighbourhoods and
    # a distance around one of the organisation's places.
    area_borough = fields.Boolean(load_default=False)
    area_neighbourhoods = fields.List(fields.String(), load_default=list)
    area_radius_location = fields.String(load_default=None)
    area_radius_km = fields.Float(
        load_default=None,
        allow_nan=False,
        validate=validate.Range(
            min=0.1, max=50, error="Enter a distance between 0.1 and 50 kilometres"
        ),
        error_messages={"invalid": "Enter the distance as a number of kilometres, like 3"},
    )

    @validates_schema
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            errors["max_age"] = ["The maximum age must be the same as or more than the minimum"]
        if data.get("is_free") is False and not data.get("fee_description"):
            errors["fee_description"] = ["Say what it costs"]
        if data.get("area_radius_km") is not None and not data.get("area_radius_location"):
            errors["area_radius_location"] = ["Choose the place the distance is measured from"]
        if data.get("area_radius_location") and data.get("area_radius_km") is None:
            errors.setdefault("area_radius_km", ["Enter how many kilometres from that place"])
        if errors:
            raise ValidationError(errors)


# The snapshot fields the service form has (capacity is the capacity form's).
SERVICE_FORM_FIELDS = tuple(
    name
    for name in SERVICE_SNAPSHOT.fields
    if name in ServiceFormSchema().fields and name not in CAPACITY_FIELDS
)


def service_form_values(data: Snapshot, places: Places | None = None) -> dict[str, Any]:
    """Turn a service snapshot into what the form shows; `places` as for the areas.

    Each snapshot field the form has is shown as the snapshot holds it, but those the form
    shows another way (lists typed as words, whether it is free, opening times by day, areas),
    turned here as service_snapshot_from_form turns them back.
    """
    values = {name: data[name] for name in SERVICE_FORM_FIELDS if name in data}
    values |= {
        "languages": ", ".join(data.get("languages") or []),
        "keywords": ", ".join(data.get("keywords") or []),
        "locations": [loc["uuid"] for loc in data.get("locations") or []],
        "is_free": "true" if data.get("is_free", True) else "false",
    }
    for weekday, day in enumerate(WEEKDAYS):
        values[day] = format_times(data.get("schedules") or [], weekday)
    areas = data.get("areas") or []
    borough = any(area["kind"] == AreaKind.BOROUGH.value for area in areas)
    values["area_borough"] = ["true"] if borough else []
    values["area_neighbourhoods"] = [
        area["neighbourhood"] for area in areas if area["kind"] == AreaKind.NEIGHBOURHOOD.value
    ]
    for area in areas:
        uuid = area.get("location")
        if area["kind"] == AreaKind.RADIUS.value and uuid in (places or {}):
            values["area_radius_location"] = uuid
            values["area_radius_km"] = f"{area.get('radius_km') or 0:g}"
            break
    return values


def service_snapshot_from_form(
    current: Snapshot,
    loaded: dict[str, Any],
    location_names: dict[str, str],
    places: Places | None = None,
    neighbourhoods: Collection[str] = (),
) -> Snapshot:
    """Return `current` with the form's fields replaced, checked by the snapshot schema.

    Each snapshot field the form has is taken as loaded, those it shows another way (opening
    times, areas, lists typed as words) are turned into snapshot values here, and capacity
    (the capacity form's) is kept. `location_names` maps the uuids of the organisation's
    locations to their names; a location not among them is ignored. `places` holds those a
    distance may be measured from; `neighbourhoods` holds the neighbourhood codes one may
    choose. Refuses a distance around a place that is not among `places`.
    """
    proposed = dict(current)
    for name in SERVICE_FORM_FIELDS:
        if name in loaded:
            proposed[name] = loaded[name]
    proposed |= {
        "fee_description": None if loaded["is_free"] else loaded.get("fee_description"),
        "languages": split_words(loaded.get("languages")),
        "keywords": split_words(loaded.get("keywords")),
        "locations": [
            {"uuid": uuid, "name": location_names[uuid]}
            for uuid in dict.fromkeys(loaded.get("locations") or [])
            if uuid in location_names
        ],
        "schedules": _schedules_from_form(current, loaded),
        "areas": _areas_from_form(
            current, loaded, places or {}, set(neighbourhoods), location_names
        ),
    }
    return canonical(proposed)


def _schedules_from_form(current: Snapshot, loaded: dict[str, Any]) -> list[dict[str, Any]]:
    # A slot keeps the place it was at (set by an import): the form does not show it.
    kept_places = {
        (slot["weekday"], slot["opens_at"]): slot.get("location")
        for slot in current.get("schedules") or []
    }
    return [
        {
            "weekday": weekday,
            "opens_at": opens,
            "closes_at": closes,
            "location": kept_places.get((weekday, opens)),
        }
        for weekday, day in enumerate(WEEKDAYS)
        for opens, closes in parse_times(loaded.get(day) or "")
    ]


def _areas_from_form(
    current: Snapshot,
    loaded: dict[str, Any],
    places: Places,
    neighbourhoods: set[str],
    location_names: dict[str, str],
) -> list[dict[str, Any]]:
    areas: list[dict[str, Any]] = []
    if loaded.get("area_borough"):
        areas.append({"kind": AreaKind.BOROUGH.value})
    for code in dict.fromkeys(loaded.get("area_neighbourhoods") or []):
        if code in neighbourhoods:
            areas.append({"kind": AreaKind.NEIGHBOURHOOD.value, "neighbourhood": code})
    # The form sets the one distance around one of the organisation's places, replacing any
    # (one around a place that has since become confidential goes: the form says so). A distance
    # around a bare point (set by an import) is kept, since the form cannot show it.
    areas.extend(
        area
        for area in current.get("areas") or []
        if area["kind"] == AreaKind.RADIUS.value and not area.get("location")
    )
    uuid, km = loaded.get("area_radius_location"), loaded.get("area_radius_km")
    if uuid and km is not None:
        if uuid not in places:
            raise Refused(
                f"{location_names[uuid]} is a confidential address or has no postcode, so a "
                "distance cannot be measured from it. Choose a place with a public address"
                if uuid in location_names
                else "Choose one of your places that has a postcode",
                field="area_radius_location",
            )
        areas.append({"kind": AreaKind.RADIUS.value, "radius_km": km, "location": uuid})
    return areas


class CapacityFormSchema(DatePartsMixin, FormSchema):
    date_fields = ("paused_until",)

    capacity_status = fields.String(
        required=True,
        validate=validate.OneOf(
            [c.value for c in CapacityStatus], error="Choose whether you are taking new people"
        ),
        error_messages={"required": "Choose whether you are taking new people"},
    )
    waitlist_weeks = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=104, error="Enter a wait between 1 and 104 weeks"),
        error_messages={"invalid": "Enter the expected wait as a number of weeks, like 6"},
    )
    paused_until = fields.Date(
        load_default=None,
        error_messages={"invalid": "Enter a real date, like 27 3 2026"},
    )

    @validates_schema
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        status = data.get("capacity_status")
        if status == CapacityStatus.PAUSED.value and data.get("paused_until") is None:
            raise ValidationError("Enter the date you will take new people again", "paused_until")
        if status == CapacityStatus.WAITLIST.value and data.get("waitlist_weeks") is None:
            raise ValidationError("Enter the expected wait in weeks", "waitlist_weeks")


# Organisations and locations ---------------------------------------------------------------


class OrganisationFormSchema(FormSchema):
    name = text("Organisation name", required=True)
    kind = fields.String(
        required=True,
        validate=validate.OneOf(
            [k.value for k in OrganisationKind], error="Choose the type of organisation"
        ),
        error_messages={"required": "Choose the type of organisation"},
    )
    description = text("Description", max_length=5000, lines=True)
    charity_number = text("Charity number", max_length=20)
    company_number = text("Company number", max_length=20)
    website = optional_url("the website address")
    email = optional_email("the email address")
    phone = text("Phone", max_length=40)
    referral_email = optional_email("the email address for referrals")


def organisation_snapshot_from_form(loaded: dict[str, Any]) -> Snapshot:
    return {
        "name": loaded["name"],
        "kind": loaded["kind"],
        "description": loaded.get("description") or "",
        "charity_number": loaded.get("charity_number"),
        "company_number": loaded.get("company_number"),
        "website": loaded.get("website"),
        "email": loaded.get("email"),
        "phone": loaded.get("phone"),
        "referral_email": loaded.get("referral_email"),
    }


class LocationFormSchema(FormSchema):
    name = text("Location name", required=True)
    description = text("Description", max_length=2000, lines=True)
    address_1 = text("Address line 1", required=True)
    address_2 = text("Address line 2")
    town = text("Town", max_length=100, required=True)
    postcode = PostcodeField(
        required=True, error_messages={"required": "Enter a postcode, like BL3 5AB"}
    )
    confidential = fields.Boolean(load_default=False)


def location_snapshot_from_form(loaded: dict[str, Any]) -> Snapshot:
    return {
        "name": loaded["name"],
        "description": loaded.get("description") or "",
        "address_1": loaded["address_1"],
        "address_2": loaded.get("address_2"),
        "town": loaded["town"],
        "postcode": loaded["postcode"],
        "confidential": bool(loaded.get("confidential")),
    }


# Public forms and moderation ---------------------------------------------------------------


class NewListingSchema(FormSchema):
    """ "List your group": the organisation, its first service and who is asking."""

    organisation_name = text("Organisation name", required=True)
    kind = fields.String(
        required=True,
        validate=validate.OneOf(
            [k.value for k in OrganisationKind], error="Choose the type of organisation"
        ),
        error_messages={"required": "Choose the type of organisation"},
    )
    organisation_website = optional_url("the website address")
    service_name = text("Name of the service or activity", required=True)
    description = text("Description", max_length=5000, required=True, lines=True)
    themes = fields.List(
        fields.String(validate=validate.OneOf([t.value for t in Theme], error="Choose a theme")),
        required=True,
        validate=validate.Length(min=1, error="Choose at least one theme"),
        error_messages={"required": "Choose at least one theme"},
    )
    address_1 = text("Address line 1")
    town = text("Town", max_length=100)
    postcode = PostcodeField(load_default=None)
    contact_phone = text("Phone number for the public", max_length=40)
    contact_email = optional_email("the email address for the public")
    your_name = text("Your name", required=True)
    your_email = fields.Email(
        required=True, validate=validate.Length(max=254), error_messages=_EMAIL_MESSAGES
    )


class SuggestionSchema(FormSchema):
    message = text("What needs changing", max_length=5000, required=True, lines=True)
    your_name = text("Your name")
    your_email = optional_email("your email address")


class ClaimSchema(FormSchema):
    name = text("Your name", required=True)
    email = fields.Email(
        required=True, validate=validate.Length(max=254), error_messages=_EMAIL_MESSAGES
    )
    job_title = text("Your role at the organisation", required=True)
    message = text("How we can check you work there", max_length=2000, lines=True)


class ApproveSchema(FormSchema):
    """Approving a change; for a new listing the lead may correct its postcode."""

    postcode = PostcodeField(load_default=None)


class ReasonSchema(FormSchema):
    reason = text("The reason", max_length=2000, required=True, lines=True)


# Organisation membership -------------------------------------------------------------------


class MemberInviteSchema(FormSchema):
    email = fields.Email(
        required=True, validate=validate.Length(max=254), error_messages=_EMAIL_MESSAGES
    )
    name = fields.String(
        required=True,
        validate=validate.Length(max=200, error="Name must be 200 characters or fewer"),
        error_messages={"required": "Enter the person's name"},
    )


class MembershipSchema(FormSchema):
    organisation_id = record_id(
        required=True,
        error_messages={
            "required": "Choose an organisation",
            "invalid": "Choose an organisation from the list",
        },
    )
    is_referring_partner = fields.Boolean(load_default=False)
