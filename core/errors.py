"""Domain exceptions and the app-wide error handlers (JSON for APIs, pages otherwise)."""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from core.database import is_conflict
from core.extensions import db, login_manager

logger = logging.getLogger("signpost.errors")

# Seconds a client is asked to wait when the database is unavailable.
RETRY_AFTER_SECONDS = 30
CHANGED_MESSAGE = (
    "This changed while you were looking: someone else saved it first. "
    "Reload the page to see what changed, then try again."
)
INVALID_FIELDS_MESSAGE = "The request has invalid fields."
UNAVAILABLE_MESSAGE = "The service is busy or briefly unavailable. Try again in a minute."


class DomainError(Exception):
    """Base for errors raised by service functions; each maps to one HTTP status."""

    status_code = 400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def field_errors(self) -> dict[str, Any] | None:
        """The form fields at fault, as field -> messages; None when the refusal names none."""
        if "fields" in self.details:
            return dict(self.details["fields"])
        if "field" in self.details:
            return {self.details["field"]: [self.message]}
        return None


class Refused(DomainError):
    """A service refuses a value that a form's schema could not judge alone (it needs the records).

    `field` names the form field at fault, or `fields` maps several to their messages. A form
    shows it by that field (`core.forms.domain_errors`); an API answers the same field-level 400
    a schema's refusal gets.
    """


class PermissionDenied(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    """The request is valid but clashes with the record's current state."""

    status_code = 409


class InvalidTransition(Conflict):
    """A state machine refused a transition."""


def wants_json() -> bool:
    """Answer JSON to API callers and to clients that prefer it over HTML."""
    if request.path.startswith(("/api/", "/openreferral/")):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


def _json_error(status: int, message: str, errors: Any = None) -> tuple[Response, int]:
    body: dict[str, Any] = {"status": status, "message": message}
    if errors:
        body["errors"] = errors
    return jsonify(body), status


def register_errorhandlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError) -> Any:
        db.session.rollback()
        if wants_json():
            fields = error.field_errors()
            if fields is None:
                return _json_error(error.status_code, error.message, error.details or None)
            # Refused by a schema or by a service, a field at fault reads the same to a client.
            message = INVALID_FIELDS_MESSAGE if error.status_code == 400 else error.message
            return _json_error(error.status_code, message, fields)
        return (
            render_template("errors/error.html", status=error.status_code, message=error.message),
            error.status_code,
        )

    @app.errorhandler(ValidationError)
    def handle_validation_error(error: ValidationError) -> Any:
        db.session.rollback()
        if wants_json():
            return _json_error(400, INVALID_FIELDS_MESSAGE, error.messages)
        return (
            render_template("errors/error.html", status=400, message="The request was not valid."),
            400,
        )

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> Any:
        status = error.code or 500
        if wants_json():
            return _json_error(status, error.description or error.name)
        return render_template(
            "errors/error.html", status=status, message=error.description
        ), status

    @app.errorhandler(StaleDataError)
    @app.errorhandler(IntegrityError)
    def handle_write_conflict(error: Exception) -> Any:
        if not is_conflict(error):
            # A constraint the code should have checked first: a fault, logged as one.
            logger.error("unexpected integrity error", exc_info=error)
            return handle_server_error(error)
        db.session.rollback()
        logger.info("write conflict answered 409: %s", type(error).__name__)
        if wants_json():
            return _json_error(409, CHANGED_MESSAGE)
        return render_template("errors/error.html", status=409, message=CHANGED_MESSAGE), 409

    @app.errorhandler(OperationalError)
    def handle_database_unavailable(error: OperationalError) -> Any:
        # Logged without parameters: a failed statement's values may be personal.
        logger.error("database unavailable, answered 503: %s", str(error.orig)[:200])
        with suppress(OperationalError):
            db.session.rollback()
        db.session.remove()
        # The page must not need the database: show it as to someone signed out.
        g._login_user = login_manager.anonymous_user()
        if wants_json():
            response, status = _json_error(503, UNAVAILABLE_MESSAGE)
        else:
            response = app.make_response(
                render_template("errors/error.html", status=503, message=UNAVAILABLE_MESSAGE)
            )
            status = 503
        response.status_code = status
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(500)
    def handle_server_error(error: Exception) -> Any:
        db.session.rollback()
        if wants_json():
            return _json_error(500, "Something went wrong on our side.")
        return render_template("errors/error.html", status=500, message=None), 500
