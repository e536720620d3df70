"""The capacity lead's outcome reports and gap map: parse the filter, call a report, render.

Every page shows aggregates only, never a client's personal data, so none writes an audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from accounts.auth import login_required
from accounts.models import Membership, Role, Team, User, UserRole
from admin.overview import overview as lead_overview
from admin.reports import charts, commissioning, gaps, outcomes
from admin.reports.csv_export import table_csv
from admin.reports.filters import FIELD_LABELS, ReportFilter, parse_filter
from admin.reports.groups import DIMENSIONS, group_choices
from admin.reports.intake import contacts_report, contacts_tables, intake_report, intake_tables
from admin.reports.plan_reviews import plan_reviews_report, plan_reviews_tables
from admin.reports.tables import (
    Table,
    actions_tables,
    funnel_tables,
    gap_table,
    group_tables,
    listing_tables,
    measure_theme_table,
    neighbourhood_tables,
    service_outcome_tables,
    show,
    wheel_tables,
)
from core.errors import NotFound
from core.extensions import db
from core.models import utcnow
from core.suppression import figure_for, is_small, suppressed
from directory.models import Organisation
from directory.practices import Practice
from directory.themes import Theme
from referrals.measures import enabled_measures
from referrals.models import Client
from referrals.states import DECLINE_REASONS

bp = Blueprint("reports", __name__, url_prefix="/admin")
lead_only = login_required(Role.CAPACITY_LEAD)


@dataclass(frozen=True)
class ReportPage:
    tables: list[Table]
    charts: list[charts.Chart]


@dataclass(frozen=True)
class Report:
    title: str
    summary: str
    notes: tuple[str, ...]
    build: Callable[[ReportFilter], ReportPage]


def _actions(report: ReportFilter) -> ReportPage:
    found = commissioning.actions_report(report)
    chart = charts.bar_chart(
        "chart-completion",
        "Completion rate by kind of action",
        [
            (row.kind.label, figure_for(row.completion_rate, row.done + row.not_done))
            for row in found.rows
        ],
        percent=True,
    )
    return ReportPage(actions_tables(found), [chart])


def _referrals(report: ReportFilter) -> ReportPage:
    found = commissioning.funnel_report(report)
    overall = found.overall
    stages = [
        ("Sent", overall.sent),
        ("Accepted", overall.accepted),
        ("Completed", overall.completed),
    ]
    reasons = charts.bar_chart(
        "chart-declines",
        "Declined referrals by reason",
        [(r.label, suppressed(overall.declined_by_reason.get(r, 0))) for r in DECLINE_REASONS],
    )
    if any(is_small(count) for _stage, count in stages):
        return ReportPage(funnel_tables(found), [reasons])  # the table shows them as <5
    funnel = charts.funnel_chart("chart-funnel", "Referral funnel", stages)
    return ReportPage(funnel_tables(found), [funnel, reasons])


def _wheel(report: ReportFilter) -> ReportPage:
    found = commissioning.wheel_report(report)
    chart = charts.bar_chart(
        "chart-low-share",
        "Share of clients first scoring each theme 0 to 2",
        [(row.theme.label, figure_for(row.low_share, row.low)) for row in found.rows if row.theme],
        percent=True,
    )
    tables = wheel_tables(found)
    measures = enabled_measures()
    if measures:
        by_theme = outcomes.measure_change_by_theme(report)
        tables.append(measure_theme_table(by_theme, measures))
    return ReportPage(tables, [chart])


def _listings(report: ReportFilter) -> ReportPage:
    health = commissioning.listing_health(report, utcnow(), current_app.config["STALE_AFTER_DAYS"])
    bands: list[tuple[str, float | str | None]] = list(health.bands)
    chart = charts.bar_chart("chart-verification", "Services by last check", bands)
    return ReportPage(listing_tables(health), [chart])


def _referrals_in(report: ReportFilter) -> ReportPage:
    # No chart: a bar per month would show the small counts the tables suppress.
    return ReportPage(intake_tables(intake_report(report)), [])


def _contacts(report: ReportFilter) -> ReportPage:
    return ReportPage(contacts_tables(contacts_report(report)), [])


def _plan_reviews(report: ReportFilter) -> ReportPage:
    return ReportPage(plan_reviews_tables(plan_reviews_report(report)), [])


def _services(report: ReportFilter) -> ReportPage:
    # No chart: bars per service would show averages of groups the table suppresses.
    found = outcomes.service_outcomes(report)
    return ReportPage(service_outcome_tables(found, enabled_measures()), [])


def _groups(report: ReportFilter) -> ReportPage:
    found = outcomes.group_breakdown(report)
    return ReportPage(group_tables(found, enabled_measures()), [])


REPORTS: dict[str, Report] = {
    "actions": Report(
        "Actions and completion",
        "Actions agreed with people, per client, and how many were done.",
        (
            "Counts actions agreed in the period. The completion rate is actions done out of "
            "those closed (done or not done); actions still open count neither way.",
        ),
        _actions,
    ),
    "referrals": Report(
        "Referral funnel",
        "Referrals sent, accepted, declined and completed, per organisation and service.",
        (
            "Counts referrals sent in the period, as they stand today. Accepted includes "
            "referrals later completed, not completed or withdrawn after acceptance.",
            "Days to response run from sending to the organisation's answer (accept or "
            "decline); days to completion from sending to being marked completed.",
            "By referring partner counts referrals that came in through a partner "
            "organisation's checklist; those a co-ordinator sent are on the last row.",
        ),
        _referrals,
    ),
    "referrals-in": Report(
        "Referrals into the service",
        "Referrals received by route and month, take-up, and time to first contact.",
        (
            "Counts referrals received in the period, as they stand today. Take-up is "
            "referrals accepted onto a caseload out of those accepted or declined.",
            "Days to first contact run from the referral arriving to the first time the person "
            "was reached. Co-ordinator narrows to referrals allocated to them.",
            "Breakdown cells of 1 to 4 referrals show as <5, so no one person stands out.",
        ),
        _referrals_in,
    ),
    "contacts": Report(
        "Contacts",
        "Contacts with people: how many, how, did-not-attend rate, and length of involvement.",
        (
            "Counts contacts recorded as happening in the period. The did-not-attend share is "
            "out of every contact recorded, including no-answer attempts.",
            "Length of involvement runs from a client being added to being signed off, for "
            "clients signed off in the period.",
            "Cells of 1 to 4 contacts show as <5.",
        ),
        _contacts,
    ),
    "plan-reviews": Report(
        "Plan reviews",
        "The share of plan reviews held on time.",
        (
            "Counts reviews whose review date fell in the period: held on or before that "
            "date, held late, or not held yet on clients still open.",
            "Counts of 1 to 4 show as <5; the share is left out when fewer than five "
            "reviews fell due.",
        ),
        _plan_reviews,
    ),
    "wheel": Report(
        "Wellbeing wheel change",
        "Which themes people start low on, and how much they improve.",
        (
            "Clients count when their first wheel was taken in the period; their change runs "
            "from that first wheel to their latest wheel by the end of the period. The "
            "average change is for clients who first scored the theme 0 to 2 and have a "
            "later wheel. The All themes row adds up every client and theme.",
            "ONS4 change compares each client's first and latest ONS4 answers (0 to 10), for "
            "clients who answered at least twice. For anxiety, a fall is an improvement.",
        ),
        _wheel,
    ),
    "services": Report(
        "Which services move outcomes",
        "Per destination service, how the wheel, ONS4 and outcome measures changed for people "
        "whose referral there was completed.",
        (
            "Counts referrals sent in the period and completed by now; theme narrows to "
            "referrals made for that theme. A person's change runs from their first to their "
            "latest recording by the end of the period, over their whole time with the "
            "service, so it is not caused by one service alone.",
            "The wheel change is the average over themes of latest less first score (0 to 5). "
            "ONS4 questions run 0 to 10; for anxiety a fall is an improvement.",
            "Counts of 1 to 4 show as <5, and no average of fewer than 5 people is shown.",
        ),
        _services,
    ),
    "groups": Report(
        "Reach and outcomes by group",
        "Clients, referrals and change broken down by equality group, age band, deprivation, "
        "referral source, practice or PCN.",
        (
            "Counts clients added in the period and the referrals sent for them in the period "
            "(theme does not apply). "
            "Equality answers are optional: people who were not asked or did not answer are "
            "counted as not recorded.",
            "Deprivation is the Index of Multiple Deprivation decile of the client's postcode "
            "(1 is the most deprived tenth of areas); the demo gazetteer's deciles are fictional.",
            "Counts of 1 to 4 show as <5, and no average of fewer than 5 people is shown.",
        ),
        _groups,
    ),
    "listings": Report(
        "Listing health",
        "How fresh the directory is, and how much is paused or waiting.",
        (
            "The directory as it stands today: the period does not apply. Organisation and "
            "theme narrow the services counted; team, co-ordinator and referring partner do "
            "not apply, and the moderation queue is the whole queue.",
        ),
        _listings,
    ),
}


@bp.context_processor
def report_menu() -> dict[str, Any]:
    return {"reports_menu": list(REPORTS.items())}


def _filter() -> tuple[ReportFilter, dict[str, list[str]]]:
    return parse_filter(request.args, utcnow().date())


def _choices() -> dict[str, list[tuple[str, str]]]:
    """Options for the filter form's lists."""
    teams = db.session.execute(select(Team.id, Team.name).order_by(Team.name)).all()
    coordinators = db.session.execute(
        select(User.id, User.name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.COORDINATOR)
        .order_by(User.name)
    ).all()
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.name)
    ).all()
    partners = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(
            select(Membership.id)
            .where(
                Membership.organisation_id == Organisation.id,
                Membership.is_referring_partner.is_(True),
            )
            .exists()
        )
        .order_by(Organisation.name)
    ).all()
    # Only practices with clients: the national file lists thousands nobody here uses.
    with_clients = Practice.id.in_(select(Client.practice_id))
    practices = db.session.scalars(
        select(Practice).where(with_clients).order_by(Practice.name)
    ).all()
    pcns = db.session.execute(
        select(Practice.pcn_code, func.min(Practice.pcn_name))
        .where(Practice.pcn_code.is_not(None), with_clients)
        .group_by(Practice.pcn_code)
        .order_by(func.min(Practice.pcn_name))
    ).all()
    return {
        "group": group_choices(),
        "by": [(key, dimension.label) for key, dimension in DIMENSIONS.items()],
        "team": [(str(i), name) for i, name in teams],
        "coordinator": [(str(i), name) for i, name in coordinators],
        "organisation": [(str(i), name) for i, name in organisations],
        "theme": Theme.choices(),
        "partner": [(str(i), name) for i, name in partners],
        "practice": [(p.ods_code, p.label) for p in practices],
        # The query already drops practices without a PCN; the check only tells mypy so.
        "pcn": [(code, f"{name} ({code})") for code, name in pcns if code is not None],
    }


