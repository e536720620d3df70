"""Jinja filters and globals shared by every feature's templates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask

from core.fields import web_address
from core.site import site_url


def format_date(value: date | datetime | None, missing: str = "") -> str:
    """Format a date the GOV.UK way: 3 March 2026."""
    if value is None:
        return missing
    return f"{value.day} {value:%B %Y}"


def format_time(value: Any) -> str:
    """Format a time the GOV.UK way: 10am, 1:30pm, midday."""
    if value is None:
        return ""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(format_date, "govuk_date")
    app.add_template_filter(format_time, "govuk_time")
    app.add_template_global(site_url, "site_url")
    app.add_template_filter(web_address, "web_address")

    @app.context_processor
    def inject_site() -> dict[str, Any]:
        return {"borough_name": app.config["BOROUGH_NAME"]}
