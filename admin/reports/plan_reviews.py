"""Plan reviews report: the share of reviews held on time, for reviews due in the period.

Counts of 1 to 4 show as "<5", and the share is left out when fewer than five reviews fell
due, so no one person's review stands out.
"""

from __future__ import annotations

from admin.reports.filters import ReportFilter, client_conditions
from admin.reports.tables import PERCENT, TEXT, Column, Table
from core.models import utcnow
from core.suppression import SMALL_COUNT, suppressed
from referrals.plans import Timeliness, review_timeliness


def plan_reviews_report(report: ReportFilter) -> Timeliness:
    return review_timeliness(
        report.date_from, report.date_to, utcnow().date(), client_conditions(report)
    )


def plan_reviews_tables(found: Timeliness) -> list[Table]:
    share = found.share_on_time if found.total >= SMALL_COUNT else None
    return [
        Table(
            "plan-reviews",
            "Plan reviews due in the period",
            [Column("Measure", TEXT), Column("Value", TEXT)],
            [
                ["Reviews due", suppressed(found.total)],
                ["Held on or before the review date", suppressed(found.on_time)],
                ["Held late", suppressed(found.late)],
                ["Not held yet (overdue)", suppressed(found.overdue)],
            ],
        ),
        Table(
            "plan-reviews-on-time",
            "Share of reviews held on time",
            [Column("Measure", TEXT), Column("Share", PERCENT)],
            [["Reviews held on time, out of all due", share]],
        ),
    ]