def _url_args(report: ReportFilter) -> dict[str, Any]:
    """The filter as `url_for` keywords: its query arguments, typed as url_for's `**values`
    are (`Any`), so mypy does not match them against url_for's own `_external` and `_anchor`."""
    return report.query_args()


def _period(report: ReportFilter) -> str:
    return f"{report.date_from.isoformat()}-to-{report.date_to.isoformat()}"


def _csv_response(table: Table, report: ReportFilter) -> Response:
    return Response(
        table_csv(table),
        mimetype="text/csv",
        headers={
            "Content-Disposition": (
                f"attachment; filename=signpost-{table.key}-{_period(report)}.csv"
            )
        },
    )


def _find_table(tables: list[Table], key: str) -> Table:
    for table in tables:
        if table.key == key:
            return table
    raise NotFound("Page not found.")


# The lead's overview -----------------------------------------------------------------------


@bp.get("/")
@lead_only
def overview() -> str:
    return render_template("admin/overview.html", overview=lead_overview(utcnow()))


# Outcome reports --------------------------------------------------------------------------


@bp.get("/reports/")
@lead_only
def index() -> str:
    report, errors = _filter()
    return render_template(
        "admin/reports/index.html", reports=REPORTS, report=report, errors=errors
    )


@bp.get("/reports/<name>")
@lead_only
def report_page(name: str) -> Any:
    found = REPORTS.get(name)
    if found is None:
        raise NotFound("Page not found.")
    report, errors = _filter()
    page = None if errors else found.build(report)
    return render_template(
        "admin/reports/report.html",
        name=name,
        found=found,
        page=page,
        report=report,
        errors=errors,
        labels=FIELD_LABELS,
        values=request.args,
        choices=_choices(),
        show=show,
        csv_url=lambda key: url_for("reports.report_csv", name=name, key=key, **_url_args(report)),
    ), (400 if errors else 200)


