"""Who may see safeguarding concerns (registered with accounts.permissions on import).

A concern is seen by the client's co-ordinators (whoever's caseload holds the client) and by
the capacity lead, who oversees safeguarding across teams. Only the client's co-ordinators
raise a concern (caseload.edit on the client); those who see it may record its outcome.
"""

from __future__ import annotations

from typing import Any

from accounts.models import Role
from accounts.permissions import is_signed_in, policy
from referrals.models import Client
from referrals.policies import coordinator_sees_client
from referrals.safeguarding_models import SafeguardingConcern

# Roles that see every team's concerns.
OVERSEEING_ROLES = (Role.CAPACITY_LEAD,)


def oversees_safeguarding(user: Any) -> bool:
    return is_signed_in(user) and any(user.has_role(role) for role in OVERSEEING_ROLES)


def can_see_safeguarding(user: Any, client: Client | None = None) -> bool:
    """Whether `user` sees safeguarding concerns on `client` (None: on anyone at all).

    The one rule for concerns: pages, the API, the client page's flag and the lists use it.
    A role that sees its own team's concerns joins with one line here, for example
    `or (user.has_role(Role.TEAM_LEADER) and client.team_id in user.team_ids)`.
    """
    if oversees_safeguarding(user):
        return True
    if client is None:
        return is_signed_in(user) and user.has_role(Role.COORDINATOR)
    return coordinator_sees_client(user, client)


@policy(SafeguardingConcern)
def safeguarding_policy(user: Any, action: str, concern: Any) -> bool:
    if isinstance(concern, type):
        return action == "list" and can_see_safeguarding(user)
    return action in {"view", "edit"} and can_see_safeguarding(user, concern.client)
