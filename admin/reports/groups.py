"""Who a report counts, by group: equality answers, age band, deprivation, referral source.

A dimension gives each client one value (or none: not recorded) as a SQL expression on Client,
so the same definition both narrows any report (`group_condition`, applied through
report_filters.client_conditions, and so the gap map too) and breaks figures down by group
(`client_groups`). Every figure shown per group goes through core/suppression.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import QueryableAttribute

from core.extensions import db
from directory.deprivation import DECILES
from directory.gazetteer import Postcode
from directory.practices import Practice
from referrals.equality import QUESTIONS, Question
from referrals.equality_models import EqualityMonitoring
from referrals.intake_models import IntakeReferral, IntakeSource
from referrals.models import AgeBand, Client

NOT_RECORDED = "not_recorded"
DIRECT = "direct"  # added by a co-ordinator, not through a referral into the service


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    # The client's value as SQL (a column of Client itself, or a subquery on it), and how a
    # query-string value becomes one to compare with.
    expression: Callable[[], ColumnElement[Any] | QueryableAttribute[Any]]
    options: Callable[[], list[tuple[str, str]]]
    parse: Callable[[str], Any] = str
    none_means: str = NOT_RECORDED  # the option a client without a value falls under
    narrows: bool = True  # offered as a filter (practice and PCN have their own filters)

    def condition(self, value: str) -> ColumnElement[bool]:
        expression = self.expression()
        if value == self.none_means:
            return expression.is_(None)
        parsed: object = self.parse(value)
        return expression == parsed

    def all_options(self) -> list[tuple[str, str]]:
        options = self.options()
        if self.none_means == NOT_RECORDED:
            options = [*options, (NOT_RECORDED, "Not recorded")]
        return options


def _answer(field: str) -> Callable[[], ColumnElement[Any]]:
    column = getattr(EqualityMonitoring, field)
    return lambda: select(column).where(EqualityMonitoring.client_id == Client.id).scalar_subquery()


def _answer_options(question: Question) -> Callable[[], list[tuple[str, str]]]:
    return lambda: list(question.answers)


def _decile() -> ColumnElement[Any]:
    return select(Postcode.imd_decile).where(Postcode.postcode == Client.postcode).scalar_subquery()


def _source() -> ColumnElement[Any]:
    return (
        select(IntakeReferral.source)
        .where(IntakeReferral.client_id == Client.id)
        .order_by(IntakeReferral.id)
        .limit(1)
        .scalar_subquery()
    )


def _practice() -> ColumnElement[Any]:
    return select(Practice.ods_code).where(Practice.id == Client.practice_id).scalar_subquery()


def _pcn() -> ColumnElement[Any]:
    return select(Practice.pcn_code).where(Practice.id == Client.practice_id).scalar_subquery()


def _practices() -> list[tuple[str, str]]:
    used = Practice.id.in_(select(Client.practice_id))
    return [(p.ods_code, p.label) for p in db.session.scalars(select(Practice).where(used))]


def _pcns() -> list[tuple[str, str]]:
    used = Practice.id.in_(select(Client.practice_id))
    rows = db.session.execute(
        select(Practice.pcn_code, Practice.pcn_name).where(used, Practice.pcn_code.is_not(None))
    )
    # The query already drops practices without a PCN; the check only tells mypy so.
    options = {(code, f"{name} ({code})") for code, name in rows if code is not None}
    return sorted(options, key=lambda o: o[1])


DIMENSIONS: dict[str, Dimension] = {
    **{
        q.field: Dimension(q.field, q.label, _answer(q.field), _answer_options(q))
        for q in QUESTIONS
    },
    "age_band": Dimension(
        "age_band",
        "Age band",
        lambda: Client.age_band,
        AgeBand.choices,
        AgeBand,
    ),
    "deprivation": Dimension(
        "deprivation",
        "Deprivation decile",
        _decile,
        lambda: [
            (str(d), f"Decile {d}" + {1: " (most deprived)", 10: " (least deprived)"}.get(d, ""))
            for d in DECILES
        ],
        int,
    ),
    "source": Dimension(
        "source",
        "Referral source",
        _source,
        lambda: [*IntakeSource.choices(), (DIRECT, "Added by a co-ordinator")],
        IntakeSource,
        none_means=DIRECT,
    ),
    "practice": Dimension("practice", "GP practice", _practice, _practices, narrows=False),
    "pcn": Dimension("pcn", "Primary care network", _pcn, _pcns, narrows=False),
}
DEFAULT_BREAKDOWN = "ethnic_group"


def parse_group(text: str) -> tuple[str, str]:
    """ "dimension:value" from the query string; ValueError when either is unknown."""
    key, _, value = text.partition(":")
    dimension = DIMENSIONS.get(key)
    if dimension is None or not dimension.narrows:
        raise ValueError("Choose a group from the list")
    if value not in {code for code, _ in dimension.all_options()}:
        raise ValueError("Choose a group from the list")
    return key, value


def group_condition(group: str) -> ColumnElement[bool]:
    key, value = parse_group(group)
    return DIMENSIONS[key].condition(value)


def group_choices() -> list[tuple[str, str]]:
    """Every group a report can be narrowed to, as "dimension:value" options."""
    return [
        (f"{key}:{code}", f"{dimension.label}: {label}")
        for key, dimension in DIMENSIONS.items()
        if dimension.narrows
        for code, label in dimension.all_options()
    ]


def client_groups(dimension: Dimension, chosen: Select[Any]) -> dict[int, str]:
    """Each chosen client's option code in `dimension` (the "none" option when it has no value).

    `chosen` is the query that chooses the clients' ids: one query answers for them all.
    """
    rows = db.session.execute(
        select(Client.id, dimension.expression().label("value")).where(
            Client.id.in_(chosen.scalar_subquery())
        )
    )
    return {
        client_id: dimension.none_means if value is None else str(getattr(value, "value", value))
        for client_id, value in rows
    }
