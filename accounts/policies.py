"""Policies for the records accounts owns (registered when imported).

Actions used here: "view", "list", "create", "edit" and "revoke" (API token). The directory's
records have theirs in directory/policies.py, with the invitations to join an organisation.
"""

from __future__ import annotations

from typing import Any

from accounts.models import ApiToken, AuditEvent, Role, Team, User
from core.outbox import OutboxMessage
from core.permissions import is_signed_in, policy


def is_capacity_lead(user: Any) -> bool:
    return is_signed_in(user) and user.has_role(Role.CAPACITY_LEAD)


@policy(User)
def user_policy(user: Any, action: str, record: Any) -> bool:
    """People see their own account; only the capacity lead administers accounts."""
    if is_capacity_lead(user):
        return True
    return (
        not isinstance(record, type)
        and action == "view"
        and is_signed_in(user)
        and record.id == user.id
    )


@policy(Team)
@policy(OutboxMessage)
@policy(AuditEvent)
def capacity_lead_only_policy(user: Any, action: str, record: Any) -> bool:
    """Teams, the email outbox and the audit log are the capacity lead's alone."""
    return is_capacity_lead(user)


@policy(ApiToken)
def api_token_policy(user: Any, action: str, token: Any) -> bool:
    """Anyone signed in keeps their own tokens; nobody else sees or revokes them."""
    if not is_signed_in(user):
        return False
    if isinstance(token, type):
        return action in {"list", "create"}
    return action in {"view", "revoke"} and token.user_id == user.id
