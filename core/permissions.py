"""The one place that decides whether a user may do something to a record.

Every feature registers a policy for its own record types:

    from core import permissions

    @permissions.policy(Referral)
    def referral_policy(user: Actor, action: str, referral: Referral | type[Referral]) -> bool:
        ...

`can(user, action, record)` then answers for any record, and `require(...)` raises
PermissionDenied (or NotFound where even the record's existence must not leak). `record`
is an instance, or the class itself for actions on no particular record ("list", "create").
A record type with no policy is denied to everyone: forgetting a policy fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Protocol, TypeVar, get_args

from core.errors import NotFound, PermissionDenied
from core.extensions import db

Record = TypeVar("Record")

# Every action a policy may be asked about. A misspelt action would otherwise be denied
# silently; typed, mypy rejects it at the call, and `can` refuses an unknown one at run time.
PermissionAction = Literal[
    "answer",  # the invited account accepts or declines an invitation to an organisation
    "approve",  # a team leader approves or returns a sign-off
    "create",
    "edit",
    "export",
    "inbox",  # a provider's referrals inbox
    "invite",
    "invite_member",
    "list",
    "log",  # a co-ordinator logs a referral received by phone or letter
    "moderate",
    "reallocate",  # a team leader moves a client to another co-ordinator of the team
    "refer",
    "respond",  # a receiving organisation accepts, declines or completes a referral
    "retry",  # the capacity lead retries a failed email
    "revoke",
    "take",  # a co-ordinator takes a self-check contact request onto their caseload
    "triage",
    "view",
    "view_shared",  # what a referral shared with the receiving organisation
    "withdraw",
]
ACTIONS: frozenset[str] = frozenset(get_args(PermissionAction))


class Actor(Protocol):
    """A signed-in User or Flask-Login's AnonymousUserMixin."""

    @property
    def is_authenticated(self) -> bool: ...


Policy = Callable[[Any, str, Any], bool]

_policies: dict[type, Policy] = {}


def policy(record_type: type) -> Callable[[Policy], Policy]:
    """Register the decorated function as the policy for `record_type` (and subclasses)."""

    def register(function: Policy) -> Policy:
        existing = _policies.get(record_type)
        if existing is not None and existing is not function:
            if _qualified(existing) != _qualified(function):
                raise ValueError(f"{record_type.__name__} already has a policy: {existing!r}")
        _policies[record_type] = function
        return function

    return register


def _qualified(function: Policy) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def policy_for(record: Any) -> Policy | None:
    """Return the policy governing `record` (an instance or a class), if any."""
    record_type = record if isinstance(record, type) else type(record)
    for klass in record_type.__mro__:
        found = _policies.get(klass)
        if found is not None:
            return found
    return None


def is_signed_in(user: Any) -> bool:
    """Whether `user` is a signed-in, still active account."""
    return bool(user is not None and user.is_authenticated and getattr(user, "active", False))


def can(user: Any, action: PermissionAction, record: Any) -> bool:
    """Return whether `user` (possibly anonymous) may do `action` to `record`."""
    if action not in ACTIONS:
        raise ValueError(
            f"Unknown permission action {action!r}: add it to core.permissions.PermissionAction"
        )
    found = policy_for(record)
    if found is None:
        return False
    return bool(found(user, action, record))


def require(user: Any, action: PermissionAction, record: Any, *, hide: bool = False) -> None:
    """Raise unless `user` may do `action` to `record`.

    With `hide=True` a refusal is a NotFound, for records whose very existence is private
    (a client, a referral): the answer is then the same as for a record that does not exist.
    """
    if can(user, action, record):
        return
    if hide:
        raise NotFound("Page not found.")
    raise PermissionDenied("You do not have permission to do that.")


def find_permitted(
    user: Any, action: PermissionAction, model: type[Record], record_id: int
) -> Record:
    """The `model` row `record_id` if `user` may do `action` to it, else NotFound.

    A record the user may not touch is answered exactly as one that does not exist, so its
    existence does not leak (a client, a referral, someone else's invitation).
    """
    record = db.session.get(model, record_id)
    if record is None:
        raise NotFound("Page not found.")
    require(user, action, record, hide=True)
    return record
