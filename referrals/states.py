"""The one state machine every referral transition goes through.

States and the moves between them, who may make each move (the receiving organisation, the
referring co-ordinator, or the system clock) and which reasons a move accepts. Services call
`check_transition` before changing anything, so an invalid move changes nothing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from core.enums import LabelledEnum
from core.errors import InvalidTransition


class ReferralState(LabelledEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"

    @property
    def is_closed(self) -> bool:
        return self not in OPEN_STATES

    @property
    def colour(self) -> str:
        """GOV.UK tag colour for this state."""
        return {
            "sent": "blue",
            "accepted": "turquoise",
            "declined": "red",
            "completed": "green",
            "not_completed": "orange",
            "withdrawn": "grey",
            "expired": "yellow",
        }[self.value]


OPEN_STATES = frozenset({ReferralState.SENT, ReferralState.ACCEPTED})


class ReferralReason(LabelledEnum):
    """Why a referral was declined or not completed."""

    NO_CAPACITY = "no_capacity", "No capacity"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    COULD_NOT_CONTACT = "could_not_contact", "Could not contact the person"
    PERSON_DECLINED = "person_declined", "The person declined"
    DID_NOT_ATTEND = "did_not_attend", "The person did not attend"
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"
    OTHER = "other", "Other"


DECLINE_REASONS = (
    ReferralReason.NO_CAPACITY,
    ReferralReason.NOT_ELIGIBLE,
    ReferralReason.COULD_NOT_CONTACT,
    ReferralReason.PERSON_DECLINED,
    ReferralReason.OTHER,
)
NOT_COMPLETED_REASONS = (
    ReferralReason.COULD_NOT_CONTACT,
    ReferralReason.PERSON_DECLINED,
    ReferralReason.DID_NOT_ATTEND,
    ReferralReason.NO_LONGER_NEEDED,
    ReferralReason.OTHER,
)


class Side(enum.StrEnum):
    """Who may make a move."""

    PROVIDER = "provider"
    COORDINATOR = "coordinator"
    SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    source: ReferralState
    target: ReferralState
    side: Side
    verb: str  # what the button says: "Accept", "Decline"...
    reasons: tuple[ReferralReason, ...] = ()

    @property
    def needs_reason(self) -> bool:
        return bool(self.reasons)


S = ReferralState
TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.SENT, S.ACCEPTED, Side.PROVIDER, "Accept"),
    Transition(S.SENT, S.DECLINED, Side.PROVIDER, "Decline", DECLINE_REASONS),
    Transition(S.ACCEPTED, S.COMPLETED, Side.PROVIDER, "Mark completed"),
    Transition(
        S.ACCEPTED, S.NOT_COMPLETED, Side.PROVIDER, "Mark not completed", NOT_COMPLETED_REASONS
    ),  # fmt: skip
    Transition(S.SENT, S.WITHDRAWN, Side.COORDINATOR, "Withdraw"),
    Transition(S.ACCEPTED, S.WITHDRAWN, Side.COORDINATOR, "Withdraw"),
    Transition(S.SENT, S.EXPIRED, Side.SYSTEM, "Expire"),
)
_BY_MOVE = {(t.source, t.target): t for t in TRANSITIONS}


def transitions_from(state: ReferralState, side: Side | None = None) -> list[Transition]:
    """Return the moves open from `state`, optionally only those `side` may make."""
    return [t for t in TRANSITIONS if t.source is state and (side is None or t.side is side)]


def check_transition(
    source: ReferralState,
    target: ReferralState,
    side: Side,
    reason: ReferralReason | None = None,
) -> Transition:
    """Return the transition from `source` to `target`, or raise InvalidTransition."""
    transition = _BY_MOVE.get((source, target))
    if transition is None:
        raise InvalidTransition(
            f"A referral that is {source.label.lower()} cannot become {target.label.lower()}.",
            state=source.value,
        )
    if transition.side is not side:
        raise InvalidTransition(
            f"Only the {transition.side.value} can make a referral {target.label.lower()}.",
            state=source.value,
        )
    if transition.needs_reason and reason not in transition.reasons:
        raise InvalidTransition(
            "Choose a reason from the list.",
            state=source.value,
            reason=[r.value for r in transition.reasons],
        )
    if not transition.needs_reason and reason is not None:
        raise InvalidTransition(f"{transition.verb} takes no reason.", state=source.value)
    return transition
