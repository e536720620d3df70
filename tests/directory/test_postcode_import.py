from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from core.extensions import db
from directory.gazetteer import Postcode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_import_loads_rows_and_counts_those_without_coordinates(app, runner) -> None:
    result = runner.invoke(args=["postcodes", "import", str(FIXTURES / "postcodes_small.csv")])
    assert result.exit_code == 0, result.output
    assert "Imported 4 postcodes; skipped 2 with no coordinates." in result.output
    with app.app_context():
        row = db.session.get(Postcode, "BL3 5AB")
        assert (row.outward, row.latitude, row.longitude, row.neighbourhood_code) == (
            "BL3",
            53.5658,
            -2.4331,
            "E05000656",
        )
        assert db.session.get(Postcode, "BL9 9ZZ") is None


def test_import_again_replaces_rather_than_duplicates(app, runner) -> None:
    path = str(FIXTURES / "postcodes_small.csv")
    assert runner.invoke(args=["postcodes", "import", path]).exit_code == 0
    assert runner.invoke(args=["postcodes", "import", path]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Postcode)) == 4


def test_bad_lines_are_reported_by_line_and_nothing_is_written(app, runner) -> None:
    result = runner.invoke(args=["postcodes", "import", str(FIXTURES / "postcodes_bad.csv")])
    assert result.exit_code == 1
    assert "line 3: “NOTAPOSTCODE” is not a valid postcode" in result.output
    assert "line 4: could not convert string to float" in result.output
    assert "line 5: BL3 5AB appears more than once" in result.output
    assert "3 line(s) have problems; nothing was imported" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Postcode)) == 0


def test_a_file_without_nspl_columns_is_refused(runner, tmp_path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("postcode,latitude\nBL3 5AB,53.5\n")
    result = runner.invoke(args=["postcodes", "import", str(path)])
    assert result.exit_code == 1
    assert "no pcds, lat, long, osward column" in result.output
