from __future__ import annotations

import pytest

from core.extensions import db
from directory import geo
from directory.gazetteer import Place


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("BL3 5AB", "BL3 5AB"),
        ("bl35ab", "BL3 5AB"),
        ("  Bl3   5aB ", "BL3 5AB"),
        ("M1 1AE", "M1 1AE"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_full_postcodes_are_normalised(typed: str, expected: str) -> None:
    assert geo.normalise_postcode(typed) == expected


@pytest.mark.parametrize("typed", ["BL3", "bl3", " BL3 ", "M1", "EC1A"])
def test_outward_codes_parse_without_inward_part(typed: str) -> None:
    parsed = geo.parse_postcode(typed)
    assert not parsed.is_full
    assert parsed.outward == typed.strip().upper()


@pytest.mark.parametrize("typed", ["BL3 5A", "3BL 5AB", "BL3 5CI", "BLL3 5AB", "BL3 5AB1", "12345"])
def test_malformed_postcodes_say_what_is_expected(typed: str) -> None:
    with pytest.raises(geo.InvalidPostcode, match="not a valid postcode"):
        geo.parse_postcode(typed)


def test_normalise_rejects_an_outward_code_with_an_example() -> None:
    with pytest.raises(geo.InvalidPostcode, match="Enter a full postcode, like BL3 5AB"):
        geo.normalise_postcode("BL3")


def test_haversine_is_close_to_geodesic_within_the_borough() -> None:
    args = (53.5658, -2.4331, 53.6, -2.55)
    assert geo.haversine_km(*args) == pytest.approx(geo.geodesic_km(*args), rel=0.004)
    assert 8 < geo.geodesic_km(*args) < 9


def test_bounding_box_encloses_the_radius() -> None:
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(53.58, -2.43, 5)
    assert geo.haversine_km(53.58, -2.43, max_lat, -2.43) == pytest.approx(5, rel=1e-3)
    assert geo.haversine_km(53.58, -2.43, 53.58, max_lon) == pytest.approx(5, rel=1e-2)
    assert min_lat < 53.58 < max_lat and min_lon < -2.43 < max_lon


def test_resolves_full_postcode_outward_code_neighbourhood_and_town(
    app_ctx, make_postcode, make_neighbourhood
) -> None:
    make_postcode("BL3 5AB", 53.56, -2.43, "E05000656")
    make_postcode("BL3 6QT", 53.58, -2.45, "E05000665")
    make_neighbourhood(code="E05000656", name="Great Lever", latitude=53.561, longitude=-2.425)
    db.session.add(Place(name="Farnworth", latitude=53.548, longitude=-2.399))

    full = geo.resolve_place("bl35ab")
    assert (full.kind, full.label, full.outward, full.neighbourhood_code) == (
        "postcode",
        "BL3 5AB",
        "BL3",
        "E05000656",
    )
    outward = geo.resolve_place("BL3")
    assert outward.kind == "outward"
    assert outward.latitude == pytest.approx(53.57)
    assert outward.longitude == pytest.approx(-2.44)
    hood = geo.resolve_place("  great   LEVER ")
    assert (hood.kind, hood.label, hood.neighbourhood_code) == (
        "neighbourhood",
        "Great Lever",
        "E05000656",
    )
    town = geo.resolve_place("farnworth")
    assert (town.kind, town.latitude) == ("place", 53.548)


def test_unknown_places_get_specific_messages(app_ctx, make_postcode) -> None:
    make_postcode("BL3 5AB", 53.56, -2.43)
    with pytest.raises(geo.UnknownPlace, match="could not find the postcode BL3 5AD"):
        geo.resolve_place("BL3 5AD")
    with pytest.raises(geo.UnknownPlace, match="any postcodes starting BL9"):
        geo.resolve_place("BL9")
    with pytest.raises(geo.UnknownPlace, match="place called “Atlantis”"):
        geo.resolve_place("Atlantis")
    with pytest.raises(geo.InvalidPostcode):
        geo.resolve_place("BL3 5A")


def test_online_geocoder_is_never_called_unless_configured(app_ctx, monkeypatch) -> None:
    def fail(query: str) -> None:
        raise AssertionError("the network must not be used")

    monkeypatch.setattr(geo, "_nominatim_lookup", fail)
    with pytest.raises(geo.UnknownPlace):
        geo.resolve_place("Ramsbottom")


def test_online_geocoder_answers_are_cached(app_ctx, monkeypatch) -> None:
    calls: list[str] = []

    def lookup(query: str) -> tuple[float, float]:
        calls.append(query)
        return (53.64, -2.32)

    app_ctx.config["GEOCODER_ONLINE"] = True
    monkeypatch.setattr(geo, "_nominatim_lookup", lookup)
    first = geo.resolve_place("Ramsbottom")
    second = geo.resolve_place("ramsbottom")
    assert (first.kind, first.latitude, second.longitude) == ("geocoded", 53.64, -2.32)
    assert calls == ["Ramsbottom"]
