"""The read-only Open Referral UK 3.0 API under /openreferral/ (no key needed)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context

from core.site import site_url
from openreferral import services
from openreferral.hsds import hsds_service
from openreferral.schemas import (
    MAX_PER_PAGE,
    MINIMAL_MAX_PER_PAGE,
    SERVICE_LIST_FIELDS,
    ApiDetailsSchema,
    ListArgs,
    OrganizationSchema,
    OutputArgs,
    ServiceAtLocationSchema,
    ServiceSchema,
    TaxonomySchema,
    TaxonomyTermSchema,
    page_envelope,
)
from openreferral.standard import PROFILE_URL, VERSION, openapi_document

bp = Blueprint("openreferral", __name__, url_prefix="/openreferral")
Dump = Callable[[Sequence[Any]], list[dict[str, Any]]]


@bp.after_app_request
def allow_any_origin(response: Response) -> Response:
    # Open data meant for other councils' web apps; the header is sent on this API only.
    if request.path == "/openreferral" or request.path.startswith("/openreferral/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _output() -> dict[str, Any]:
    return OutputArgs().load(request.args)


def _query(largest_page: int = MAX_PER_PAGE) -> services.ListQuery:
    return ListArgs().load_query(request.args, largest_page)


def _answer(
    page_of: Callable[[services.ListQuery], services.Page[Any]],
    dump: Dump,
    query: services.ListQuery,
    output: dict[str, Any],
) -> Any:
    """A JSON page, or with format=ndjson every matching record, one JSON document a line."""
    if output["format"] == "ndjson":

        def lines() -> Iterator[str]:
            number = 1
            while True:
                page = page_of(replace(query, page=number, per_page=MAX_PER_PAGE))
                for item in dump(page.items):
                    yield json.dumps(item, separators=(",", ":")) + "\n"
                if page.last_page:
                    return
                number += 1

        return Response(stream_with_context(lines()), mimetype="application/x-ndjson")
    page = page_of(query)
    return page_envelope(page, dump(page.items))


@bp.get("/")
def api_details() -> Any:
    return ApiDetailsSchema().dump(
        {
            "version": VERSION,
            "profile": PROFILE_URL,
            # A link readers keep: the site's own address (BASE_URL), never the request's host.
            "openapi_url": site_url("openreferral.openapi"),
        }
    ) | {
        # Opening times are wall-clock times here; a fixed UTC offset would be wrong for half
        # the year (daylight saving), so the zone is named once for the whole feed.
        "timezone": current_app.config["SEARCH_TIMEZONE"],
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


def _full_services(items: Sequence[Any]) -> list[Any]:
    return services.full_services([service.uuid for service in items])


@bp.get("/services")
def service_list() -> Any:
    output = _output()
    if output["minimal"]:
        # "Just service id and its modified date", meant to fit in one call.
        dump: Dump = lambda items: ServiceSchema(  # noqa: E731
            many=True, only=("id", "last_modified")
        ).dump(items)
        return _answer(services.services_page, dump, _query(MINIMAL_MAX_PER_PAGE), output)
    if output["profile"] == "hsds-3.1":
        dump = lambda items: [hsds_service(s) for s in _full_services(items)]  # noqa: E731
    elif output["full"]:
        dump = lambda items: ServiceSchema(many=True).dump(_full_services(items))  # noqa: E731
    else:
        dump = lambda items: ServiceSchema(many=True, only=SERVICE_LIST_FIELDS).dump(items)  # noqa: E731
    return _answer(services.services_page, dump, _query(), output)


@bp.get("/services/<service_id>")
def service_detail(service_id: str) -> Any:
    service = services.get_service(service_id)
    if _output()["profile"] == "hsds-3.1":
        return hsds_service(service)
    return ServiceSchema().dump(service)


@bp.get("/service_at_locations")
def service_at_location_list() -> Any:
    output = _output()

    def dump(items: Sequence[Any]) -> list[dict[str, Any]]:
        found = ServiceAtLocationSchema(many=True).dump(items)
        if output["full"]:
            for record, sal in zip(found, items, strict=True):
                record["service"] = ServiceSchema(only=SERVICE_LIST_FIELDS).dump(sal.service)
        return found

    return _answer(services.service_at_locations_page, dump, _query(), output)


@bp.get("/service_at_locations/<sal_id>")
def service_at_location_detail(sal_id: str) -> Any:
    return ServiceAtLocationSchema().dump(services.get_service_at_location(sal_id))


def _organisation_record(organisation: Any, output: dict[str, Any]) -> dict[str, Any]:
    record = OrganizationSchema().dump(organisation)
    if output["full"] or output["full_service"]:
        listed = services.organisation_services(organisation)
        if output["full_service"]:
            record["services"] = ServiceSchema(many=True).dump(_full_services(listed))
        else:
            record["services"] = ServiceSchema(many=True, only=SERVICE_LIST_FIELDS).dump(listed)
    return record


@bp.get("/organizations")
def organization_list() -> Any:
    output = _output()
    return _answer(
        services.organisations_page,
        lambda items: [_organisation_record(org, output) for org in items],
        _query(),
        output,
    )


@bp.get("/organizations/<organization_id>")
def organization_detail(organization_id: str) -> Any:
    return _organisation_record(services.get_organisation(organization_id), _output())


@bp.get("/taxonomies")
def taxonomy_list() -> Any:
    return _answer(
        services.taxonomies_page,
        lambda items: TaxonomySchema(many=True, exclude=("taxonomy_terms",)).dump(items),
        _query(),
        _output(),
    )


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy_detail(taxonomy_id: str) -> Any:
    return TaxonomySchema().dump(services.get_taxonomy(taxonomy_id))


@bp.get("/taxonomy_terms")
def taxonomy_term_list() -> Any:
    return _answer(
        services.taxonomy_terms_page,
        lambda items: TaxonomyTermSchema(many=True).dump(items),
        _query(),
        _output(),
    )


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term_detail(term_id: str) -> Any:
    return TaxonomyTermSchema().dump(services.get_taxonomy_term(term_id))
