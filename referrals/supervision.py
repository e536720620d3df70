"""Supervision: a team leader's view of their teams, reallocation, and the weekly summary.

A team leader leads the teams they are a member of (accounts.models.Role.TEAM_LEADER). Every
function checks permission, audits looks at personal records, and only flushes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from accounts import audit
from accounts.models import Role, Team, TeamMembership, User, UserRole
from core import versioning
from core.errors import NotFound, PermissionDenied, Refused
from core.extensions import db
from core.mail import send_email
from core.permissions import find_permitted, require
from core.site import site_url
from referrals import closing, contacts
from referrals.closing_models import Closure, WeeklySummarySent
from referrals.intake_models import IntakeReferral, IntakeStatus
from referrals.models import Client, ClientStatus
from referrals.policies import is_team_leader

LONGEST_OPEN_SHOWN = 5


def led_teams(user: User) -> list[Team]:
    """The teams `user` leads; refused for anyone who is not a team leader."""
    if not is_team_leader(user):
        raise PermissionDenied("Only a team leader can see this.")
    return sorted((m.team for m in user.team_memberships), key=lambda team: team.name.lower())


def get_led_team(user: User, team_id: int) -> Team:
    """One team `user` leads; any other team is not found."""
    for team in led_teams(user):
        if team.id == team_id:
            return team
    raise NotFound("Page not found.")


def team_clients(team: Team) -> Any:
    """The team's clients (a query): those of the team and those its members hold."""
    members = select(TeamMembership.user_id).where(TeamMembership.team_id == team.id)
    return select(Client).where(or_(Client.team_id == team.id, Client.owner_id.in_(members)))


@dataclass
class Caseload:
    coordinator: User | None  # None: clients of the team no member holds
    clients: list[Client] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.clients)


def caseloads(user: User, team: Team) -> list[Caseload]:
    """Each co-ordinator's open clients in `team` (the leader's look is audited)."""
    get_led_team(user, team.id)
    coordinators = [m for m in team.members if m.has_role(Role.COORDINATOR)]
    loads = {person.id: Caseload(person) for person in coordinators}
    nobody = Caseload(None)
    open_clients = db.session.scalars(
        team_clients(team)
        .where(Client.status == ClientStatus.OPEN)
        .order_by(Client.last_name, Client.first_name, Client.id)
    )
    for client in open_clients:
        loads.get(client.owner_id or 0, nobody).clients.append(client)
    audit.record_event("view_caseloads", "team", team.id, user=user)
    return [*loads.values(), *([nobody] if nobody.clients else [])]


def client_to_reallocate(user: User, client_id: int) -> Client:
    """A client of a team `user` leads, its look audited as a view; 404 for anyone else."""
    client = find_permitted(user, "reallocate", Client, client_id)
    audit.record("view", client, user=user)
    return client


def _client_teams(client: Client) -> set[int]:
    teams = {client.team_id} if client.team_id else set()
    if client.owner is not None:
        teams |= client.owner.team_ids
    return teams


def coordinator_choices(user: User, client: Client) -> list[User]:
    """Whom a leader may give `client` to: active co-ordinators of a team they share with it."""
    teams = _client_teams(client) & user.team_ids
    people = db.session.scalars(
        select(User)
        .join(TeamMembership, TeamMembership.user_id == User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            TeamMembership.team_id.in_(teams or {-1}),
            UserRole.role == Role.COORDINATOR,
            User.active.is_(True),
        )
        .distinct()
    )
    return sorted(people, key=lambda person: person.display_name.lower())


