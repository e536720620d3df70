"""Security headers sent with every response."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request, session

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


def register_security_headers(app: Flask) -> None:
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
