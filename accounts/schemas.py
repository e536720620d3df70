"""Marshmallow schemas for account forms and the account API."""

from __future__ import annotations

from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)

from accounts.models import Role
from core.forms import FormSchema
from core.numbers import page_field, record_id

EMAIL_MESSAGES = {
    "required": "Enter an email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
}
PASSWORD_MIN = 10
PASSWORD_MAX = 128


class LoginSchema(FormSchema):
    email = fields.String(required=True, error_messages={"required": "Enter your email address"})
    password = fields.String(required=True, error_messages={"required": "Enter your password"})
    next = fields.String(load_default=None)


class EmailSchema(FormSchema):
    email = fields.Email(
        required=True, validate=validate.Length(max=254), error_messages=EMAIL_MESSAGES
    )


class NewPasswordSchema(Schema):
    """Passwords are taken exactly as typed: spaces are allowed and kept."""

    class Meta:
        unknown = EXCLUDE

    password = fields.String(
        required=True,
        validate=validate.Length(
            min=PASSWORD_MIN,
            max=PASSWORD_MAX,
            error=f"Password must be between {PASSWORD_MIN} and {PASSWORD_MAX} characters",
        ),
        error_messages={"required": "Enter a password"},
    )
    confirm_password = fields.String(
        required=True, error_messages={"required": "Confirm your password"}
    )

    @pre_load
    def drop_empty(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {key: value for key, value in data.items() if value != ""}

    @validates_schema
    def passwords_match(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("password") != data.get("confirm_password"):
            raise ValidationError("The passwords do not match", "confirm_password")


ROLE_CHOICES = [role.value for role in Role]


class InviteSchema(FormSchema):
    email = fields.Email(
        required=True, validate=validate.Length(max=254), error_messages=EMAIL_MESSAGES
    )
    name = fields.String(
        required=True,
        validate=validate.Length(max=200, error="Name must be 200 characters or fewer"),
        error_messages={"required": "Enter the person's name"},
    )
    roles = fields.List(
        fields.String(validate=validate.OneOf(ROLE_CHOICES, error="Choose a role from the list")),
        required=True,
        validate=validate.Length(min=1, error="Choose at least one role"),
        error_messages={"required": "Choose at least one role"},
    )
    organisation_id = record_id(
        load_default=None, error_messages={"invalid": "Choose an organisation from the list"}
    )
    is_referring_partner = fields.Boolean(load_default=False)


class RolesSchema(FormSchema):
    roles = fields.List(
        fields.String(validate=validate.OneOf(ROLE_CHOICES, error="Choose a role from the list")),
        required=True,
        validate=validate.Length(min=1, error="Choose at least one role"),
        error_messages={"required": "Choose at least one role"},
    )


class TeamSchema(FormSchema):
    name = fields.String(
        required=True,
        validate=validate.Length(max=200, error="Team name must be 200 characters or fewer"),
        error_messages={"required": "Enter a team name"},
    )


class TeamMemberSchema(FormSchema):
    user_id = record_id(
        required=True,
        error_messages={
            "required": "Choose a co-ordinator",
            "invalid": "Choose a co-ordinator from the list",
        },
    )


class TokenSchema(FormSchema):
    name = fields.String(
        required=True,
        validate=validate.Length(max=100, error="Name must be 100 characters or fewer"),
        error_messages={"required": "Enter a name for the token"},
    )


class AuditFilterSchema(FormSchema):
    user_id = record_id(load_default=None, error_messages={"invalid": "Enter a user number"})
    action = fields.String(load_default=None, validate=validate.Length(max=40))
    record_type = fields.String(load_default=None, validate=validate.Length(max=60))
    record_id = fields.String(load_default=None, validate=validate.Length(max=64))
    since = fields.Date(
        load_default=None, error_messages={"invalid": "Enter the from date as YYYY-MM-DD"}
    )
    until = fields.Date(
        load_default=None, error_messages={"invalid": "Enter the to date as YYYY-MM-DD"}
    )
    page = page_field()


class MembershipDumpSchema(Schema):
    organisation_uuid = fields.String(attribute="organisation.uuid")
    organisation_name = fields.String(attribute="organisation.name")
    is_referring_partner = fields.Boolean()


class MeSchema(Schema):
    """What /api/v1/me tells a client about its own account."""

    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    roles = fields.Method("dump_roles")
    organisations = fields.List(fields.Nested(MembershipDumpSchema), attribute="memberships")
    team_ids = fields.Method("dump_team_ids")

    def dump_roles(self, user: Any) -> list[str]:
        return sorted(role.value for role in user.roles)

    def dump_team_ids(self, user: Any) -> list[int]:
        return sorted(user.team_ids)
