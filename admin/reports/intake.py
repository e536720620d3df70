"""Casework reports: referrals in (routes by month, take-up, time to first contact) and contacts.

Counts and the take-up rate come from the database (GROUP BY); Python takes the median of one
column. Breakdown cells under SMALL_COUNT (but not zero) are shown as "<5", so a single person
cannot be picked out of a month and route; the totals are shown as they are.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from admin.reports.commissioning import rate
from admin.reports.filters import ReportFilter, client_conditions
from admin.reports.tables import DAYS, DECIMAL, PERCENT, TEXT, Column, Table
from core.extensions import db
from core.models import days_between
from core.suppression import SUPPRESSED, figure_for, suppressed  # noqa: F401 - for callers
from referrals.contact_models import ClientContact, ContactMode, ContactOutcome
from referrals.intake_models import DeclineReason, IntakeReferral, IntakeSource, IntakeStatus
from referrals.models import Client


class utc_month(FunctionElement[str]):  # noqa: N801 - used like a SQL function
    """The UTC calendar month of a UTCDateTime column as "YYYY-MM", worked out by the database."""

    type = String()
    inherit_cache = True
    name = "utc_month"


@compiles(utc_month)
def _utc_month(element: utc_month, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = (compiler.process(clause, **kw) for clause in element.clauses)
    # AT TIME ZONE turns a timestamptz into UTC wall-clock time, whatever the session's zone.
    return f"to_char(({column}) AT TIME ZONE 'UTC', 'YYYY-MM')"


@compiles(utc_month, "sqlite")
def _utc_month_sqlite(element: utc_month, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"strftime('%Y-%m', {column})"


@dataclass
class IntakeReport:
    by_month: dict[str, dict[IntakeSource, int]] = field(default_factory=dict)
    by_status: dict[IntakeStatus, int] = field(default_factory=dict)
    declined_by_reason: dict[DeclineReason, int] = field(default_factory=dict)
    days_to_first_contact: list[float] = field(default_factory=list, repr=False)

    @property
    def received(self) -> int:
        return sum(self.by_status.values())

    @property
    def accepted(self) -> int:
        return self.by_status.get(IntakeStatus.ACCEPTED, 0)

    @property
    def declined(self) -> int:
        return self.by_status.get(IntakeStatus.DECLINED, 0)

    @property
    def take_up_rate(self) -> float | None:
        """Accepted out of those decided (accepted or declined); open ones count neither way."""
        return rate(self.accepted, self.accepted + self.declined)

    @property
    def median_days_to_first_contact(self) -> float | None:
        days = self.days_to_first_contact
        return statistics.median(days) if days else None


def _scoped(query: Any, report: ReportFilter) -> Any:
    query = query.where(
        IntakeReferral.received_at >= report.starts_at,
        IntakeReferral.received_at < report.ends_before,
    )
    if report.team_id is not None:
        query = query.where(IntakeReferral.team_id == report.team_id)
    if report.coordinator_id is not None:
        query = query.where(IntakeReferral.allocated_to_id == report.coordinator_id)
    return query


def intake_report(report: ReportFilter) -> IntakeReport:
    """Referrals received in the period, as they stand today."""
    found = IntakeReport()
    month = utc_month(IntakeReferral.received_at)
    by_month: dict[str, dict[IntakeSource, int]] = defaultdict(dict)
    rows = db.session.execute(
        _scoped(
            select(month, IntakeReferral.source, func.count()).group_by(
                month, IntakeReferral.source
            ),
            report,
        )
    )
    for label, source, count in rows:
        by_month[label][source] = count
    found.by_month = dict(sorted(by_month.items()))
    found.by_status = dict(
        db.session.execute(
            _scoped(
                select(IntakeReferral.status, func.count()).group_by(IntakeReferral.status),
                report,
            )
        ).all()
    )
    found.declined_by_reason = dict(
        db.session.execute(
            _scoped(
                select(IntakeReferral.decline_reason, func.count())
                .where(IntakeReferral.status == IntakeStatus.DECLINED)
                .group_by(IntakeReferral.decline_reason),
                report,
            )
        ).all()
    )
    found.days_to_first_contact = [
        float(days)
        for days in db.session.scalars(
            _scoped(
                select(
                    days_between(IntakeReferral.received_at, IntakeReferral.first_contact_at)
                ).where(IntakeReferral.first_contact_at.is_not(None)),
                report,
            )
        )
    ]
    return found


def intake_tables(found: IntakeReport) -> list[Table]:
    sources = list(IntakeSource)
    by_month = Table(
        "referrals-in-by-month",
        "Referrals received, by month and route in",
        [Column("Month", TEXT), *(Column(s.label) for s in sources), Column("All routes")],
        [
            [
                month,
                *(suppressed(counts.get(s, 0)) for s in sources),
                suppressed(sum(counts.values())),
            ]
            for month, counts in found.by_month.items()
        ],
    )
    outcomes = Table(
        "referrals-in-outcomes",
        "Where referrals received in the period stand",
        [Column("Measure", TEXT), Column("Value", TEXT)],
        [
            ["Received", str(suppressed(found.received))],
            *[[s.label, str(suppressed(found.by_status.get(s, 0)))] for s in IntakeStatus],
        ],
    )
    take_up = Table(
        "referrals-in-take-up",
        "Take-up and time to first contact",
        [Column("Measure", TEXT), Column("Value", PERCENT)],
        [
            [
                "Take-up (accepted out of accepted or declined)",
                figure_for(found.take_up_rate, found.accepted + found.declined),
            ]
        ],
    )
    timing = Table(
        "referrals-in-first-contact",
        "How soon people were first contacted",
        [Column("Measure", TEXT), Column("Days", DAYS)],
        [
            [
                "Median days from referral to first contact",
                figure_for(found.median_days_to_first_contact, len(found.days_to_first_contact)),
            ]
        ],
    )
    reasons = Table(
        "referrals-in-declined",
        "Why referrals were declined",
        [Column("Reason", TEXT), Column("Referrals", TEXT)],
        [[r.label, suppressed(found.declined_by_reason.get(r, 0))] for r in DeclineReason],
    )
    return [by_month, outcomes, take_up, timing, reasons]


# Contacts -------------------------------------------------------------------------------------


@dataclass
class ContactsReport:
    by_mode: dict[ContactMode, int] = field(default_factory=dict)
    by_outcome: dict[ContactOutcome, int] = field(default_factory=dict)
    clients_contacted: int = 0
    involvement_days: list[float] = field(default_factory=list, repr=False)

    @property
    def contacts(self) -> int:
        return sum(self.by_outcome.values())

    @property
    def contacts_per_client(self) -> float | None:
        return rate(self.contacts, self.clients_contacted)

    @property
    def dna_rate(self) -> float | None:
        """Did-not-attend out of every contact recorded."""
        return rate(self.by_outcome.get(ContactOutcome.DID_NOT_ATTEND, 0), self.contacts)

    @property
    def median_involvement_days(self) -> float | None:
        days = self.involvement_days
        return statistics.median(days) if days else None


def contacts_report(report: ReportFilter) -> ContactsReport:
    """Contacts recorded in the period; involvement of clients signed off in the period."""
    in_period = (
        select(ClientContact)
        .join(Client, Client.id == ClientContact.client_id)
        .where(
            ClientContact.at >= report.starts_at,
            ClientContact.at < report.ends_before,
            *client_conditions(report),
        )
        .subquery()
    )
    found = ContactsReport()
    found.by_mode = dict(
        db.session.execute(select(in_period.c.mode, func.count()).group_by(in_period.c.mode)).all()
    )
    found.by_outcome = dict(
        db.session.execute(
            select(in_period.c.outcome, func.count()).group_by(in_period.c.outcome)
        ).all()
    )
    found.clients_contacted = (
        db.session.scalar(select(func.count(func.distinct(in_period.c.client_id)))) or 0
    )
    found.involvement_days = [
        float(days)
        for days in db.session.scalars(
            select(days_between(Client.created_at, Client.signed_off_at)).where(
                Client.signed_off_at >= report.starts_at,
                Client.signed_off_at < report.ends_before,
                *client_conditions(report),
            )
        )
    ]
    return found


def contacts_tables(found: ContactsReport) -> list[Table]:
    summary = Table(
        "contacts-summary",
        "Contacts recorded in the period",
        [Column("Measure", TEXT), Column("Value", DECIMAL)],
        [
            ["Contacts recorded", suppressed(found.contacts)],
            ["People contacted", suppressed(found.clients_contacted)],
            [
                "Contacts per person contacted",
                figure_for(found.contacts_per_client, found.clients_contacted),
            ],
            [
                "Median days of involvement (clients signed off in the period)",
                figure_for(found.median_involvement_days, len(found.involvement_days)),
            ],
        ],  # fmt: skip
    )
    outcomes = Table(
        "contacts-outcomes",
        "Contacts by outcome",
        [Column("Outcome", TEXT), Column("Contacts", TEXT), Column("Share", PERCENT)],
        [
            [
                o.label,
                suppressed(found.by_outcome.get(o, 0)),
                figure_for(
                    rate(found.by_outcome.get(o, 0), found.contacts), found.by_outcome.get(o, 0)
                ),
            ]
            for o in ContactOutcome
        ],  # fmt: skip
    )
    modes = Table(
        "contacts-by-mode",
        "Contacts by mode",
        [Column("Mode", TEXT), Column("Contacts", TEXT)],
        [[m.label, suppressed(found.by_mode.get(m, 0))] for m in ContactMode],
    )
    return [summary, outcomes, modes]
