"""Outcome reports for commissioners: actions, the referral funnel, wheel change, listing health.

Every function takes a ReportFilter and returns plain dataclasses of aggregates; nothing here
returns a client's personal data, so the pages need no audit entry. Counting happens in SQL
(GROUP BY); Python only folds the grouped rows and takes medians of one column.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, literal, null, or_, select
from sqlalchemy.orm import aliased

from admin.reports.filters import ReportFilter, client_conditions
from core.extensions import db
from core.models import days_between
from directory import moderation
from directory.models import CapacityStatus, Organisation, Service, ServiceStatus, ServiceTheme
from directory.practices import Practice
from directory.themes import Theme
from referrals.models import (
    Action,
    ActionKind,
    ActionStatus,
    Assessment,
    Client,
    Referral,
    WheelScore,
)
from referrals.states import ReferralReason, ReferralState

LOW_SCORE = 2  # a wheel score of 0, 1 or 2 means the theme needs support


def rate(part: float, whole: float) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


# Actions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionKindRow:
    kind: ActionKind
    total: int
    done: int
    not_done: int
    open: int

    @property
    def completion_rate(self) -> float | None:
        """Done out of those closed (done or not done); open actions count neither way."""
        return rate(self.done, self.done + self.not_done)


@dataclass(frozen=True)
class ActionsReport:
    clients: int
    actions: int
    rows: list[ActionKindRow]

    @property
    def actions_per_client(self) -> float | None:
        return rate(self.actions, self.clients)

    @property
    def total(self) -> ActionKindRow:
        return ActionKindRow(
            kind=None,  # type: ignore[arg-type] - the all-kinds row
            total=sum(r.total for r in self.rows),
            done=sum(r.done for r in self.rows),
            not_done=sum(r.not_done for r in self.rows),
            open=sum(r.open for r in self.rows),
        )


def _action_scope(query: Select[Any], report: ReportFilter) -> Select[Any]:
    query = query.join(Client, Client.id == Action.client_id).where(
        Action.created_at >= report.starts_at,
        Action.created_at < report.ends_before,
        *client_conditions(report),
    )
    if report.theme is not None:
        query = query.where(Action.theme == report.theme)
    if report.organisation_id is not None or report.referring_partner_id is not None:
        query = query.outerjoin(Referral, Referral.action_id == Action.id)
    if report.organisation_id is not None:
        # An action is the organisation's when its service is, or its referral went there.
        query = query.outerjoin(Service, Service.id == Action.service_id).where(
            or_(
                Service.organisation_id == report.organisation_id,
                Referral.organisation_id == report.organisation_id,
            )
        )
    if report.referring_partner_id is not None:
        # Only referrals come in through a partner, so only their actions count.
        query = query.where(
            Referral.referring_partner_organisation_id == report.referring_partner_id
        )
    return query


def actions_report(report: ReportFilter) -> ActionsReport:
    """Actions agreed in the period, per client and by kind, with completion rates."""
    counts: dict[ActionKind, dict[ActionStatus, int]] = defaultdict(lambda: defaultdict(int))
    grouped = _action_scope(
        select(Action.kind, Action.status, func.count()).group_by(Action.kind, Action.status),
        report,
    )
    for kind, status, number in db.session.execute(grouped):
        counts[kind][status] += number
    clients = db.session.scalar(
        _action_scope(select(func.count(func.distinct(Action.client_id))), report)
    )
    rows = [
        ActionKindRow(
            kind=kind,
            total=sum(counts[kind].values()),
            done=counts[kind][ActionStatus.DONE],
            not_done=counts[kind][ActionStatus.NOT_DONE],
            open=counts[kind][ActionStatus.OPEN],
        )
        for kind in ActionKind
    ]
    return ActionsReport(clients=clients or 0, actions=sum(r.total for r in rows), rows=rows)


# Referral funnel --------------------------------------------------------------------------


@dataclass
class FunnelCounts:
    """Referrals sent in the period and where each stands now."""

    sent: int = 0
    accepted: int = 0  # ever accepted: now accepted, completed, not completed, or withdrawn after
    awaiting: int = 0  # still waiting for an answer
    in_progress: int = 0  # accepted and not yet closed
    declined: int = 0
    completed: int = 0
    not_completed: int = 0
    withdrawn: int = 0
    expired: int = 0
    declined_by_reason: dict[ReferralReason, int] = field(default_factory=dict)
    response_days: list[float] = field(default_factory=list, repr=False)
    completion_days: list[float] = field(default_factory=list, repr=False)

    def add(self, state: ReferralState, reason: ReferralReason | None, accepted: bool, n: int):
        self.sent += n
        if accepted:
            self.accepted += n
        if state is ReferralState.SENT:
            self.awaiting += n
        elif state is ReferralState.ACCEPTED:
            self.in_progress += n
        elif state is ReferralState.DECLINED:
            self.declined += n
            key = reason or ReferralReason.OTHER
            self.declined_by_reason[key] = self.declined_by_reason.get(key, 0) + n
        else:
            name = state.value
            setattr(self, name, getattr(self, name) + n)

    def merge(self, other: FunnelCounts) -> None:
        """Add another group's counts and timings to these (a PCN from its practices)."""
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for reason, n in other.declined_by_reason.items():
            self.declined_by_reason[reason] = self.declined_by_reason.get(reason, 0) + n
        self.response_days.extend(other.response_days)
        self.completion_days.extend(other.completion_days)

    @property
    def median_days_to_response(self) -> float | None:
        return statistics.median(self.response_days) if self.response_days else None

    @property
    def median_days_to_completion(self) -> float | None:
        return statistics.median(self.completion_days) if self.completion_days else None

    @property
    def acceptance_rate(self) -> float | None:
        return rate(self.accepted, self.accepted + self.declined)

    @property
    def completion_rate(self) -> float | None:
        return rate(self.completed, self.completed + self.not_completed)


