"""Figures other packages add to the caseload page's counts (the packages above referrals).

A counter takes the signed-in co-ordinator and answers (number, label, link), or None when the
figure is not theirs to see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

Counter = Callable[[Any], "tuple[int, str, str] | None"]
EXTENSION = "signpost_caseload_counts"


def add_caseload_count(app: Flask, counter: Counter) -> None:
    app.extensions.setdefault(EXTENSION, []).append(counter)


def caseload_counts(user: Any) -> list[tuple[int, str, str]]:
    found = (counter(user) for counter in current_app.extensions.get(EXTENSION, []))
    return [count for count in found if count is not None]
