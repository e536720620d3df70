"""The API's OpenAPI document, assembled from what each feature registers.

A feature adds its endpoints in its own init_app:
    openapi_spec(app).path(path="/api/v1/things", operations={"get": {...}})
Marshmallow schemas may be named directly in operations (apispec's MarshmallowPlugin).
"""

from __future__ import annotations

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask

EXTENSION = "openapi"
# The two ways to call the API as someone (see accounts/api.py); an operation lists the ones it
# takes in its `security`, and a public one says `security: []`.
SECURITY_SCHEMES = {
    "bearerToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token made on the account page: `Authorization: Bearer <token>`.",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "session",
        "description": "A signed-in browser session; its writes also need an X-CSRFToken header.",
    },
}
SIGNED_IN: list[dict[str, list[str]]] = [{"bearerToken": []}, {"session": []}]
PUBLIC: list[dict[str, list[str]]] = []


def openapi_spec(app: Flask) -> APISpec:
    """Return this app's OpenAPI document under construction, creating it on first use."""
    spec = app.extensions.get(EXTENSION)
    if spec is None:
        spec = APISpec(
            title="Signpost API",
            version="1",
            openapi_version="3.0.3",
            info={
                "description": "Search the community-asset directory and work with referrals. "
                "Search is public; other endpoints need a session or a bearer token."
            },
            servers=[{"url": "/"}],
            plugins=[MarshmallowPlugin()],
        )
        for name, scheme in SECURITY_SCHEMES.items():
            spec.components.security_scheme(name, scheme)
        app.extensions[EXTENSION] = spec
    return spec
