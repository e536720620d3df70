"""A postcode the gazetteer does not know is refused by the service on the postcode field, and
the page shows it there with what was typed."""

from __future__ import annotations

from flask import Flask

from frontdoors.selfcheck import UNKNOWN_POSTCODE
from tests.plans.test_refusals import field_error


def test_an_unknown_postcode_is_refused_by_its_field_with_what_was_typed(demo: Flask) -> None:
    web = demo.test_client()
    page = web.post("/self-check/postcode", data={"postcode": "ZZ99 9ZZ", "age": "40"})
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert UNKNOWN_POSTCODE in field_error(text, "postcode")
    assert 'value="ZZ99 9ZZ"' in text and 'value="40"' in text
    not_one = web.post("/self-check/postcode", data={"postcode": "nowhere"})
    assert not_one.status_code == 400
    assert field_error(not_one.get_data(as_text=True), "postcode")
