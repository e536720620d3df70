"""Keep this process's index folder a faithful replica of the database.

The database's change record (search_change, written by search.sync in the same transaction as
each change) is the only thing an index follows. A holder applies the record in `seq` order,
re-reading each changed service's current row, and notes in its generation the last `seq` it
applied; so whatever order requests finished in, whichever process died, and however many
hosts hold an index folder of their own, each converges on the last committed state.

Before every search a process compares its folder's `seq` with the record's highest one (one
indexed query) and applies what is missing. A folder with no index, an unreadable one, one
written by an older version or for another database is rebuilt: inline when the directory is
small, otherwise in a background thread while searches answer 503 (SearchUnavailable).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import delete, event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.errors import DomainError
from core.extensions import db
from directory.models import Service
from directory.services import listed_services_query
from search.engine import IndexUnavailable, Outcome, SearchEngine, SearchRequest
from search.index import APPLY_LOCK, BUILD_LOCK, IndexMissing, SearchIndex
from search.models import SearchChange
from search.sync import RECORDED, listed_records

log = logging.getLogger("signpost.search")

# Changes read and applied per index commit while catching up.
CATCH_UP_CHUNK = 2000
# Services read per short database transaction while rebuilding (keyset pages: no long read
# transaction holds SQLite's snapshot, or PostgreSQL's, for the whole rebuild).
REBUILD_PAGE = 1000
# Longest a search waits for another thread or process applying changes it must include.
CATCH_UP_WAIT = 5.0
# Directories this large or larger are rebuilt by SEARCH_BUILD_PROCS processes, smaller ones by
# the calling process alone.
PARALLEL_BUILD_FROM = 5000


class SearchUnavailable(DomainError):
    """The index cannot answer truthfully yet; the message says why and when to retry."""

    status_code = 503
    retry_after = 10


def search(engine: SearchEngine, request: SearchRequest) -> Outcome:
    """Answer from an index caught up with the database, or raise SearchUnavailable."""
    ensure_ready(engine)
    try:
        return engine.search(request)
    except IndexUnavailable:
        ensure_ready(engine)  # found unreadable just now: rebuild it (inline when small)
    try:
        return engine.search(request)
    except IndexUnavailable as error:
        raise SearchUnavailable("The search index cannot be read; it is being rebuilt.") from error


def head(session: Session) -> int:
    """The highest change record number committed so far (0 when there is none)."""
    return session.scalar(select(func.max(SearchChange.seq))) or 0


def _record_span(session: Session) -> tuple[int, int | None]:
    """(highest seq, lowest seq still kept) of the change record; (0, None) when empty."""
    top, oldest = session.execute(
        select(func.max(SearchChange.seq), func.min(SearchChange.seq))
    ).one()
    return top or 0, oldest


def prune_changes(keep_days: float, now: datetime) -> int:
    """Delete change records older than `keep_days`, always keeping the newest; flushes.

    An index holder that was further behind than what is kept can no longer catch up change by
    change: `ensure_ready` sees the gap and rebuilds it.
    """
    newest = head(db.session)
    result = db.session.execute(
        delete(SearchChange).where(
            SearchChange.committed_at < now - timedelta(days=keep_days),
            SearchChange.seq < newest,
        )
    )
    db.session.flush()
    return result.rowcount or 0


def ensure_ready(engine: SearchEngine) -> None:
    """Bring the index up to the database before a search, or raise SearchUnavailable."""
    index = engine.index
    with Session(db.engine) as session:
        top, oldest = _record_span(session)
    applied = index.applied_seq()
    broken = engine.broken is not None and engine.broken == index.generation()
    pruned_past = applied is not None and oldest is not None and applied < oldest - 1
    if applied is None or broken or applied > top or pruned_past:
        # No index, an unreadable one, one built from another database's record, or one so far
        # behind that the changes it lacks were pruned (prune_changes).
        _recover(engine)
        return
    behind = top - applied
    if behind == 0:
        return
    if behind > current_app.config["SEARCH_CATCH_UP_INLINE"]:
        _in_background(engine, "catch-up", lambda: catch_up(engine, blocking=True))
        raise SearchUnavailable(
            f"The search index is {behind} changes behind the directory and is catching up."
        )
    try:
        _catch_up_to(engine, top)
    except SQLAlchemyError:
        raise
    except Exception:  # an outdated or damaged generation cannot take the changes: rebuild it
        log.exception("could not apply changes to the search index in %s", index.directory)
        engine.broken = index.generation()
        _recover(engine)


def _catch_up_to(engine: SearchEngine, top: int) -> None:
    """Apply changes up to `top`, or wait (a little) while another thread or process does.

    The follower, another worker or another request may hold the apply lock; a search waits
    for it rather than answer without a change that has committed. Past CATCH_UP_WAIT seconds
    (only a huge or stuck catch-up takes so long) it answers from the index as it is.
    """
    deadline = time.monotonic() + CATCH_UP_WAIT
    while not catch_up(engine, blocking=False):
        applied = engine.index.applied_seq()
        if applied is None or applied >= top or time.monotonic() > deadline:
            return
        time.sleep(0.005)


def _recover(engine: SearchEngine) -> None:
    log.warning(
        "the search index in %s is missing, unreadable, outdated or of another database: "
        "rebuilding it",
        engine.index.directory,
    )
    with Session(db.engine) as session:
        size = session.scalar(select(func.count()).select_from(listed_services_query().subquery()))
    if size <= current_app.config["SEARCH_REBUILD_INLINE"]:
        try:
            rebuild(engine)
            return
        except RebuildRunning:
            pass
    else:
        _in_background(engine, "rebuild", lambda: rebuild(engine))
    raise SearchUnavailable("The search index is being rebuilt.")


class RebuildRunning(RuntimeError):
    """Another process or thread is rebuilding this index folder."""


_background_lock = threading.Lock()
_background: dict[int, threading.Thread] = {}


def _in_background(engine: SearchEngine, name: str, work: Callable[[], Any]) -> None:
    """Run `work` in one background thread per engine (none when one is already running)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            try:
                work()
            except RebuildRunning:
                pass
            except Exception:
                log.exception("search index %s failed; the next search tries again", name)
            finally:
                db.session.remove()
                with _background_lock:
                    _background.pop(id(engine), None)

    with _background_lock:
        if id(engine) in _background:
            return
        thread = threading.Thread(target=run, name=f"search-{name}", daemon=True)
        _background[id(engine)] = thread
    thread.start()


