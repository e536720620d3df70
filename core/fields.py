"""Rules for text people type that every input schema shares: one line unless said otherwise.

A name or a subject becomes an email header or a log line, where a line break forges another
header (`X\\r\\nBcc: attacker@...`) or another log record. So every text field of an input
schema is single-line unless declared `metadata=MULTILINE` (the textareas: descriptions,
notes, reasons, addresses).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from core.logs import one_line

MULTILINE = {"multiline": True}
# A UK phone number as people write one: digits, spaces, +, brackets and dashes.
PHONE_MESSAGE = "Enter a phone number, like 01204 123456"
phone_number = validate.Regexp(r"^[0-9 +()-]{6,20}$", error=PHONE_MESSAGE)
# Format only: an address that looks right may still bounce, and that is not a form error.
EMAIL_MESSAGE = "Enter an email address like name@example.com"
email_address = validate.Email(error=EMAIL_MESSAGE)
WEB_SCHEMES = ("http", "https")
ONE_LINE_MESSAGE = "Enter this on one line, without line breaks"


def _single_line_fields(schema: Schema) -> dict[str, fields.Field[Any]]:
    """Loaded text fields that must stay on one line, by the key they are loaded from."""
    return {
        field.data_key or name: field
        for name, field in schema.load_fields.items()
        if isinstance(field, fields.String) and not field.metadata.get("multiline")
    }


def _has_break(value: Any) -> bool:
    return isinstance(value, str) and one_line(value) != value


class SingleLineText(Schema):
    """Refuse (a form, an API body) any control character in a single-line text field."""

    @validates_schema(skip_on_field_errors=False)
    def refuse_line_breaks(self, data: Any, **kwargs: Any) -> None:
        errors = {
            key: [ONE_LINE_MESSAGE]
            for key, field in _single_line_fields(self).items()
            if _has_break(data.get(field.attribute or field.name))
        }
        if errors:
            raise ValidationError(errors)


class JoinedLines(Schema):
    """Join a single-line text field's lines with spaces (an import: nobody to ask)."""

    @pre_load
    def join_lines(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, dict):
            return data
        keys = _single_line_fields(self)
        return {
            key: " ".join(one_line(value).split()) if key in keys and _has_break(value) else value
            for key, value in data.items()
        }


def is_web_address(value: Any) -> bool:
    """Whether `value` is an http(s) address with a host: never javascript:, data: and the like."""
    if not isinstance(value, str) or one_line(value).strip() != value:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def web_address(value: Any) -> str | None:
    """`value` when it is safe to link to (is_web_address), else None: shown, never linked."""
    return value if is_web_address(value) else None
