"""Care-language synonyms and typo repair."""

from __future__ import annotations

from search.thesaurus import SYNONYM_GROUPS, expand
from tests.search.conftest import names


def test_there_are_at_least_sixty_groups_with_no_empty_entries():
    assert len(SYNONYM_GROUPS) >= 60
    assert all(
        len(group) >= 2 and all(entry.strip() for entry in group) for group in SYNONYM_GROUPS
    )


def test_phrases_are_found_before_their_words_and_filler_is_dropped():
    needs = expand("I am looking after my mum since she fell")
    typed = [need.typed for need in needs]
    assert ("looking", "after") in typed
    assert ("since",) not in typed and ("my",) not in typed
    assert ("carer",) in next(n.synonyms for n in needs if n.typed == ("looking", "after"))


def test_what_people_say_finds_what_services_say(make_service, search):
    make_service(name="Bereavement support group", description="For people who have lost someone.")
    make_service(name="Debt and benefits advice", themes=["money"])
    make_service(name="Strength and balance classes", description="Exercise to prevent falls.")
    make_service(name="Carers centre", description="Support for unpaid carers.")
    make_service(name="Dementia cafe", description="A memory cafe.")
    assert names(search(q="lonely since my wife died"))[0] == "Bereavement support group"
    assert names(search(q="money worries"))[0] == "Debt and benefits advice"
    assert names(search(q="she keeps falling"))[0] == "Strength and balance classes"
    assert names(search(q="unsteady on her feet"))[0] == "Strength and balance classes"
    assert names(search(q="looking after my husband"))[0] == "Carers centre"
    assert names(search(q="getting forgetful"))[0] == "Dementia cafe"


def test_the_word_typed_outranks_its_synonyms(make_service, search):
    make_service(name="Befriending service")
    make_service(name="Lonely hearts lunch")
    assert names(search(q="lonely")) == ["Lonely hearts lunch", "Befriending service"]


def test_misspelt_words_still_find_results_with_a_suggestion(make_service, search):
    make_service(name="Bereavement support group")
    make_service(name="Dementia cafe")
    # Stemming alone forgives some slips...
    assert names(search(q="bereavment")) == ["Bereavement support group"]
    # ...and edit distance repairs the rest, saying what it searched for.
    outcome = search(q="demencia")
    assert names(outcome) == ["Dementia cafe"]
    assert outcome.corrected == "dementia"
    outcome = search(q="support for my husbands dementai")
    assert names(outcome)[0] == "Dementia cafe"
    assert outcome.corrected == "support for my husbands dementia"


def test_a_query_of_unknown_words_finds_nothing_without_error(make_service, search):
    make_service(name="Dementia cafe")
    outcome = search(q="xqzv")
    assert outcome.total == 0
    assert outcome.corrected is None


def test_a_misspelling_some_listing_shares_is_offered_the_common_spelling(
    make_service, search, client
):
    for area in ("Farnworth", "Halliwell", "Breightmet", "Horwich", "Kearsley"):
        make_service(name=f"Befriending in {area}", description="Weekly befriending visits.")
    make_service(name="Phone friends", description="Telephone befrending for older people.")
    # "befrending" is in one listing, so it is searched as typed and finds little...
    outcome = search(q="befrending")
    assert names(outcome) == ["Phone friends"]
    assert outcome.corrected is None
    assert outcome.suggested == "befriending"
    # ...and the page offers the spelling most listings use, as a link that searches it.
    page = client.get("/search?q=befrending").get_data(as_text=True)
    assert "Did you mean befriending?" in page
    assert 'href="/search?q=befriending"' in page
    api = client.get("/api/v1/services/search?q=befrending").get_json()
    assert api["did_you_mean"] == "befriending"
    # A query that finds plenty is offered nothing.
    assert search(q="befriending").suggested is None
