"""Rules written twice, in Python and in SQL, must agree: each pair is checked on every case.

Listed-ness is `Service.is_listed` (a loaded service) and `listed_services_query()` (a query);
client visibility is `sees_client` (a loaded client: a co-ordinator's caseload, or a team
leader's teams) and `visible_clients` (a query). A change to one side only fails here.
"""

from __future__ import annotations

from datetime import date
from itertools import product
from typing import Any

from accounts.models import Role, Team, TeamMembership, User
from core.extensions import db
from directory.models import ServiceStatus
from directory.services import listed_services_query
from referrals.caseload import visible_clients
from referrals.models import Client
from referrals.policies import sees_client


def test_is_listed_and_the_listed_query_agree_on_every_case(
    app_ctx: Any, make_service: Any, make_organisation: Any
) -> None:
    original = make_service(name="The original")
    made = []
    for published, organisation_published, status, duplicate in product(
        (True, False), (True, False), ServiceStatus, (False, True)
    ):
        service = make_service(
            name=f"{published} {organisation_published} {status} {duplicate}",
            organisation=make_organisation(is_published=organisation_published),
            is_published=published,
            status=status,
        )
        service.duplicate_of_id = original.id if duplicate else None
        made.append(service)
    db.session.flush()
    in_query = set(db.session.scalars(listed_services_query()))
    for service in [original, *made]:
        assert service.is_listed == (service in in_query), service.name
    assert 0 < len(in_query) < len(made)


def test_caseload_page_and_policy_agree_on_every_client(app_ctx: Any) -> None:
    """Three teams; co-ordinators, team leaders and people holding both roles in none, one or
    two of them; clients owned and teamed every way: each person's query and the policy agree
    on each client."""
    teams = [Team(name=f"Team {n}") for n in range(3)]
    db.session.add_all(teams)
    db.session.flush()
    people = []
    cases = product(
        [{Role.COORDINATOR}, {Role.TEAM_LEADER}, {Role.COORDINATOR, Role.TEAM_LEADER}],
        [(), (0,), (1,), (0, 1), (2,)],
    )
    for number, (roles, memberships) in enumerate(cases):
        user = User(email=f"c{number}@example.org", name=f"Person {number}")
        user.roles = roles
        db.session.add(user)
        db.session.flush()
        for team in memberships:
            db.session.add(TeamMembership(user_id=user.id, team_id=teams[team].id))
        people.append(user)
    db.session.flush()
    clients = []
    for owner, team in product([*people, None], [*teams, None]):
        client = Client(
            first_name="Client",
            last_name=f"{owner.id if owner else '-'} {team.id if team else '-'}",
            owner_id=owner.id if owner else None,
            team_id=team.id if team else None,
            consent_given_on=date(2026, 1, 5),
        )
        db.session.add(client)
        clients.append(client)
    db.session.flush()
    db.session.expire_all()
    for user in people:
        user = db.session.get(User, user.id)
        shown = set(db.session.scalars(visible_clients(user)))
        for client in clients:
            assert sees_client(user, client) == (client in shown), (
                user.name,
                client.last_name,
            )
