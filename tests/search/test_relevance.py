"""Realistic co-ordinator queries, judged: the right services in the top five, nothing padded in.

Each case in relevance_queries.json names the services that must be in the top five (by
external id in the demo borough, by name in the small directory imported from another council's
Open Referral feed, whose ids are the feed's uuids) and, where it matters, services that must
not appear at all, the exact number of results, the words that match nothing and the repaired
query.
"""

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
KNOWN_KEYS = {
    "q",
    "near",
    "directory",
    "must_include_top5",
    "must_not_appear",
    "total",
    "unmatched",
    "corrected",
}


def case_id(case: dict[str, Any]) -> str:
    return f"{case.get('directory', 'demo')}: {case['q']} @ {case['near']}"


def test_the_set_is_large_enough_and_covers_both_directories():
    assert len(QUERIES) >= 80
    assert sum(1 for case in QUERIES if case.get("directory") == "small") >= 20
    for case in QUERIES:
        assert set(case) <= KNOWN_KEYS, case_id(case)
        # Every case asserts something: what must be found, or that nothing is.
        assert case["must_include_top5"] or case.get("total") == 0, case_id(case)


@pytest.fixture
def directory(request: pytest.FixtureRequest) -> Flask:
    case = request.node.callspec.params["case"]
    name = "small_directory_app" if case.get("directory") == "small" else "demo_app"
    return request.getfixturevalue(name)


@pytest.mark.parametrize("case", QUERIES, ids=[case_id(c) for c in QUERIES])
def test_the_right_services_are_in_the_top_five(directory: Flask, case: dict[str, Any]):
    params = SearchParamsSchema().load({"q": case["q"], "near": case["near"]})
    with directory.test_request_context():
        outcome = services.search_services(params).outcome
    ids = "name" if case.get("directory") == "small" else "external_id"
    top5 = [hit.record[ids] for hit in outcome.hits[:5]]
    missing = [wanted for wanted in case["must_include_top5"] if wanted not in top5]
    assert not missing, f"missing {missing}; top 5 were {top5}"
    if "must_not_appear" in case:
        found = {outcome.hit(doc).record[ids] for doc in outcome.ranked}
        assert not found & set(case["must_not_appear"]), sorted(found)
    if "total" in case:
        assert outcome.total == case["total"], top5
    assert outcome.unmatched == case.get("unmatched", [])
    assert outcome.corrected == case.get("corrected")
