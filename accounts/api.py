"""Authentication for the JSON API under /api/v1: a session or a bearer token.

Every feature builds its API blueprint with `api_blueprint(...)`. Its requests then need a
signed-in user: either `Authorization: Bearer <token>` (no cookies, so no CSRF check) or a
browser session, whose state-changing requests must carry the CSRF token in an
X-CSRFToken header. Views read the user from flask_login's `current_user`.
"""

from __future__ import annotations

from flask import Blueprint, Request, abort, current_app, g, request
from flask_login import current_user

from accounts import services
from accounts.models import User
from core.extensions import csrf, db
from core.permissions import is_signed_in

API_PREFIX = "/api/v1"


def bearer_token(req: Request) -> str | None:
    """Return the bearer token of an API request, if it carries one."""
    if not req.path.startswith(API_PREFIX + "/") and req.path != API_PREFIX:
        return None
    header = req.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def load_session_user(session_id: str) -> User | None:
    """Flask-Login user loader; a request with a bearer token is the token's, cookies or not."""
    if bearer_token(request) is not None:
        return None
    return services.load_session_user(session_id)


def load_token_user(req: Request) -> User | None:
    """Flask-Login request loader: the owner of a live bearer token."""
    token = bearer_token(req)
    if token is None:
        return None
    user = services.user_for_token(token)
    if user is not None:
        g.authenticated_by_token = True
        # Recording last use is worth a commit of its own, whatever the request does next: the
        # request's own transaction (core.transaction) rolls back when it answers an error.
        db.session.commit()
    return user


def authenticated_by_token() -> bool:
    return bool(g.get("authenticated_by_token"))


def _authenticate_api_request() -> None:
    if request.method == "OPTIONS":
        return
    if bearer_token(request) is not None:
        if not is_signed_in(current_user):
            abort(401, description="The bearer token is not valid.")
        return
    if not is_signed_in(current_user):
        abort(401, description="Sign in, or send an API token as 'Authorization: Bearer ...'.")
    # A session rides on cookies the browser sends by itself, so writes need the CSRF token.
    if current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()


def api_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    """Return a blueprint under /api/v1 whose every request must be authenticated."""
    bp = Blueprint(name, import_name, url_prefix=API_PREFIX + url_prefix)
    csrf.exempt(bp)
    bp.before_request(_authenticate_api_request)
    return bp
