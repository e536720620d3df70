"""SNOMED CT concepts for the social prescribing events the NHS counts, from one data file.

`referrals/data/snomed_codes.json` names the published source each code and term was checked
against. Only verified codes are shipped; each concept id is checked here to be a well-formed
SNOMED CT identifier (Verhoeff check digit, concept partition) when the table is read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "snomed_codes.json"

# The Verhoeff dihedral-group tables (multiplication, permutation, inverse).
_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]  # fmt: skip
_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]  # fmt: skip
CONCEPT_PARTITIONS = {"00", "10"}  # core and extension concept ids


def is_concept_id(text: str) -> bool:
    """True for a well-formed SNOMED CT concept id: 6-18 digits, concept partition, Verhoeff."""
    if not (text.isascii() and text.isdigit() and 6 <= len(text) <= 18 and text[0] != "0"):
        return False
    if text[-3:-1] not in CONCEPT_PARTITIONS:
        return False
    check = 0
    for position, digit in enumerate(reversed(text)):
        check = _D[check][_P[position % 8][int(digit)]]
    return check == 0


@dataclass(frozen=True)
class CodedEvent:
    event: str
    concept_id: str
    term: str
    use: str


class BadCodeTable(ValueError):
    """The code table is malformed: a bad concept id, a repeated event, or no source."""


@cache
def code_table(path: Path = TABLE) -> dict[str, CodedEvent]:
    """The events and their concepts, by event name; refuses a table that fails its checks."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not data.get("source", {}).get("url"):
        raise BadCodeTable(f"{path.name} must name the source its codes were checked against")
    table: dict[str, CodedEvent] = {}
    for row in data["codes"]:
        coded = CodedEvent(row["event"], row["concept_id"], row["term"], row["use"])
        if not is_concept_id(coded.concept_id):
            raise BadCodeTable(f"{coded.concept_id} is not a SNOMED CT concept id")
        if coded.event in table:
            raise BadCodeTable(f"the event {coded.event} is coded twice")
        table[coded.event] = coded
    return table