def reallocate(
    user: User, client: Client, coordinator_id: int, seen_version: int | None = None
) -> Client:
    """Give an open client to another co-ordinator of the team; both are told by email."""
    require(user, "reallocate", client, hide=True)
    choices = {person.id: person for person in coordinator_choices(user, client)}
    target = choices.get(coordinator_id)
    if target is None:
        raise Refused("Choose a co-ordinator in the client's team", field="coordinator_id")
    if target.id == client.owner_id:
        raise Refused("The client is already with this co-ordinator", field="coordinator_id")
    if not client.is_open:
        raise Refused("Reopen the client before reallocating them", field="coordinator_id")
    versioning.check_version(client, seen_version)
    previous = client.owner
    if client.team_id is None:
        # Keep the client in the team it was reallocated within, whatever the new owner's teams.
        client.team_id = min(_client_teams(client) & user.team_ids & target.team_ids)
    client.owner = target
    db.session.flush()
    audit.record("reallocate", client, user=user)
    link = site_url("referrals.client", client_id=client.id)
    body = (
        "Hello,\n\nA team leader has reallocated a client {what}.\n\n"
        "Sign in to see who it is:\n{link}\n"
    )
    send_email(target.email, "A client has been reallocated to you",
               body.format(what="to you", link=link))  # fmt: skip
    if previous is not None and previous.active and previous.id != target.id:
        send_email(previous.email, "A client has been reallocated from you",
                   body.format(what="from your caseload to a colleague", link=link))  # fmt: skip
    return client


# -- The weekly summary ------------------------------------------------------------------------


@dataclass
class WeeklySummary:
    team: Team
    overdue: list[contacts.OverdueContact]
    waiting: list[IntakeReferral]
    longest_open: list[Client]
    open_count: int
    awaiting_approval: list[Closure]

    def counts(self) -> dict[str, int]:
        return {
            "overdue next contacts": len(self.overdue),
            "referrals waiting": len(self.waiting),
            "open cases": self.open_count,
            "sign-offs awaiting approval": len(self.awaiting_approval),
        }


def _in_team(client: Client, team: Team) -> bool:
    return client.team_id == team.id or (
        client.owner is not None and team.id in client.owner.team_ids
    )


def weekly_summary(user: User, team: Team, today: date, *, audited: bool = True) -> WeeklySummary:
    """Overdue next contacts, referrals waiting and the cases open longest, for one led team."""
    get_led_team(user, team.id)
    overdue = [
        entry
        for entry in contacts.overdue_next_contacts(user, today)
        if _in_team(entry.client, team)
    ]
    waiting = list(
        db.session.scalars(
            select(IntakeReferral)
            .where(
                IntakeReferral.team_id == team.id,
                IntakeReferral.status.in_([IntakeStatus.NEW, IntakeStatus.CONTACTED]),
            )
            .order_by(IntakeReferral.due_on, IntakeReferral.id)
        )
    )
    open_clients = team_clients(team).where(Client.status == ClientStatus.OPEN)
    open_count = db.session.scalar(select(func.count()).select_from(open_clients.subquery())) or 0
    longest = list(
        db.session.scalars(
            open_clients.order_by(Client.created_at, Client.id).limit(LONGEST_OPEN_SHOWN)
        )
    )
    if audited:
        audit.record_event("view_weekly_summary", "team", team.id, user=user)
    return WeeklySummary(
        team, overdue, waiting, longest, open_count, closing.awaiting_approval(user, team)
    )


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def send_weekly_summaries(today: date) -> int:
    """Email each team leader each led team's counts and a link, once a week; how many sent.

    The email carries counts only: the names are behind the link, which needs signing in.
    """
    week_of = monday_of(today)
    leaders = db.session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.TEAM_LEADER, User.active.is_(True))
        .order_by(User.id)
    )
    sent = 0
    for leader in leaders:
        for team in led_teams(leader):
            already = db.session.scalar(
                select(WeeklySummarySent.id).where(
                    WeeklySummarySent.user_id == leader.id,
                    WeeklySummarySent.team_id == team.id,
                    WeeklySummarySent.week_of == week_of,
                )
            )
            if already is not None:
                continue
            summary = weekly_summary(leader, team, today, audited=False)
            lines = "\n".join(f"- {label}: {n}" for label, n in summary.counts().items())
            body = (
                f"Hello,\n\nThe week starting {week_of:%-d %B %Y} for {team.name}:\n\n{lines}\n\n"
                f"See the details (sign in needed):\n"
                f"{site_url('supervision.summary', team_id=team.id)}\n"
            )
            try:
                with db.session.begin_nested():
                    db.session.add(
                        WeeklySummarySent(user_id=leader.id, team_id=team.id, week_of=week_of)
                    )
            except IntegrityError:
                continue  # another run sent it a moment ago
            send_email(leader.email, f"Weekly summary: {team.name}", body)
            sent += 1
    return sent
