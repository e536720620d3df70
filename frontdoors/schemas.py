"""Form schemas for the self-check, the contact request, the partner checklist and booklet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from core.fields import MULTILINE, email_address, phone_number
from core.forms import FormSchema
from core.numbers import record_id
from directory import geo
from directory.themes import Theme
from frontdoors.models import ContactRoute, PreferredTime
from frontdoors.selfcheck import ANSWER_OPTIONS
from referrals.models import ContactPreference

THEME_VALUES = [t.value for t in Theme]


def _required(message: str) -> dict[str, str]:
    return {"required": message, "null": message}


class AnswerSchema(FormSchema):
    answer = fields.String(
        required=True,
        validate=validate.OneOf(
            [v for v, _ in ANSWER_OPTIONS], error="Choose Yes, Sometimes or No"
        ),
        error_messages=_required("Choose Yes, Sometimes or No"),
    )


def _postcode(value: str) -> None:
    if not geo.looks_like_postcode(value):
        raise ValidationError("Enter a real postcode, like BL1 1RU")


class PostcodeSchema(FormSchema):
    postcode = fields.String(
        required=True,
        validate=_postcode,
        error_messages=_required("Enter your postcode, like BL1 1RU"),
    )
    # Optional: the report then leaves out services not open to someone this age.
    age = fields.Integer(
        load_default=None,
        validate=validate.Range(min=0, max=120, error="Enter an age from 0 to 120"),
        error_messages={"invalid": "Enter your age as a number, like 70"},
    )


class ContactRequestSchema(FormSchema):
    name = fields.String(
        required=True,
        validate=validate.Length(max=200, error="Your name must be 200 characters or fewer"),
        error_messages=_required("Enter your name"),
    )
    contact_route = fields.String(
        required=True,
        validate=validate.OneOf([r.value for r in ContactRoute], error="Choose phone or email"),
        error_messages=_required("Choose how we should contact you"),
    )
    # Checked only for the route the person chose (contact_for_route): a half-typed email
    # address must not block someone who asked to be phoned.
    phone = fields.String(load_default="")
    email = fields.String(load_default="")
    preferred_time = fields.String(
        required=True,
        validate=validate.OneOf([t.value for t in PreferredTime], error="Choose a time"),
        error_messages=_required("Choose the best time to contact you"),
    )
    consent = fields.Boolean(
        required=True,
        truthy={"yes"},
        validate=validate.Equal(True, error="Tick the box to say we can keep your details"),
        error_messages=_required("Tick the box to say we can keep your details"),
    )

    @validates_schema(skip_on_field_errors=False)
    def contact_for_route(self, data: dict[str, Any], **kwargs: Any) -> None:
        route = data.get("contact_route")
        if route == ContactRoute.PHONE:
            _check("phone", data.get("phone", "").strip(), "Enter your phone number", phone_number)
        if route == ContactRoute.EMAIL:
            _check("email", data.get("email", "").strip(), "Enter your email address", _email)


def _email(value: str) -> None:
    if len(value) > 254:  # the longest address email allows, and the column's size
        raise ValidationError("Enter an email address of 254 characters or fewer")
    email_address(value)


def _check(field: str, value: str, missing: str, validator: Callable[[str], Any]) -> None:
    """Refuse an empty or malformed contact detail, as an error on its own field."""
    if not value:
        raise ValidationError(missing, field)
    try:
        validator(value)
    except ValidationError as error:
        raise ValidationError(error.messages, field) from None


def contact_details(data: dict[str, Any]) -> dict[str, Any]:
    """The request's fields, with only the contact detail the chosen route needs."""
    route = data["contact_route"]
    contact = data["phone"] if route == ContactRoute.PHONE else data["email"]
    return {**data, "contact": contact.strip()}


class PartnerPersonSchema(FormSchema):
    first_name = fields.String(
        required=True,
        validate=validate.Length(max=100),
        error_messages=_required("Enter their first name"),
    )
    last_name = fields.String(validate=validate.Length(max=100), load_default="")
    postcode = fields.String(
        required=True, validate=_postcode, error_messages=_required("Enter their postcode")
    )
    # Only to rank services open to someone this age; not stored.
    age = fields.Integer(
        load_default=None,
        validate=validate.Range(min=0, max=120, error="Enter an age from 0 to 120"),
        error_messages={"invalid": "Enter their age as a number, like 70"},
    )
    address = fields.String(validate=validate.Length(max=500), load_default="", metadata=MULTILINE)
    phone = fields.String(validate=validate.Length(max=40), load_default=None)
    email = fields.Email(
        load_default=None, error_messages={"invalid": "Enter a valid email address"}
    )
    contact_preference = fields.String(
        required=True,
        validate=validate.OneOf([c.value for c in ContactPreference]),
        error_messages=_required("Choose how services should contact them"),
    )
    safe_to_leave_message = fields.Boolean(truthy={"yes"}, load_default=False)
    what_matters = fields.String(
        validate=validate.Length(max=2000), load_default="", metadata=MULTILINE
    )
    needs = fields.List(
        fields.String(validate=validate.OneOf(THEME_VALUES)),
        required=True,
        validate=validate.Length(min=1, error="Tick at least one need"),
        error_messages=_required("Tick at least one need"),
    )
    consent = fields.Boolean(
        required=True,
        truthy={"yes"},
        validate=validate.Equal(True, error="The person must agree before you refer them"),
        error_messages=_required("The person must agree before you refer them"),
    )

    @validates_schema(skip_on_field_errors=False)
    def contact_for_preference(self, data: dict[str, Any], **kwargs: Any) -> None:
        preference = data.get("contact_preference")
        if preference == ContactPreference.PHONE and not data.get("phone"):
            raise ValidationError("Enter their phone number", "phone")
        if preference == ContactPreference.EMAIL and not data.get("email"):
            raise ValidationError("Enter their email address", "email")
        if preference == ContactPreference.POST and not data.get("address"):
            raise ValidationError("Enter their address", "address")


class PartnerSendSchema(PartnerPersonSchema):
    choice = fields.List(
        fields.String(),
        required=True,
        validate=validate.Length(min=1, error="Choose at least one service"),
        error_messages=_required("Choose at least one service"),
    )
    reason = fields.String(
        required=True,
        validate=validate.Length(max=2000),
        error_messages=_required("Say briefly why you are referring them"),
        metadata=MULTILINE,
    )

    @validates_schema
    def choices_name_needs(self, data: dict[str, Any], **kwargs: Any) -> None:
        for choice in data.get("choice") or []:
            theme, _, uuid = choice.partition(":")
            if theme not in THEME_VALUES or not uuid:
                raise ValidationError("Choose services from the list", "choice")


class BookletSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    theme = fields.List(fields.String(validate=validate.OneOf(THEME_VALUES)), load_default=list)
    age = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=0, max=120, error="Enter an age from 0 to 120"),
        error_messages={"invalid": "Enter an age as a number, like 70"},
    )
    neighbourhood = record_id(load_default=None, allow_none=True)
    free = fields.Boolean(load_default=False)
    large = fields.Boolean(load_default=False)


def booklet_args(args: Any) -> dict[str, Any]:
    """Query-string arguments for BookletSchema: lists kept, blanks dropped."""
    data: dict[str, Any] = {k: v for k, v in args.items() if v != "" and k != "theme"}
    data["theme"] = args.getlist("theme")
    return data
