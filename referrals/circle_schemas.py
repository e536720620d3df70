"""The circle of support and carer flag: form and API input (load), API answers (dump)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.fields import phone_number
from referrals.plans_schemas import long_text, version_field
from referrals.schemas import InputSchema


class CirclePersonSchema(InputSchema):
    name = fields.String(
        required=True,
        validate=validate.Length(max=200, error="Must be 200 characters or fewer"),
        error_messages={"required": "Enter the person's name"},
    )
    relationship_to_client = fields.String(
        required=True,
        validate=validate.Length(max=100, error="Must be 100 characters or fewer"),
        error_messages={"required": "Enter how they are related, for example daughter"},
    )
    phone = fields.String(load_default=None, validate=phone_number)
    email = fields.Email(
        load_default=None,
        validate=validate.Length(max=254),
        error_messages={"invalid": "Enter an email address in the correct format"},
    )
    may_contact = fields.Boolean(load_default=False)
    is_unpaid_carer = fields.Boolean(load_default=False)
    note = long_text(None)
    version = version_field()


class CarerStatusSchema(InputSchema):
    is_unpaid_carer = fields.Boolean(load_default=False)
    cares_for = long_text(None, 500)
    version = version_field()


class CirclePersonDumpSchema(Schema):
    id = fields.Integer()
    client_id = fields.Integer()
    name = fields.String()
    relationship_to_client = fields.String()
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    may_contact = fields.Boolean()
    is_unpaid_carer = fields.Boolean()
    note = fields.String()
    version = fields.Integer()


class CarerStatusDumpSchema(Schema):
    is_unpaid_carer = fields.Boolean()
    cares_for = fields.String()
    version = fields.Integer()
