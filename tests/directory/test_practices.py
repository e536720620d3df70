"""GP practices: the epraccur import (all or nothing, problems by line), PCN links, the CLI."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select

from core.extensions import db
from directory.practices import Practice, PracticeStatus

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "bolton"


def epraccur_line(
    code: str, name: str, postcode: str = "BL3 5AB", status: str = "A", setting: str = "4"
) -> list[str]:
    """One line in epraccur's 27-column layout, with the columns Signpost ignores filled in."""
    return [
        code, name, "Y62", "QOP", name, "1 HIGH STREET", "BOLTON", "", "", postcode, "20000401",
        "", status, "B", "00T", "20130401", "", "01204 000000", "", "", "", "0", "", "00T", "",
        setting, "",
    ]  # fmt: skip


def write(path: Path, rows: list[list[str]]) -> str:
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    return str(path)


def practices(app) -> dict[str, Practice]:
    with app.app_context():
        found = {p.ods_code: p for p in db.session.scalars(select(Practice))}
        db.session.expunge_all()
        return found


GOOD = [
    epraccur_line("Y91001", "FICTIONAL ST JOHN'S SURGERY"),
    epraccur_line("y91002", "Fictional Moor Practice", postcode="bl14qs"),
    epraccur_line("Y91003", "FICTIONAL OLD SURGERY", status="C"),
]
PCNS = [
    ["practice_code", "pcn_code", "pcn_name"],
    ["Y91001", "U91001", "Fictional Central PCN"],
    ["Y91002", "U91001", "Fictional Central PCN"],
]