@bp.get("/reports/<name>/<key>.csv")
@lead_only
def report_csv(name: str, key: str) -> Response:
    found = REPORTS.get(name)
    report, errors = _filter()
    if found is None or errors:
        raise NotFound("Page not found.")
    return _csv_response(_find_table(found.build(report).tables, key), report)


# Gap map ----------------------------------------------------------------------------------

SORTS = {
    "name": lambda row: row.hood.name.lower(),
    "services": lambda row: row.services,
    "supply": lambda row: row.supply,
    "need": lambda row: row.need.total,
    "score": lambda row: row.score,
    "nearest": lambda row: float("inf") if row.nearest_km is None else row.nearest_km,
}


def _reach() -> gaps.Reach:
    config = current_app.config
    return gaps.Reach(
        walk_km=float(config["GAP_WALK_KM"]),
        travel_km=float(config["GAP_TRAVEL_KM"]),
        waitlist_weight=float(config["GAP_WAITLIST_WEIGHT"]),
    )


def _gap_map(report: ReportFilter) -> gaps.GapMap:
    return gaps.gap_map(report, utcnow().date(), _reach())


SHADES = ["#d2e2f1", "#a5c6e3", "#6f9fd0", "#1d70b8", "#0f385c"]  # as static/js/map.js


@dataclass(frozen=True)
class LegendStep:
    colour: str
    low: float
    high: float


