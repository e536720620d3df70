"""Every report's figures as tables: the page shows them and the CSV download writes them.

One definition per table keeps the page and the download in step: a column's kind says how
to show a value (a count, a decimal, a percentage, days) on the page and in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from admin.reports.commissioning import (
    ActionsReport,
    FunnelCounts,
    FunnelReport,
    ListingHealth,
    WheelReport,
)
from admin.reports.gaps import GapMap, Need, NeighbourhoodGaps
from admin.reports.outcomes import ChangeSummary, GroupBreakdown, ServiceOutcome
from core.suppression import figure_for, suppressed
from referrals.measures import Measure
from referrals.states import DECLINE_REASONS

TEXT, COUNT, DECIMAL = "text", "count", "decimal"
PERCENT, DAYS, SIGNED = "percent", "days", "signed"
# A count of people or of records about people: 1 to 4 is shown as "<5" on pages and in CSVs
# (core/suppression.py). COUNT is for things that are not people, such as services.
PEOPLE = "people"
PAGE_ROWS = 50


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = COUNT

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


@dataclass(frozen=True)
class Table:
    key: str  # the CSV file's name and the page anchor
    caption: str
    columns: list[Column]
    rows: list[list[Any]]
    # Optional link per row (first cell), for drill-down pages; not written to CSV.
    links: list[str | None] | None = None
    # The page shows at most this many rows (the CSV has them all): 5,000 rows nobody reads.
    page_rows: int | None = None

    @property
    def shown_rows(self) -> list[list[Any]]:
        return self.rows[: self.page_rows] if self.page_rows else self.rows


def show(value: Any, kind: str) -> str:
    """A value as the page shows it."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value  # text, or a figure already suppressed
    if kind == PEOPLE:
        return str(suppressed(value))
    if kind == PERCENT:
        return f"{value:.0%}"
    if kind == DECIMAL:
        return f"{value:.1f}"
    if kind == SIGNED:
        return f"{value:+.2f}"
    if kind == DAYS:
        return f"{value:.1f}"
    return str(value)


