"""Item 5 of issue 14: a large CSV import beside the web app leaves searches and sign-ins
answered (SQLite: WAL, a busy timeout, and imports committed in batches; PostgreSQL: row
locks only). How long they waited is measured by bench/import_beside_web.py, not asserted."""

from __future__ import annotations

import csv
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from core.extensions import db
from directory import csv_io
from directory.models import Service
from tests.accounts.conftest import PASSWORD

ROWS = 600
# PostgreSQL never stalls other writers on an import, and its per-row round trips are slower.
ROWS_ON_POSTGRES = 150


def write_rows(path: Path, count: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=csv_io.COLUMN_NAMES)
        writer.writeheader()
        for number in range(count):
            writer.writerow(
                {
                    "organisation_name": f"Organisation {number // 5}",
                    "organisation_kind": "faith",
                    "service_name": f"Warm space {number}",
                    "description": "Tea, toast and a warm room.",
                    "themes": "house_and_home; friends_and_family",
                    "access_methods": "drop_in",
                    "opening_times": "Mon 10:00-12:00; Thu 13:00-15:00",
                    "location_name": f"Hall {number}",
                    "address_1": "1 Chapel Street",
                    "town": "Bolton",
                    "postcode": "BL3 5AB",
                }
            )
    return path


@pytest.fixture
def app_config() -> dict[str, Any]:
    # A short busy timeout: without batch commits, a sign-in would give up (503) mid-import.
    return {"SQLITE_BUSY_TIMEOUT_MS": 5000, "SQLITE_IMPORT_BATCH": 25}


@pytest.mark.committed  # the import, searches and sign-ins run in threads of their own
def test_searches_and_sign_ins_are_answered_during_a_large_import(
    app, runner, make_user, make_postcode, tmp_path, is_postgres
) -> None:
    rows = ROWS_ON_POSTGRES if is_postgres else ROWS
    with app.app_context():
        make_postcode("BL3 5AB", 53.5658, -2.4331)
        email = make_user(name="Sam Signin").email
        db.session.commit()
    path = write_rows(tmp_path / "rows.csv", rows)
    importing = threading.Event()
    importing.set()
    statuses: Counter[tuple[str, int]] = Counter()
    lock = threading.Lock()
    result: dict[str, Any] = {}

    def run_import() -> None:
        try:
            result["import"] = runner.invoke(args=["import", "csv", str(path)])
        finally:
            importing.clear()

    def browse(kind: str) -> None:
        client = app.test_client()
        while importing.is_set():
            if kind == "search":
                status = client.get("/search?q=warm+space").status_code
            else:
                status = client.post(
                    "/login", data={"email": email, "password": PASSWORD}
                ).status_code
                client.post("/logout")
            with lock:
                statuses[(kind, status)] += 1

    threads = [threading.Thread(target=run_import)]
    threads += [threading.Thread(target=browse, args=(kind,)) for kind in ("search", "sign in")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)

    assert result["import"].exit_code == 0, result["import"].output
    assert f"{rows} new" in result["import"].output
    assert statuses[("search", 200)] > 0 and statuses[("sign in", 302)] > 0, statuses
    assert {status for _, status in statuses} <= {200, 302}, statuses
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Service)) == rows
