"""What every feature's forms share: reading a submitted form, the base form schema, loading it
into (data, errors), and turning a domain refusal or a missing record into what a page shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, pre_load
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from core.errors import DomainError
from core.extensions import db
from core.fields import SingleLineText

# Field name -> messages, as marshmallow gives them and the form templates show them.
Errors = dict[str, Any]


def form_data(form: MultiDict[str, str], lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """Turn submitted form fields into a dict, keeping repeated fields named in `lists`."""
    data: dict[str, Any] = form.to_dict()
    for name in lists:
        data[name] = form.getlist(name)
    return data


def without_blanks(data: dict[str, Any], drop_none: bool = False) -> dict[str, Any]:
    """Strip text values and drop the empty ones (a blank field is a missing field).

    JSON's null is kept (an API may set a field to nothing) unless `drop_none`, as for a short
    CSV line's missing cells.
    """
    cleaned = {}
    for key, value in data.items():
        if value is None and drop_none:
            continue
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        cleaned[key] = value
    return cleaned


class FormSchema(SingleLineText):
    """Ignore fields such as csrf_token; treat blank text as missing."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def drop_blanks(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, dict):  # JSON that is not an object: marshmallow says so
            return data
        return without_blanks(data)


def load(
    schema: Schema | Callable[[Mapping[str, Any]], dict[str, Any]], data: Mapping[str, Any]
) -> tuple[dict[str, Any], Errors]:
    """Load form data, returning (data, {}) or ({}, field errors).

    `schema` is a marshmallow schema, or a function that loads like one (raising its
    ValidationError) where the form's fields depend on a record.
    """
    try:
        loaded = schema.load(data) if isinstance(schema, Schema) else schema(data)
    except ValidationError as error:
        messages = error.messages
        return {}, messages if isinstance(messages, dict) else {"_schema": messages}
    return loaded, {}


def domain_errors(error: DomainError) -> Errors:
    """A refusal by a service, as a form error on the field it names (or on the whole form).

    Views catch `core.errors.Refused` (the refusals that name a field) and show it with this; a
    stale edit, a conflict or a record out of reach goes on to its own handling.
    """
    return error.field_errors() or {"_schema": [error.message]}


def find(model: type, uuid: str) -> Any:
    """The record with this public id, or a 404."""
    found = db.session.scalars(select(model).where(model.uuid == uuid)).first()  # type: ignore[attr-defined]
    if found is None:
        raise NotFound("Page not found.")
    return found
