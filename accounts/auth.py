"""Signing in and out, session expiry, view decorators and safe redirects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from accounts.api import authenticated_by_token
from accounts.models import Role, User
from core.errors import PermissionDenied
from core.models import utcnow
from core.permissions import is_signed_in

View = TypeVar("View", bound=Callable[..., Any])
LAST_SEEN = "last_seen"


def safe_next(target: str | None, fallback: str) -> str:
    """Return `target` if it is a path on this site, else `fallback`."""
    if not target:
        return fallback
    target = target.strip()
    # Browsers treat backslashes as slashes, so "/\\evil.example" would leave the site.
    if "\\" in target or any(ord(c) < 32 for c in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def sign_in(user: User) -> None:
    """Start a fresh session for `user` (clearing any old one, against session fixation)."""
    session.clear()
    login_user(user)
    session.permanent = True
    session[LAST_SEEN] = utcnow().timestamp()


def sign_out() -> None:
    logout_user()
    session.clear()


def login_required(*roles: Role) -> Callable[[View], View]:
    """Require a signed-in user, holding one of `roles` if any are given.

    Anonymous visitors are sent to sign in (and brought back); signed-in users without
    the role get a 403.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not is_signed_in(current_user):
                flash("Sign in to see that page")
                return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
            if roles and not any(current_user.has_role(role) for role in roles):
                raise PermissionDenied("You do not have permission to see this page.")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def enforce_idle_timeout() -> Response | None:
    """Sign out a session that has been idle too long; otherwise note this request."""
    if authenticated_by_token() or not current_user.is_authenticated:
        return None
    if "_user_id" not in session:
        return None
    now = utcnow().timestamp()
    idle = timedelta(minutes=float(current_app.config["SESSION_IDLE_MINUTES"]))
    last_seen = session.get(LAST_SEEN)
    if last_seen is None or now - float(last_seen) > idle.total_seconds():
        sign_out()
        flash("You were signed out because you were inactive. Sign in again to continue.")
        if request.path.startswith("/api/"):
            return None
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    # Writing the session on every request would resend the cookie each time; a minute's
    # precision is plenty for a 30-minute timeout.
    if now - float(last_seen) > 60:
        session[LAST_SEEN] = now
    return None


def register_session_hooks(app: Flask) -> None:
    app.before_request(enforce_idle_timeout)
