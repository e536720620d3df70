"""Realistic co-ordinator queries against the demo borough: the right services in the top 5."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from search import services
from search.schemas import SearchParamsSchema

QUERIES: list[dict[str, Any]] = json.loads(
    (Path(__file__).with_name("relevance_queries.json")).read_text(encoding="utf-8")
)


def test_the_set_is_large_enough():
    assert len(QUERIES) >= 40


@pytest.mark.parametrize("case", QUERIES, ids=[f"{c['q']} @ {c['near']}" for c in QUERIES])
def test_the_right_services_are_in_the_top_five(demo_app: Flask, case: dict[str, Any]):
    params = SearchParamsSchema().load({"q": case["q"], "near": case["near"]})
    with demo_app.test_request_context():
        outcome = services.search_services(params).outcome
    top5 = [hit.record["external_id"] for hit in outcome.hits[:5]]
    missing = [wanted for wanted in case["must_include_top5"] if wanted not in top5]
    assert not missing, f"missing {missing}; top 5 were {top5}"
