"""The index is a replica of the database: parallel edits, two hosts, reindexing, a lost index.

Every test here compares what search answers with what the database holds.
"""

from __future__ import annotations

import multiprocessing
import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from accounts.models import Membership, Role, User
from core.extensions import db
from directory.models import CapacityStatus, Service
from search import replica, services
from search.engine import SearchEngine, SearchRequest
from search.index import APPLY_LOCK, BuildFailed, SearchIndex
from search.models import SearchChange, SearchLog
from search.sync import listed_records
from tests.conftest import make_app
from tests.isolation import dispose
from tests.listings.conftest import sign_in

committed = pytest.mark.committed


def api(client: FlaskClient, **params: Any) -> Any:
    return client.get("/api/v1/services/search", query_string=params)


def answers(client: FlaskClient, q: str) -> dict[str, tuple[str, int | None]]:
    """What the search API says of each service found by `q`: capacity and weeks of wait."""
    response = api(client, q=q, per_page=100)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {
        hit["id"]: (hit["capacity"], hit["waitlist_weeks"])
        for hit in response.get_json()["results"]
    }


def database_says(app: Flask) -> dict[str, tuple[str, int | None]]:
    with app.app_context():
        rows = db.session.execute(
            select(Service.uuid, Service.capacity_status, Service.waitlist_weeks)
        ).all()
        db.session.remove()
    return {uuid: (status.value, weeks) for uuid, status, weeks in rows}


