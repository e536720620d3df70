"""Who may see and change caseload records (registered with core.permissions on import).

Actions: "list"/"create" on the classes; "view", "edit" on a client and the records hanging off
it; "respond" (accept, decline, complete) and "view_shared" (what was shared) on a referral.

A client is seen by its owner, by members of its team, and by co-ordinators who share a team
with its owner. A team leader leads the teams they are a member of: they open any client of
those teams, reallocate them ("reallocate") and decide sign-offs ("approve").
The capacity lead works with aggregates and does not browse clients. Providers see referrals
to their organisations (shared fields only), never the client record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from accounts.models import Role
from core.permissions import is_signed_in, policy
from referrals.closing_models import Closure, TeamClosingSettings
from referrals.coding_models import CodedEntry
from referrals.models import Action, Assessment, Client, Referral, SharedField, Shortlist

# What a referring partner's referral shares besides the first name and reason.
PARTNER_SHARED_FIELDS = (SharedField.LAST_NAME, SharedField.POSTCODE)


def is_coordinator(user: Any) -> bool:
    return is_signed_in(user) and user.has_role(Role.COORDINATOR)


def is_team_leader(user: Any) -> bool:
    return is_signed_in(user) and user.has_role(Role.TEAM_LEADER)


def _in_teams_of(user: Any, client: Client) -> bool:
    """Whether `client` belongs to one of `user`'s teams, or to a teammate's caseload."""
    teams = user.team_ids
    if not teams:
        return False
    if client.team_id in teams:
        return True
    owner = client.owner
    return owner is not None and bool(owner.team_ids & teams)


def coordinator_sees_client(user: Any, client: Client) -> bool:
    """Whether a co-ordinator's caseload (their own and their teams') holds `client`."""
    if not is_coordinator(user):
        return False
    return client.owner_id == user.id or _in_teams_of(user, client)


def leads_team_of(user: Any, client: Client) -> bool:
    """Whether `user` is a team leader of a team `client` belongs to (as its team or owner's)."""
    return is_team_leader(user) and _in_teams_of(user, client)


def sees_client(user: Any, client: Client) -> bool:
    """Whether `client` is on `user`'s caseload or in a team `user` leads (see visible_clients)."""
    return coordinator_sees_client(user, client) or leads_team_of(user, client)


def partner_owns_client(user: Any, client: Client) -> bool:
    """A referring partner keeps the minimal record behind referrals from their checklist."""
    return (
        is_signed_in(user)
        and client.owner_id == user.id
        and any(m.is_referring_partner for m in user.memberships)
    )


@policy(Client)
def client_policy(user: Any, action: str, client: Any) -> bool:
    """Co-ordinators see and edit their caseload; a partner may only "refer" their own record.

    A referring partner never reads the record back, scores it or adds actions (on the pages
    or through the API): the checklist records the person and refers them in one step.
    """
    if isinstance(client, type):
        if action == "list":
            return is_coordinator(user) or is_team_leader(user)
        return action == "create" and is_coordinator(user)
    if action in {"view", "edit", "refer"} and coordinator_sees_client(user, client):
        return True
    if action in {"view", "reallocate", "approve"} and leads_team_of(user, client):
        return True
    return action == "refer" and partner_owns_client(user, client)


def may_share(user: Any, client: Client, fields: Iterable[SharedField]) -> bool:
    """Whether `user` may share these of `client`'s details in a referral.

    A co-ordinator shares what the person agreed to; a referring partner, only the fields
    the partner checklist collects for that purpose.
    """
    if coordinator_sees_client(user, client):
        return True
    return set(fields) <= set(PARTNER_SHARED_FIELDS)


@policy(Assessment)
@policy(Action)
@policy(Shortlist)
def caseload_record_policy(user: Any, action: str, record: Any) -> bool:
    """Assessments, actions and shortlists follow their client."""
    if isinstance(record, type):
        return action in {"list", "create"} and is_coordinator(user)
    return action in {"view", "edit"} and coordinator_sees_client(user, record.client)


def is_receiving_member(user: Any, referral: Referral) -> bool:
    return is_signed_in(user) and referral.organisation_id in user.organisation_ids


@policy(Referral)
def referral_policy(user: Any, action: str, referral: Any) -> bool:
    if isinstance(referral, type):
        # "inbox": the referrals sent to one's organisations, for provider members only.
        if action == "inbox":
            return is_signed_in(user) and user.has_role(Role.PROVIDER)
        return action == "list" and is_signed_in(user)
    if action in {"view", "view_shared", "withdraw"} and coordinator_sees_client(
        user, referral.client
    ):
        return True
    if action in {"view_shared", "respond"} and is_receiving_member(user, referral):
        return True
    return False


@policy(Closure)
def closure_policy(user: Any, action: str, closure: Any) -> bool:
    """A sign-off is seen with its client; only a leader of the client's team decides it."""
    if isinstance(closure, type):
        return False
    if action == "view":
        return sees_client(user, closure.client)
    return action == "approve" and leads_team_of(user, closure.client)


@policy(TeamClosingSettings)
def closing_settings_policy(user: Any, action: str, settings: Any) -> bool:
    """The capacity lead keeps each team's sign-off rules and exit questionnaire."""
    return is_signed_in(user) and user.has_role(Role.CAPACITY_LEAD)


@policy(CodedEntry)
def coded_entry_policy(user: Any, action: str, entry: Any) -> bool:
    """The export of coded activity: the capacity lead (every practice) and co-ordinators.

    A co-ordinator's export holds only their caseload's clients; the service filters the rows.
    """
    if isinstance(entry, type):
        return (
            action == "export"
            and is_signed_in(user)
            and (user.has_role(Role.CAPACITY_LEAD) or user.has_role(Role.COORDINATOR))
        )
    return action == "view" and coordinator_sees_client(user, entry.client)
