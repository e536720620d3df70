"""The state machine: every allowed move, and every forbidden one."""

from __future__ import annotations

import itertools

import pytest

from core.errors import InvalidTransition
from referrals.states import (
    DECLINE_REASONS,
    NOT_COMPLETED_REASONS,
    ReferralReason,
    ReferralState,
    Side,
    check_transition,
    transitions_from,
)

S = ReferralState
ALLOWED = {
    (S.SENT, S.ACCEPTED): (Side.PROVIDER, None),
    (S.SENT, S.DECLINED): (Side.PROVIDER, ReferralReason.NO_CAPACITY),
    (S.ACCEPTED, S.COMPLETED): (Side.PROVIDER, None),
    (S.ACCEPTED, S.NOT_COMPLETED): (Side.PROVIDER, ReferralReason.DID_NOT_ATTEND),
    (S.SENT, S.WITHDRAWN): (Side.COORDINATOR, None),
    (S.ACCEPTED, S.WITHDRAWN): (Side.COORDINATOR, None),
    (S.SENT, S.EXPIRED): (Side.SYSTEM, None),
}


@pytest.mark.parametrize(("move", "how"), ALLOWED.items(), ids=lambda v: str(v))
def test_allowed_moves(move, how) -> None:
    source, target = move
    side, reason = how
    transition = check_transition(source, target, side, reason)
    assert (transition.source, transition.target) == move


FORBIDDEN = [m for m in itertools.product(S, S) if m not in ALLOWED]


@pytest.mark.parametrize("move", FORBIDDEN, ids=lambda m: f"{m[0]}->{m[1]}")
def test_every_other_move_is_refused_for_every_side(move) -> None:
    for side in Side:
        for reason in (None, ReferralReason.OTHER):
            with pytest.raises(InvalidTransition):
                check_transition(move[0], move[1], side, reason)


@pytest.mark.parametrize(("move", "how"), ALLOWED.items(), ids=lambda v: str(v))
def test_allowed_moves_only_for_their_side(move, how) -> None:
    side, reason = how
    for other in set(Side) - {side}:
        with pytest.raises(InvalidTransition, match="Only the"):
            check_transition(move[0], move[1], other, reason)


def test_closed_states_have_no_way_out() -> None:
    for state in S:
        assert state.is_closed == (transitions_from(state) == [])


def test_decline_needs_one_of_its_reasons() -> None:
    with pytest.raises(InvalidTransition, match="reason"):
        check_transition(S.SENT, S.DECLINED, Side.PROVIDER, None)
    with pytest.raises(InvalidTransition, match="reason"):
        check_transition(S.SENT, S.DECLINED, Side.PROVIDER, ReferralReason.DID_NOT_ATTEND)
    for reason in DECLINE_REASONS:
        assert check_transition(S.SENT, S.DECLINED, Side.PROVIDER, reason).target is S.DECLINED


def test_not_completed_needs_one_of_its_reasons() -> None:
    with pytest.raises(InvalidTransition):
        check_transition(S.ACCEPTED, S.NOT_COMPLETED, Side.PROVIDER, ReferralReason.NO_CAPACITY)
    for reason in NOT_COMPLETED_REASONS:
        check_transition(S.ACCEPTED, S.NOT_COMPLETED, Side.PROVIDER, reason)


def test_moves_without_a_reason_refuse_one() -> None:
    with pytest.raises(InvalidTransition, match="takes no reason"):
        check_transition(S.SENT, S.ACCEPTED, Side.PROVIDER, ReferralReason.OTHER)


def test_invalid_transition_is_a_conflict() -> None:
    with pytest.raises(InvalidTransition) as caught:
        check_transition(S.COMPLETED, S.ACCEPTED, Side.PROVIDER)
    assert caught.value.status_code == 409
