"""A place search cannot find is the service's refusal of the `near` field: the page shows it by
the field with what was typed, and the API answers the same field-level 400."""

from __future__ import annotations

from tests.plans.test_refusals import INVALID_FIELDS, field_error
from tests.search.test_api_and_page import listings  # noqa: F401


def test_a_place_not_found_is_refused_by_the_near_field_on_the_page_and_api(
    listings,  # noqa: F811
    client,
):
    page = client.get("/search?near=Atlantis&q=lunch")
    text = page.get_data(as_text=True)
    message = field_error(text, "near")
    assert message.strip()
    assert 'value="Atlantis"' in text
    answer = client.get("/api/v1/services/search?near=Atlantis")
    assert answer.status_code == 400
    body = answer.get_json()
    assert body["message"] == INVALID_FIELDS
    assert list(body["errors"]) == ["near"] and len(body["errors"]["near"]) == 1
    assert body["errors"]["near"][0] in message
