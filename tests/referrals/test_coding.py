"""The SNOMED CT code table: verified codes only, well-formed ids, one source named."""

from __future__ import annotations

import json

import pytest

from referrals.coding import TABLE, BadCodeTable, code_table, is_concept_id


def test_the_shipped_table_has_the_verified_social_prescribing_codes() -> None:
    table = code_table()
    assert {event: (c.concept_id, c.term) for event, c in table.items()} == {
        "referral_to_social_prescribing": (
            "871731000000106",
            "Referral to social prescribing service (procedure)",
        ),
        "social_prescribing_declined": (
            "871711000000103",
            "Social prescribing declined (situation)",
        ),
    }
    source = json.loads(TABLE.read_text(encoding="utf-8"))["source"]
    assert source["url"].startswith("https://") and ".nhs.uk/" in source["url"]


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("871731000000106", True),
        ("871711000000103", True),
        ("306238000", True),  # Referral to Social Services, an international core concept
        ("871731000000107", False),  # one digit off: the Verhoeff check fails
        ("871731000000016", False),  # digits swapped
        ("871731000000116", False),  # description partition (11), not a concept
        ("0871731000000106", False),
        ("87173100000010６", False),
        ("12345", False),
        ("", False),
    ],
)
def test_concept_ids_are_checked(text: str, valid: bool) -> None:
    assert is_concept_id(text) is valid


def _table(tmp_path, name, codes, source=None):
    path = tmp_path / f"{name}.json"
    source = {"url": "https://example.nhs.uk/"} if source is None else source
    path.write_text(json.dumps({"source": source, "codes": codes}))
    return path


def _row(event="e", concept_id="871731000000106"):
    return {"event": event, "concept_id": concept_id, "term": "t", "use": "u"}


def test_a_good_table_loads(tmp_path) -> None:
    assert list(code_table(_table(tmp_path, "good", [_row()]))) == ["e"]


def test_a_bad_table_is_refused(tmp_path) -> None:
    with pytest.raises(BadCodeTable, match="not a SNOMED CT concept id"):
        code_table(_table(tmp_path, "bad_id", [_row(concept_id="871731000000107")]))
    with pytest.raises(BadCodeTable, match="coded twice"):
        code_table(_table(tmp_path, "twice", [_row(), _row(concept_id="871711000000103")]))
    with pytest.raises(BadCodeTable, match="must name the source"):
        code_table(_table(tmp_path, "no_source", [_row()], source={}))