COUNTED = [f.name for f in fields(FunnelCounts) if f.type == "int"]


@dataclass(frozen=True)
class FunnelRow:
    """One organisation's, service's or referring partner's funnel."""

    id: int | None  # None on the referring-partner row for referrals sent without a partner
    name: str
    organisation: str
    counts: FunnelCounts


@dataclass(frozen=True)
class FunnelReport:
    overall: FunnelCounts
    organisations: list[FunnelRow]
    services: list[FunnelRow]
    # By the partner organisation the referrals came in through, busiest first; then one row
    # (id None) for referrals a co-ordinator sent without a partner, so the rows add up.
    partners: list[FunnelRow] = field(default_factory=list)
    # By the client's GP practice (organisation column: its PCN) and by PCN, each with a last
    # row for clients with none recorded, so the rows add up to the overall funnel.
    practices: list[FunnelRow] = field(default_factory=list)
    pcns: list[FunnelRow] = field(default_factory=list)


NO_PARTNER = "No referring partner"


def _referral_scope(query: Select[Any], report: ReportFilter) -> Select[Any]:
    query = query.join(Client, Client.id == Referral.client_id).where(
        Referral.sent_at >= report.starts_at,
        Referral.sent_at < report.ends_before,
        *client_conditions(report),
    )
    if report.organisation_id is not None:
        query = query.where(Referral.organisation_id == report.organisation_id)
    if report.referring_partner_id is not None:
        query = query.where(
            Referral.referring_partner_organisation_id == report.referring_partner_id
        )
    if report.theme is not None:
        query = query.join(Action, Action.id == Referral.action_id).where(
            Action.theme == report.theme
        )
    return query


# The provider answering (accept or decline) sets responded_at; so a referral was accepted
# at some point exactly when it has a response and was not declined.
WAS_ACCEPTED = and_(Referral.responded_at.is_not(None), Referral.state != ReferralState.DECLINED)