def follow(app: Flask) -> None:
    """Start this process's follower, once (in each worker, after any fork).

    Every SEARCH_FOLLOW_SECONDS it applies what the change record holds that the index lacks
    (made by any process on any host) and opens the new snapshot, so the first search after an
    edit finds the index ready instead of applying the change itself. Searches still check
    before answering (`ensure_ready`): the follower saves them work and never decides what
    they see. A thread started before a fork is not alive in the child, which starts its own.
    """
    seconds = app.config["SEARCH_FOLLOW_SECONDS"]
    engine: SearchEngine | None = app.extensions.get("search")
    if not seconds or engine is None or _following(engine):
        return
    with _background_lock:
        if _following(engine):
            return
        engine.follower = threading.Thread(
            target=_follow, args=(app, engine, seconds), name="search-follower", daemon=True
        )
        engine.follower.start()


def _following(engine: SearchEngine) -> bool:
    """A follower runs for this engine in this process, or the engine is closed."""
    return engine.closed.is_set() or (engine.follower is not None and engine.follower.is_alive())


def _follow(app: Flask, engine: SearchEngine, seconds: float) -> None:
    failing = False
    while not engine.closed.wait(seconds):
        with app.app_context():
            try:
                follow_once(engine)
            except Exception as error:  # an unreachable database, a damaged index: searches say so
                if not failing:  # the class only: a database error's text may quote data
                    log.warning(
                        "the search follower could not apply changes (%s); searches apply "
                        "them themselves",
                        type(error).__name__,
                    )
                failing = True
            else:
                failing = False
            finally:
                db.session.remove()


def follow_once(engine: SearchEngine) -> None:
    """Apply the changes the index lacks, if few, and open the snapshot that includes them.

    A missing, damaged or far-behind index is left to `ensure_ready`, which knows how to
    answer searches meanwhile.
    """
    applied = engine.index.applied_seq()
    if applied is None or engine.broken is not None:
        return
    with Session(db.engine) as session:
        top = head(session)
    if 0 < top - applied <= current_app.config["SEARCH_CATCH_UP_INLINE"]:
        catch_up(engine, blocking=False)
    engine.refresh(warm=True)


