"""The read-only Open Referral UK 3.0 API under /openreferral/ (no key needed)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from openreferral import services
from openreferral.schemas import (
    SERVICE_LIST_FIELDS,
    ApiDetailsSchema,
    ListArgs,
    OrganizationSchema,
    ServiceAtLocationSchema,
    ServiceSchema,
    TaxonomySchema,
    TaxonomyTermSchema,
    page_envelope,
)
from openreferral.standard import PROFILE_URL, VERSION, openapi_document

bp = Blueprint("openreferral", __name__, url_prefix="/openreferral")


@bp.after_app_request
def allow_any_origin(response: Response) -> Response:
    # Open data meant for other councils' web apps; the header is sent on this API only.
    if request.path == "/openreferral" or request.path.startswith("/openreferral/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _query() -> services.ListQuery:
    return ListArgs().load_query(request.args)


@bp.get("/")
def api_details() -> Any:
    return ApiDetailsSchema().dump(
        {
            "version": VERSION,
            "profile": PROFILE_URL,
            "openapi_url": url_for("openreferral.openapi", _external=True),
        }
    )


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.get("/services")
def service_list() -> Any:
    page = services.services_page(_query())
    contents = ServiceSchema(many=True, only=SERVICE_LIST_FIELDS).dump(page.items)
    return page_envelope(page, contents)


@bp.get("/services/<service_id>")
def service_detail(service_id: str) -> Any:
    return ServiceSchema().dump(services.get_service(service_id))


@bp.get("/service_at_locations")
def service_at_location_list() -> Any:
    page = services.service_at_locations_page(_query())
    return page_envelope(page, ServiceAtLocationSchema(many=True).dump(page.items))


@bp.get("/service_at_locations/<sal_id>")
def service_at_location_detail(sal_id: str) -> Any:
    return ServiceAtLocationSchema().dump(services.get_service_at_location(sal_id))


@bp.get("/organizations")
def organization_list() -> Any:
    page = services.organisations_page(_query())
    return page_envelope(page, OrganizationSchema(many=True).dump(page.items))


@bp.get("/organizations/<organization_id>")
def organization_detail(organization_id: str) -> Any:
    return OrganizationSchema().dump(services.get_organisation(organization_id))


@bp.get("/taxonomies")
def taxonomy_list() -> Any:
    page = services.taxonomies_page(_query())
    return page_envelope(
        page, TaxonomySchema(many=True, exclude=("taxonomy_terms",)).dump(page.items)
    )


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy_detail(taxonomy_id: str) -> Any:
    return TaxonomySchema().dump(services.get_taxonomy(taxonomy_id))


@bp.get("/taxonomy_terms")
def taxonomy_term_list() -> Any:
    page = services.taxonomy_terms_page(_query())
    return page_envelope(page, TaxonomyTermSchema(many=True).dump(page.items))


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term_detail(term_id: str) -> Any:
    return TaxonomyTermSchema().dump(services.get_taxonomy_term(term_id))
