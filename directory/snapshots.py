"""The snapshot of a service: each editable field stated once, with its label and its type.

A snapshot is the JSON-ready dict of a service's editable state that the version history
stores, the edit form proposes and the Open Referral import writes. `SERVICE_SNAPSHOT.dump`
reads it from a Service (byte for byte what versions have always stored: stored versions keep
comparing equal); `SERVICE_SNAPSHOT.load` types one back (enums, dates, times, lists), filling
what an older snapshot lacks as it always has been filled.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import time
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_dump
from marshmallow.utils import get_value

from core.enums import LabelledEnum
from directory.models import (
    AccessibilityFeature,
    AccessMethod,
    AreaKind,
    CapacityStatus,
    DeliveryMethod,
    Service,
    ServiceStatus,
)
from directory.themes import Theme

Snapshot = dict[str, Any]
# The parts of a service kept on rows of their own, applied by directory.versions.
PARTS = ("schedules", "areas", "locations")
CAPACITY_LABELS = {
    CapacityStatus.ACCEPTING.value: "Accepting referrals",
    CapacityStatus.WAITLIST.value: "Waiting list",
    CapacityStatus.PAUSED.value: "Paused",
}


def _labels(kind: type[LabelledEnum]) -> dict[str, str]:
    return {member.value: member.label for member in kind}


def _meta(label: str | None, labels: Mapping[str, str] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"label": label} if label else {}
    if labels is not None:
        found["labels"] = dict(labels)
    return found


class Text(fields.String):
    """Free text as written; `blank` is what a missing or empty value loads as."""

    def __init__(self, label: str | None = None, blank: str | None = None, **kwargs: Any):
        kwargs.setdefault("load_default", blank)
        super().__init__(allow_none=True, metadata=_meta(label), **kwargs)
        self.blank = blank

    def deserialize(self, value: Any, attr: Any = None, data: Any = None, **kwargs: Any) -> Any:
        found = super().deserialize(value, attr, data, **kwargs)
        return (found or self.blank) if self.blank is not None else found


class Choice(fields.Field[enum.Enum]):
    """One value of an enum, stored as its value; missing or blank loads as `default`."""

    def __init__(
        self,
        kind: type[enum.Enum],
        label: str | None = None,
        default: enum.Enum | None = None,
        labels: Mapping[str, str] | None = None,
        **kwargs: Any,
    ):
        if default is not None:
            kwargs["load_default"] = default
        super().__init__(
            metadata=_meta(
                label,
                _labels(kind) if labels is None and issubclass(kind, LabelledEnum) else labels,
            ),
            **kwargs,
        )
        self.kind = kind
        self.default = default

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        return getattr(value, "value", value)

    def deserialize(self, value: Any, attr: Any = None, data: Any = None, **kwargs: Any) -> Any:
        if value in (None, "") and self.default is not None:
            return self.default
        return super().deserialize(value, attr, data, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> enum.Enum:
        try:
            return self.kind(value)
        except ValueError as error:
            raise ValidationError(f"{value!r} is not one of the choices") from error


class Words(fields.List[str]):
    """A list of strings (the values of `kind` when given); missing or null loads as []."""

    def __init__(self, label: str, kind: type[LabelledEnum] | None = None):
        labels = _labels(kind) if kind is not None else None
        super().__init__(
            fields.String(), allow_none=True, load_default=list, metadata=_meta(label, labels)
        )

    def deserialize(self, value: Any, attr: Any = None, data: Any = None, **kwargs: Any) -> Any:
        return list(super().deserialize(value, attr, data, **kwargs) or [])


class Themes(fields.Field[list[Theme]]):
    """A service's wellbeing themes: stored as their sorted values, loaded as Theme."""

    def __init__(self, label: str):
        super().__init__(load_default=list, metadata=_meta(label, _labels(Theme)))

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> list[str]:
        return sorted({getattr(theme, "value", theme) for theme in value})

    def deserialize(self, value: Any, attr: Any = None, data: Any = None, **kwargs: Any) -> Any:
        return super().deserialize(value or [], attr, data, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[Theme]:
        try:
            return [Theme(theme) for theme in value]
        except (TypeError, ValueError) as error:
            raise ValidationError("Not a list of themes") from error


class Day(fields.Date):
    """A date stored as ISO text; missing or blank loads as None."""

    def __init__(self, label: str):
        super().__init__(allow_none=True, load_default=None, metadata=_meta(label))

    def deserialize(self, value: Any, attr: Any = None, data: Any = None, **kwargs: Any) -> Any:
        return super().deserialize(value or None, attr, data, **kwargs)


class Count(fields.Integer):
    def __init__(self, label: str):
        super().__init__(allow_none=True, load_default=None, metadata=_meta(label))


class Number(fields.Float):
    """A number loaded as a float and stored as the record holds it (2 stays 2, not 2.0)."""

    def __init__(self) -> None:
        super().__init__(allow_none=True, load_default=None)

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        return value


class HourMinute(fields.Field[time]):
    """A time of day stored as "09:30"; loads "09:30" or "09:30:00"."""

    def _serialize(self, value: time | None, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        return value.strftime("%H:%M") if value is not None else None

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> time:
        try:
            return time.fromisoformat(value)
        except (TypeError, ValueError) as error:
            raise ValidationError("Not a time of day like 09:30") from error


class Reference(fields.String):
    """Another record, stored by its `key` (a uuid or a code); loads the key, blank as None."""

    def __init__(self, key: str):
        super().__init__(allow_none=True, load_default=None)
        self.key = key

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        if isinstance(value, str) or not value:  # loaded already, or none
            return value or None
        found: str = getattr(value, self.key)
        return found

    def deserialize(self, value: Any, attr: Any = None, data: Any = None, **kwargs: Any) -> Any:
        return super().deserialize(value, attr, data, **kwargs) or None


class Sorted(fields.List[dict[str, Any]]):
    """A list of nested snapshots in one order, so the same parts always compare equal.

    `by_record` orders the records before they are written (exactly, e.g. by a time with
    seconds); `by_snapshot` orders what was written.
    """

    def __init__(
        self,
        schema: type[Schema],
        label: str,
        by_record: Callable[[Any], Any] | None = None,
        by_snapshot: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
    ):
        super().__init__(fields.Nested(schema), load_default=list, metadata=_meta(label))
        self.by_record = by_record
        self.by_snapshot = by_snapshot

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        if self.by_record is not None:
            value = sorted(value, key=self.by_record)
        dumped = super()._serialize(value, attr, obj, **kwargs) or []
        return self.by_snapshot(dumped) if self.by_snapshot is not None else dumped

    def deserialize(self, value: Any, attr: Any = None, data: Any = None, **kwargs: Any) -> Any:
        return super().deserialize(value or [], attr, data, **kwargs)


# The parts -----------------------------------------------------------------------------------


class PartSchema(Schema):
    class Meta:
        unknown = EXCLUDE


class ScheduleSnapshot(PartSchema):
    """One weekly opening slot; `location` the uuid of the place it is at, if one is named."""

    weekday = fields.Integer(required=True)
    opens_at = HourMinute(required=True)
    closes_at = HourMinute(required=True)
    location = Reference("uuid")


class AreaSnapshot(PartSchema):
    """One area a service reaches.

    A radius from one of the organisation's places names the place, never a copy of its point
    (see directory.models.ServiceArea); older snapshots hold the point (directory.versions).
    """

    kind = Choice(AreaKind, required=True)
    neighbourhood = Reference("code")
    radius_km = Number()
    location = Reference("uuid")
    latitude = Number()
    longitude = Number()
    name = Text()
    geometry = fields.Dict(allow_none=True, load_default=None)

    @post_dump
    def drop_absent(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        # Only areas drawn or described by another directory have these: older snapshots match.
        for name in ("name", "geometry"):
            if not data[name]:
                del data[name]
        return data


class LocationLink(PartSchema):
    uuid = fields.String(required=True)
    name = fields.String(allow_none=True, load_default=None)


AREA_KIND_ORDER = {
    AreaKind.BOROUGH.value: 0,
    AreaKind.NEIGHBOURHOOD.value: 1,
    AreaKind.RADIUS.value: 2,
    AreaKind.POLYGON.value: 3,
    AreaKind.DESCRIBED.value: 4,
}


def sort_areas(areas: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Put service areas in one order, so the same areas always compare equal."""
    return sorted(
        areas,
        key=lambda area: (
            AREA_KIND_ORDER.get(area["kind"], 5),
            area.get("name") or "",
            area.get("neighbourhood") or "",
            area.get("radius_km") or 0,
            area.get("latitude") or 0,
            area.get("longitude") or 0,
            area.get("location") or "",
        ),
    )


def _slot_order(slot: Any) -> tuple[int, time]:
    """Slots by day and opening time: a ScheduleSlot's, or a loaded slot's."""
    return get_value(slot, "weekday"), get_value(slot, "opens_at")


def _by_name(locations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(locations, key=lambda loc: loc["name"])


# The service ---------------------------------------------------------------------------------


class ServiceSnapshot(Schema):
    """A service's editable state, field by field in the order the history lists changes."""

    class Meta:
        unknown = EXCLUDE

    name = Text("Name")
    description = Text("Description", blank="")
    status = Choice(ServiceStatus, "Status", default=ServiceStatus.ACTIVE)
    eligibility_description = Text("Who it is for", blank="")
    min_age = Count("Minimum age")
    max_age = Count("Maximum age")
    # None: the listing does not say. Absent (a snapshot older than "not said"): free.
    is_free = fields.Boolean(allow_none=True, load_default=True, metadata=_meta("Free"))
    fee_description = Text("Cost")
    access_methods = Words("How to get help", AccessMethod)
    delivery_methods = Words("How it is offered", DeliveryMethod)
    accessibility = Words("Accessibility", AccessibilityFeature)
    languages = Words("Languages")
    keywords = Words("Other words people use")
    contact_name = Text("Contact name")
    contact_phone = Text("Contact phone")
    contact_email = Text("Contact email")
    website = Text("Website")
    schedule_note = Text("Note about opening times")
    capacity_status = Choice(
        CapacityStatus, "Taking new people", CapacityStatus.ACCEPTING, CAPACITY_LABELS
    )
    waitlist_weeks = Count("Expected wait (weeks)")
    paused_until = Day("Paused until")
    themes = Themes("Themes")
    schedules = Sorted(ScheduleSnapshot, "Opening times", by_record=_slot_order)
    areas = Sorted(AreaSnapshot, "Areas covered", by_snapshot=sort_areas)
    locations = Sorted(LocationLink, "Locations", by_snapshot=_by_name)


SERVICE_SNAPSHOT = ServiceSnapshot()
SERVICE_LABELS: dict[str, str] = {
    name: field.metadata["label"] for name, field in SERVICE_SNAPSHOT.fields.items()
}
# The values of the fields that hold choices, for people.
SERVICE_VALUE_LABELS: dict[str, dict[str, str]] = {
    name: field.metadata["labels"]
    for name, field in SERVICE_SNAPSHOT.fields.items()
    if "labels" in field.metadata
}
# What the capacity form edits: the service form keeps these as they are.
CAPACITY_FIELDS = ("capacity_status", "waitlist_weeks", "paused_until")


def new_service_snapshot() -> Snapshot:
    """The snapshot of a service not yet written: what the add-a-service form starts from."""
    return canonical({})


def canonical(data: Mapping[str, Any]) -> Snapshot:
    """Check a snapshot built by hand and write it as a service would: typed, ordered, complete.

    Raises ValidationError for a value of the wrong type or outside its choices.
    """
    found: Snapshot = SERVICE_SNAPSHOT.dump(SERVICE_SNAPSHOT.load(data))
    return found


def snapshot_service(service: Service) -> Snapshot:
    """Return a service's editable state as JSON-ready data."""
    found: Snapshot = SERVICE_SNAPSHOT.dump(service)
    return found


def load_service_snapshot(data: Mapping[str, Any]) -> dict[str, Any]:
    """Type a snapshot's values, filling what an older snapshot lacks."""
    loaded: dict[str, Any] = SERVICE_SNAPSHOT.load(data)
    return loaded
