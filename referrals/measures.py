"""Outcome measures defined as data: items, a response scale, and scoring (sum, then convert).

`referrals/data/measures.json` ships SWEMWBS; an area adds its own measures in a file of the
same shape named by MEASURES_FILE, and switches measures on with MEASURES_ENABLED (none are on
by default: SWEMWBS needs the area's own permission from Warwick). A measure is taken at the
wheel's stages (start, review, sign-off); change is the latest score less the first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from accounts import audit
from accounts.models import User
from core.errors import Conflict
from core.extensions import db
from core.models import utcnow
from core.permissions import require
from referrals.measure_models import MeasureResult
from referrals.models import AssessmentStage, Client

SHIPPED = Path(__file__).resolve().parent / "data" / "measures.json"
KEY_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


class BadMeasureTable(ValueError):
    """A measure definition is malformed; the message says which and why."""


@dataclass(frozen=True)
class Item:
    key: str
    text: str


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    short_name: str
    instructions: str
    copyright: str
    licence: str
    scale: tuple[tuple[int, str], ...]  # (value, label), in the order shown
    items: tuple[Item, ...]
    conversion: dict[int, float] | None  # raw total -> reported score
    higher_is_better: bool
    decimals: int

    @property
    def values(self) -> set[int]:
        return {value for value, _ in self.scale}

    @property
    def raw_range(self) -> tuple[int, int]:
        return len(self.items) * min(self.values), len(self.items) * max(self.values)

    def score(self, answers: dict[str, int]) -> tuple[int, float]:
        """(raw total, reported score) of a full set of answers; Conflict for anything else."""
        if set(answers) != {item.key for item in self.items}:
            raise Conflict(f"Answer every {self.short_name} statement.")
        if any(value not in self.values for value in answers.values()):
            raise Conflict(f"Each {self.short_name} answer must be one of the scale's values.")
        raw = sum(answers.values())
        if self.conversion is None:
            return raw, float(raw)
        return raw, self.conversion[raw]


def _key(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value or not set(value) <= KEY_CHARACTERS:
        raise BadMeasureTable(f"{what} must be lower-case letters, digits and underscores")
    if len(value) > 40:
        raise BadMeasureTable(f"{what} is longer than 40 characters")
    return value


def _measure(row: dict[str, Any]) -> Measure:
    key = _key(row.get("key"), "a measure's key")
    try:
        scale = tuple((int(s["value"]), str(s["label"])) for s in row["scale"])
        items = tuple(
            Item(_key(i["key"], f"{key}: an item's key"), str(i["text"])) for i in row["items"]
        )
        scoring = row["scoring"]
        name = str(row["name"])
    except (KeyError, TypeError, ValueError) as error:
        raise BadMeasureTable(f"{key}: needs name, scale, items and scoring ({error})") from None
    if scoring.get("method") != "sum":
        raise BadMeasureTable(f"{key}: the only scoring method is 'sum'")
    if len(scale) < 2 or len({v for v, _ in scale}) != len(scale):
        raise BadMeasureTable(f"{key}: the scale needs two or more different values")
    if not items or len({i.key for i in items}) != len(items):
        raise BadMeasureTable(f"{key}: items need different keys")
    conversion = None
    if scoring.get("conversion"):
        conversion = {int(raw): float(value) for raw, value in scoring["conversion"].items()}
        low = len(items) * min(v for v, _ in scale)
        high = len(items) * max(v for v, _ in scale)
        if set(conversion) != set(range(low, high + 1)):
            raise BadMeasureTable(
                f"{key}: the conversion table must cover every total {low}-{high}"
            )
    return Measure(
        key=key,
        name=name,
        short_name=str(row.get("short_name") or name),
        instructions=str(row.get("instructions", "")),
        copyright=str(row.get("copyright", "")),
        licence=str(row.get("licence", "")),
        scale=scale,
        items=items,
        conversion=conversion,
        higher_is_better=bool(scoring.get("higher_is_better", True)),
        decimals=int(scoring.get("decimals", 0)),
    )


@cache
def read_measures(*paths: Path) -> dict[str, Measure]:
    """Every measure defined in these files, by key; refuses a malformed or repeated one."""
    found: dict[str, Measure] = {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise BadMeasureTable(f"{path.name}: cannot be read as JSON ({error})") from None
        for row in data.get("measures", []):
            measure = _measure(row)
            if measure.key in found:
                raise BadMeasureTable(f"the measure {measure.key} is defined twice")
            found[measure.key] = measure
    return found


def defined_measures() -> dict[str, Measure]:
    """The shipped measures and the area's own (MEASURES_FILE), switched on or not."""
    extra = current_app.config.get("MEASURES_FILE") or ""
    return read_measures(SHIPPED, *([Path(extra)] if extra else []))


def enabled_keys() -> list[str]:
    value = current_app.config.get("MEASURES_ENABLED") or []
    if isinstance(value, str):
        value = value.split(",")
    return [str(key).strip() for key in value if str(key).strip()]


def enabled_measures() -> list[Measure]:
    """The measures this area records, in the order MEASURES_ENABLED lists them."""
    defined = defined_measures()
    return [defined[key] for key in enabled_keys() if key in defined]


def enabled_measure(key: str) -> Measure | None:
    return next((m for m in enabled_measures() if m.key == key), None)


def record_measure(
    user: User,
    client: Client,
    measure: Measure,
    stage: AssessmentStage,
    answers: dict[str, int],
    taken_on: date | None = None,
) -> MeasureResult:
    """Score and save one sitting of `measure`; flush only."""
    require(user, "edit", client, hide=True)
    raw, score = measure.score(answers)
    result = MeasureResult(
        client_id=client.id,
        measure_key=measure.key,
        stage=stage,
        taken_on=taken_on or utcnow().date(),
        answers=dict(answers),
        raw_score=raw,
        score=score,
        recorded_by=user,
    )
    db.session.add(result)
    db.session.flush()
    audit.record("create", result, user=user)
    return result


def results_of(client: Client) -> list[MeasureResult]:
    return list(
        db.session.scalars(
            select(MeasureResult)
            .where(MeasureResult.client_id == client.id)
            .order_by(MeasureResult.taken_on, MeasureResult.id)
        )
    )


@dataclass(frozen=True)
class MeasureSummary:
    key: str
    name: str
    short_name: str
    copyright: str
    first_score: float
    first_on: date
    first_stage: AssessmentStage
    last_score: float | None  # None when taken only once
    last_on: date | None
    last_stage: AssessmentStage | None
    times: int

    @property
    def change(self) -> float | None:
        return None if self.last_score is None else self.last_score - self.first_score


def measure_summaries(client: Client) -> list[MeasureSummary]:
    """First and latest score of each measure the client has taken (for letters and FHIR).

    Only defined measures are summarised; a measure switched off later still counts, as the
    person did answer it. The caller checks the user may see the client.
    """
    defined = defined_measures()
    by_key: dict[str, list[MeasureResult]] = {}
    for result in results_of(client):
        by_key.setdefault(result.measure_key, []).append(result)
    summaries = []
    for key, results in by_key.items():
        measure = defined.get(key)
        if measure is None:
            continue
        first, last = results[0], results[-1]
        later = len(results) > 1
        summaries.append(
            MeasureSummary(
                key=key,
                name=measure.name,
                short_name=measure.short_name,
                copyright=measure.copyright,
                first_score=first.score,
                first_on=first.taken_on,
                first_stage=first.stage,
                last_score=last.score if later else None,
                last_on=last.taken_on if later else None,
                last_stage=last.stage if later else None,
                times=len(results),
            )
        )
    return summaries
