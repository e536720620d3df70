"""Helpers that read the feed the way the ORUK validator does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from openreferral.standard import schema_errors

# List endpoint -> (list schema, detail schema)
ENDPOINTS = {
    "services": ("service_list", "service"),
    "service_at_locations": ("service_at_location_list", "service_at_location"),
    "organizations": ("organization_list", "organization"),
    "taxonomies": ("taxonomy_list", "taxonomy"),
    "taxonomy_terms": ("taxonomy_term_list", "taxonomy_term"),
}


def json_getter(app: Flask) -> Callable[[str], Any]:
    client = app.test_client()

    def get(path: str) -> Any:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.data[:300])
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        return response.get_json()

    return get


def check_feed(get: Callable[[str], Any], per_page: int = 3) -> dict[str, list[dict[str, Any]]]:
    """Validate `/`, first/middle/last pages of each list, then every record by id."""
    details = get("/openreferral/")
    assert schema_errors(details, "api_details") == []
    records: dict[str, list[dict[str, Any]]] = {}
    for endpoint, (list_schema, detail_schema) in ENDPOINTS.items():
        first = get(f"/openreferral/{endpoint}?per_page={per_page}")
        last_number = first["total_pages"]
        ids = []
        for number in sorted({1, max(1, (last_number + 1) // 2), last_number}):
            page = get(f"/openreferral/{endpoint}?per_page={per_page}&page={number}")
            assert schema_errors(page, list_schema) == [], (endpoint, number)
            assert page["page_number"] == number
            assert page["first_page"] is (number == 1)
            assert page["last_page"] is (number == last_number)
            ids += [item["id"] for item in page["contents"]]
        records[endpoint] = []
        for record_id in ids:
            record = get(f"/openreferral/{endpoint}/{record_id}")
            assert schema_errors(record, detail_schema) == [], (endpoint, record_id)
            records[endpoint].append(record)
    return records


def no_empty_values(value: Any, required: frozenset[str] = frozenset()) -> bool:
    """True when no field anywhere is null, [] or an empty string (required keys excepted)."""
    if isinstance(value, dict):
        return all(
            (key in required or item not in (None, "", [])) and no_empty_values(item, required)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return all(no_empty_values(item, required) for item in value)
    return True


@pytest.fixture
def feed_get(app: Flask) -> Callable[[str], Any]:
    return json_getter(app)
