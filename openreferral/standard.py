"""The ORUK 3.0 specification files this feed conforms to, and offline validation against them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

STANDARD_DIR = Path(__file__).resolve().parent / "standard" / "oruk-3.0"
SCHEMA_PREFIX = "https://openreferraluk.org/specifications/3.0/schema/"
VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"


def _retrieve_local(uri: str) -> Resource[Any]:
    """Resolve an absolute ORUK schema URL to the vendored copy; never fetch."""
    if not uri.startswith(SCHEMA_PREFIX):
        raise NoSuchResource(ref=uri)
    path = STANDARD_DIR / "schema" / uri.removeprefix(SCHEMA_PREFIX)
    if path.parent != STANDARD_DIR / "schema" or not path.is_file():
        raise NoSuchResource(ref=uri)
    contents = json.loads(path.read_text(encoding="utf-8"))
    return Resource.from_contents(contents, default_specification=DRAFT202012)


@cache
def schema_registry() -> Registry[Any]:
    return Registry(retrieve=_retrieve_local)  # type: ignore[call-arg]


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """Return a validator for one ORUK schema, e.g. "service" or "service_list"."""
    return Draft202012Validator(
        {"$ref": f"{SCHEMA_PREFIX}{schema_name}.json"},
        registry=schema_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def schema_errors(instance: Any, schema_name: str) -> list[str]:
    """Describe every way `instance` breaks the named ORUK schema (empty when it conforms)."""
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(validator(schema_name).iter_errors(instance), key=str)
    ]


HSDS_DIR = Path(__file__).resolve().parent / "standard" / "hsds-3.1" / "schema"
# The HSDS 3.1 schemas refer to each other by file name; they are registered under this base.
HSDS_BASE = "https://hsds.invalid/3.1/schema/"


@cache
def hsds_validator(schema_name: str) -> Draft202012Validator:
    """A validator for one vendored HSDS 3.1 schema, e.g. "service" or "service_capacity"."""
    resources = [
        (
            f"{HSDS_BASE}{path.name}",
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
            ),
        )
        for path in HSDS_DIR.glob("*.json")
    ]
    registry: Registry[Any] = Registry().with_resources(resources)
    return Draft202012Validator(
        {"$ref": f"{HSDS_BASE}{schema_name}.json"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def hsds_errors(instance: Any, schema_name: str) -> list[str]:
    """Describe every way `instance` breaks the named HSDS 3.1 schema (empty when it conforms)."""
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(hsds_validator(schema_name).iter_errors(instance), key=str)
    ]


@cache
def openapi_document() -> dict[str, Any]:
    return json.loads((STANDARD_DIR / "openapi.json").read_text(encoding="utf-8"))
