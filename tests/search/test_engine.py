"""The index follows the database: commits, rollbacks, deletes and a full reindex."""

from __future__ import annotations

import logging
import shutil

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from directory.models import ServiceStatus
from search import services
from search.models import SearchChange
from tests.search.conftest import names


def test_a_committed_listing_is_searchable(make_service, search):
    make_service(name="Tuesday lunch club", description="A hot meal and company.")
    assert names(search(q="lunch")) == ["Tuesday lunch club"]


def test_a_rolled_back_listing_never_reaches_the_index(app_ctx: Flask, make_service, search):
    make_service(name="Knitting circle")
    db.session.rollback()
    assert search(q="knitting").total == 0
    assert services.engine().count() == 0


def test_a_failed_commit_leaves_the_index_as_it_was(app_ctx: Flask, make_service, search):
    service = make_service(name="Chair yoga")
    other = make_service(name="Gardening club")
    db.session.commit()
    service.name = "Chair based exercise"
    service.uuid = other.uuid  # breaks a unique constraint: the commit fails
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert names(search(q="yoga")) == ["Chair yoga"]
    assert search(q="exercise").total == 0


def test_changes_unpublishing_and_deletion_follow_the_database(
    app_ctx: Flask, make_service, search
):
    service = make_service(name="Memory cafe", description="For people living with dementia.")
    assert names(search(q="memory")) == ["Memory cafe"]

    service.name = "Forget me not cafe"
    db.session.commit()
    assert names(search(q="forget")) == ["Forget me not cafe"]

    service.status = ServiceStatus.INACTIVE
    db.session.commit()
    assert search(q="forget").total == 0

    service.status = ServiceStatus.ACTIVE
    db.session.commit()
    assert search(q="forget").total == 1

    service.organisation.is_published = False
    db.session.commit()
    assert search(q="forget").total == 0

    service.organisation.is_published = True
    db.session.commit()
    db.session.delete(service)
    db.session.commit()
    assert search(q="forget").total == 0
    assert services.engine().count() == 0


def test_a_location_moving_moves_the_result(app_ctx: Flask, make_service, make_postcode, search):
    make_postcode("BL1 1AA", 53.578, -2.429)
    service = make_service(name="Walking group", lat=53.578, lon=-2.429)
    assert search(q="walking", near="BL1 1AA", radius=1).total == 1
    service.locations[0].latitude = 53.70  # about 13 km north
    db.session.commit()
    assert search(q="walking", near="BL1 1AA", radius=1).total == 0


def test_reindex_gives_the_same_results_as_incremental_updates(
    app_ctx: Flask, make_service, runner, search
):
    for number in range(6):
        make_service(
            name=f"Befriending group {number}",
            description="Company for lonely older people" if number % 2 else "Weekly chat",
            themes=["friends_and_family", "emotional_wellbeing"][: 1 + number % 2],
        )
    queries = [{"q": "lonely"}, {"q": "befriending"}, {"theme": ["emotional_wellbeing"]}]
    incremental = [(names(search(**q)), search(**q).counts) for q in queries]
    result = runner.invoke(args=["search", "reindex", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Indexed 6 services" in result.output
    rebuilt = [(names(search(**q)), search(**q).counts) for q in queries]
    assert rebuilt == incremental


def test_searches_in_another_process_see_new_generations(app_ctx: Flask, make_service, search):
    from search.engine import SearchEngine, SearchRequest

    make_service(name="Gardening club")
    assert search(q="gardening").total == 1
    other = SearchEngine(services.engine().index)  # as a second web worker would
    assert other.search(SearchRequest(text="gardening")).total == 1
    make_service(name="Allotment gardening project")
    db.session.commit()
    assert other.search(SearchRequest(text="gardening")).total == 2
    other.close()


def test_an_index_written_by_an_older_version_is_reported_and_rebuilt(
    app_ctx: Flask, make_service, runner, search, caplog
):
    from whoosh import index as whoosh_index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, STORED, TEXT, Schema

    from search.index import text_analyzer

    make_service(name="Dementia cafe")
    assert search(q="dementia").total == 1
    engine = services.engine()
    engine.close()
    generation = engine.index.generation()
    shutil.rmtree(generation)
    generation.mkdir()
    # The layout before the "did you mean" words left the postings.
    older = Schema(
        id=ID(unique=True, stored=True),
        text=TEXT(analyzer=text_analyzer(), phrase=False),
        vocab=TEXT(analyzer=StandardAnalyzer(stoplist=None, minsize=3), phrase=False),
        record=STORED,
    )
    whoosh_index.create_in(str(generation), older)
    # Caught up with the change record (only its layout is old).
    top = db.session.scalar(select(func.max(SearchChange.seq)))
    (generation / "state.json").write_text(f'{{"seq": {top}}}')
    assert not engine.index.is_current()
    # The first search finds it outdated, says so, and (the directory being small) rebuilds it.
    with caplog.at_level(logging.WARNING, logger="signpost.search"):
        assert search(q="dementia").total == 1
    assert "built by an older version" in caplog.text
    assert engine.index.is_current()
    outcome = search(q="demencia")
    assert names(outcome) == ["Dementia cafe"]
    assert outcome.corrected == "dementia"
