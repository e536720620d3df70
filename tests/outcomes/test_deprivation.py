"""Deprivation deciles from the NSPL's LSOA and IMD columns, and the demo gazetteer's."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.extensions import db
from directory.deprivation import decile_from_rank, decile_of_postcode, read_deprivation
from directory.gazetteer import Place, Postcode

DEMO = Path(__file__).resolve().parents[2] / "seeds" / "bolton" / "postcodes.csv"
HEADER = "pcds,lat,long,osward,lsoa21,imd\n"


@pytest.mark.parametrize(
    ("rank", "lsoa", "decile"),
    [
        (1, "E01004780", 1),
        (3284, "E01004780", 1),  # 3,284.4 areas to a decile in England
        (3285, "E01004780", 2),
        (32844, "E01004780", 10),
        (191, "W01000001", 2),  # Wales: 1,909 areas
        (6976, "S01006506", 10),  # Scotland: 6,976 data zones
        (89, "95AA01S1", 1),  # Northern Ireland: 890 super output areas
        (5, None, None),  # no area: the nation (and so the decile) is unknown
    ],
)
def test_an_imd_rank_becomes_a_decile_of_its_nation(rank, lsoa, decile):
    assert decile_from_rank(rank, lsoa) == decile


def test_a_rank_outside_the_nation_is_refused():
    with pytest.raises(ValueError, match="outside 1 to 32844"):
        decile_from_rank(32845, "E01004780")


def test_a_decile_column_wins_and_lsoa11_is_read_when_lsoa21_is_absent():
    assert read_deprivation({"lsoa11": "E01004780", "imd_decile": "3", "imd": "1"}) == (
        "E01004780",
        3,
    )
    assert read_deprivation({"pcds": "BL1 1AA"}) == (None, None)
    for bad in ({"imd_decile": "11"}, {"imd_decile": "x"}, {"imd": "-4"}, {"lsoa21": "E01;DROP"}):
        with pytest.raises(ValueError):
            read_deprivation(bad)


def test_the_import_reads_lsoa_and_imd_rank(app, runner, tmp_path):
    path = tmp_path / "nspl.csv"
    path.write_text(
        HEADER
        + "BL1 1AA,53.58,-2.43,E05000657,E01004780,120\n"
        + "BL7 9ZZ,53.62,-2.41,E05000653,E01004800,30000\n"
        + "BL9 9XX,53.60,-2.30,,,\n"
    )
    result = runner.invoke(args=["postcodes", "import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        deprived = db.session.get(Postcode, "BL1 1AA")
        assert (deprived.lsoa_code, deprived.imd_decile) == ("E01004780", 1)
        assert db.session.get(Postcode, "BL7 9ZZ").imd_decile == 10
        assert db.session.get(Postcode, "BL9 9XX").imd_decile is None
        assert decile_of_postcode("BL1 1AA") == 1 and decile_of_postcode(None) is None


def test_a_bad_imd_value_is_reported_by_line_and_nothing_is_written(app, runner, tmp_path):
    path = tmp_path / "nspl.csv"
    path.write_text(
        HEADER
        + "BL1 1AA,53.58,-2.43,E05000657,E01004780,120\n"
        + "BL7 9ZZ,53.62,-2.41,E05000653,E01004800,99999\n"
        + "BL9 9XX,53.60,-2.30,,E01004801,many\n"
    )
    result = runner.invoke(args=["postcodes", "import", str(path)])
    assert result.exit_code == 1
    assert "line 3: IMD rank 99999 is outside 1 to 32844" in result.output
    assert "line 4: IMD rank 'many' is not a whole number" in result.output
    assert "nothing was imported" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Postcode)) == 0


def test_the_demo_gazetteer_has_a_decile_for_every_borough_postcode():
    with DEMO.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    in_borough = [row for row in rows if row["osward"]]
    assert in_borough and all(
        row["imd_decile"] in {str(d) for d in range(1, 11)} for row in in_borough
    )
    assert all(row["imd_decile"] == "" for row in rows if not row["osward"])
    assert len({row["imd_decile"] for row in in_borough}) >= 8  # a spread, not one value


def test_the_demo_places_get_deciles(demo_app):
    with demo_app.app_context():
        places = db.session.scalars(select(Place)).all()
        assert places and all(place.imd_decile in range(1, 11) for place in places)
