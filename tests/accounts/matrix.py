"""The permission-matrix vocabulary: roles, expected outcomes, rows and the test world.

Every package declares its routes in `tests/<package>/permissions.py` as a list named
PERMISSION_MATRIX of `Route` rows; tests/accounts/test_permission_matrix.py collects them
all and fails for any route in `app.url_map` that no row declares. A row:

    Route("POST", "/admin/teams/<int:team_id>/members", LEAD_ONLY,
          args=lambda w: {"team_id": w.team.id}, data=lambda w: {"user_id": w.coordinator.id})

`expect` maps each role in ROLES to an outcome: ALLOW, LOGIN (anonymous sent to sign in,
or 401 from the API), DENY (403) or HIDE (404, where existence itself would leak). `args`
builds the URL's arguments from the World (records made fresh for every case); a row
needing records of its own creates them in `args` with db.session and flushes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from accounts.models import ApiToken, AuditEvent, Team, User
from core.outbox import OutboxMessage
from directory.models import Organisation, Service, Taxonomy, TaxonomyTerm

ANONYMOUS = "anonymous"
COORDINATOR = "coordinator"
PROVIDER = "provider"  # a member of World.organisation
OTHER_PROVIDER = "other_provider"  # a member of World.other_organisation only
CAPACITY_LEAD = "capacity_lead"
# A member of a third organisation who refers people in through the partner checklist, with
# an API token like anyone else. Unless a row says otherwise it may do what OTHER_PROVIDER
# may; rows whose records hang off a client use a client this partner created (World.acting).
REFERRING_PARTNER = "referring_partner"
# A team leader (that role only, no co-ordinator's) who is a member of World.team, so leads it.
# Unless a row says otherwise it may do what OTHER_PROVIDER may: pages for a role it lacks are
# refused and records outside its teams are hidden.
TEAM_LEADER = "team_leader"
ROLES = (
    ANONYMOUS,
    COORDINATOR,
    PROVIDER,
    OTHER_PROVIDER,
    CAPACITY_LEAD,
    REFERRING_PARTNER,
    TEAM_LEADER,
)

ALLOW = "allow"
LOGIN = "login"
DENY = "deny"
HIDE = "hide"

PUBLIC = dict.fromkeys(ROLES, ALLOW)
SIGNED_IN = {**dict.fromkeys(ROLES, ALLOW), ANONYMOUS: LOGIN}
LEAD_ONLY = {**dict.fromkeys(ROLES, DENY), ANONYMOUS: LOGIN, CAPACITY_LEAD: ALLOW}
MEMBERS_AND_LEAD = {
    ANONYMOUS: LOGIN,
    COORDINATOR: DENY,
    PROVIDER: ALLOW,
    OTHER_PROVIDER: DENY,
    CAPACITY_LEAD: ALLOW,
}


@dataclass
class World:
    """Records every case starts with (built by test_permission_matrix.py)."""

    organisation: Organisation
    other_organisation: Organisation
    service: Service
    taxonomy: Taxonomy
    term: TaxonomyTerm
    users: dict[str, User]
    team: Team
    token: ApiToken
    outbox_message: OutboxMessage
    audit_event: AuditEvent
    # The user this case acts as (None when anonymous), so rows can build records they own.
    acting: User | None = None

    @property
    def coordinator(self) -> User:
        return self.users[COORDINATOR]

    @property
    def provider(self) -> User:
        return self.users[PROVIDER]

    @property
    def capacity_lead(self) -> User:
        return self.users[CAPACITY_LEAD]

    @property
    def team_leader(self) -> User:
        return self.users[TEAM_LEADER]


def no_args(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Route:
    method: str
    rule: str
    expect: dict[str, str]
    args: Callable[[World], dict[str, Any]] = no_args
    data: Callable[[World], dict[str, Any]] = no_args
    note: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        for role in (REFERRING_PARTNER, TEAM_LEADER):
            if role not in self.expect and OTHER_PROVIDER in self.expect:
                expect = {**self.expect, role: self.expect[OTHER_PROVIDER]}
                object.__setattr__(self, "expect", expect)

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.rule)


def expecting(routes: list[Route], role: str, outcomes: dict[tuple[str, str], str]) -> list[Route]:
    """`routes` with `role`'s outcome set for the (method, rule) keys in `outcomes`."""
    unknown = set(outcomes) - {route.key for route in routes}
    assert not unknown, f"no such routes: {unknown}"
    return [
        replace(route, expect={**route.expect, role: outcomes[route.key]})
        if route.key in outcomes
        else route
        for route in routes
    ]
