"""NHS numbers: the modulus 11 check, the stored form (10 digits) and the shown form (3 3 4).

The check follows the NHS Data Dictionary's "NHS Number" entry: weight the first nine digits
10 down to 2, sum them, take the remainder on dividing by 11 and subtract it from 11; a result of
11 means a check digit of 0, and 10 means the digits can never form an NHS number.
"""

from __future__ import annotations

import re

TYPED = re.compile(r"^(?:[0-9][ -]*){9}[0-9]$")
STORED = re.compile(r"^[0-9]{10}$")


class InvalidNHSNumber(ValueError):
    """The text is not an NHS number; the message says why, for the person who typed it."""


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no check digit can make them valid."""
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, weights, strict=True))
    check = 11 - total % 11
    return {11: 0, 10: None}.get(check, check)


def normalise_nhs_number(text: str) -> str:
    """Return the 10 digits of an NHS number typed with or without spaces or dashes."""
    typed = text.strip()
    if not TYPED.match(typed):
        raise InvalidNHSNumber("Enter a valid NHS number: it has 10 digits, like 943 476 5919")
    digits = re.sub(r"[ -]", "", typed)
    expected = check_digit(digits[:9])
    if expected is None:
        raise InvalidNHSNumber("Enter a valid NHS number: these digits cannot form one")
    if expected != int(digits[9]):
        raise InvalidNHSNumber("Enter a valid NHS number: the last digit does not match")
    return digits


def looks_like_nhs_number(text: str) -> bool:
    """True when the text is shaped like an NHS number (10 digits with spaces or dashes)."""
    return bool(TYPED.match(text.strip()))


def format_nhs_number(digits: str | None) -> str:
    """Show a stored NHS number the NHS way, in groups of 3, 3 and 4: 943 476 5919."""
    if not digits:
        return ""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