def funnel_report(report: ReportFilter) -> FunnelReport:
    """The funnel of referrals sent in the period: overall, by organisation, service, partner."""
    accepted = case((WAS_ACCEPTED, literal(True)), else_=literal(False))
    partner = Referral.referring_partner_organisation_id
    grouped = _referral_scope(
        select(
            Referral.organisation_id,
            Referral.service_id,
            partner,
            Client.practice_id,
            Referral.state,
            Referral.reason,
            accepted,
            func.count(),
        ).group_by(
            Referral.organisation_id,
            Referral.service_id,
            partner,
            Client.practice_id,
            Referral.state,
            Referral.reason,
            accepted,
        ),
        report,
    )
    overall = FunnelCounts()
    by_org: dict[int, FunnelCounts] = defaultdict(FunnelCounts)
    by_service: dict[int, FunnelCounts] = defaultdict(FunnelCounts)
    by_partner: dict[int | None, FunnelCounts] = defaultdict(FunnelCounts)
    by_practice: dict[int | None, FunnelCounts] = defaultdict(FunnelCounts)

    def groups(
        org_id: int, service_id: int, partner_id: int | None, practice_id: int | None
    ) -> tuple[FunnelCounts, ...]:
        """Every group one referral counts in: overall, and by each breakdown's key."""
        return (
            overall,
            by_org[org_id],
            by_service[service_id],
            by_partner[partner_id],
            by_practice[practice_id],
        )

    for *keys, state, reason, was_accepted, number in db.session.execute(grouped):
        for counts in groups(*keys):
            counts.add(state, reason, bool(was_accepted), number)

    # Medians need the values themselves: fetch three timestamps per answered referral.
    completed = Referral.state == ReferralState.COMPLETED
    timings = _referral_scope(
        select(
            Referral.organisation_id,
            Referral.service_id,
            partner,
            Client.practice_id,
            days_between(Referral.sent_at, Referral.responded_at),
            case(
                (
                    and_(completed, Referral.closed_at.is_not(None)),
                    days_between(Referral.sent_at, Referral.closed_at),
                ),
                else_=null(),
            ),
        ).where(Referral.responded_at.is_not(None)),
        report,
    )
    for *keys, response, completion in db.session.execute(timings):
        for counts in groups(*keys):
            counts.response_days.append(response)
            if completion is not None:
                counts.completion_days.append(completion)

    # Names through a subquery, not a list of thousands of ids as bound parameters.
    names = _names(_referral_scope(select(Referral.service_id), report).subquery())
    organisations = sorted(
        (
            FunnelRow(
                i, names.organisations.get(i, "Unknown"), names.organisations.get(i, "Unknown"), c
            )
            for i, c in by_org.items()
        ),
        key=lambda row: (-row.counts.sent, row.name),
    )
    services = sorted(
        (
            FunnelRow(i, *names.services.get(i, ("Unknown", "Unknown")), c)
            for i, c in by_service.items()
        ),
        key=lambda row: (-row.counts.sent, row.name),
    )
    partner_names = _partner_names(_referral_scope(select(partner), report).subquery())
    partners = sorted(
        (
            FunnelRow(i, partner_names.get(i, "Unknown"), partner_names.get(i, "Unknown"), c)
            for i, c in by_partner.items()
            if i is not None
        ),
        key=lambda row: (-row.counts.sent, row.name),
    )
    if None in by_partner:
        partners.append(FunnelRow(None, NO_PARTNER, NO_PARTNER, by_partner[None]))
    practices, pcns = _by_practice_and_pcn(by_practice)
    return FunnelReport(
        overall=overall,
        organisations=organisations,
        services=services,
        partners=partners,
        practices=practices,
        pcns=pcns,
    )


NO_PRACTICE = "No GP practice recorded"
NO_PCN = "No primary care network"


def _by_practice_and_pcn(
    by_practice: dict[int | None, FunnelCounts],
) -> tuple[list[FunnelRow], list[FunnelRow]]:
    """Funnel rows per GP practice (name, PCN) and per PCN, busiest first; unknown last."""
    known = [i for i in by_practice if i is not None]
    found = {p.id: p for p in db.session.scalars(select(Practice).where(Practice.id.in_(known)))}
    by_pcn: dict[str | None, FunnelCounts] = defaultdict(FunnelCounts)
    pcn_names: dict[str | None, str] = {None: NO_PCN}
    practices: list[FunnelRow] = []
    for practice_id, counts in by_practice.items():
        practice = found.get(practice_id) if practice_id is not None else None
        pcn = practice.pcn_code if practice else None
        if practice is not None:
            practices.append(
                FunnelRow(practice_id, practice.label, practice.pcn_name or "", counts)
            )
            if pcn is not None:
                pcn_names[pcn] = f"{practice.pcn_name} ({pcn})"
        by_pcn[pcn].merge(counts)
    practices.sort(key=lambda row: (-row.counts.sent, row.name))
    if None in by_practice:
        practices.append(FunnelRow(None, NO_PRACTICE, "", by_practice[None]))
    pcns = sorted(
        (FunnelRow(None, pcn_names[code], "", c) for code, c in by_pcn.items() if code),
        key=lambda row: (-row.counts.sent, row.name),
    )
    if None in by_pcn:
        pcns.append(FunnelRow(None, NO_PCN, "", by_pcn[None]))
    return practices, pcns


@dataclass
class _Names:
    organisations: dict[int, str]
    services: dict[int, tuple[str, str]]


def _names(scoped: Any) -> _Names:
    """Names of the services (and their organisations) that the scoped referrals went to."""
    services: dict[int, tuple[str, str]] = {}
    organisations: dict[int, str] = {}
    for service_id, name, organisation_id, organisation in db.session.execute(
        select(Service.id, Service.name, Organisation.id, Organisation.name)
        .join(Organisation, Organisation.id == Service.organisation_id)
        .where(Service.id.in_(select(scoped.c.service_id)))
    ):
        services[service_id] = (name, organisation)
        organisations[organisation_id] = organisation
    return _Names(organisations, services)


