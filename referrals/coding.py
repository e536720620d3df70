"""SNOMED CT concepts for the social prescribing events the NHS counts, from one data file.

`referrals/data/snomed_codes.json` names the published source each code and term was checked
against. Only verified codes are shipped; each concept id is checked here to be a well-formed
SNOMED CT identifier (Verhoeff check digit, concept partition) when the table is read. Events
that no published NHS source let us verify are listed there as uncoded, with the reason.

An area extends the table with its own file (the SNOMED_EXTRA_CODES setting), in the same shape
and naming its own source; it is checked when the app starts, and may code an event the shipped
table leaves uncoded but never re-code one the shipped table codes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Flask, current_app

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

# Every event the NHS counts, in the order of a person's journey, with its label.
EVENTS: dict[str, str] = {
    "referral_to_social_prescribing": "Referral to the social prescribing service",
    "social_prescribing_offered": "Social prescribing offered",
    "social_prescribing_declined": "Social prescribing declined",
    "first_contact": "First contact",
    "onward_referral": "Referral on to a community service",
    "sign_off": "Signed off from social prescribing",
}
# The events Signpost records a coded entry for (when the table in force codes them). A person
# who declines at triage has no client record to code against, and sign-off belongs to the
# sign-off flow, so those are not recorded yet; "offered" has no moment of its own in Signpost.
RECORDED_EVENTS = frozenset({"referral_to_social_prescribing", "first_contact", "onward_referral"})


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


def area_table(path: Path) -> dict[str, CodedEvent]:
    """The shipped table with an area's extra codes; refuses an extension that fails its checks."""
    shipped = code_table()
    extra = code_table(path)
    for event, coded in extra.items():
        if event not in EVENTS:
            raise BadCodeTable(f"{path.name}: {event} is not an event Signpost records")
        if event not in RECORDED_EVENTS:
            raise BadCodeTable(f"{path.name}: Signpost does not record {event} yet")
        if event in shipped and shipped[event] != coded:
            raise BadCodeTable(f"{path.name}: {event} is already coded nationally")
    return {**shipped, **extra}


def configured_table() -> dict[str, CodedEvent]:
    """The code table in force: the shipped one, plus the area's file when one is configured."""
    extra = current_app.config.get("SNOMED_EXTRA_CODES") or ""
    return area_table(Path(extra)) if extra else code_table()


def check_code_table(app: Flask) -> None:
    """Read the configured table once at start, so a bad area file stops the app, not a save."""
    with app.app_context():
        try:
            configured_table()
        except (OSError, ValueError, KeyError, TypeError) as error:
            if isinstance(error, BadCodeTable):
                raise
            raise BadCodeTable(f"SNOMED_EXTRA_CODES cannot be read: {error}") from error
