"""The one address of the site: every link sent out is built from BASE_URL, never the request.

A request's Host (or X-Forwarded-Host behind a proxy) is chosen by whoever sends it, so a link
built from it can point anywhere: a password reset requested with `Host: evil.example` would
email a working link to evil.example. Links in emails, and links printed for people to keep,
come from `site_url` instead. In production (neither debug nor testing) BASE_URL is required,
and requests naming any host other than its own (or ALLOWED_HOSTS) are refused with 400.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app
from werkzeug.exceptions import SecurityError

# Where `signpost run --debug` and the test suite serve; `make run` passes its own.
DEMO_BASE_URL = "http://127.0.0.1:5000"


class ConfigurationError(RuntimeError):
    """A setting production cannot start without, or one that makes no sense."""


def configure_site(app: Flask) -> None:
    """Check BASE_URL (defaulting it outside production) and refuse other hosts in production."""
    production = not (app.debug or app.testing)
    base = str(app.config.get("BASE_URL") or "").strip()
    if not base:
        if production:
            raise ConfigurationError(
                "SIGNPOST_BASE_URL is not set. Set it to the address people reach Signpost at, "
                "such as https://signpost.example.org: every emailed link is built from it. "
                "(`make run` sets it for the local demo.)"
            )
        base = DEMO_BASE_URL
    parts = urlsplit(base)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(
            f"SIGNPOST_BASE_URL must look like https://signpost.example.org, not {base!r}"
        )
    app.config["BASE_URL"] = base.rstrip("/")
    if production and app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = [parts.hostname, *allowed_hosts(app.config)]
    app.register_error_handler(SecurityError, _refuse_unknown_host)


def _refuse_unknown_host(error: SecurityError) -> Response:
    # Plain text: with an untrusted host Flask builds no URLs, so no page can be rendered.
    return Response("Unknown host.\n", status=400, mimetype="text/plain")


def allowed_hosts(config: Any) -> list[str]:
    """ALLOWED_HOSTS as a list, whether set as a JSON list or a comma-separated string."""
    value = config.get("ALLOWED_HOSTS") or []
    if isinstance(value, str):
        value = value.split(",")
    return [str(host).strip() for host in value if str(host).strip()]


def site_url(endpoint: str, **values: Any) -> str:
    """Return the absolute URL of `endpoint` on the configured site, whatever the request said."""
    app = current_app
    parts = urlsplit(app.config["BASE_URL"])
    adapter = app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    app.inject_url_defaults(endpoint, values)
    return adapter.build(endpoint, values, force_external=True)