def _partner_names(scoped: Any) -> dict[int, str]:
    """Names of the partner organisations that the scoped referrals came in through."""
    return dict(
        db.session.execute(
            select(Organisation.id, Organisation.name).where(
                Organisation.id.in_(select(scoped.c.referring_partner_organisation_id))
            )
        ).all()
    )


# Wheel change -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WheelChangeRow:
    theme: Theme | None  # None for the all-themes row
    scored: int  # clients whose first wheel scored this theme
    low: int  # ...of whom scored it 0-2
    followed_up: int  # low scorers with a later wheel
    total_change: int  # sum of (last - first) over those followed up

    @property
    def low_share(self) -> float | None:
        return rate(self.low, self.scored)

    @property
    def average_change(self) -> float | None:
        return rate(self.total_change, self.followed_up)


@dataclass(frozen=True)
class Ons4Row:
    measure: str
    label: str
    clients: int
    first_average: float | None
    last_average: float | None

    @property
    def average_change(self) -> float | None:
        if self.first_average is None or self.last_average is None:
            return None
        return self.last_average - self.first_average


@dataclass(frozen=True)
class WheelReport:
    clients: int  # clients whose first wheel fell in the period
    rows: list[WheelChangeRow]
    overall: WheelChangeRow
    ons4: list[Ons4Row]


ONS4_MEASURES = (
    ("ons4_life_satisfaction", "Life satisfaction (higher is better)"),
    ("ons4_worthwhile", "Things done are worthwhile (higher is better)"),
    ("ons4_happiness", "Happiness yesterday (higher is better)"),
    ("ons4_anxiety", "Anxiety yesterday (lower is better)"),
)


def _wheel_cohort(report: ReportFilter, only_ons4: bool = False) -> Any:
    """Each cohort client's first and last assessment ids.

    The cohort: clients whose first wheel (by date, then entry order) was taken in the period;
    their last wheel is the latest taken by the end of the period.
    """
    by_client = Assessment.client_id
    ranked = select(
        by_client.label("client_id"),
        Assessment.id.label("first_id"),
        Assessment.taken_on.label("first_on"),
        func.row_number()
        .over(partition_by=by_client, order_by=(Assessment.taken_on, Assessment.id))
        .label("rank"),
        # On every row, the id of the client's latest assessment: one pass, no self-join.
        func.first_value(Assessment.id)
        .over(partition_by=by_client, order_by=(Assessment.taken_on.desc(), Assessment.id.desc()))
        .label("last_id"),
    ).where(Assessment.taken_on <= report.date_to)
    if only_ons4:
        ranked = ranked.where(Assessment.has_ons4)
    ranked = ranked.subquery()
    query = (
        select(ranked.c.client_id, ranked.c.first_id, ranked.c.last_id)
        .join(Client, Client.id == ranked.c.client_id)
        .where(
            ranked.c.rank == 1,
            ranked.c.first_on >= report.date_from,
            *client_conditions(report),
        )
    )
    if report.organisation_id is not None:
        query = query.where(
            exists().where(
                Referral.client_id == ranked.c.client_id,
                Referral.organisation_id == report.organisation_id,
            )
        )
    if report.referring_partner_id is not None:
        query = query.where(
            exists().where(
                Referral.client_id == ranked.c.client_id,
                Referral.referring_partner_organisation_id == report.referring_partner_id,
            )
        )
    return query.subquery("cohort")


def wheel_report(report: ReportFilter) -> WheelReport:
    """Per theme: the share of the cohort first scoring 0-2, and their average change."""
    cohort = _wheel_cohort(report)
    first_score, last_score = aliased(WheelScore), aliased(WheelScore)
    is_low = first_score.score <= LOW_SCORE
    followed = and_(is_low, cohort.c.last_id != cohort.c.first_id, last_score.id.is_not(None))
    query = (
        select(
            first_score.theme,
            func.count(),
            func.sum(case((is_low, 1), else_=0)),
            func.sum(case((followed, 1), else_=0)),
            func.sum(case((followed, last_score.score - first_score.score), else_=0)),
        )
        .select_from(cohort)
        .join(first_score, first_score.assessment_id == cohort.c.first_id)
        .outerjoin(
            last_score,
            and_(
                last_score.assessment_id == cohort.c.last_id,
                last_score.theme == first_score.theme,
            ),
        )
        .group_by(first_score.theme)
    )
    if report.theme is not None:
        query = query.where(first_score.theme == report.theme)
    found = {
        theme: WheelChangeRow(theme, scored, low or 0, followed or 0, change or 0)
        for theme, scored, low, followed, change in db.session.execute(query)
    }
    themes = [report.theme] if report.theme is not None else list(Theme)
    rows = [found.get(theme, WheelChangeRow(theme, 0, 0, 0, 0)) for theme in themes]
    overall = WheelChangeRow(
        None,
        scored=sum(r.scored for r in rows),
        low=sum(r.low for r in rows),
        followed_up=sum(r.followed_up for r in rows),
        total_change=sum(r.total_change for r in rows),
    )
    clients = db.session.scalar(select(func.count()).select_from(cohort)) or 0
    return WheelReport(clients=clients, rows=rows, overall=overall, ons4=_ons4_change(report))


