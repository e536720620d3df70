"""The search page and GET /api/v1/services/search: parse, call the service, render."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, current_app, jsonify, render_template, request, url_for
from flask_login import current_user
from marshmallow import RAISE
from sqlalchemy.exc import SQLAlchemyError

from core.errors import wants_json
from core.extensions import db
from core.forms import domain_errors, load
from core.openapi import PUBLIC, openapi_spec
from directory.models import (
    AccessibilityFeature,
    AccessMethod,
    DeliveryMethod,
    OrganisationKind,
)
from directory.themes import Theme
from search import replica, services
from search.schemas import (
    RADIUS_CHOICES,
    ErrorSchema,
    SearchParamsSchema,
    SearchResponseSchema,
)

bp = Blueprint("search", __name__)
health_bp = Blueprint("health", __name__)
api_bp = Blueprint("search_api", __name__, url_prefix="/api/v1")

PARAMS = SearchParamsSchema()
FIELD_LABELS = {
    "q": "What are you looking for?",
    "near": "Near",
    "radius": "Distance",
    "sort": "Sort by",
    "theme": "Themes",
    "age": "Age of the person",
    "day": "Open on",
    "language": "Language",
    "accessibility": "Accessibility",
    "kind": "Kind of organisation",
    "delivery": "How support is given",
    "page": "Page",
}


def _write_search_log(_error: BaseException | None) -> None:
    # After the response is made, outside its transaction; never raises.
    services.flush_search_log_when_due()


def _user_id() -> int | None:
    ident = current_user.get_id() if current_user else None
    return int(ident) if ident and str(ident).isdigit() else None


@bp.get("/search")
def search_page() -> Any:
    errors: dict[str, Any] = {}
    results = None
    params, errors = load(PARAMS, request.args)
    if not errors:
        try:
            results = services.search_services(params)
        except services.PlaceNotFound as refusal:
            errors = domain_errors(refusal)
    if results is not None:
        services.log_search(params, results.place, results.outcome.total, "page", _user_id())
    return render_template(
        "search/results.html",
        values=request.args,
        params=params,
        errors=errors,
        labels=FIELD_LABELS,
        results=results,
        hits=[services.public_hit(h) for h in results.outcome.hits] if results else [],
        beyond=[services.public_hit(h) for h in results.outcome.beyond] if results else [],
        markers=services.map_markers(results) if results and params.get("view") == "map" else [],
        options=_options(),
        card_labels=card_labels(),
        stale_months=round(current_app.config["STALE_AFTER_DAYS"] / 30.4),
        url_for_page=lambda n: _url_with(page=n),
        url_for_view=lambda v: _url_with(view=v, page=None),
        matched_query_url=(
            _url_with(q=results.outcome.matched_query, page=None)
            if results and results.outcome.matched_query
            else None
        ),
        search_instead_url=(
            _url_with(exact="true", page=None) if results and results.outcome.corrected else None
        ),
        did_you_mean_url=(
            _url_with(q=results.outcome.corrected or results.outcome.suggested, page=None)
            if results and (results.outcome.corrected or results.outcome.suggested)
            else None
        ),
    ), (400 if errors else 200)


def _url_with(**changes: Any) -> str:
    """This search's URL with some parameters changed (None removes one)."""
    args = request.args.copy()
    for name, value in changes.items():
        args.pop(name, None)
        if value is not None:
            args[name] = value
    return url_for("search.search_page") + ("?" + _encode(args) if args else "")


def _encode(args: Any) -> str:
    return urlencode(list(args.items(multi=True)))


def card_labels() -> dict[str, dict[str, str]]:
    return {
        "theme": {t.value: t.label for t in Theme},
        "access": {m.value: m.label for m in AccessMethod},
        "delivery": {m.value: m.label for m in DeliveryMethod},
    }