def test_import_loads_practices_with_their_pcn(app, runner, tmp_path) -> None:
    result = runner.invoke(
        args=[
            "practices", "import", write(tmp_path / "epraccur.csv", GOOD),
            "--pcn", write(tmp_path / "pcn.csv", PCNS),
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Imported 3 record(s)" in result.output and "3 new" in result.output
    found = practices(app)
    assert set(found) == {"Y91001", "Y91002", "Y91003"}
    first = found["Y91001"]
    assert (first.name, first.postcode, first.status) == (
        "Fictional St John's Surgery",
        "BL3 5AB",
        PracticeStatus.OPEN,
    )
    assert (first.pcn_code, first.pcn_name) == ("U91001", "Fictional Central PCN")
    assert found["Y91002"].postcode == "BL1 4QS"
    assert found["Y91002"].name == "Fictional Moor Practice"
    assert found["Y91003"].status is PracticeStatus.CLOSED
    assert found["Y91003"].pcn_code is None


def test_importing_again_updates_instead_of_repeating(app, runner, tmp_path) -> None:
    path = write(tmp_path / "epraccur.csv", GOOD)
    pcn = write(tmp_path / "pcn.csv", PCNS)
    assert runner.invoke(args=["practices", "import", path, "--pcn", pcn]).exit_code == 0
    again = runner.invoke(args=["practices", "import", path])
    assert again.exit_code == 0, again.output
    assert "0 new, 0 updated, 3 unchanged" in again.output
    # Without a PCN file each practice keeps its PCN.
    assert practices(app)["Y91001"].pcn_code == "U91001"
    renamed = [epraccur_line("Y91001", "FICTIONAL NEW NAME SURGERY", status="C"), *GOOD[1:]]
    result = runner.invoke(args=["practices", "import", write(tmp_path / "e2.csv", renamed)])
    assert "0 new, 1 updated, 2 unchanged" in result.output
    found = practices(app)
    assert (found["Y91001"].name, found["Y91001"].status) == (
        "Fictional New Name Surgery",
        PracticeStatus.CLOSED,
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Practice)) == 3


def test_bad_lines_are_reported_one_by_one_and_nothing_is_written(app, runner, tmp_path) -> None:
    rows = [
        epraccur_line("Y91001", "FICTIONAL GOOD SURGERY"),
        epraccur_line("Y9-001", "FICTIONAL BAD CODE"),
        epraccur_line("Y91003", ""),
        epraccur_line("Y91004", "FICTIONAL BAD POSTCODE", postcode="NOT A POSTCODE"),
        epraccur_line("Y91005", "FICTIONAL BAD STATUS", status="X"),
        ["Y91006", "FICTIONAL SHORT LINE", "Y62"],
        epraccur_line("Y91001", "FICTIONAL SAME CODE AGAIN"),
        epraccur_line("Y91008", "FICTIONAL BAD SETTING", setting="four"),
    ]
    result = runner.invoke(args=["practices", "import", write(tmp_path / "bad.csv", rows)])
    assert result.exit_code == 1
    output = result.output
    assert "Row 2 (Y9-001): organisation_code: Enter an ODS code" in output
    assert "Row 3 (Y91003): name: Every practice needs a name" in output
    assert "Row 4 (Y91004): postcode:" in output
    assert "Row 5 (Y91005): status_code: The status code must be A, C, D or P" in output
    assert "Row 6 (Y91006): the line has 3 columns; epraccur lines have at least 13" in output
    assert "Row 7 (Y91001): the id Y91001 is also on row 1" in output
    assert "Row 8 (Y91008): prescribing_setting: The prescribing setting must be a number" in output
    assert "nothing was imported" in output
    assert practices(app) == {}


def test_a_bad_pcn_file_stops_the_whole_import(app, runner, tmp_path) -> None:
    path = write(tmp_path / "epraccur.csv", GOOD)
    bad = [
        ["practice_code", "pcn_code", "pcn_name"],
        ["Y91001", "U91001", ""],
        ["Y91002", "U91001", "Fictional Central PCN"],
        ["Y91002", "U91002", "Fictional Other PCN"],
    ]
    result = runner.invoke(
        args=["practices", "import", path, "--pcn", write(tmp_path / "pcn.csv", bad)]
    )
    assert result.exit_code == 1
    assert "Row 2 (Y91001): pcn_name: Every line needs the PCN's name" in result.output
    assert "Row 4 (Y91002): the practice is also in a PCN on row 3" in result.output
    assert practices(app) == {}
    wrong = write(tmp_path / "wrong.csv", [["code", "name"], ["Y91001", "x"]])
    result = runner.invoke(args=["practices", "import", path, "--pcn", wrong])
    assert result.exit_code == 1 and "needs the columns practice_code,pcn_code,pcn_name" in (
        result.output
    )


def test_the_epcn_core_partner_sheet_is_read_and_ended_links_ignored(app, runner, tmp_path) -> None:
    epcn = [
        [
            "PCN Code", "PCN Name", "Partner Organisation Code", "Partner Name",
            "Practice to PCN Relationship Start Date", "Practice to PCN Relationship End Date",
        ],
        ["U91009", "Fictional Old PCN", "Y91001", "x", "20190701", "20220331"],
        ["U91001", "Fictional Central PCN", "Y91001", "x", "20220401", ""],
        ["U91002", "Fictional Moor PCN", "Y91002", "x", "20190701", ""],
        ["U91002", "Fictional Moor PCN", "Y99999", "x", "20190701", ""],
    ]  # fmt: skip
    result = runner.invoke(
        args=[
            "practices", "import", write(tmp_path / "epraccur.csv", GOOD),
            "--pcn", write(tmp_path / "epcn.csv", epcn),
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 practice(s) in" in result.output and "Y99999" in result.output
    found = practices(app)
    assert found["Y91001"].pcn_code == "U91001"
    assert (found["Y91002"].pcn_code, found["Y91002"].pcn_name) == ("U91002", "Fictional Moor PCN")


def test_a_dry_run_writes_nothing(app, runner, tmp_path) -> None:
    path = write(tmp_path / "epraccur.csv", GOOD)
    result = runner.invoke(args=["practices", "import", path, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would import 3 record(s)" in result.output
    assert practices(app) == {}


def test_the_demo_practices_are_fictional_and_well_formed(app, runner) -> None:
    result = runner.invoke(
        args=[
            "practices", "import", str(SEEDS / "epraccur_demo.csv"),
            "--pcn", str(SEEDS / "pcns_demo.csv"),
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = practices(app)
    assert found and all(code.startswith("Y9") for code in found)
    assert all(p.pcn_code is None or p.pcn_code.startswith("U9") for p in found.values())
    with (SEEDS / "epraccur_demo.csv").open(encoding="utf-8") as stream:
        assert {len(line) for line in csv.reader(stream)} == {27}
