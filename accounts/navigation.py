"""The header menu: each feature adds its items; each item says who sees it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, request, url_for
from flask_login import current_user

from accounts.models import Role
from core.permissions import is_signed_in

Audience = Callable[[Any], bool]


@dataclass(frozen=True)
class NavItem:
    text: str
    endpoint: str
    audience: Audience
    order: int


def everyone(user: Any) -> bool:
    return True


def anonymous(user: Any) -> bool:
    return not is_signed_in(user)


def signed_in(user: Any) -> bool:
    return is_signed_in(user)


def with_role(*roles: Role) -> Audience:
    def audience(user: Any) -> bool:
        return is_signed_in(user) and any(user.has_role(role) for role in roles)

    return audience


def add_nav_item(
    app: Flask, text: str, endpoint: str, audience: Audience = everyone, order: int = 50
) -> None:
    """Add a header menu link to `endpoint`, shown to users `audience` accepts."""
    app.extensions.setdefault("signpost_nav", []).append(NavItem(text, endpoint, audience, order))


def nav_items_for(app: Flask, user: Any) -> list[dict[str, Any]]:
    items = sorted(app.extensions.get("signpost_nav", []), key=lambda item: item.order)
    result = []
    for item in items:
        if not item.audience(user) or item.endpoint not in app.view_functions:
            continue
        href = url_for(item.endpoint)
        result.append(
            {
                "href": href,
                "text": item.text,
                "active": request.path == href
                or (href != "/" and request.path.startswith(href + "/")),
                "current": request.path == href,
            }
        )
    return result


@dataclass(frozen=True)
class Home:
    endpoint: str
    audience: Audience
    order: int


def add_home(app: Flask, endpoint: str, audience: Audience, order: int = 50) -> None:
    """Make `endpoint` the page users `audience` accepts land on after signing in.

    A user several homes accept lands on the one with the lowest `order`.
    """
    app.extensions.setdefault("signpost_homes", []).append(Home(endpoint, audience, order))


def home_for(app: Flask, user: Any) -> str:
    """The path `user` lands on after signing in: their role's home, else their account."""
    for home in sorted(app.extensions.get("signpost_homes", []), key=lambda item: item.order):
        if home.endpoint in app.view_functions and home.audience(user):
            return url_for(home.endpoint)
    return url_for("accounts.account")


def register_navigation(app: Flask) -> None:
    add_nav_item(app, "Find support", "directory.home", order=0)
    add_nav_item(app, "Users", "accounts.users", with_role(Role.CAPACITY_LEAD), order=80)
    add_nav_item(app, "Teams", "accounts.teams", with_role(Role.CAPACITY_LEAD), order=81)
    add_nav_item(app, "Audit log", "accounts.audit_log", with_role(Role.CAPACITY_LEAD), order=82)
    add_nav_item(app, "Outbox", "accounts.outbox", with_role(Role.CAPACITY_LEAD), order=83)
    add_nav_item(app, "Your account", "accounts.account", signed_in, order=90)
    add_nav_item(app, "Sign out", "accounts.logout", signed_in, order=99)
    add_nav_item(app, "Sign in", "accounts.login", anonymous, order=99)

    @app.context_processor
    def inject_nav_items() -> dict[str, Any]:
        return {"nav_items": nav_items_for(app, current_user)}
