"""The one filter every report page and the gap map share: period, team, co-ordinator, etc.

Team and co-ordinator are those on the client's record (who holds the case), so a client's
actions, referrals and wheels all fall under the same team. The referring partner is the
partner organisation a referral came in through (the partner checklist). Practice and PCN are
those of the client's GP practice, by ODS code. Adding a filter is one field here, one in the
schema and one clause in `client_conditions` or each report's `_scope` function.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from marshmallow import Schema, ValidationError, validate, validates, validates_schema
from marshmallow import fields as ma
from sqlalchemy import ColumnElement, select

from admin.reports.groups import DIMENSIONS, group_condition, parse_group
from core.forms import load
from directory.practices import Practice, ods_code_field
from directory.themes import Theme
from referrals.models import Client

DEFAULT_PERIOD_DAYS = 365


@dataclass(frozen=True)
class ReportFilter:
    date_from: date
    date_to: date
    team_id: int | None = None
    coordinator_id: int | None = None
    organisation_id: int | None = None
    theme: Theme | None = None
    referring_partner_id: int | None = None
    practice_code: str | None = None  # the client's GP practice, by ODS code
    pcn_code: str | None = None  # the primary care network of the client's GP practice
    # One group of people, "dimension:value" (admin/reports/groups.py), such as
    # "ethnic_group:white_irish" or "deprivation:1"; narrows every report and the gap map.
    group: str | None = None
    # The dimension the "by group" report breaks figures down by.
    breakdown: str | None = None

    @property
    def starts_at(self) -> datetime:
        """The first instant of the period (UTC midnight at the start of date_from)."""
        return datetime.combine(self.date_from, time.min, tzinfo=UTC)

    @property
    def ends_before(self) -> datetime:
        """The first instant after the period (the period includes all of date_to)."""
        return datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=UTC)

    def query_args(self) -> dict[str, str]:
        """The filter as URL query arguments (for links and CSV downloads)."""
        args = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        for name, key in (
            ("team_id", "team"),
            ("coordinator_id", "coordinator"),
            ("organisation_id", "organisation"),
            ("theme", "theme"),
            ("referring_partner_id", "partner"),
            ("practice_code", "practice"),
            ("pcn_code", "pcn"),
            ("group", "group"),
            ("breakdown", "by"),
        ):
            value = getattr(self, name)
            if value is not None:
                args[key] = str(value)
        return args


def client_conditions(report: ReportFilter) -> list[ColumnElement[bool]]:
    """Conditions on Client for the filters on who holds the case and the client's practice."""
    conditions: list[ColumnElement[bool]] = []
    if report.team_id is not None:
        conditions.append(Client.team_id == report.team_id)
    if report.coordinator_id is not None:
        conditions.append(Client.owner_id == report.coordinator_id)
    if report.practice_code is not None:
        conditions.append(
            Client.practice_id.in_(
                select(Practice.id).where(Practice.ods_code == report.practice_code)
            )
        )
    if report.pcn_code is not None:
        conditions.append(
            Client.practice_id.in_(select(Practice.id).where(Practice.pcn_code == report.pcn_code))
        )
    if report.group is not None:
        conditions.append(group_condition(report.group))
    return conditions


def default_filter(today: date) -> ReportFilter:
    """The last 12 months up to and including today, everything else unfiltered."""
    return ReportFilter(date_from=today - timedelta(days=DEFAULT_PERIOD_DAYS), date_to=today)


class ReportFilterSchema(Schema):
    """Query-string arguments of every report page; empty values mean "not filtered"."""

    date_from = ma.Date(data_key="from", load_default=None)
    date_to = ma.Date(data_key="to", load_default=None)
    team_id = ma.Integer(data_key="team", load_default=None, strict=False)
    coordinator_id = ma.Integer(data_key="coordinator", load_default=None, strict=False)
    organisation_id = ma.Integer(data_key="organisation", load_default=None, strict=False)
    theme = ma.Enum(Theme, by_value=True, load_default=None)
    referring_partner_id = ma.Integer(data_key="partner", load_default=None, strict=False)
    practice_code = ods_code_field(data_key="practice", load_default=None)
    pcn_code = ods_code_field(data_key="pcn", load_default=None)
    group = ma.String(data_key="group", load_default=None)
    breakdown = ma.String(
        data_key="by",
        load_default=None,
        validate=validate.OneOf(list(DIMENSIONS), error="Choose what to break figures down by"),
    )

    class Meta:
        unknown = "exclude"

    @validates("group")
    def check_group(self, value: str | None, **kwargs: Any) -> None:
        if value is not None:
            try:
                parse_group(value)
            except ValueError as error:
                raise ValidationError(str(error)) from None

    @validates_schema
    def check_period(self, data: dict[str, Any], **kwargs: Any) -> None:
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError("The start date must be on or before the end date", "from")


FIELD_LABELS = {
    "from": "From",
    "to": "To",
    "team": "Team",
    "coordinator": "Co-ordinator",
    "organisation": "Organisation",
    "theme": "Theme",
    "partner": "Referring partner",
    "practice": "GP practice",
    "pcn": "Primary care network",
    "group": "Group of people",
    "by": "Break down by",
}
DATE_MESSAGE = "Enter a real date, like 2026-04-01"


def parse_filter(args: Any, today: date) -> tuple[ReportFilter, dict[str, list[str]]]:
    """Load query arguments into a ReportFilter; on errors return the default and the messages."""
    raw = {key: value for key, value in dict(args).items() if value not in ("", None)}
    loaded, errors = load(ReportFilterSchema(), raw)
    if errors:
        messages = {
            key: [DATE_MESSAGE] if key in ("from", "to") and "Not a valid" in str(value) else value
            for key, value in errors.items()
        }
        return default_filter(today), messages
    default = default_filter(today)
    values: dict[str, Any] = {f.name: loaded.get(f.name) for f in fields(ReportFilter)}
    values["date_to"] = values["date_to"] or default.date_to
    values["date_from"] = values["date_from"] or values["date_to"] - timedelta(
        days=DEFAULT_PERIOD_DAYS
    )
    if values["date_from"] > values["date_to"]:
        return default, {"from": ["The start date must be on or before the end date"]}
    return ReportFilter(**values), {}