def _legend(found: gaps.GapMap) -> list[LegendStep]:
    """Five equal steps of gap score from 0 to the highest, lightest first."""
    top = max((row.score for row in found.rows), default=0.0)
    step = top / len(SHADES) if top else 0.0
    return [LegendStep(colour, i * step, (i + 1) * step) for i, colour in enumerate(SHADES)]


def _shade(score: float, legend: list[LegendStep]) -> str:
    for step in legend:
        if score <= step.high:
            return step.colour
    return legend[-1].colour


def _features(
    found: gaps.GapMap, report: ReportFilter, legend: list[LegendStep]
) -> list[dict[str, Any]]:
    """GeoJSON for map.js: each neighbourhood's boundary (or a circle), named and shaded.

    Biggest gap first: where names would overlap, map.js keeps the earlier one.
    """
    top = max((row.score for row in found.rows), default=0) or 1
    args = _url_args(report)
    return [
        {
            "type": "Feature",
            "geometry": row.hood.boundary,
            "properties": {
                "name": row.hood.name,
                "label": f"{row.hood.name}: gap score {row.score:.2f}",
                "value": round(row.score, 2),
                "fill": _shade(row.score, legend),
                "url": url_for("reports.neighbourhood", code=row.hood.code, **args),
                "lat": row.hood.latitude,
                "lon": row.hood.longitude,
                "radius": round(300 + 900 * row.score / top),
            },
        }
        for row in sorted(found.rows, key=lambda row: -row.score)
    ]


