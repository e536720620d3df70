"""Say an opening schedule's recurrence in words: "Every other Tuesday, 10:00 to 12:00"."""

from __future__ import annotations

import re

from directory.models import WEEKDAYS, OpeningSchedule

ICAL = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _nth(number: int) -> str:
    if number < 0:
        return "last day" if number == -1 else f"{-number}th from last day"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _day(code: str, plural: bool) -> str | None:
    """ "TU" -> "Tuesdays"; "1TU" -> "the first Tuesday"; "-1FR" -> "the last Friday"."""
    match = re.fullmatch(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)", code)
    if not match:
        return None
    name = WEEKDAYS[ICAL.index(match[2])].capitalize()
    if match[1] is None:
        return f"{name}s" if plural else name
    ordinal = ORDINALS.get(int(match[1]))
    return f"the {ordinal} {name}" if ordinal else f"{name} number {match[1]}"


def _numbers(text: str | None) -> list[int]:
    return [int(part) for part in (text or "").split(",") if re.fullmatch(r"[+-]?\d+", part)]


def describe(schedule: OpeningSchedule) -> str:
    """A sentence for the service page; never empty (falls back to the feed's own words)."""
    every = schedule.interval or 1
    days = [d for d in (_day(code, every == 1) for code in (schedule.byday or "").split(",")) if d]
    monthdays = _numbers(schedule.bymonthday)
    weeks = _numbers(schedule.byweekno)
    parts: list[str] = []
    if schedule.freq == "MONTHLY":
        month = (
            "each month"
            if every == 1
            else ("every other month" if every == 2 else f"every {every} months")
        )
        if days:
            parts.append(f"{_join(days)} of {month}")
        if monthdays:
            parts.append(f"on the {_join([_nth(n) for n in monthdays])} of {month}")
        if not parts:
            parts.append(month)
    else:
        if every == 1:
            parts.append(_join(days) if days else "Every week")
        elif every == 2:
            parts.append(f"Every other {_join(days) if days else 'week'}")
        else:
            parts.append(f"Every {every} weeks" + (f" on {_join(days)}" if days else ""))
        if monthdays:
            parts.append(f"on the {_join([_nth(n) for n in monthdays])} of the month")
    if weeks:
        parts.append(
            f"in week{'s' if len(weeks) > 1 else ''} {_join([str(w) for w in weeks])} of the year"
        )
    if schedule.opens_at and schedule.closes_at:
        closes = (
            "midnight"
            if f"{schedule.closes_at:%H:%M}" == "23:59"
            else f"{schedule.closes_at:%H:%M}"
        )
        parts.append(f"{schedule.opens_at:%H:%M} to {closes}")
    elif schedule.opens_at:
        parts.append(f"from {schedule.opens_at:%H:%M}")
    if every > 1 and schedule.dtstart:
        parts.append(f"counting from {schedule.dtstart:%-d %B %Y}")
    if schedule.valid_from and schedule.valid_to:
        parts.append(f"between {schedule.valid_from:%-d %B %Y} and {schedule.valid_to:%-d %B %Y}")
    elif schedule.valid_from:
        parts.append(f"from {schedule.valid_from:%-d %B %Y}")
    elif schedule.valid_to:
        parts.append(f"until {schedule.valid_to:%-d %B %Y}")
    if schedule.until:
        parts.append(f"until {schedule.until:%-d %B %Y}")
    if schedule.count:
        parts.append(f"{schedule.count} times in all")
    sentence = ", ".join(parts)
    return sentence[:1].upper() + sentence[1:]
