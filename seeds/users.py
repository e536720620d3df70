"""Demo accounts for every role in the demo borough (idempotent).

Every demo account's password is DEMO_PASSWORD. That is acceptable for the demo only:
never load these accounts into an installation holding real people's data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from accounts.models import Membership, Role, Team, TeamMembership, User
from accounts.services import hash_password
from core.extensions import db
from directory.models import Organisation, OrganisationKind

DEMO_PASSWORD = "signpost-demo"  # noqa: S105 - documented demo-only password
DEMO_TEAM = "Staying Well North"
PROVIDER_ORGANISATIONS = ("bolton:bolton-carers-network", "bolton:later-life-bolton")
# No fire service in the demo data yet: the falls prevention team is the nearest partner.
PARTNER_ORGANISATIONS = ("bolton:bolton-falls-prevention",)


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    roles: frozenset[Role]
    in_team: bool = False


DEMO_USERS = (
    DemoUser("lead@example.org", "Priya Shah", frozenset({Role.CAPACITY_LEAD})),
    DemoUser("sam.taylor@example.org", "Sam Taylor", frozenset({Role.COORDINATOR}), True),
    DemoUser("jordan.lee@example.org", "Jordan Lee", frozenset({Role.COORDINATOR}), True),
    DemoUser("alex.morgan@example.org", "Alex Morgan", frozenset({Role.COORDINATOR})),
    DemoUser("robin.patel@example.org", "Robin Patel", frozenset({Role.TEAM_LEADER}), True),
    DemoUser("provider@example.org", "Chris Walker", frozenset({Role.PROVIDER})),
    DemoUser("partner@example.org", "Dana Hughes", frozenset({Role.PROVIDER})),
)


def load_demo_users(*, reset: bool = False) -> int:
    """Create the demo accounts, their team and memberships; flush only.

    An account that exists is left as people made it (a changed password, name or role),
    unless `reset` puts it back as the demo defines it.
    """
    emails = [spec.email for spec in DEMO_USERS]
    existing = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
    # Team and memberships are set up for new accounts only: a lead's later change stays.
    fresh = set(emails) if reset else set(emails) - existing
    password_hash = hash_password(DEMO_PASSWORD)
    users = {spec.email: _upsert_user(spec, password_hash, reset) for spec in DEMO_USERS}
    team = db.session.scalars(select(Team).where(Team.name == DEMO_TEAM)).first()
    if team is None:
        team = Team(name=DEMO_TEAM)
        db.session.add(team)
        db.session.flush()
    for spec in DEMO_USERS:
        user = users[spec.email]
        if spec.email in fresh and spec.in_team and team.id not in user.team_ids:
            team.memberships.append(TeamMembership(user=user))
    providers = _organisations(PROVIDER_ORGANISATIONS, count=2)
    if "provider@example.org" in fresh:
        for organisation in providers:
            _ensure_membership(users["provider@example.org"], organisation, partner=False)
    partners = _partner_organisation(exclude={o.id for o in providers})
    if partners is not None and "partner@example.org" in fresh:
        _ensure_membership(users["partner@example.org"], partners, partner=True)
    db.session.flush()
    return len(users)


def _upsert_user(spec: DemoUser, password_hash: str, reset: bool) -> User:
    user = db.session.scalars(select(User).where(User.email == spec.email)).first()
    if user is not None and not reset:
        return user
    if user is None:
        user = User(email=spec.email)
        db.session.add(user)
    user.name = spec.name
    user.roles = set(spec.roles)
    user.password_hash = password_hash
    user.active = True
    db.session.flush()
    return user


def _organisations(external_ids: tuple[str, ...], count: int) -> list[Organisation]:
    """The named organisations, or (if the demo data lacks them) the first ones there are."""
    found = list(
        db.session.scalars(select(Organisation).where(Organisation.external_id.in_(external_ids)))
    )
    if len(found) < count:
        have = {o.id for o in found}
        extra = db.session.scalars(select(Organisation).order_by(Organisation.id).limit(count + 2))
        found += [o for o in extra if o.id not in have][: count - len(found)]
    return found


def _partner_organisation(exclude: set[int]) -> Organisation | None:
    """A fire service if the demo has one, else a council team, else any organisation."""
    candidates = [
        select(Organisation).where(func.lower(Organisation.name).contains("fire")),
        select(Organisation).where(Organisation.external_id.in_(PARTNER_ORGANISATIONS)),
        select(Organisation).where(
            or_(
                Organisation.kind == OrganisationKind.STATUTORY,
                Organisation.kind == OrganisationKind.NHS,
            )
        ),
        select(Organisation),
    ]
    for statement in candidates:
        for organisation in db.session.scalars(statement.order_by(Organisation.id)):
            if organisation.id not in exclude:
                return organisation
    return None


def _ensure_membership(user: User, organisation: Organisation, partner: bool) -> None:
    membership = next((m for m in user.memberships if m.organisation_id == organisation.id), None)
    if membership is None:
        user.memberships.append(Membership(organisation=organisation, is_referring_partner=partner))
    else:
        membership.is_referring_partner = partner