def until(condition: Callable[[], bool], seconds: float = 60.0) -> bool:
    """Poll a condition (never a timing assertion: the bound only stops a broken test hanging)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def provider_world(app: Flask, make_service: Callable[..., Service]) -> dict[str, Any]:
    """Two waiting-list services of one organisation, and eight of its providers."""
    with app.app_context():
        first = make_service(name="Befriending by phone", description="Weekly calls.")
        second = make_service(
            name="Befriending visits", description="Weekly visits.", organisation=first.organisation
        )
        users = []
        for number in range(8):
            user = User(email=f"provider{number}@example.org", name=f"Provider {number}")
            user.roles = {Role.PROVIDER}
            user.memberships.append(Membership(organisation=first.organisation))
            db.session.add(user)
            users.append(user)
        db.session.commit()
        world = {"uuids": [first.uuid, second.uuid], "users": [u.get_id() for u in users]}
        services.rebuild_index()
        db.session.remove()
    return world


@committed
def test_parallel_capacity_edits_leave_search_saying_what_the_database_says(
    app: Flask, provider_world: dict[str, Any]
) -> None:
    """Eight provider sessions each save capacity eight times, all at once, through the app."""
    failures: list[str] = []
    saved: list[str] = []
    refused: list[str] = []
    start = threading.Barrier(8)

    def provider(user_id: str, seed: int) -> None:
        client = app.test_client()
        sign_in(client, user_id)
        rng = random.Random(seed)  # noqa: S311 - test data
        start.wait()
        for _ in range(8):
            uuid = rng.choice(provider_world["uuids"])
            try:
                response = client.post(
                    f"/manage/services/{uuid}/capacity",
                    data={"capacity_status": "waitlist", "waitlist_weeks": str(rng.randint(1, 52))},
                )
            except IntegrityError:
                # Two saves of one service numbering their listing versions alike (a directory
                # defect outside search): that save is refused, and search must not show it.
                refused.append(uuid)
                continue
            if response.status_code == 302:
                saved.append(uuid)
            elif response.status_code == 409:  # refused as a conflicting save: not in search
                refused.append(uuid)
            else:
                failures.append(f"{response.status_code} {response.get_data(as_text=True)[:200]}")

    threads = [
        threading.Thread(target=provider, args=(user, seed))
        for seed, user in enumerate(provider_world["users"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(saved) >= 8, f"{len(refused)} of 64 saves refused"
    truth = database_says(app)
    assert {status for status, _weeks in truth.values()} == {CapacityStatus.WAITLIST.value}
    # A second worker's engine on the same folder, and this one, say what the database says.
    assert answers(app.test_client(), "befriending") == truth


def _save_capacity_in_a_process(
    url: str, instance: str, index: str, user_id: str, uuids: list[str], seed: int
) -> tuple[int, int]:
    """One worker process of its own (as gunicorn's): eight capacity saves; (saved, refused)."""
    worker = make_app(url, Path(instance), SEARCH_INDEX_DIR=index)
    client = worker.test_client()
    sign_in(client, user_id)
    rng = random.Random(seed)  # noqa: S311 - test data
    saved = refused = 0
    for _ in range(8):
        try:
            response = client.post(
                f"/manage/services/{rng.choice(uuids)}/capacity",
                data={"capacity_status": "waitlist", "waitlist_weeks": str(rng.randint(1, 52))},
            )
        except IntegrityError:
            refused += 1
            continue
        assert response.status_code in (302, 409), response.status_code
        saved += response.status_code == 302
        refused += response.status_code == 409
    dispose(worker)
    return saved, refused


@committed
def test_parallel_capacity_edits_in_eight_processes_leave_search_saying_what_the_database_says(
    app: Flask, provider_world: dict[str, Any], tmp_path: Path
) -> None:
    """As with gunicorn: eight worker processes on one index folder, saving at once."""
    index = str(app.extensions["search"].index.directory)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    # A fork server that imported this module once forks each worker: clean processes with no
    # connection of this one's, without each importing the app again (a second apiece).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(8, mp_context=context) as pool:
        results = list(
            pool.map(
                _save_capacity_in_a_process,
                *zip(
                    *[
                        (url, str(tmp_path / f"w{n}"), index, user, provider_world["uuids"], n)
                        for n, user in enumerate(provider_world["users"])
                    ],
                    strict=True,
                ),
            )
        )
    assert sum(saved for saved, _ in results) >= 8
    assert answers(app.test_client(), "befriending") == database_says(app)


@pytest.fixture
def second_host(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """Another app server on the same database, with an index folder of its own."""
    other = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path / "second-host",
        SEARCH_INDEX_DIR=str(tmp_path / "second-host-index"),
    )
    yield other
    dispose(other)


@committed
def test_an_edit_on_one_host_is_found_on_another(
    app: Flask, second_host: Flask, make_service: Callable[..., Service]
) -> None:
    with app.app_context():
        service = make_service(name="Men's shed", description="Woodwork and company.")
        db.session.commit()
        uuid = service.uuid
        db.session.remove()
    here, there = app.test_client(), second_host.test_client()
    assert list(answers(there, "shed")) == [uuid]  # its first search builds its own index
    assert api(there, q="carpentry").get_json()["total"] == 0
    for weeks in range(1, 6):  # edits through the first host only
        with app.app_context():
            row = db.session.get(Service, service.id)
            row.description = "Carpentry, woodwork and company."
            row.capacity_status, row.waitlist_weeks = CapacityStatus.WAITLIST, weeks
            db.session.commit()
            db.session.remove()
        assert answers(there, "carpentry") == {uuid: ("waitlist", weeks)}
        assert answers(here, "carpentry") == {uuid: ("waitlist", weeks)}
    assert Path(app.extensions["search"].index.directory) != Path(
        second_host.extensions["search"].index.directory
    )


def test_a_change_whose_index_write_never_happened_is_applied_by_the_next_search(
    app_ctx: Flask, make_service: Callable[..., Service]
) -> None:
    """As if the process died between its commit and its index write: the change waits."""
    services.rebuild_index()
    index = services.engine().index
    with index.lock(APPLY_LOCK, blocking=True):  # another process is busy with the index
        make_service(name="Repair cafe")
        db.session.commit()  # its own catch-up finds the lock taken, and skips
        before = index.applied_seq()
    newest = db.session.scalar(select(func.max(SearchChange.seq)))
    assert before is not None and before < newest
    outcome = services.search_services({"q": "repair"}).outcome
    assert [hit.record["name"] for hit in outcome.hits] == ["Repair cafe"]
    assert index.applied_seq() == newest


def test_reindex_on_an_empty_database_gives_an_empty_index(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "reindex", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Indexed 0 services" in result.output
    assert api(app.test_client(), q="anything").get_json()["total"] == 0


def test_a_second_reindex_at_once_does_nothing_and_says_why(app: Flask) -> None:
    runner = app.test_cli_runner()
    with app.app_context():
        index = services.engine().index
    with index.lock("build.lock", blocking=True):
        result = runner.invoke(args=["search", "reindex", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Another reindex" in result.output and "is running; nothing done" in result.output


def test_a_lost_index_is_rebuilt_by_the_next_search_when_the_directory_is_small(
    app_ctx: Flask, make_service: Callable[..., Service], client: FlaskClient
) -> None:
    make_service(name="Chess club")
    db.session.commit()
    assert api(client, q="chess").get_json()["total"] == 1
    services.engine().index.destroy()
    assert api(client, q="chess").get_json()["total"] == 1


# Whoosh leaves a file open when a truncated segment fails to load, out of our reach.
whoosh_leaks = pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)


def _truncate_segments(index_folder: Path) -> None:
    segments = list(index_folder.glob("gen-*/*.seg"))
    assert segments
    for segment in segments:
        segment.write_bytes(segment.read_bytes()[:40])


@whoosh_leaks
def test_a_corrupt_index_is_rebuilt_when_small(
    app_ctx: Flask, make_service: Callable[..., Service], client: FlaskClient
) -> None:
    make_service(name="Choir for everyone")
    db.session.commit()
    assert api(client, q="choir").get_json()["total"] == 1
    engine = services.engine()
    engine.close()
    _truncate_segments(engine.index.directory)
    assert api(client, q="choir").get_json()["total"] == 1


@pytest.fixture
def big_directory() -> dict[str, Any]:
    """Settings that make every rebuild a background one, as for a large directory."""
    return {"SEARCH_REBUILD_INLINE": -1}


@committed
@whoosh_leaks
@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_missing_or_corrupt_index_answers_503_until_rebuilt_and_is_not_logged(
    damage: str,
    app_config: dict[str, Any],
    big_directory: dict[str, Any],
    make_service: Callable[..., Service],
    request: pytest.FixtureRequest,
) -> None:
    app_config.update(big_directory, SEARCH_LOG_BATCH=1)
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        make_service(name="Dementia cafe")
        db.session.commit()
        services.rebuild_index()
        db.session.remove()
    client = app.test_client()
    assert api(client, q="dementia").get_json()["total"] == 1
    engine = app.extensions["search"]
    engine.close()
    if damage == "missing":
        engine.index.destroy()
    else:
        _truncate_segments(engine.index.directory)
    # Hold the build lock, as a slow rebuild would, so the 503 is seen for certain.
    with engine.index.lock("build.lock", blocking=True):
        page = client.get("/search?q=dementia")
        response = api(client, q="dementia")
        ready = client.get("/readyz")
    assert page.status_code == 503
    assert page.headers["Retry-After"].isdigit()
    assert "Search is being brought up to date" in page.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_json()["status"] == 503
    assert ready.status_code == 503
    assert client.get("/healthz").status_code == 200
    # The background rebuild finishes (the next search starts it if need be).
    assert until(lambda: api(client, q="dementia").status_code == 200)
    assert api(client, q="dementia").get_json()["total"] == 1
    assert client.get("/readyz").status_code == 200
    with app.app_context():
        services.flush_search_log()
        logged = db.session.scalars(select(SearchLog.result_count)).all()
        db.session.remove()
    assert logged and 0 not in logged  # the unanswered searches were not logged as "nothing"


@committed
def test_reindex_never_makes_a_search_wait_and_keeps_edits_made_meanwhile(
    app: Flask, make_service: Callable[..., Service], monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        first = make_service(name="Walking football")
        make_service(name="Walking netball")
        db.session.commit()
        first_id = first.id
        services.rebuild_index()
        db.session.remove()
    paged = replica._listed_in_pages  # noqa: SLF001 - pause the build half way
    building, go_on = threading.Event(), threading.Event()

    def slow_pages() -> Iterator[dict[str, Any]]:
        for number, record in enumerate(paged()):
            if number == 1:
                building.set()
                go_on.wait(60)
            yield record

    monkeypatch.setattr(replica, "_listed_in_pages", slow_pages)
    errors: list[BaseException] = []

    def reindex() -> None:
        with app.app_context():
            try:
                services.rebuild_index()
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

    thread = threading.Thread(target=reindex)
    thread.start()
    try:
        assert building.wait(60)
        client = app.test_client()
        with app.app_context():  # an edit during the build
            db.session.get(Service, first_id).name = "Walking rugby"
            db.session.commit()
            db.session.remove()
        # Answered from the published generation, already caught up: nothing waits.
        assert sorted(h["name"] for h in api(client, q="walking").get_json()["results"]) == [
            "Walking netball",
            "Walking rugby",
        ]
        assert client.get("/readyz").status_code == 200
    finally:
        go_on.set()
        thread.join()
    assert errors == []
    # The new generation replayed the edit made while it was built.
    found = api(app.test_client(), q="walking").get_json()["results"]
    assert sorted(h["name"] for h in found) == ["Walking netball", "Walking rugby"]


def test_a_search_log_that_cannot_be_written_never_fails_the_search(
    app_ctx: Flask,
    make_service: Callable[..., Service],
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_service(name="Lunch club")
    db.session.commit()
    app_ctx.config["SEARCH_LOG_BATCH"] = 1

    def locked(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(services, "insert", locked)
    assert api(client, q="lunch").get_json()["total"] == 1
    assert client.get("/search?q=lunch").status_code == 200
    monkeypatch.undo()
    assert services.flush_search_log() == 2  # kept, and written once the database takes them


def test_readyz_says_how_far_behind_the_index_is(
    app_ctx: Flask, make_service: Callable[..., Service], client: FlaskClient
) -> None:
    # No index yet: asking starts what a search would, and a small directory is built at once
    # (else a fresh host that a load balancer sends no traffic until ready would never be).
    first = client.get("/readyz")
    assert (first.status_code, first.get_json()["index_seq"]) == (200, 0)
    services.rebuild_index()
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["behind"] == 0
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_old_changes_are_pruned_and_a_holder_behind_them_rebuilds(
    app_ctx: Flask, make_service: Callable[..., Service], runner: Any
) -> None:
    services.rebuild_index()
    index = services.engine().index
    with index.lock(APPLY_LOCK, blocking=True):  # this folder misses every change from here
        cafe = make_service(name="Repair cafe")
        db.session.commit()
        cafe.name = "Repair cafe and tools library"
        db.session.commit()
        make_service(name="Men's shed")
        db.session.commit()
    behind = index.applied_seq()
    seqs = db.session.scalars(select(SearchChange.seq).order_by(SearchChange.seq)).all()
    assert behind is not None and behind < seqs[0]
    # Everything is older than the setting allows, so all but the newest record goes.
    for change in db.session.scalars(select(SearchChange)):
        change.committed_at = change.committed_at - timedelta(days=30)
    db.session.commit()
    result = runner.invoke(args=["search", "prune"])
    assert result.exit_code == 0, result.output
    assert f"Removed {len(seqs) - 1} search change record(s)." in result.output
    assert db.session.scalars(select(SearchChange.seq)).all() == [seqs[-1]]
    # The changes this folder lacks are gone: it cannot catch up one by one, so it rebuilds.
    outcome = services.search_services({"q": "repair"}).outcome
    assert [hit.record["name"] for hit in outcome.hits] == ["Repair cafe and tools library"]
    assert index.applied_seq() == seqs[-1]
    # A recent record is kept.
    assert runner.invoke(args=["search", "prune"]).output.startswith("Removed 0 ")


@committed
def test_a_reindex_on_two_processes_keeps_edits_made_meanwhile_and_finds_every_share(
    app: Flask, make_service: Callable[..., Service], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each build process reads its share of the ids; an edit during the build is replayed."""
    names = ["Walking football", "Walking netball", "Walking cricket", "Walking tennis"]
    with app.app_context():
        made = [make_service(name=name) for name in names]
        db.session.commit()
        first_id = made[0].id
        services.rebuild_index()
        db.session.remove()
    monkeypatch.setattr(replica, "PARALLEL_BUILD_FROM", 0)
    monkeypatch.setitem(app.config, "SEARCH_BUILD_PROCS", 2)
    paged = replica._listed_in_pages  # noqa: SLF001 - pause each build process half way
    fork = multiprocessing.get_context("fork")
    building, go_on = fork.Semaphore(0), fork.Event()

    def slow_pages(part: int = 0, parts: int = 1) -> Iterator[dict[str, Any]]:
        for record in paged(part, parts):
            building.release()
            go_on.wait(60)
            yield record

    monkeypatch.setattr(replica, "_listed_in_pages", slow_pages)
    errors: list[BaseException] = []

    def reindex() -> None:
        with app.app_context():
            try:
                services.rebuild_index()
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

    thread = threading.Thread(target=reindex)
    thread.start()
    try:
        assert building.acquire(timeout=60) and building.acquire(timeout=60)  # both started
        with app.app_context():
            db.session.get(Service, first_id).name = "Walking rugby"
            db.session.commit()
            db.session.remove()
        found = api(app.test_client(), q="walking").get_json()["results"]
        assert "Walking rugby" in {h["name"] for h in found}
    finally:
        go_on.set()
        thread.join(60)
    assert errors == []
    expected = sorted(["Walking rugby", *names[1:]])
    assert sorted(h["name"] for h in api(app.test_client(), q="walking").get_json()["results"]) == (
        expected
    )
    with app.app_context():
        ix = services.engine().index.open()
        with ix.reader() as reader:  # a segment per build process, and the replayed edit
            assert len(reader.leaf_readers()) >= 2
        db.session.remove()


def _records(app_ctx: Flask, make_service: Callable[..., Service]) -> list[dict[str, Any]]:
    for name in ("Lunch club", "Knit and natter", "Debt advice", "Walking group", "Men's shed"):
        make_service(name=name, description=f"{name} for older people.")
    db.session.flush()
    return list(listed_records(db.session))


def test_a_build_on_several_processes_answers_as_one_built_in_process(
    app_ctx: Flask, make_service: Callable[..., Service], tmp_path: Path
) -> None:
    records = _records(app_ctx, make_service)
    alone, shared = SearchIndex(tmp_path / "alone"), SearchIndex(tmp_path / "shared")
    generation, count = alone.build(iter(records))
    alone.publish(generation, 1)
    parts = [partial(iter, records[0::2]), partial(iter, records[1::2]), partial(iter, [])]
    generation, shared_count = shared.build_parallel(parts)
    shared.publish(generation, 1)
    assert count == shared_count == len(records)
    for text in ("lunch", "older people", "debt", "natter"):
        one, other = (
            SearchEngine(index).search(SearchRequest(text=text)) for index in (alone, shared)
        )
        assert one.total == other.total > 0
        assert {h.record["id"] for h in one.hits} == {h.record["id"] for h in other.hits}
    # Every segment's table was saved by the build: no reader has to build one.
    assert len(list(generation.glob("facts-*.npz"))) == 2


def test_a_failing_build_process_publishes_nothing_and_leaves_nothing(
    app_ctx: Flask, make_service: Callable[..., Service], tmp_path: Path
) -> None:
    records = _records(app_ctx, make_service)
    index = SearchIndex(tmp_path / "index")
    generation, _count = index.build(iter(records))
    index.publish(generation, 3)

    def broken() -> Iterator[dict[str, Any]]:
        yield records[0]
        raise OSError("the database went away")

    with pytest.raises(BuildFailed, match="the database went away"):
        index.build_parallel([partial(iter, records[1:]), broken])
    assert index.generation() == generation and index.applied_seq() == 3
    assert [p.name for p in index.directory.glob("gen-*")] == [generation.name]


@committed
def test_the_follower_applies_another_hosts_edit_before_any_search_asks(
    app: Flask, tmp_path: Path, make_service: Callable[..., Service]
) -> None:
    """Between searches, each process applies changes committed anywhere and opens them."""
    with app.app_context():
        service = make_service(name="Walking football")
        db.session.commit()
        service_id = service.id
        db.session.remove()
    following = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path / "following-host",
        SEARCH_INDEX_DIR=str(tmp_path / "following-index"),
        SEARCH_FOLLOW_SECONDS=0.05,
    )
    try:
        client = following.test_client()
        assert api(client, q="football").get_json()["total"] == 1  # builds; starts the follower
        engine: SearchEngine = following.extensions["search"]
        with app.app_context():  # committed on another host: nothing here hears of it
            db.session.get(Service, service_id).name = "Walking netball"
            db.session.commit()
            newest = db.session.scalar(select(func.max(SearchChange.seq)))
            db.session.remove()
        assert until(lambda: engine.index.applied_seq() == newest, seconds=30)
        # ... and the snapshot that includes it is open: the next search has nothing to do.
        assert until(lambda: engine._searcher is not None and engine._searcher.up_to_date())
        with following.app_context():
            catch_up_calls: list[bool] = []
            original = replica.catch_up
            replica.catch_up = lambda *a, **k: catch_up_calls.append(True) or original(*a, **k)
            try:
                assert api(client, q="netball").get_json()["total"] == 1
            finally:
                replica.catch_up = original
        assert catch_up_calls == []
    finally:
        dispose(following)


@committed
def test_a_search_waits_for_changes_another_holder_is_applying_rather_than_miss_them(
    app: Flask, make_service: Callable[..., Service]
) -> None:
    """The follower or another worker holds the apply lock: the search waits, then applies."""
    with app.app_context():
        services.rebuild_index()
        index = services.engine().index
        db.session.remove()
    held, release = threading.Event(), threading.Event()

    def busy() -> None:
        with index.lock(APPLY_LOCK, blocking=True):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=busy)
    holder.start()
    try:
        assert held.wait(30)
        with app.app_context():
            make_service(name="Tea dance")
            db.session.commit()  # its own catch-up finds the lock taken, and skips
            db.session.remove()
        threading.Timer(0.3, release.set).start()
        assert api(app.test_client(), q="tea dance").get_json()["total"] == 1
    finally:
        release.set()
        holder.join()
