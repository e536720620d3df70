"""Small-number suppression: the one rule every report, breakdown and export applies.

A count of people (or of things about people, such as referrals) from 1 to 4 is shown as
"<5", so no one person can be picked out of a group; a figure worked out from fewer than five
people (an average, a share) is not shown at all. Zero is shown: it says nobody.
"""

from __future__ import annotations

from typing import TypeVar

SMALL_COUNT = 5
SUPPRESSED = f"<{SMALL_COUNT}"

T = TypeVar("T")


def suppressed(count: int | None) -> int | str | None:
    """A count as it may be shown: the count, or "<5" for 1 to 4."""
    if count is None:
        return None
    return SUPPRESSED if 0 < count < SMALL_COUNT else count


def is_small(people: int) -> bool:
    """True when a figure about `people` people would single someone out."""
    return 0 < people < SMALL_COUNT


def figure_for(value: T, people: int) -> T | str:
    """A figure (average, share) about `people` people: "<5" when there are too few."""
    if is_small(people):
        return SUPPRESSED
    return value
