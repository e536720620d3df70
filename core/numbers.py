"""Whole numbers taken from requests, bounded so the database can always hold them.

A number past a column's range is not "no such record" to the database but an error (integer
out of range on PostgreSQL, an overflow on SQLite), so every number from a URL, a query string
or a form is checked against these bounds before it reaches a query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from marshmallow import ValidationError, fields, validate
from werkzeug.routing import IntegerConverter, Map

# The largest value of an INTEGER column on PostgreSQL (SQLite's are wider): every id fits.
DATABASE_INT_MAX = 2**31 - 1
# The furthest page any listing offers; past it the offset itself would overflow.
MAX_PAGE = 10_000


class RecordIdConverter(IntegerConverter):
    """`<int:...>` in routes, matching only numbers a record id can be (else a plain 404)."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = DATABASE_INT_MAX,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def register_converters(app: Flask) -> None:
    app.url_map.converters["int"] = RecordIdConverter


def record_id(**options: Any) -> fields.Integer:
    """A form or JSON field naming a record by id; a number no record can have is refused."""
    message = options.pop("out_of_range", None)
    invalid = options.get("error_messages", {}).get("invalid", "Enter a record number")
    return fields.Integer(
        strict=False,
        validate=validate.Range(1, DATABASE_INT_MAX, error=message or invalid),
        **options,
    )


def whole_number(label: str, minimum: int, maximum: int, **options: Any) -> fields.Integer:
    """A whole number with messages a person can act on (never "Not a valid integer")."""
    range_message = f"Enter {label} from {minimum} to {maximum}"
    return fields.Integer(
        validate=validate.Range(minimum, maximum, error=range_message),
        error_messages={"invalid": f"Enter {label} as a whole number, like {minimum}"},
        **options,
    )


def page_field(**options: Any) -> fields.Integer:
    """A `page` argument: 1 when absent, a field error past MAX_PAGE."""
    return fields.Integer(
        load_default=1,
        validate=validate.Range(1, MAX_PAGE, error=f"Enter a page number from 1 to {MAX_PAGE}"),
        error_messages={"invalid": "Enter a page number"},
        **options,
    )


def page_number(args: Mapping[str, Any]) -> int:
    """The `page` query argument, checked as page_field checks it (a ValidationError is a 400)."""
    value = args.get("page")
    if value in (None, ""):
        return 1
    field = page_field()
    try:
        return int(field.deserialize(value))
    except ValidationError as error:
        raise ValidationError({"page": error.messages}) from None
