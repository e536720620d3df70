"""Item 3 of issue 14: simultaneous writes to one record answer 409 (or the "changed while you
were looking" page) to every loser, never 500, and exactly one writer wins."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from core.extensions import db
from directory.change_models import ListingVersion
from directory.models import Service
from referrals import links
from referrals.models import Referral
from tests.operations.conftest import send_one
from tests.referrals.test_views import sign_in

THREADS = 20
# Declining closes the referral and its action: the path where an early autoflush used to raise.
DECLINE = {"reason": "no_capacity"}


def race(app: Flask, attempt: Callable[[Any], Any], threads: int = THREADS) -> Counter[int]:
    """Run `attempt(client)` in `threads` threads released at once; count the statuses."""
    start = threading.Barrier(threads)
    statuses: list[int] = []
    lock = threading.Lock()

    def run() -> None:
        client = app.test_client()
        prepared = attempt(client)
        start.wait(timeout=30)
        response = prepared()
        with lock:
            statuses.append(response.status_code)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert len(statuses) == threads
    return Counter(statuses)


def _referral(app: Flask, request: pytest.FixtureRequest) -> tuple[int, str, str]:
    with app.app_context():
        world = request.getfixturevalue("world")
        referral = send_one(world)
        db.session.commit()
        return referral.id, world.provider.get_id(), links.issue(referral)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {}


@pytest.mark.committed  # twenty threads, twenty connections
def test_twenty_api_declines_have_one_winner_and_409s(app, request) -> None:
    referral_id, provider, _ = _referral(app, request)

    def attempt(client: Any) -> Callable[[], Any]:
        sign_in(client, provider)
        return lambda: client.post(
            f"/api/v1/referrals/{referral_id}/transitions",
            json={"to": "declined", "reason": "no_capacity"},
        )

    statuses = race(app, attempt)
    assert statuses == Counter({200: 1, 409: THREADS - 1}), statuses
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert [e.to_state.value for e in referral.events] == ["sent", "declined"]
        assert referral.action.status.value == "not_done"  # closed with it, once


@pytest.mark.committed
def test_twenty_emailed_link_declines_have_one_winner_and_a_clear_page(app, request) -> None:
    referral_id, _, token = _referral(app, request)
    pages: list[str] = []

    def attempt(client: Any) -> Callable[[], Any]:
        def post() -> Any:
            response = client.post(
                f"/r/{token}", data={"move": "declined", "reason": "no_capacity", "note": ""}
            )
            pages.append(response.get_data(as_text=True))
            return response

        return post

    statuses = race(app, attempt)
    # Losers who read before the winner committed see "changed while you were looking" (409);
    # those who came after find the link closed (400). Nobody sees a 500.
    assert statuses[200] == 1 and set(statuses) <= {200, 400, 409}, statuses
    assert statuses[409] + statuses[400] == THREADS - 1
    losers = [
        page for page in pages if "There is a conflict" in page or "This referral is closed" in page
    ]
    assert len(losers) == THREADS - 1
    assert all("changed" in page or "moved on" in page or "closed" in page for page in losers)
    with app.app_context():
        assert len(db.session.get(Referral, referral_id).events) == 2


@pytest.mark.committed
def test_capacity_changes_on_a_listing_with_no_history_never_answer_500(app, request) -> None:
    with app.app_context():
        world = request.getfixturevalue("world")
        db.session.commit()
        service_uuid, provider = world.service.uuid, world.provider.get_id()
        assert db.session.scalars(select(ListingVersion)).all() == []
    choices = iter([("waitlist", "6"), ("paused", "")] * THREADS)
    choice_lock = threading.Lock()

    def attempt(client: Any) -> Callable[[], Any]:
        sign_in(client, provider)
        with choice_lock:
            status, weeks = next(choices)
        form = {"capacity_status": status, "waitlist_weeks": weeks}
        if status == "paused":
            form |= {
                "paused_until-day": "1",
                "paused_until-month": "1",
                "paused_until-year": "2099",
            }
        return lambda: client.post(f"/manage/services/{service_uuid}/capacity", data=form)

    statuses = race(app, attempt, threads=10)
    assert set(statuses) <= {302, 409}, statuses
    assert statuses[302] >= 1
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.uuid == service_uuid)).one()
        numbers = db.session.scalars(
            select(ListingVersion.number).where(ListingVersion.record_uuid == service_uuid)
        ).all()
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        latest = max(
            db.session.scalars(
                select(ListingVersion).where(ListingVersion.record_uuid == service_uuid)
            ),
            key=lambda version: version.number,
        )
        # The history's last word is the listing as it stands.
        assert latest.snapshot["capacity_status"] == service.capacity_status.value
