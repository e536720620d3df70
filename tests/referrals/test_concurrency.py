"""Two people answering the same referral at once: exactly one wins (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest

from accounts.models import User
from core.errors import Conflict
from core.extensions import db
from referrals import services
from referrals.models import Referral
from referrals.states import ReferralReason, ReferralState


@pytest.mark.postgres_only
@pytest.mark.committed  # two threads, two connections
def test_accept_and_decline_race_has_one_winner(app, request, is_postgres) -> None:
    if not is_postgres:
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to lose")
    with app.app_context():
        world = request.getfixturevalue("world")
        referral = services.send_referral(
            world.coordinator,
            world.client,
            world.service,
            theme=world.service.themes[0],
            reason="Lonely",
            consent_to_share_on=world.client.consent_given_on,
        )
        db.session.commit()
        referral_id, provider_id = referral.id, world.provider.id

    both_read = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def answer(target: ReferralState, reason: ReferralReason | None) -> None:
        with app.app_context():
            found = db.session.get(Referral, referral_id)
            provider = db.session.get(User, provider_id)
            _ = found.client, found.action, found.service, found.organisation, found.sent_by
            both_read.wait(timeout=10)  # both have read version 1 before either writes
            try:
                services.transition(found, target, by=provider, reason=reason)
                db.session.commit()
                outcomes[target.value] = "won"
            except Conflict:
                db.session.rollback()
                outcomes[target.value] = "conflict"
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=answer, args=(ReferralState.ACCEPTED, None)),
        threading.Thread(target=answer, args=(ReferralState.DECLINED, ReferralReason.NO_CAPACITY)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict", "won"], outcomes
    winner = next(state for state, result in outcomes.items() if result == "won")
    with app.app_context():
        final = db.session.get(Referral, referral_id)
        assert final.state.value == winner
        assert final.version == 2
        assert [e.to_state.value for e in final.events] == ["sent", winner]
