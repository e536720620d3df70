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

from sqlalchemy import Row, Select, func, select

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


def client_changes(
    client_ids: Iterable[int] | Select[Any], date_to: date
) -> dict[int, ClientChange]:
    """Each client's change by the end of the period (no entry for a single recording).

    `client_ids` is a list, or the query that chooses them: then the database reads them
    itself (a list of thousands costs more to send than to answer).
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
        # Plain rows, not objects: a large borough's year is 20,000 wheels of 12 scores each.
        recorded = (Assessment.client_id.in_(chunk), Assessment.taken_on <= date_to)
        assessments = db.session.execute(
            select(
                Assessment.id,
                Assessment.client_id,
                Assessment.has_ons4.label("has_ons4"),
                *(getattr(Assessment, n) for n in ons4),
            )
            .where(*recorded)
            .order_by(Assessment.client_id, Assessment.taken_on, Assessment.id)
        ).all()
        scores: dict[int, dict[Theme, int]] = defaultdict(dict)
        for assessment_id, theme, score in db.session.execute(
            select(WheelScore.assessment_id, WheelScore.theme, WheelScore.score)
            .join(Assessment, Assessment.id == WheelScore.assessment_id)
            .where(*recorded)
            .order_by(WheelScore.id)
        ):
            scores[assessment_id][theme] = score
        by_client: dict[int, list[Row[Any]]] = defaultdict(list)
        for assessment in assessments:
            by_client[assessment.client_id].append(assessment)
        for client_id, found in by_client.items():
            change = changes[client_id]
            first, last = scores[found[0].id], scores[found[-1].id]
            change.first_low = {theme for theme, score in first.items() if score <= LOW_SCORE}
            if len(found) > 1:
                both = [theme for theme in first if theme in last]
                if both:
                    change.wheel = statistics.fmean(last[theme] - first[theme] for theme in both)
            with_ons4 = [row for row in found if row.has_ons4]
            if len(with_ons4) > 1:
                for name in ons4:
                    change.ons4[name] = getattr(with_ons4[-1], name) - getattr(with_ons4[0], name)
        results = db.session.scalars(
            select(MeasureResult)
            .where(MeasureResult.client_id.in_(chunk), MeasureResult.taken_on <= date_to)
            .order_by(MeasureResult.client_id, MeasureResult.taken_on, MeasureResult.id)
        ).all()
        by_measure: dict[tuple[int, str], list[MeasureResult]] = defaultdict(list)
        for result in results:
            by_measure[(result.client_id, result.measure_key)].append(result)
        for (client_id, key), taken in by_measure.items():
            if len(taken) > 1:
                changes[client_id].measures[key] = taken[-1].score - taken[0].score
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
    clients = list(db.session.scalars(chosen))
    groups = client_groups(dimension, clients)
    referrals: dict[int, tuple[int, int]] = {}
    if clients:
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
    changes = client_changes(chosen if clients else [], report.date_to)
    measures = enabled_measures()
    members: dict[str, list[int]] = defaultdict(list)
    for client_id in clients:
        members[groups[client_id]].append(client_id)
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
    changes = client_changes(clients, report.date_to)
    measures = enabled_measures()
    return {
        theme: summarise([c for c in changes.values() if theme in c.first_low], measures)
        for theme in Theme
    }
