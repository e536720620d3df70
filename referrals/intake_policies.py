"""Who may take referrals in and triage them (registered with core.permissions on import).

Class actions on IntakeReferral: "list" (the triage queue), "log" (a referral received by phone
or letter) and "invite" (standing links for known referrers) belong to co-ordinators; "refer"
to members of a referring partner organisation. On one referral, "triage" belongs to the
co-ordinators of the team it was made to: anyone else is answered as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from core.permissions import is_signed_in, policy
from referrals.intake_models import IntakeReferral
from referrals.policies import is_coordinator


def is_referring_partner(user: Any) -> bool:
    return is_signed_in(user) and any(m.is_referring_partner for m in user.memberships)


@policy(IntakeReferral)
def intake_policy(user: Any, action: str, referral: Any) -> bool:
    if isinstance(referral, type):
        if action == "refer":
            return is_referring_partner(user)
        return action in {"list", "log", "invite"} and is_coordinator(user)
    return action == "triage" and is_coordinator(user) and referral.team_id in user.team_ids
