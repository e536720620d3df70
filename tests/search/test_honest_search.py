"""Honest search: unknown words named, repairs shown, no padding, the nearest beyond the radius."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from whoosh.support.levenshtein import distance as edit_distance

from search.query import close_words, nearest_word, repair_limit
from search.table import WordList
from search.thesaurus import expand, forms_of, vocabulary
from tests.directory.refuge_world import REFUGE, World, world_fixture  # noqa: F401
from tests.search.conftest import names, small_search

HOME = (53.578, -2.429)  # BL1 1AA in these tests
KM_LAT = 1 / 111.195


@pytest.fixture
def home(app_ctx, make_postcode, make_neighbourhood):
    make_neighbourhood(code="E05000650", name="Halliwell", latitude=53.59, longitude=-2.44)
    make_postcode("BL1 1AA", *HOME, ward="E05000650")


@pytest.fixture
def repairs(app_ctx, make_service):
    """Listings that mention repair, one found only through a synonym of it, and others."""
    make_service(name="Repair cafe", description="Bring broken things to repair.")
    make_service(name="Bike workshop", description="Learn to repair your bike.")
    make_service(name="Handyperson service", description="Small jobs and maintenance at home.")
    make_service(name="Dementia cafe", description="A memory cafe.")


def api(client: FlaskClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/services/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


# Words that match nothing ---------------------------------------------------------------------


def test_words_that_match_nothing_are_named_and_the_rest_is_searched(repairs, search):
    outcome = search(q="xylophone repair")
    assert outcome.unmatched == ["xylophone"]
    # The one word left is weak evidence: what says "repair" is found, not its synonyms.
    assert sorted(names(outcome)) == ["Bike workshop", "Repair cafe"]
    # Said alone, "repair" is the whole need, and its synonyms count too.
    assert "Handyperson service" in names(search(q="repair"))


def test_a_query_mostly_of_unknown_words_gives_no_guess_but_offers_the_known_words(
    repairs, search, client
):
    outcome = search(q="xylophone repair quantum")
    assert outcome.total == 0
    assert outcome.unmatched == ["xylophone", "quantum"]
    assert outcome.matched_query == "repair"
    assert outcome.suggested is None
    page = client.get("/search?q=xylophone+repair+quantum").get_data(as_text=True)
    message = re.sub(r"\s+", " ", page)
    assert "No services mention ‘xylophone’ or ‘quantum’" in message
    assert 'href="/search?q=repair"' in page
    body = api(client, q="xylophone repair quantum")
    assert body["results"] == [] and body["total"] == 0
    assert body["unmatched_words"] == ["xylophone", "quantum"]
    assert body["matched_query"] == "repair"


def test_a_query_of_only_unknown_words_finds_nothing_and_says_so(repairs, search, client):
    outcome = search(q="xylophone quantum")
    assert outcome.total == 0 and outcome.unmatched == ["xylophone", "quantum"]
    assert outcome.matched_query is None
    page = re.sub(r"\s+", " ", client.get("/search?q=xylophone+quantum").get_data(as_text=True))
    assert "No services mention ‘xylophone’ or ‘quantum’. Try other words" in page


def test_hostile_words_are_escaped_in_the_message(repairs, client):
    page = client.get("/search", query_string={"q": "<script>x</script> repair"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<script>" not in text
    body = api(client, q="<b>zzqx</b> repair")
    assert body["unmatched_words"] == ["zzqx"]


def test_every_known_word_is_searched_with_nothing_unmatched(repairs, search):
    outcome = search(q="repair cafe")
    assert outcome.unmatched == [] and outcome.matched_query is None
    assert names(outcome)[0] == "Repair cafe"


# Typo repair by edit distance ----------------------------------------------------------------


def test_short_words_are_repaired_within_one_edit_and_long_ones_within_two():
    assert repair_limit("strok") == 1 and repair_limit("lonley") == 1
    assert repair_limit("demensia") == 2


def test_a_rare_correct_spelling_is_found_in_a_directory_of_few_listings(make_service, search):
    # One listing says "befriending": no "used five times more often" is needed.
    make_service(name="Telephone friends", description="Weekly telephone befriending.")
    make_service(name="Stroke club", description="After a stroke.")
    outcome = search(q="befreinding")
    assert names(outcome)[0] == "Telephone friends" and outcome.corrected == "befriending"
    # A swapped pair of letters is one edit, enough for a five-letter word.
    outcome = search(q="sotrke")  # two edits from "stroke": too far for six letters
    assert outcome.total == 0 and outcome.unmatched == ["sotrke"]
    outcome = search(q="strok")
    assert names(outcome) == ["Stroke club"] and outcome.corrected == "stroke"


def test_a_word_is_repaired_to_a_thesaurus_word_no_listing_uses(make_service, search):
    # No listing says "lonely"; the thesaurus does, and finds befriending through it.
    make_service(name="Telephone friends", description="Weekly telephone befriending.")
    outcome = search(q="lonley")
    assert outcome.corrected == "lonely"
    assert names(outcome) == ["Telephone friends"]


def test_the_page_shows_what_was_searched_and_offers_the_words_as_typed(
    make_service, search, client
):
    make_service(name="Dementia cafe", description="A memory cafe.")
    search(q="x")  # commit
    page = client.get("/search?q=demensia").get_data(as_text=True)
    text = re.sub(r"\s+", " ", page)
    assert "Showing results for “<strong>dementia</strong>”" in text
    assert "search instead for “demensia”" in text
    assert 'href="/search?q=demensia&amp;exact=true"' in page
    # Searching the words as typed repairs nothing, and says the word matched nothing.
    exact = api(client, q="demensia", exact="true")
    assert exact["total"] == 0 and exact["corrected_query"] is None
    assert exact["unmatched_words"] == ["demensia"]
    repaired = api(client, q="demensia")
    assert repaired["corrected_query"] == "dementia" and repaired["total"] == 1


def test_a_repair_never_picks_the_typed_words_own_form(make_service, search):
    make_service(name="Shed sessions", description="Woodwork for older men.")
    outcome = search(q="gentlemen")
    assert outcome.corrected is None
    assert names(outcome) == ["Shed sessions"]  # through the men's group of the thesaurus


def test_the_small_directory_repairs_misspellings(small_directory_app):
    for typed, meant, found in (
        ("demensia", "dementia", "Dementia cafe"),
        ("carres", "carers", "Carers' cafe"),
        ("wheelchiar", "wheelchair", "Dial-a-ride"),
        ("depresion", "depression", "Talking therapy"),
    ):
        outcome = small_search(small_directory_app, q=typed)
        assert outcome.corrected == meant
        assert found in names(outcome)


def test_repair_works_on_the_word_list_of_a_small_directory():
    words = WordList(["befriending", "carers", "dementia"], [1, 1, 1])
    assert nearest_word(words, "befrending") == "befriending"
    assert nearest_word(words, "dementai") == "dementia"
    assert nearest_word(words, "xylophone") is None
    assert nearest_word(words, "cat") is None  # too short to repair safely


# Plain words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [("man", "men"), ("woman", "women"), ("person", "people"), ("child", "children")],
)
def test_irregular_plurals_find_each_other(make_service, search, one, other):
    make_service(name=f"Group for {other}", description="A weekly group.")
    make_service(name=f"Support for any {one}", description="One to one.")
    assert set(names(search(q=one))) >= {f"Group for {other}", f"Support for any {one}"}
    assert set(names(search(q=other))) >= {f"Group for {other}", f"Support for any {one}"}
    assert other in forms_of(one) and one in forms_of(other)


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("no one to talk to", "befriending"),
        ("stuck indoors", "isolation"),
        ("funeral", "bereavement"),
        ("struggling to pay", "debt"),
        ("hard up", "money"),
        ("losing my memory", "dementia"),
        ("can't walk far", "mobility"),
        ("zimmer frame", "wheelchair"),
        ("caring for", "carer"),
    ],
)
def test_everyday_phrases_reach_their_need(said, meant):
    needs = expand(said)
    assert any((meant,) in need.synonyms for need in needs), needs


def test_the_thesaurus_vocabulary_holds_its_words_and_forms_but_no_filler():
    known = vocabulary()
    assert {"lonely", "bereavement", "children", "women"} <= known
    assert "the" not in known and "my" not in known


# Nearest beyond the radius -------------------------------------------------------------------


def test_nothing_within_the_radius_shows_the_nearest_beyond_with_distances(
    home, make_service, search, client
):
    make_service(name="Swimming club", lat=HOME[0] + 7 * KM_LAT, lon=HOME[1])
    make_service(name="Aqua swimming", lat=HOME[0] + 12 * KM_LAT, lon=HOME[1])
    make_service(name="Library", lat=HOME[0], lon=HOME[1])
    outcome = search(q="swimming", near="BL1 1AA", radius=5)
    assert outcome.total == 0
    assert [hit.record["name"] for hit in outcome.beyond] == ["Swimming club", "Aqua swimming"]
    assert outcome.beyond[0].distance_km == pytest.approx(7.0, abs=0.05)
    # Within the distance they are ordinary results, and no block beyond is shown.
    within = search(q="swimming", near="BL1 1AA", radius=10)
    assert names(within) == ["Swimming club"] and within.beyond == []
    body = api(client, q="swimming", near="BL1 1AA", radius=5)
    assert body["results"] == []
    assert [(hit["name"], hit["distance_km"]) for hit in body["nearest_beyond_radius"]] == [
        ("Swimming club", 7.0),
        ("Aqua swimming", 12.0),
    ]
    page = re.sub(r"\s+", " ", client.get("/search?q=swimming&near=BL1+1AA&radius=5").text)
    assert "No services match within 5 km of BL1 1AA" in page
    assert "The nearest 2 matches further away" in page
    assert "7.0 km away" in page and "12.0 km away" in page


def test_beyond_the_radius_keeps_the_filters(home, make_service, search):
    make_service(name="Swimming club", lat=HOME[0] + 7 * KM_LAT, lon=HOME[1], is_free=False)
    make_service(name="Free swimming", lat=HOME[0] + 9 * KM_LAT, lon=HOME[1], is_free=True)
    outcome = search(q="swimming", near="BL1 1AA", radius=2, free="true")
    assert [hit.record["name"] for hit in outcome.beyond] == ["Free swimming"]


def test_nothing_beyond_is_shown_for_words_that_match_nothing(home, make_service, search):
    make_service(name="Swimming club", lat=HOME[0] + 7 * KM_LAT, lon=HOME[1])
    outcome = search(q="xylophone", near="BL1 1AA", radius=1)
    assert outcome.total == 0 and outcome.beyond == []


def test_no_place_means_no_beyond(make_service, search):
    make_service(name="Swimming club", lat=HOME[0], lon=HOME[1])
    assert search(q="cricket").beyond == []


def test_a_refuge_is_never_listed_beyond_the_radius(client: FlaskClient, world: World):
    # "abuse" matches only the refuge, whose public point is Halliwell's centre. From every
    # postcode and distance, a search that finds nothing within it never lists the refuge
    # beyond it, with or without a distance.
    for postcode in world.postcodes:
        for radius in (1, 2, 5):
            body = api(client, q="abuse escaping", near=postcode, radius=radius)
            if body["total"]:
                continue
            assert all(hit["name"] != "Harbour refuge" for hit in body["nearest_beyond_radius"])
            # (The place searched from is echoed back: BL1 3PX is the refuge's own postcode.)
            text = json.dumps([body["results"], body["nearest_beyond_radius"]])
            assert str(REFUGE[0]) not in text and str(REFUGE[1]) not in text
            page = client.get(
                "/search", query_string={"q": "abuse escaping", "near": postcode, "radius": radius}
            ).get_data(as_text=True)
            assert "Harbour refuge" not in page and "Secret Row" not in page


def test_a_public_service_of_the_refuges_organisation_is_listed_beyond(
    client: FlaskClient, world: World
):
    # From Tiny Close (about 4 km away) the public drop-in is the nearest match beyond 1 km.
    body = api(client, q="drop-in", near="BL5 1AA", radius=1)
    assert body["total"] == 0
    beyond = body["nearest_beyond_radius"]
    assert [hit["name"] for hit in beyond] == ["Harbour drop-in"]
    assert beyond[0]["distance_km"] > 1


def test_the_openapi_document_describes_the_honest_fields(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/services/search"]["get"]
    assert "exact" in {parameter["name"] for parameter in operation["parameters"]}
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for name in ("unmatched_words", "corrected_query", "matched_query", "nearest_beyond_radius"):
        assert name in schema["properties"], name


def test_a_tampered_exact_flag_is_a_field_error_not_a_failure(client):
    page = client.get("/search?q=dementia&exact=banana")
    assert page.status_code == 400
    response = client.get("/api/v1/services/search?q=dementia&exact=banana")
    assert response.status_code == 400
    assert "exact" in response.get_json()["errors"]


@given(st.text(alphabet="abcdeilnorst", min_size=4, max_size=10), st.data())
def test_the_letter_bound_never_skips_a_word_within_reach(word, data):
    other = data.draw(st.text(alphabet="abcdeilnorst", min_size=2, max_size=12))
    limit = repair_limit(word)
    close = {found: distance for distance, found in close_words([other], word, limit)}
    if other != word and edit_distance(other, word) <= limit:
        assert other in close