@bp.get("/gaps")
@lead_only
def gap_map() -> Any:
    report, errors = _filter()
    sort = request.args.get("sort", "score")
    sort = sort if sort in SORTS else "score"
    descending = request.args.get("dir", "desc" if sort != "name" else "asc") == "desc"
    found = None if errors else _gap_map(report)
    rows = sorted(found.rows, key=SORTS[sort], reverse=descending) if found else []
    legend = _legend(found) if found else []
    table = None
    if found:
        ordered = gaps.GapMap(found.theme, rows, found.reach, found.unplaced_searches)
        table = gap_table(
            ordered, lambda code: url_for("reports.neighbourhood", code=code, **_url_args(report))
        )
    return render_template(
        "admin/gaps/map.html",
        found=found,
        table=table,
        features=_features(found, report, legend) if found else [],
        legend=legend,
        report=report,
        errors=errors,
        labels=FIELD_LABELS,
        values=request.args,
        choices=_choices(),
        sort=sort,
        descending=descending,
        sort_keys=[
            "name",
            "services",
            "supply",
            "nearest",
            None,
            None,
            None,
            None,
            None,
            "need",
            "score",
        ],
        sort_url=lambda key, desc: url_for(
            "reports.gap_map", sort=key, dir="desc" if desc else "asc", **_url_args(report)
        ),
        show=show,
        search_rule=gaps.SEARCH_RULE,
    ), (400 if errors else 200)


@bp.get("/gaps.csv")
@lead_only
def gap_csv() -> Response:
    report, errors = _filter()
    if errors:
        raise NotFound("Page not found.")
    return _csv_response(gap_table(_gap_map(report)), report)


def _neighbourhood(code: str, report: ReportFilter) -> gaps.NeighbourhoodGaps:
    hood = gaps.find_hood(code)
    if hood is None:
        raise NotFound("Page not found.")
    return gaps.neighbourhood_gaps(hood, report, utcnow().date(), _reach())


@bp.get("/gaps/<code>")
@lead_only
def neighbourhood(code: str) -> Any:
    report, errors = _filter()
    detail = None if errors else _neighbourhood(code, report)
    if errors and gaps.find_hood(code) is None:
        raise NotFound("Page not found.")
    return render_template(
        "admin/gaps/neighbourhood.html",
        code=code,
        detail=detail,
        tables=neighbourhood_tables(detail) if detail else [],
        report=report,
        errors=errors,
        labels=FIELD_LABELS,
        values=request.args,
        choices=_choices(),
        show=show,
        csv_url=lambda key: url_for(
            "reports.neighbourhood_csv", code=code, key=key, **_url_args(report)
        ),
    ), (400 if errors else 200)


@bp.get("/gaps/<code>/<key>.csv")
@lead_only
def neighbourhood_csv(code: str, key: str) -> Response:
    report, errors = _filter()
    if errors:
        raise NotFound("Page not found.")
    detail = _neighbourhood(code, report)
    return _csv_response(_find_table(neighbourhood_tables(detail), key), report)


# A provider's own services ------------------------------------------------------------------

provider_only = login_required(Role.PROVIDER)
provider_bp = Blueprint("provider_outcomes", __name__, url_prefix="/provider")


def _own_outcomes(report: ReportFilter) -> list[Table]:
    """The outcome table for the signed-in provider's organisations' services alone."""
    own = current_user.organisation_ids
    # Narrowed to the period only: the lead's filters (teams, groups) are not a provider's.
    period = ReportFilter(date_from=report.date_from, date_to=report.date_to)
    return service_outcome_tables(outcomes.service_outcomes(period, own), enabled_measures())


@provider_bp.get("/outcomes")
@provider_only
def provider_outcomes() -> Any:
    report, errors = _filter()
    # The period alone (see _own_outcomes); typed as url_for's **values are.
    period: dict[str, Any] = {
        "from": report.date_from.isoformat(),
        "to": report.date_to.isoformat(),
    }
    return render_template(
        "admin/reports/provider_outcomes.html",
        tables=[] if errors else _own_outcomes(report),
        report=report,
        errors=errors,
        labels=FIELD_LABELS,
        values=request.args,
        show=show,
        csv_url=lambda key: url_for("provider_outcomes.provider_outcomes_csv", **period),
    ), (400 if errors else 200)


@provider_bp.get("/outcomes.csv")
@provider_only
def provider_outcomes_csv() -> Response:
    report, errors = _filter()
    if errors:
        raise NotFound("Page not found.")
    return _csv_response(_find_table(_own_outcomes(report), "outcomes-by-service"), report)