def catch_up(engine: SearchEngine, blocking: bool) -> bool:
    """Apply every committed change the index lacks, in order; False when another holds the lock.

    Reading the changes and then the rows they name, in one short transaction per chunk, means
    each document is written as it stands at or after its change: the last commit wins.
    """
    index = engine.index
    with index.lock(APPLY_LOCK, blocking) as held:
        if not held:
            return False
        applied = index.applied_seq()
        if applied is not None:  # else nothing to apply to: the next search rebuilds
            _apply_changes_after(index, applied)
        return True


def _apply_changes_after(index: SearchIndex, seq: int, generation: Path | None = None) -> int:
    """Apply every change numbered after `seq` to a generation; return the last one applied."""
    while True:
        with Session(db.engine) as session:
            changes = session.execute(
                select(SearchChange.seq, SearchChange.service_id)
                .where(SearchChange.seq > seq)
                .order_by(SearchChange.seq)
                .limit(CATCH_UP_CHUNK)
            ).all()
            if not changes:
                return seq
            ids = {service_id for _seq, service_id in changes}
            records = list(listed_records(session, ids))
        listed = {record["id"] for record in records}
        seq = changes[-1].seq
        index.apply(records, sorted(ids - listed), seq=seq, generation=generation)


def rebuild(engine: SearchEngine, progress: Callable[[int], None] | None = None) -> int:
    """Build a new generation aside, replay what changed meanwhile, and publish it.

    Searches keep reading the published generation, and changes keep being applied to it, for
    the whole build; only the replay and the swap hold the apply lock.
    """
    index = engine.index
    with index.lock(BUILD_LOCK, blocking=False) as held:
        if not held:
            raise RebuildRunning(str(index.directory))
        with Session(db.engine) as session:
            start = head(session)
            size = session.scalar(
                select(func.count()).select_from(listed_services_query().subquery())
            )
        # Rows read after `start` are at least as new as it; the replay re-reads any later one.
        procs = current_app.config["SEARCH_BUILD_PROCS"]
        if procs > 1 and size >= PARALLEL_BUILD_FROM:
            app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
            parts = [partial(_part_in_pages, app, part, procs) for part in range(procs)]
            generation, written = index.build_parallel(parts, progress=progress)
        else:  # starting processes costs more than it saves on a small directory
            generation, written = index.build(_listed_in_pages(), progress=progress)
        with index.lock(APPLY_LOCK, blocking=True):
            seq = _apply_changes_after(index, start, generation)
            index.publish(generation, seq)
    engine.broken = None
    return written


def _part_in_pages(app: Flask, part: int, parts: int) -> Iterator[dict[str, Any]]:
    """In a forked build process: the records of every `parts`-th listed service."""
    with app.app_context():
        # Connections pooled by the parent are the parent's: never use them here.
        db.engine.dispose(close=False)
        yield from _listed_in_pages(part, parts)


def _listed_in_pages(part: int = 0, parts: int = 1) -> Iterator[dict[str, Any]]:
    """Every listed service's record (or one part's share), in keyset pages of short reads."""
    last = 0
    while True:
        with Session(db.engine) as session:
            query = (
                listed_services_query()
                .with_only_columns(Service.id)
                .where(Service.id > last)
                .order_by(Service.id)
                .limit(REBUILD_PAGE)
            )
            if parts > 1:
                query = query.where(Service.id % parts == part)
            ids = list(session.scalars(query))
            if not ids:
                return
            records = list(listed_records(session, ids))
        yield from records
        last = ids[-1]


def readiness() -> tuple[bool, dict[str, Any]]:
    """Whether this process can answer searches truthfully now, and the figures that say so."""
    engine: SearchEngine = current_app.extensions["search"]
    with Session(db.engine) as session:
        top = head(session)
    applied = engine.index.applied_seq()
    behind = None if applied is None else top - applied
    ready = (
        applied is not None
        and engine.broken is None
        and 0 <= top - applied <= current_app.config["SEARCH_CATCH_UP_INLINE"]
    )
    return ready, {"change_seq": top, "index_seq": applied, "behind": behind}


def _after_commit(session: Session) -> None:
    """Apply this process's own committed changes straight away (never waiting for a lock)."""
    if not session.info.pop(RECORDED, False) or not has_app_context():
        return
    engine = current_app.extensions.get("search")
    if engine is None:
        return
    try:
        catch_up(engine, blocking=False)
    except (IndexMissing, IndexUnavailable):
        pass  # the next search rebuilds
    except Exception:  # the commit and its change rows stand; the next search applies them
        log.exception("could not bring the search index up to date")


def register_catch_up_on_commit() -> None:
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