def csv_value(value: Any, kind: str) -> str:
    """A value as the CSV holds it: plain numbers, percentages out of 100, blanks for none."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind == PEOPLE:
        return str(suppressed(value))
    if kind == PERCENT:
        return f"{value * 100:.1f}"
    if kind in (DECIMAL, DAYS):
        return f"{value:.2f}"
    if kind == SIGNED:
        return f"{value:.3f}"
    return str(value)


# Actions ----------------------------------------------------------------------------------


def actions_tables(report: ActionsReport) -> list[Table]:
    summary = Table(
        "actions-summary",
        "Actions agreed in the period",
        [Column("Measure", TEXT), Column("Value", DECIMAL)],
        [
            ["Clients with an action", suppressed(report.clients)],
            ["Actions", suppressed(report.actions)],
            ["Actions per client", figure_for(report.actions_per_client, report.clients)],
        ],
    )
    rows = [
        [
            label,
            row.total,
            row.done,
            row.not_done,
            row.open,
            figure_for(row.completion_rate, row.done + row.not_done),
        ]
        for label, row in [*((r.kind.label, r) for r in report.rows), ("All kinds", report.total)]
    ]
    by_kind = Table(
        "actions-by-kind",
        "Completion by kind of action",
        [
            Column("Kind of action", TEXT),
            Column("Actions", PEOPLE),
            Column("Done", PEOPLE),
            Column("Not done", PEOPLE),
            Column("Still open", PEOPLE),
            Column("Completion rate", PERCENT),
        ],
        rows,
    )
    return [summary, by_kind]


# Referrals --------------------------------------------------------------------------------

FUNNEL_COLUMNS = [
    Column("Sent", PEOPLE),
    Column("Accepted", PEOPLE),
    Column("Declined", PEOPLE),
    Column("Completed", PEOPLE),
    Column("Not completed", PEOPLE),
    Column("Withdrawn", PEOPLE),
    Column("Expired", PEOPLE),
    Column("Awaiting answer", PEOPLE),
    Column("In progress", PEOPLE),
    Column("Median days to response", DAYS),
    Column("Median days to completion", DAYS),
]


def _funnel_cells(counts: FunnelCounts) -> list[Any]:
    return [
        counts.sent,
        counts.accepted,
        counts.declined,
        counts.completed,
        counts.not_completed,
        counts.withdrawn,
        counts.expired,
        counts.awaiting,
        counts.in_progress,
        figure_for(counts.median_days_to_response, counts.accepted + counts.declined),
        figure_for(counts.median_days_to_completion, counts.completed),
    ]


def funnel_tables(report: FunnelReport) -> list[Table]:
    overall = report.overall
    funnel = Table(
        "referral-funnel",
        "Referrals sent in the period",
        [Column("Stage", TEXT), Column("Referrals", PEOPLE)],
        [
            ["Sent", overall.sent],
            ["Accepted", overall.accepted],
            ["Completed", overall.completed],
            ["Declined", overall.declined],
            ["Not completed", overall.not_completed],
            ["Withdrawn", overall.withdrawn],
            ["Expired (no answer in time)", overall.expired],
            ["Still awaiting an answer", overall.awaiting],
            ["Accepted and still in progress", overall.in_progress],
        ],
    )
    timing = Table(
        "referral-timing",
        "How long answers and completions took",
        [Column("Measure", TEXT), Column("Days", DAYS)],
        [
            [
                "Median days from sending to an answer",
                figure_for(overall.median_days_to_response, overall.accepted + overall.declined),
            ],
            [
                "Median days from sending to completion",
                figure_for(overall.median_days_to_completion, overall.completed),
            ],
        ],
    )
    reasons = Table(
        "declined-by-reason",
        "Why referrals were declined",
        [
            Column("Reason", TEXT),
            Column("Referrals", PEOPLE),
            Column("Share of declines", PERCENT),
        ],
        [
            [
                reason.label,
                overall.declined_by_reason.get(reason, 0),
                figure_for(
                    overall.declined_by_reason.get(reason, 0) / overall.declined,
                    overall.declined_by_reason.get(reason, 0),
                )
                if overall.declined
                else None,
            ]
            for reason in DECLINE_REASONS
        ],
    )
    organisations = Table(
        "referrals-by-organisation",
        "By organisation",
        [Column("Organisation", TEXT), *FUNNEL_COLUMNS],
        [[row.name, *_funnel_cells(row.counts)] for row in report.organisations],
        page_rows=PAGE_ROWS,
    )
    services = Table(
        "referrals-by-service",
        "By service",
        [Column("Service", TEXT), Column("Organisation", TEXT), *FUNNEL_COLUMNS],
        [[row.name, row.organisation, *_funnel_cells(row.counts)] for row in report.services],
        page_rows=PAGE_ROWS,
    )
    partners = Table(
        "referrals-by-partner",
        "By referring partner",
        [Column("Referring partner", TEXT), *FUNNEL_COLUMNS],
        [[row.name, *_funnel_cells(row.counts)] for row in report.partners],
        page_rows=PAGE_ROWS,
    )
    practices = Table(
        "referrals-by-practice",
        "By the client's GP practice",
        [Column("GP practice", TEXT), Column("Primary care network", TEXT), *FUNNEL_COLUMNS],
        [[row.name, row.organisation, *_funnel_cells(row.counts)] for row in report.practices],
        page_rows=PAGE_ROWS,
    )
    pcns = Table(
        "referrals-by-pcn",
        "By primary care network",
        [Column("Primary care network", TEXT), *FUNNEL_COLUMNS],
        [[row.name, *_funnel_cells(row.counts)] for row in report.pcns],
        page_rows=PAGE_ROWS,
    )
    return [funnel, timing, reasons, organisations, services, partners, practices, pcns]


# Wheel ------------------------------------------------------------------------------------


def wheel_tables(report: WheelReport) -> list[Table]:
    rows = [
        [
            row.theme.label if row.theme else "All themes",
            row.scored,
            row.low,
            figure_for(row.low_share, row.low),
            row.followed_up,
            figure_for(row.average_change, row.followed_up),
        ]
        for row in [*report.rows, report.overall]
    ]
    change = Table(
        "wheel-change",
        "Wheel change by theme",
        [
            Column("Theme", TEXT),
            Column("Clients scored", PEOPLE),
            Column("First scored 0 to 2", PEOPLE),
            Column("Share first scoring 0 to 2", PERCENT),
            Column("Of those, with a later wheel", PEOPLE),
            Column("Average change (points)", SIGNED),
        ],
        rows,
    )
    ons4 = Table(
        "ons4-change",
        "ONS4 wellbeing, first and latest recording",
        [
            Column("Question", TEXT),
            Column("Clients", PEOPLE),
            Column("First average", DECIMAL),
            Column("Latest average", DECIMAL),
            Column("Average change", SIGNED),
        ],
        [
            [
                row.label,
                row.clients,
                *(
                    figure_for(value, row.clients)
                    for value in (row.first_average, row.last_average, row.average_change)
                ),
            ]
            for row in report.ons4
        ],
    )
    return [change, ons4]


# Outcome change: per service, per group, and measures per theme ----------------------------

ONS4_SHORT = (
    ("ons4_life_satisfaction", "Life satisfaction"),
    ("ons4_worthwhile", "Worthwhile"),
    ("ons4_happiness", "Happiness"),
    ("ons4_anxiety", "Anxiety (a fall is better)"),
)


def _change_columns(measures: list[Measure]) -> list[Column]:
    columns = [Column("With a later wheel", PEOPLE), Column("Wheel change (points)", SIGNED)]
    columns.append(Column("With ONS4 twice", PEOPLE))
    columns += [Column(f"{label} change", SIGNED) for _name, label in ONS4_SHORT]
    for measure in measures:
        columns += [
            Column(f"With {measure.short_name} twice", PEOPLE),
            Column(f"{measure.short_name} change", SIGNED),
        ]
    return columns


def _change_cells(summary: ChangeSummary, measures: list[Measure]) -> list[Any]:
    ons4_people = max((a.people for a in summary.ons4.values()), default=0)
    cells: list[Any] = [
        summary.wheel.people,
        figure_for(summary.wheel.change, summary.wheel.people),
    ]
    cells.append(ons4_people)
    cells += [
        figure_for(summary.ons4[name].change, summary.ons4[name].people) for name, _ in ONS4_SHORT
    ]
    for measure in measures:
        average = summary.measures[measure.key]
        cells += [average.people, figure_for(average.change, average.people)]
    return cells


def service_outcome_tables(rows: list[ServiceOutcome], measures: list[Measure]) -> list[Table]:
    return [
        Table(
            "outcomes-by-service",
            "Change among people whose referral was completed, by destination service",
            [
                Column("Service", TEXT),
                Column("Organisation", TEXT),
                Column("Referrals completed", PEOPLE),
                Column("People", PEOPLE),
                *_change_columns(measures),
            ],
            [
                [
                    row.name,
                    row.organisation,
                    row.completed,
                    row.summary.people,
                    *_change_cells(row.summary, measures),
                ]
                for row in rows
            ],
            page_rows=PAGE_ROWS,
        )
    ]


def group_tables(found: GroupBreakdown, measures: list[Measure]) -> list[Table]:
    label = found.dimension.label
    return [
        Table(
            "outcomes-by-group",
            f"Clients added in the period, by {label.lower()}",
            [
                Column(label, TEXT),
                Column("Clients", PEOPLE),
                Column("Referrals sent", PEOPLE),
                Column("Referrals completed", PEOPLE),
                *_change_columns(measures),
            ],
            [
                [
                    row.label,
                    row.clients,
                    row.referrals,
                    row.completed,
                    *_change_cells(row.summary, measures),
                ]
                for row in found.rows
            ],
        )
    ]


def measure_theme_table(by_theme: dict[Any, ChangeSummary], measures: list[Measure]) -> Table:
    columns = [Column("Theme first scored 0 to 2", TEXT), Column("Clients", PEOPLE)]
    for measure in measures:
        columns += [
            Column(f"With {measure.short_name} twice", PEOPLE),
            Column(f"{measure.short_name} change", SIGNED),
        ]
    rows = []
    for theme, summary in by_theme.items():
        cells: list[Any] = [theme.label, summary.people]
        for measure in measures:
            average = summary.measures[measure.key]
            cells += [average.people, figure_for(average.change, average.people)]
        rows.append(cells)
    return Table("measures-by-theme", "Outcome measure change by theme", columns, rows)


# Listings ---------------------------------------------------------------------------------


def listing_tables(health: ListingHealth) -> list[Table]:
    ages = Table(
        "verification-age",
        "Services by when someone last checked the listing",
        [Column("Last checked", TEXT), Column("Services")],
        [[label, number] for label, number in health.bands],
    )
    counts = Table(
        "listing-health",
        "Listing health today",
        [Column("Measure", TEXT), Column("Services")],
        [
            ["Services listed", health.services],
            [f"Stale (not checked for {health.stale_after_days} days)", health.stale],
            ["Paused (not taking anyone)", health.paused],
            ["Waiting list", health.waitlisted],
            ["Temporarily closed", health.temporarily_closed],
            ["Changes waiting for moderation", health.moderation_queue],
        ],
    )
    return [ages, counts]


# Gap map ----------------------------------------------------------------------------------

NEED_COLUMNS = [
    Column("Wheel 0 to 2", PEOPLE),
    Column("Referrals made", PEOPLE),
    Column("Turned away or expired", PEOPLE),
    Column("Searches with no results", DECIMAL),
    Column("Self-check flags", DECIMAL),
    Column("Need", DECIMAL),
    Column("Gap score", DECIMAL),
]
GAP_COLUMNS = [
    Column("Neighbourhood", TEXT),
    Column("Services with room reaching"),
    Column("Support", DECIMAL),
    Column("Nearest with room (km)", DECIMAL),
    *NEED_COLUMNS,
]


def _need_cells(need: Need, score: float) -> list[Any]:
    return [
        need.low_wheel,
        need.referrals,
        need.turned_away,
        need.searches,
        need.self_check,
        need.total,
        score,
    ]


def gap_table(gaps: GapMap, link: Callable[[str], str] | None = None) -> Table:
    return Table(
        "gap-map",
        "Support and need by neighbourhood",
        GAP_COLUMNS,
        [
            [
                row.hood.name,
                row.services,
                row.supply,
                row.nearest_km,
                *_need_cells(row.need, row.score),
            ]
            for row in gaps.rows
        ],
        links=[link(row.hood.code) for row in gaps.rows] if link else None,
    )


def neighbourhood_tables(detail: NeighbourhoodGaps) -> list[Table]:
    needs = Table(
        "unmet-needs",
        f"Need and support by theme in {detail.hood.name}",
        [Column("Theme", TEXT), *GAP_COLUMNS[1:3], *NEED_COLUMNS],
        [
            [
                gap.theme.label,
                gap.services,
                gap.supply,
                *_need_cells(gap.need, gap.score),
            ]
            for gap in detail.themes
        ],
    )
    nearest = Table(
        "nearest-services",
        f"Nearest services with room, for each theme needed in {detail.hood.name}",
        [
            Column("Theme", TEXT),
            Column("Service", TEXT),
            Column("Organisation", TEXT),
            Column("Distance from the centre", TEXT),
            Column("Reaches the neighbourhood", TEXT),
            Column("Capacity", TEXT),
        ],
        [
            [
                gap.theme.label,
                service.name,
                service.organisation,
                "Comes to people (visits, phone or online)"
                if service.distance_km is None
                else f"{service.distance_km:.1f} km",
                "Yes" if service.reaches else "No",
                service.capacity.value.capitalize(),
            ]
            for gap in detail.themes
            for service in gap.nearest
        ],
    )
    return [needs, nearest]
