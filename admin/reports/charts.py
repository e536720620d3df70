"""Horizontal bar charts and the referral funnel, laid out here and drawn as SVG by a template.

Each chart is an image with a title and a description for screen readers; the same numbers
are always in a table beside it (templates/admin/reports/_chart.html), so nobody needs the
picture. Geometry only: no colours beyond GOV.UK's palette, no inline styles.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 110
BAR_HEIGHT = 24
GAP = 10
BLUE = "#1d70b8"
DARK_BLUE = "#003078"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as people read it ("12", "45%")
    y: int
    width: float
    x: float = LABEL_WIDTH  # bars start after the labels; funnel bars are centred
    colour: str = BLUE

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT * 0.7


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (BAR_HEIGHT + GAP) + GAP

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT

    @property
    def value_x(self) -> float:
        return self.width - VALUE_WIDTH + 8


def bar_chart(
    chart_id: str,
    title: str,
    items: list[tuple[str, float | str | None]],
    percent: bool = False,
) -> Chart:
    """Bars scaled to the largest value; a missing value draws no bar and reads "none".

    A suppressed value ("<5", core/suppression.py) draws no bar and reads as it is.
    """
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    shown = [(label, None if isinstance(v, str) else v, v) for label, v in items]
    top = max((value for _label, value, _raw in shown if value), default=0) or 1
    if percent:
        top = 1
    bars = [
        Bar(
            label=label,
            value=value or 0,
            text=raw if isinstance(raw, str) else _text(value, percent),
            y=GAP + index * (BAR_HEIGHT + GAP),
            width=round(plot * (value or 0) / top, 1),
        )
        for index, (label, value, raw) in enumerate(shown)
    ]
    described = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    return Chart(chart_id, title, described, bars)


def funnel_chart(chart_id: str, title: str, stages: list[tuple[str, int]]) -> Chart:
    """Centred bars narrowing from the first stage, each labelled with its share of the first."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    first = stages[0][1] if stages else 0
    bars = []
    for index, (label, value) in enumerate(stages):
        width = round(plot * value / first, 1) if first else 0
        share = f" ({value / first:.0%})" if first and index else ""
        bars.append(
            Bar(
                label=label,
                value=value,
                text=f"{value}{share}",
                y=GAP + index * (BAR_HEIGHT + GAP),
                width=width,
                x=LABEL_WIDTH + (plot - width) / 2,
                colour=DARK_BLUE if index == len(stages) - 1 else BLUE,
            )
        )
    described = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    chart = Chart(chart_id, title, described, bars)
    return chart


def _text(value: float | None, percent: bool) -> str:
    if value is None:
        return "none"
    if percent:
        return f"{value:.0%}"
    return f"{value:g}" if isinstance(value, float) else str(value)
