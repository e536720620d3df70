"""Who may see safeguarding concerns (registered with core.permissions on import).

A concern is seen by the client's co-ordinators (whoever's caseload holds the client), by the
leaders of the client's team, and by the capacity lead, who oversees safeguarding across
teams. Only the client's co-ordinators raise a concern (caseload.edit on the client); those who
see it may record its outcome.
"""

from __future__ import annotations

from typing import Any

from accounts.models import Role
from core.permissions import is_signed_in, policy
from referrals.models import Client
from referrals.policies import is_team_leader, sees_client
from referrals.safeguarding_models import SafeguardingConcern

# Roles that see every team's concerns.
OVERSEEING_ROLES = (Role.CAPACITY_LEAD,)


def oversees_safeguarding(user: Any) -> bool:
    return is_signed_in(user) and any(user.has_role(role) for role in OVERSEEING_ROLES)


def lists_concerns(user: Any) -> bool:
    """Who has a list of open concerns: the capacity lead (all) and team leaders (their teams')."""
    return oversees_safeguarding(user) or is_team_leader(user)


def can_see_safeguarding(user: Any, client: Client | None = None) -> bool:
    """Whether `user` sees safeguarding concerns on `client` (None: on anyone at all).

    The one rule for concerns: pages, the API, the client page's flag and the lists use it.
    Co-ordinators see their caseload's concerns, team leaders those of the teams they lead
    (`sees_client`, the same rule as the client record).
    """
    if oversees_safeguarding(user):
        return True
    if client is None:
        return is_signed_in(user) and (user.has_role(Role.COORDINATOR) or is_team_leader(user))
    return sees_client(user, client)


@policy(SafeguardingConcern)
def safeguarding_policy(user: Any, action: str, concern: Any) -> bool:
    if isinstance(concern, type):
        return action == "list" and can_see_safeguarding(user)
    return action in {"view", "edit"} and can_see_safeguarding(user, concern.client)
