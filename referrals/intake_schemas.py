"""Form input for referrals into the service and their triage (load only)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from core.fields import MULTILINE
from core.numbers import record_id
from referrals.contact_models import ContactMode, ContactOutcome
from referrals.intake_models import DeclineReason, IntakeSource, Urgency
from referrals.schemas import InputSchema, _date

PHONE = validate.Regexp(r"^[0-9 +()-]{6,20}$", error="Enter a phone number, like 01204 123456")


def _text(required: str | None, max_length: int, **kwargs: Any) -> fields.String:
    length = validate.Length(max=max_length, error=f"Must be {max_length} characters or fewer")
    if required:
        return fields.String(
            required=True, validate=length, error_messages={"required": required}, **kwargs
        )
    return fields.String(load_default="", validate=length, **kwargs)


class ReferralInSchema(InputSchema):
    """What an invited referrer fills in: the person, the reason, urgency and consent."""

    referrer_role = _text(None, 200)
    referrer_phone = fields.String(load_default=None, validate=PHONE)
    reason = _text("Enter the reason for the referral", 5000, metadata=MULTILINE)
    urgency = fields.Enum(
        Urgency,
        by_value=True,
        required=True,
        error_messages={"required": "Choose how urgent the referral is"},
    )
    first_name = _text("Enter the person's first name", 100)
    last_name = _text("Enter the person's surname", 100)
    date_of_birth = _date(False, "the date of birth", past=True)
    phone = fields.String(load_default=None, validate=PHONE)
    email = fields.Email(
        load_default=None,
        error_messages={"invalid": "Enter an email address in the correct format"},
    )
    address = _text(None, 500, metadata=MULTILINE)
    what_matters = _text(None, 5000, metadata=MULTILINE)
    consent_given = fields.Boolean(load_default=False)

    @validates_schema(skip_on_field_errors=False)
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        if not data.get("consent_given"):
            errors["consent_given"] = ["Confirm the person has agreed to be referred"]
        if not (data.get("phone") or data.get("email") or data.get("address")):
            errors["phone"] = ["Enter a phone number, email or address to contact the person"]
        if errors:
            raise ValidationError(errors)


class PartnerReferralSchema(ReferralInSchema):
    """A partner's signed-in member also names themself and the team referred to."""

    referrer_name = _text("Enter your name", 200)
    team_id = record_id(required=True, error_messages={"required": "Choose a team"})


class LoggedReferralSchema(PartnerReferralSchema):
    """A co-ordinator logging a referral received by phone or letter."""

    referrer_name = _text("Enter the referrer's name", 200)
    referrer_organisation = _text("Enter the referrer's organisation", 200)
    referrer_email = fields.Email(
        load_default=None,
        error_messages={"invalid": "Enter an email address in the correct format"},
    )
    source = fields.Enum(
        IntakeSource,
        by_value=True,
        required=True,
        validate=validate.OneOf(
            [IntakeSource.PHONE, IntakeSource.LETTER], error="Choose phone or letter"
        ),
        error_messages={"required": "Choose how the referral arrived"},
    )


class InvitationSchema(InputSchema):
    referrer_name = _text("Enter the referrer's name", 200)
    referrer_organisation = _text("Enter the referrer's organisation", 200)
    referrer_email = fields.Email(
        required=True,
        error_messages={
            "required": "Enter the referrer's email address",
            "invalid": "Enter an email address in the correct format",
        },
    )
    team_id = record_id(required=True, error_messages={"required": "Choose a team"})


class TriageSchema(InputSchema):
    """One triage move on a referral."""

    move = fields.String(
        required=True,
        validate=validate.OneOf(
            ["allocate", "reached", "no_answer", "accept", "decline"], error="Choose what to do"
        ),
        error_messages={"required": "Choose what to do"},
    )
    coordinator_id = record_id(load_default=None)
    client_id = record_id(load_default=None)
    decline_reason = fields.Enum(DeclineReason, by_value=True, load_default=None)
    note = _text(None, 2000, metadata=MULTILINE)

    @validates_schema(skip_on_field_errors=False)
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("move") == "allocate" and data.get("coordinator_id") is None:
            raise ValidationError({"coordinator_id": ["Choose a co-ordinator"]})
        if data.get("move") == "decline" and data.get("decline_reason") is None:
            raise ValidationError({"decline_reason": ["Choose a reason for declining"]})


class ContactSchema(InputSchema):
    """One entry in a client's contact log (the view joins the date and time into `at`)."""

    contact_on = _date(True, "the date of the contact", past=True)
    contact_time = fields.String(
        load_default="12:00",
        validate=validate.Regexp(r"^([01]?\d|2[0-3]):[0-5]\d$", error="Enter a time like 14:30"),
    )
    mode = fields.Enum(
        ContactMode,
        by_value=True,
        required=True,
        error_messages={"required": "Choose how the contact happened"},
    )
    outcome = fields.Enum(ContactOutcome, by_value=True, load_default=ContactOutcome.MADE)
    duration_minutes = fields.Integer(
        load_default=None,
        strict=False,
        validate=validate.Range(0, 24 * 60, error="Enter a duration from 0 to 1440 minutes"),
    )
    note = _text(None, 5000, metadata=MULTILINE)
    next_contact_on = _date(False, "the next contact date")

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        following = data.get("next_contact_on")
        if following is not None and following < data["contact_on"]:
            raise ValidationError(
                {"next_contact_on": ["The next contact date must be on or after this contact"]}
            )


class IntakeReferralDumpSchema(Schema):
    """A referral into the service as its team's co-ordinators see it (API)."""

    id = fields.Integer()
    reference = fields.String()
    team_id = fields.Integer()
    source = fields.String(attribute="source.value")
    status = fields.String(attribute="status.value")
    urgency = fields.String(attribute="urgency.value")
    received_at = fields.DateTime()
    due_on = fields.Date()
    referrer_name = fields.String()
    referrer_role = fields.String()
    referrer_organisation = fields.String()
    referrer_email = fields.String(allow_none=True)
    referrer_phone = fields.String(allow_none=True)
    reason = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    date_of_birth = fields.Date(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    address = fields.String()
    what_matters = fields.String()
    allocated_to_id = fields.Integer(allow_none=True)
    contact_attempts = fields.Integer()
    first_contact_at = fields.DateTime(allow_none=True)
    decline_reason = fields.String(
        attribute="decline_reason.value", dump_default=None, allow_none=True
    )
    client_id = fields.Integer(allow_none=True)
    version = fields.Integer()
