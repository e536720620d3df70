"""Every CSV Signpost writes is safe to open in a spreadsheet: no cell runs as a formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from accounts.models import AuditEvent
from core.extensions import db
from core.spreadsheets import safe_cell
from tests.referrals.test_views import sign_in

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "accounts", "directory", "search", "referrals", "admin", "openreferral")
DANGEROUS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # full-width =
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_every_dangerous_first_character_is_defused(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-5", "+44", "3.25", "-0.5", "", "Walking group", 7, None])
def test_numbers_and_plain_text_are_left_alone(value) -> None:
    assert safe_cell(value) == value


def test_no_module_writes_csv_but_through_the_safe_writer() -> None:
    writers = []
    for package in PACKAGES + ("frontdoors",):
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "core" / "spreadsheets.py":
                continue
            if re.search(r"csv\.(writer|DictWriter)\(", path.read_text()):
                writers.append(str(path.relative_to(ROOT)))
    assert not writers


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_the_listing_export_defuses_names(client, site, app, make_service) -> None:
    with app.app_context():
        for name in DANGEROUS:
            make_service(name=name)
        db.session.commit()
    sign_in(client, site.capacity_lead)
    cells = _cells(client.get("/admin/listings/export.csv").get_data(as_text=True))
    for name in DANGEROUS:
        assert "'" + name in cells and name not in cells, repr(name)


def test_the_audit_export_defuses_user_agents(client, site, app) -> None:
    with app.app_context():
        for agent in DANGEROUS:
            db.session.add(
                AuditEvent(action="view", record_type="client", record_id="1", user_agent=agent)
            )
        db.session.commit()
    sign_in(client, site.capacity_lead)
    cells = _cells(client.get("/admin/audit.csv").get_data(as_text=True))
    for agent in DANGEROUS:
        assert "'" + agent in cells and agent not in cells, repr(agent)
