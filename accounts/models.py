"""People who sign in, what they may do, and the security records kept about access."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import LabelledEnum
from core.extensions import Model
from core.models import new_uuid, utcnow, uuid_column_type
from core.versioning import EditCounted, Versioned

if TYPE_CHECKING:
    from directory.models import Organisation


class Role(LabelledEnum):
    COORDINATOR = "coordinator", "Co-ordinator"
    PROVIDER = "provider", "Provider member"
    CAPACITY_LEAD = "capacity_lead", "Capacity lead"
    # Leads the teams they are a member of: caseloads, reallocation, sign-off approval.
    TEAM_LEADER = "team_leader", "Team leader"


class User(EditCounted, Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    # None until the person accepts their invitation and chooses a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped when the password changes or the account is deactivated: it is part of the
    # session's user id, so every existing session of the account stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    role_links: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", order_by="UserRole.role"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    team_memberships: Mapped[list[TeamMembership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    # Invitations to organisations waiting for this person to accept or decline, oldest first
    # (the account page lists them). Read-only: directory/membership.py writes them.
    membership_invitations: Mapped[list[MembershipInvitation]] = relationship(
        foreign_keys="MembershipInvitation.user_id",
        order_by="[MembershipInvitation.created_at, MembershipInvitation.id]",
        viewonly=True,
    )

    def __repr__(self) -> str:
        return f"<User {self.id}>"

    # Flask-Login's user interface.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    @property
    def roles(self) -> set[Role]:
        return {link.role for link in self.role_links}

    @roles.setter
    def roles(self, roles: set[Role] | list[Role]) -> None:
        wanted = {Role(r) for r in roles}
        kept = [link for link in self.role_links if link.role in wanted]
        have = {link.role for link in kept}
        self.role_links = kept + [UserRole(role=r) for r in sorted(wanted - have)]

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_capacity_lead(self) -> bool:
        return self.has_role(Role.CAPACITY_LEAD)

    @property
    def organisation_ids(self) -> set[int]:
        return {m.organisation_id for m in self.memberships}

    @property
    def team_ids(self) -> set[int]:
        return {m.team_id for m in self.team_memberships}

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    @property
    def display_name(self) -> str:
        return self.name or self.email


class UserRole(Model):
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(primary_key=True)


class Membership(Model):
    """A provider member's link to an organisation whose listings and referrals they handle."""

    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    # Partners such as the fire service refer people in through the partner checklist.
    is_referring_partner: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship()


class MembershipInvitation(Model):
    """An invitation to an organisation for someone who already has an account.

    Nothing is granted until the account's owner, signed in, accepts it. `name` is the name the
    inviter typed: the organisation's members see that, never the account's own name, until
    the person accepts.
    """

    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship()


class Team(Versioned, Model):
    """A group of co-ordinators who share a caseload, e.g. "Staying Well North"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[TeamMembership]] = relationship(
        back_populates="team", cascade="all, delete-orphan"
    )

    @property
    def members(self) -> list[User]:
        return sorted((m.user for m in self.memberships), key=lambda u: u.display_name.lower())


class TeamMembership(Model):
    team_id: Mapped[int] = mapped_column(
        ForeignKey("team.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[Team] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="team_memberships")


class LinkPurpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose name, not a secret


class EmailLink(Model):
    """The server-side half of an emailed signed link: it makes the link single-use."""

    id: Mapped[str] = mapped_column(uuid_column_type(), primary_key=True, default=new_uuid)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[LinkPurpose]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class LoginAttempt(Model):
    """One sign-in attempt, kept briefly to throttle guessing across every worker."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the normalised email typed, so attempts on unknown addresses count the same
    # and the table holds no addresses.
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    ip: Mapped[str] = mapped_column(String(45), index=True)
    succeeded: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ResetRequest(Model):
    """One password-reset request, kept briefly to limit reset emails per address and per IP."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the normalised address typed (as for LoginAttempt): no addresses are stored.
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    ip: Mapped[str] = mapped_column(String(45), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ApiToken(Model):
    """A machine client's bearer token; only its sha256 is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the token, shown so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class AuditEvent(Model):
    """Who viewed or changed which record, when and from where: identifiers only."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(40), index=True)
    record_type: Mapped[str] = mapped_column(String(60), index=True)
    record_id: Mapped[str | None] = mapped_column(String(64), index=True)
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User | None] = relationship()
