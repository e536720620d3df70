"""Domain exceptions and the app-wide error handlers (JSON for APIs, pages otherwise)."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from core.extensions import db


class DomainError(Exception):
    """Base for errors raised by service functions; each maps to one HTTP status."""

    status_code = 400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


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
            return _json_error(error.status_code, error.message, error.details or None)
        return (
            render_template("errors/error.html", status=error.status_code, message=error.message),
            error.status_code,
        )

    @app.errorhandler(ValidationError)
    def handle_validation_error(error: ValidationError) -> Any:
        db.session.rollback()
        if wants_json():
            return _json_error(400, "The request has invalid fields.", error.messages)
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

    @app.errorhandler(500)
    def handle_server_error(error: Exception) -> Any:
        db.session.rollback()
        if wants_json():
            return _json_error(500, "Something went wrong on our side.")
        return render_template("errors/error.html", status=500, message=None), 500
