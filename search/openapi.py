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
        app.extensions[EXTENSION] = spec
    return spec
