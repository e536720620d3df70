"""The self-check's demand signal: anonymous counts of flagged themes by postcode district.

Each completed self-check adds one per flagged theme to the counter for its outward code and
month; nothing else about the person is kept. Counts below SMALL_COUNT are suppressed wherever
the figures are read, so a district where one or two people flagged a theme cannot be told
apart from one where nobody did.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.extensions import db
from core.suppression import SMALL_COUNT  # the one rule: counts under it are not shown
from directory.geo import parse_postcode
from directory.themes import Theme
from frontdoors.models import SelfCheckDemand


def month_of(day: date) -> date:
    return day.replace(day=1)


def count_flags(postcode: str, themes: Iterable[Theme], today: date) -> None:
    """Add one to each flagged theme's counter for the postcode's district this month."""
    outward = parse_postcode(postcode).outward
    rows = [
        {"outward": outward, "theme": theme, "month": month_of(today), "count": 1}
        for theme in dict.fromkeys(themes)
    ]
    if not rows:
        return
    # One statement that adds or creates, so two people finishing at once both count.
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(SelfCheckDemand).values(rows)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["outward", "theme", "month"],
            set_={"count": SelfCheckDemand.count + 1},
        )
    )


def self_check_counts(date_from: date, date_to: date) -> dict[tuple[str, Theme], int]:
    """Flags per (outward code, theme) in the months the period touches, small counts left out."""
    totals = db.session.execute(
        select(SelfCheckDemand.outward, SelfCheckDemand.theme, func.sum(SelfCheckDemand.count))
        .where(SelfCheckDemand.month >= month_of(date_from), SelfCheckDemand.month <= date_to)
        .group_by(SelfCheckDemand.outward, SelfCheckDemand.theme)
    )
    return {
        (outward, theme): int(total) for outward, theme, total in totals if total >= SMALL_COUNT
    }
