"""Search parameters (one schema for the page and the API) and the API's result shapes."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, fields, pre_load, validate
from werkzeug.datastructures import MultiDict

from core.numbers import page_field
from directory.models import (
    WEEKDAYS,
    AccessibilityFeature,
    DeliveryMethod,
    OrganisationKind,
)
from directory.themes import Theme

RADIUS_CHOICES = (1, 2, 5, 10, 25)
SORTS = ("relevance", "nearest")
VIEWS = ("list", "map")
MAX_PER_PAGE = 100


def _choice_list(values: list[str], name: str) -> fields.List:
    return fields.List(
        fields.String(validate=validate.OneOf(values, error=f"Choose a valid {name}")),
        load_default=list,
    )


class SearchParamsSchema(Schema):
    """What can be asked of search, by the page's form and by GET /api/v1/services/search."""

    class Meta:
        unknown = EXCLUDE

    q = fields.String(
        load_default="",
        validate=validate.Length(max=200, error="Search words must be 200 characters or fewer"),
        metadata={"description": "What the person needs, in their own words"},
    )
    near = fields.String(
        load_default="",
        validate=validate.Length(max=100, error="The place must be 100 characters or fewer"),
        metadata={"description": "A postcode, outward code (BL3), or town or neighbourhood name"},
    )
    radius = fields.Integer(
        load_default=5,
        validate=validate.OneOf(RADIUS_CHOICES, error="Choose a distance of 1, 2, 5, 10 or 25 km"),
        metadata={"description": "Kilometres around `near`"},
    )
    sort = fields.String(
        load_default=None,
        validate=validate.OneOf(SORTS, error="Sort by relevance or nearest"),
        metadata={"description": "Default: relevance with words, nearest without"},
    )
    exact = fields.Boolean(
        load_default=False,
        metadata={"description": "Search the words as typed, without repairing misspellings"},
    )
    theme = _choice_list([t.value for t in Theme], "theme")
    free = fields.Boolean(load_default=False)
    age = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(0, 120, error="Enter an age between 0 and 120"),
    )
    day = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(WEEKDAYS, error="Choose a day of the week"),
    )
    open_now = fields.Boolean(load_default=False)
    language = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=50))
    accessibility = _choice_list([f.value for f in AccessibilityFeature], "accessibility need")
    signpost_referral = fields.Boolean(load_default=False)
    kind = _choice_list([k.value for k in OrganisationKind], "kind of organisation")
    delivery = _choice_list([m.value for m in DeliveryMethod], "way of getting support")
    page = page_field()
    per_page = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, MAX_PER_PAGE, error=f"Choose 1 to {MAX_PER_PAGE} per page"),
    )
    view = fields.String(load_default="list", validate=validate.OneOf(VIEWS))

    @pre_load
    def from_query_string(self, data: Any, **_: Any) -> dict[str, Any]:
        """Read repeated parameters as lists and treat empty ones as absent."""
        if isinstance(data, MultiDict):
            loaded: dict[str, Any] = {}
            for name in data:
                field = self.fields.get(name)
                values = [v for v in data.getlist(name) if v.strip()]
                if not values:
                    continue
                loaded[name] = values if isinstance(field, fields.List) else values[-1]
            return loaded
        return {key: value for key, value in data.items() if value not in ("", None)}


class OrganisationRefSchema(Schema):
    id = fields.String(attribute="organisation_uuid")
    name = fields.String(attribute="organisation")
    kind = fields.String()


class PublicLocationSchema(Schema):
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    neighbourhood = fields.String(allow_none=True)
    confidential = fields.Boolean()


class SearchHitSchema(Schema):
    """One result as the public may see it (confidential addresses give only their area)."""

    id = fields.String()
    name = fields.String()
    url = fields.String()
    organisation = fields.Nested(OrganisationRefSchema)
    summary = fields.String()
    themes = fields.List(fields.String())
    distance_km = fields.Float(allow_none=True)
    covers_area = fields.Boolean()
    confidential_area = fields.String(allow_none=True)
    free = fields.Boolean()
    fee = fields.String(allow_none=True)
    status = fields.String()
    capacity = fields.String()
    waitlist_weeks = fields.Integer(allow_none=True)
    paused_until = fields.String(allow_none=True)
    last_verified = fields.String(allow_none=True)
    stale = fields.Boolean()
    delivery = fields.List(fields.String())
    access = fields.List(fields.String())
    accessibility = fields.List(fields.String())
    languages = fields.List(fields.String())
    locations = fields.List(fields.Nested(PublicLocationSchema))


class ResolvedPlaceSchema(Schema):
    label = fields.String()
    kind = fields.String()
    latitude = fields.Float()
    longitude = fields.Float()


class SearchResponseSchema(Schema):
    results = fields.List(fields.Nested(SearchHitSchema))
    total = fields.Integer()
    page = fields.Integer()
    pages = fields.Integer()
    per_page = fields.Integer()
    sort = fields.String()
    place = fields.Nested(ResolvedPlaceSchema, allow_none=True)
    did_you_mean = fields.String(allow_none=True)
    corrected_query = fields.String(
        allow_none=True,
        metadata={
            "description": "The words searched, when misspelt ones were repaired; "
            "ask again with exact=true to search the words as typed"
        },
    )
    unmatched_words = fields.List(
        fields.String(),
        metadata={
            "description": "Words (or phrases) of the query that no listed service matches, "
            "in any wording; they were left out of the search"
        },
    )
    matched_query = fields.String(
        allow_none=True,
        metadata={
            "description": "When most words of the query match nothing, no results are given "
            "(they would be a guess); these are the words that do match, to search for instead"
        },
    )
    nearest_beyond_radius = fields.List(
        fields.Nested(SearchHitSchema),
        metadata={
            "description": "When nothing matches within `radius` of `near`: the nearest matches "
            "beyond it, nearest first, each with its `distance_km` (empty otherwise)"
        },
    )
    counts = fields.Dict(
        keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer())
    )


class ErrorSchema(Schema):
    status = fields.Integer()
    message = fields.String()
    # Messages by field; a list field's are by position ({"theme": {"0": ["..."]}}).
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(
            metadata={
                "oneOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                ]
            }
        ),
    )
