"""Security headers sent with every response, and requests refused for holding a NUL."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, request, session

from core.logs import is_secret_path


def content_security_policy(tile_url: str) -> str:
    """Build a CSP that allows only this site's scripts and styles (plus map tiles)."""
    img_sources = ["'self'", "data:"]
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        host = parts.hostname or ""
        # Tile templates such as {s}.tile.example.org serve from several subdomains.
        if tile_url.split("//", 1)[-1].startswith("{s}."):
            host = "*." + host.split(".", 1)[1]
        img_sources.append(f"{parts.scheme}://{host}")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {' '.join(img_sources)}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def is_personal(response: Response) -> bool:
    """Whether a response may hold personal data, so no cache (browser or proxy) may keep it.

    That is any answer to someone with a session (signed in, or holding the self-check's
    answers), an API answer to a token, and a page reached through an emailed secret link.
    """
    return bool(session) or "Authorization" in request.headers or is_secret_path(request.path)


def holds_nul(value: Any) -> bool:
    """Whether text anywhere in `value` (a string, a JSON body, form values) holds a NUL."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    return False


def refuse_nul_characters() -> None:
    """A NUL is never text anyone typed, and PostgreSQL cannot store one: refuse it (400)."""
    parts: list[Any] = [request.path, list(request.args.items(multi=True))]
    if request.method in ("POST", "PUT", "PATCH"):
        parts.append(list(request.form.items(multi=True)))
        if request.is_json:
            parts.append(request.get_json(silent=True))
    if holds_nul(parts):
        abort(400, description="Text may not contain NUL characters.")


def register_security_headers(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
    policy = content_security_policy(app.config["MAP_TILE_URL"])

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        if is_personal(response):
            headers["Cache-Control"] = "no-store"
        if app.config["SESSION_COOKIE_SECURE"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
