"""Which services move outcomes, and how outcomes differ between groups of people.

A client's change runs from their first to their latest recording by the end of the period:
the wheel (the average over themes of latest less first), each ONS4 question, and each outcome
measure (referrals/measures.py). Figures are per destination service among people whose
referral there was completed, and per group of people (admin/reports/groups.py). Every count
and average is shown through core/suppression.py by the tables that show it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnExpressionArgument, Select, Subquery, and_, func, select
from sqlalchemy.orm import aliased

from admin.reports.commissioning import LOW_SCORE, ONS4_MEASURES
from admin.reports.filters import ReportFilter, client_conditions
from admin.reports.groups import DEFAULT_BREAKDOWN, DIMENSIONS, Dimension, client_groups
from core.extensions import db
from directory.models import Organisation, Service
from directory.themes import Theme
from referrals.measure_models import MeasureResult
from referrals.measures import Measure, enabled_measures
from referrals.models import Action, Assessment, Client, Referral, WheelScore
from referrals.states import ReferralState


@dataclass
class ClientChange:
    wheel: float | None = None
    first_low: set[Theme] = field(default_factory=set)  # themes first scored 0 to 2
    ons4: dict[str, float] = field(default_factory=dict)
    measures: dict[str, float] = field(default_factory=dict)


def _first_and_latest(
    model: type[Assessment] | type[MeasureResult],
    partition: tuple[Any, ...],
    *conditions: ColumnExpressionArgument[bool],
) -> Subquery:
    """Per partition (its columns keep their names): the first and the latest row's ids.

    First and latest by date taken, then entry order; first_id == last_id for a single row.
    """
    ranked = (
        select(
            *partition,
            # On every row, the ids of the partition's first and latest: one pass, no self-join.
            func.first_value(model.id)
            .over(partition_by=partition, order_by=(model.taken_on, model.id))
            .label("first_id"),
            func.first_value(model.id)
            .over(partition_by=partition, order_by=(model.taken_on.desc(), model.id.desc()))
            .label("last_id"),
        )
        .where(*conditions)
        .subquery()
    )
    keys = [ranked.c[column.key] for column in partition]
    # Grouped rather than filtered to each partition's first row by row_number(): PostgreSQL
    # guesses such a filter keeps 0.5% of rows and then joins thousands of clients' scores
    # as if they were a handful (0.5 s on a large borough's year); a group it counts right.
    return (
        select(
            *keys,
            func.max(ranked.c.first_id).label("first_id"),
            func.max(ranked.c.last_id).label("last_id"),
        )
        .group_by(*keys)
        .subquery()
    )


def client_changes(
    client_ids: Iterable[int] | Select[Any], date_to: date, low_themes: bool = False
) -> dict[int, ClientChange]:
    """Each client's change by the end of the period (no entry for nothing to compare).

    `client_ids` is a list, or the query that chooses them: then the database reads them
    itself (a list of thousands costs more to send than to answer). The database works out
    each change, so a large borough's year (20,000 wheels of 12 scores) stays in it.
    `low_themes` also fills in `first_low`, giving an entry to every client with a wheel.
    """
    chunks: list[Any]
    if isinstance(client_ids, Select):
        chunks = [client_ids.scalar_subquery()]
    else:
        ids = sorted(set(client_ids))
        chunks = [ids[start : start + 500] for start in range(0, len(ids), 500)]
    changes: dict[int, ClientChange] = defaultdict(ClientChange)
    ons4 = [name for name, _label in ONS4_MEASURES]
    for chunk in chunks:
        recorded = (Assessment.client_id.in_(chunk), Assessment.taken_on <= date_to)
        by_client = (Assessment.client_id.label("client_id"),)
        wheels = _first_and_latest(Assessment, by_client, *recorded)
        first, last = aliased(WheelScore), aliased(WheelScore)
        # Over the themes scored both times: the total of latest less first, and how many.
        for client_id, total, themes in db.session.execute(
            select(wheels.c.client_id, func.sum(last.score - first.score), func.count())
            .join(first, first.assessment_id == wheels.c.first_id)
            .join(last, and_(last.assessment_id == wheels.c.last_id, last.theme == first.theme))
            .where(wheels.c.first_id != wheels.c.last_id)
            .group_by(wheels.c.client_id)
        ):
            # The same float as statistics.fmean of the changes: an exact sum, divided once.
            changes[client_id].wheel = total / themes
        if low_themes:
            for client_id, theme in db.session.execute(
                select(wheels.c.client_id, WheelScore.theme).outerjoin(
                    WheelScore,
                    and_(
                        WheelScore.assessment_id == wheels.c.first_id,
                        WheelScore.score <= LOW_SCORE,
                    ),
                )
            ):
                change = changes[client_id]  # an entry even when no theme was low
                if theme is not None:
                    change.first_low.add(theme)
        answered = _first_and_latest(Assessment, by_client, *recorded, Assessment.has_ons4)
        first_answers, last_answers = aliased(Assessment), aliased(Assessment)
        for client_id, *differences in db.session.execute(
            select(
                answered.c.client_id,
                *(getattr(last_answers, n) - getattr(first_answers, n) for n in ons4),
            )
            .join(first_answers, first_answers.id == answered.c.first_id)
            .join(last_answers, last_answers.id == answered.c.last_id)
            .where(answered.c.first_id != answered.c.last_id)
        ):
            changes[client_id].ons4 = dict(zip(ons4, differences, strict=True))
        results = _first_and_latest(
            MeasureResult,
            (MeasureResult.client_id.label("client_id"), MeasureResult.measure_key),
            MeasureResult.client_id.in_(chunk),
            MeasureResult.taken_on <= date_to,
        )
        first_result, last_result = aliased(MeasureResult), aliased(MeasureResult)
        for client_id, key, difference in db.session.execute(
            select(
                results.c.client_id, results.c.measure_key, last_result.score - first_result.score
            )
            .join(first_result, first_result.id == results.c.first_id)
            .join(last_result, last_result.id == results.c.last_id)
            .where(results.c.first_id != results.c.last_id)
        ):
            changes[client_id].measures[key] = difference
    return dict(changes)


@dataclass(frozen=True)
class Average:
    """An average change among `people` people (None when nobody has one)."""

    people: int
    change: float | None

    @classmethod
    def of(cls, values: list[float]) -> Average:
        return cls(len(values), statistics.fmean(values) if values else None)


@dataclass(frozen=True)
class ChangeSummary:
    people: int
    wheel: Average
    ons4: dict[str, Average]
    measures: dict[str, Average]


def summarise(changes: list[ClientChange], measures: list[Measure]) -> ChangeSummary:
    return ChangeSummary(
        people=len(changes),
        wheel=Average.of([c.wheel for c in changes if c.wheel is not None]),
        ons4={
            name: Average.of([c.ons4[name] for c in changes if name in c.ons4])
            for name, _label in ONS4_MEASURES
        },
        measures={
            m.key: Average.of([c.measures[m.key] for c in changes if m.key in c.measures])
            for m in measures
        },
    )


# Per destination service --------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceOutcome:
    service_id: int
    name: str
    organisation: str
    completed: int  # referrals completed
    summary: ChangeSummary


def service_outcomes(
    report: ReportFilter, organisation_ids: set[int] | None = None
) -> list[ServiceOutcome]:
    """Per service: referrals sent in the period and completed, and their people's change.

    `organisation_ids` limits the services to those organisations' own (a provider's view).
    """
    query = (
        select(Referral.service_id, Referral.client_id)
        .join(Client, Client.id == Referral.client_id)
        .where(
            Referral.state == ReferralState.COMPLETED,
            Referral.sent_at >= report.starts_at,
            Referral.sent_at < report.ends_before,
            *client_conditions(report),
        )
    )
    if report.organisation_id is not None:
        query = query.where(Referral.organisation_id == report.organisation_id)
    if report.referring_partner_id is not None:
        query = query.where(
            Referral.referring_partner_organisation_id == report.referring_partner_id
        )
    if report.theme is not None:
        query = query.where(
            Referral.action_id.in_(select(Action.id).where(Action.theme == report.theme))
        )
    if organisation_ids is not None:
        query = query.where(Referral.organisation_id.in_(organisation_ids or {-1}))
    completed: dict[int, int] = defaultdict(int)
    people: dict[int, set[int]] = defaultdict(set)
    for service_id, client_id in db.session.execute(query):
        completed[service_id] += 1
        people[service_id].add(client_id)
    if not completed:
        return []
    changes = client_changes({c for ids in people.values() for c in ids}, report.date_to)
    names = {
        service_id: (name, organisation)
        for service_id, name, organisation in db.session.execute(
            select(Service.id, Service.name, Organisation.name)
            .join(Organisation, Organisation.id == Service.organisation_id)
            .where(Service.id.in_(completed))
        )
    }
    measures = enabled_measures()
    rows = [
        ServiceOutcome(
            service_id,
            *names[service_id],
            completed=completed[service_id],
            summary=summarise(
                [changes.get(c, ClientChange()) for c in people[service_id]], measures
            ),
        )
        for service_id in completed
    ]
    return sorted(rows, key=lambda row: (-row.completed, row.name.lower()))


# Per group of people ------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupOutcome:
    code: str
    label: str
    clients: int  # clients added in the period
    referrals: int  # referrals sent for them in the period
    completed: int
    summary: ChangeSummary


@dataclass(frozen=True)
class GroupBreakdown:
    dimension: Dimension
    rows: list[GroupOutcome]


def group_breakdown(report: ReportFilter) -> GroupBreakdown:
    """Clients added in the period, by group: their referrals, completions and change."""
    dimension = DIMENSIONS[report.breakdown or DEFAULT_BREAKDOWN]
    chosen = select(Client.id).where(
        Client.created_at >= report.starts_at,
        Client.created_at < report.ends_before,
        *client_conditions(report),
    )
    groups = client_groups(dimension, chosen)
    referrals: dict[int, tuple[int, int]] = {}
    if groups:
        for client_id, sent, done in db.session.execute(
            select(
                Referral.client_id,
                func.count(),
                func.count().filter(Referral.state == ReferralState.COMPLETED),
            )
            .where(
                Referral.client_id.in_(chosen.scalar_subquery()),
                Referral.sent_at >= report.starts_at,
                Referral.sent_at < report.ends_before,
            )
            .group_by(Referral.client_id)
        ):
            referrals[client_id] = (sent, done)
    changes = client_changes(chosen if groups else [], report.date_to)
    measures = enabled_measures()
    members: dict[str, list[int]] = defaultdict(list)
    for client_id, code in groups.items():
        members[code].append(client_id)
    rows = [
        GroupOutcome(
            code,
            label,
            clients=len(members[code]),
            referrals=sum(referrals.get(c, (0, 0))[0] for c in members[code]),
            completed=sum(referrals.get(c, (0, 0))[1] for c in members[code]),
            summary=summarise([changes.get(c, ClientChange()) for c in members[code]], measures),
        )
        for code, label in dimension.all_options()
    ]
    return GroupBreakdown(dimension, rows)


# Measures by theme --------------------------------------------------------------------------


def measure_change_by_theme(report: ReportFilter) -> dict[Theme, ChangeSummary]:
    """Per theme, the change of clients whose first wheel in the period scored it 0 to 2."""
    first_on = (
        select(Assessment.client_id, func.min(Assessment.taken_on).label("first_on"))
        .group_by(Assessment.client_id)
        .subquery()
    )
    clients = list(
        db.session.scalars(
            select(Client.id)
            .join(first_on, first_on.c.client_id == Client.id)
            .where(
                first_on.c.first_on >= report.date_from,
                first_on.c.first_on <= report.date_to,
                *client_conditions(report),
            )
        )
    )
    changes = client_changes(clients, report.date_to, low_themes=True)
    measures = enabled_measures()
    return {
        theme: summarise([c for c in changes.values() if theme in c.first_low], measures)
        for theme in Theme
    }