def _options() -> dict[str, list[tuple[str, str]]]:
    return {
        "radius": [(str(km), f"{km} km") for km in RADIUS_CHOICES],
        "theme": Theme.choices(),
        "accessibility": AccessibilityFeature.choices(),
        "kind": OrganisationKind.choices(),
        "delivery": DeliveryMethod.choices(),
        "day": [("", "Any day")]
        + [
            (d, d.capitalize())
            for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        ],
        # "Best match" leaves the order to the search: most relevant when words are given,
        # nearest when only a place is. A page opened with no words (from a client's page, say)
        # must not fix "nearest" for the words typed next.
        "sort": [
            ("", "Best match"),
            ("relevance", "Most relevant"),
            ("nearest", "Nearest first"),
        ],
    }


SEARCH_OPERATION = {
    "summary": "Search listed services",
    "description": (
        "The same search as the /search page. Repeat list parameters "
        "(theme=money&theme=health). Each search is logged with its words, its filters and "
        "only the outward part of a postcode."
    ),
    "tags": ["Search"],
    "security": PUBLIC,
    "parameters": [{"in": "query", "schema": SearchParamsSchema}],
    "responses": {
        "200": {
            "description": "A page of results, with counts for each filter's options",
            "content": {"application/json": {"schema": SearchResponseSchema}},
        },
        "400": {
            "description": "A parameter is not valid; `errors` names each field",
            "content": {"application/json": {"schema": ErrorSchema}},
        },
    },
}


@api_bp.get("/services/search")
def search_api() -> Any:
    params = PARAMS.load(request.args, unknown=RAISE)
    # A place it cannot find is refused on the `near` field (the error handler's 400).
    results = services.search_services(params)
    outcome = results.outcome
    body = {
        "results": [services.public_hit(hit) for hit in outcome.hits],
        "total": outcome.total,
        "page": outcome.page,
        "pages": outcome.pages,
        "per_page": outcome.per_page,
        "sort": results.sort,
        "place": results.place
        and {
            "label": results.place.label,
            "kind": results.place.kind,
            "latitude": results.place.latitude,
            "longitude": results.place.longitude,
        },
        "did_you_mean": outcome.corrected or outcome.suggested,
        "corrected_query": outcome.corrected,
        "unmatched_words": outcome.unmatched,
        "matched_query": outcome.matched_query,
        "nearest_beyond_radius": [services.public_hit(hit) for hit in outcome.beyond],
        "counts": outcome.counts,
    }
    services.log_search(params, results.place, outcome.total, "api", _user_id())
    return jsonify(SearchResponseSchema().dump(body))


@api_bp.get("/openapi.json")
def openapi_document() -> Any:
    return jsonify(openapi_spec(current_app).to_dict())


@health_bp.get("/healthz")
def healthz() -> Any:
    """The process is up (for a load balancer's liveness check)."""
    return jsonify({"status": "ok"})


@health_bp.get("/readyz")
def readyz() -> Any:
    """The database answers and this process's search index is caught up with it.

    Asking also starts what a search would: catching up, or rebuilding a missing index.
    """
    try:
        try:
            replica.ensure_ready(current_app.extensions["search"])
        except replica.SearchUnavailable:
            pass  # under way: the figures below say how far behind
        ready, figures = replica.readiness()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "unavailable", "database": False}), 503
    body = {"status": "ok" if ready else "unavailable", "database": True, **figures}
    return jsonify(body), (200 if ready else 503)


def search_unavailable(error: replica.SearchUnavailable) -> Any:
    """503 with Retry-After, never an empty result; such searches are not logged."""
    db.session.rollback()
    headers = {"Retry-After": str(error.retry_after)}
    if wants_json():
        body = {"status": 503, "message": error.message}
        return jsonify(body), 503, headers
    page = render_template("errors/error.html", status=503, message=SEARCH_UNAVAILABLE_PAGE)
    return page, 503, headers


SEARCH_UNAVAILABLE_PAGE = (
    "Search is being brought up to date with the directory and will be back in a few seconds. "
    "Try again shortly."
)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(health_bp)
    app.register_error_handler(replica.SearchUnavailable, search_unavailable)
    app.teardown_request(_write_search_log)
    app.before_request(partial(replica.follow, app))
    openapi_spec(app).path(path="/api/v1/services/search", operations={"get": SEARCH_OPERATION})