def _ons4_change(report: ReportFilter) -> list[Ons4Row]:
    """ONS4 averages at first and last recording, for cohort clients recorded at least twice."""
    cohort = _wheel_cohort(report, only_ons4=True)
    first, last = aliased(Assessment), aliased(Assessment)
    columns = []
    for name, _label in ONS4_MEASURES:
        columns += [func.avg(getattr(first, name)), func.avg(getattr(last, name))]
    row = db.session.execute(
        select(func.count(), *columns)
        .select_from(cohort)
        .join(first, first.id == cohort.c.first_id)
        .join(last, last.id == cohort.c.last_id)
        .where(cohort.c.first_id != cohort.c.last_id)
    ).one()
    clients = row[0]
    return [
        Ons4Row(
            measure=name,
            label=label,
            clients=clients,
            first_average=_float(row[1 + 2 * index]),
            last_average=_float(row[2 + 2 * index]),
        )
        for index, (name, label) in enumerate(ONS4_MEASURES)
    ]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# Listing health ---------------------------------------------------------------------------

VERIFICATION_BANDS = (
    ("Checked in the last 3 months", 0, 91),
    ("3 to 6 months ago", 91, 182),
    ("6 to 12 months ago", 182, 365),
    ("More than 12 months ago", 365, None),
)


@dataclass(frozen=True)
class ListingHealth:
    services: int  # published services that are not closed for good
    bands: list[tuple[str, int]]  # verification age bands, then "Never checked"
    stale: int
    paused: int
    waitlisted: int
    temporarily_closed: int
    moderation_queue: int
    stale_after_days: int


def listing_health(report: ReportFilter, now: datetime, stale_after_days: int) -> ListingHealth:
    """Services by how long since someone checked them, and the stale, paused and queue counts.

    The period does not apply: this is the directory as it stands today.
    """
    today = now.date()
    conditions = [Service.is_published.is_(True), Service.status != ServiceStatus.INACTIVE]
    if report.organisation_id is not None:
        conditions.append(Service.organisation_id == report.organisation_id)
    if report.theme is not None:
        conditions.append(
            exists().where(
                ServiceTheme.service_id == Service.id, ServiceTheme.theme == report.theme
            )
        )
    verified = Service.last_verified_at

    def since(days: int) -> datetime:
        return now - timedelta(days=days)

    band_counts = [
        func.sum(
            case(
                (
                    and_(
                        verified > since(end) if end is not None else verified.is_not(None),
                        verified <= since(start),
                    ),
                    1,
                ),
                else_=0,
            )
        )
        for _label, start, end in VERIFICATION_BANDS
    ]
    paused = and_(
        Service.capacity_status == CapacityStatus.PAUSED,
        or_(Service.paused_until.is_(None), Service.paused_until > today),
    )
    row = db.session.execute(
        select(
            func.count(),
            *band_counts,
            func.sum(case((verified.is_(None), 1), else_=0)),
            func.sum(
                case((or_(verified.is_(None), verified < since(stale_after_days)), 1), else_=0)
            ),
            func.sum(case((paused, 1), else_=0)),
            func.sum(case((Service.capacity_status == CapacityStatus.WAITLIST, 1), else_=0)),
            func.sum(case((Service.status == ServiceStatus.TEMPORARILY_CLOSED, 1), else_=0)),
        ).where(*conditions)
    ).one()
    values = [int(v or 0) for v in row]
    bands = [(label, values[1 + i]) for i, (label, _s, _e) in enumerate(VERIFICATION_BANDS)]
    bands.append(("Never checked", values[1 + len(VERIFICATION_BANDS)]))
    rest = values[2 + len(VERIFICATION_BANDS) :]
    return ListingHealth(
        services=values[0],
        bands=bands,
        stale=rest[0],
        paused=rest[1],
        waitlisted=rest[2],
        temporarily_closed=rest[3],
        moderation_queue=moderation.pending_count(),
        stale_after_days=stale_after_days,
    )
