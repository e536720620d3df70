"""Account operations: sign-in, invitations, resets, roles, teams and API tokens.

Each function checks permission and state, raises a domain exception, and only flushes;
the caller commits. Joining and leaving organisations is the directory's
(directory/membership.py).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from accounts import audit, links, throttle
from accounts.models import (
    ApiToken,
    LinkPurpose,
    Membership,
    Role,
    Team,
    TeamMembership,
    User,
)
from accounts.organisations import organisations
from core import versioning
from core.errors import Conflict, DomainError, NotFound
from core.extensions import db
from core.mail import send_email
from core.models import utcnow
from core.permissions import PermissionAction, require
from core.site import site_url

SIGN_IN_FAILED = "Enter a correct email address and password"
TOKEN_PREFIX = "sp_"  # noqa: S105 - marks Signpost tokens, not a secret


class SignInRefused(DomainError):
    """Wrong details, an unknown or inactive account: one message for all of them."""

    status_code = 400


class SignInThrottled(DomainError):
    status_code = 429


# Sign-in -----------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """The stored form of a password, by the configured method (PASSWORD_HASH_METHOD)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _dummy_hash() -> str:
    """A hash to check against when no account matches, so a miss costs a wrong password."""
    return _dummy_hash_for(current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash_for(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalars(
        select(User).where(func.lower(User.email) == throttle.normalise_email(email))
    ).first()


def authenticate(email: str, password: str, ip: str) -> User:
    """Return the active user with these details, or raise without saying which part failed."""
    lockout = throttle.check(email, ip)
    if lockout is not None:
        raise SignInThrottled(
            f"Too many attempts, try again in {lockout.minutes} "
            f"minute{'s' if lockout.minutes != 1 else ''}"
        )
    user = find_user_by_email(email)
    stored = user.password_hash if user is not None else None
    matches = check_password_hash(stored or _dummy_hash(), password)
    if user is None or stored is None or not matches or not user.active:
        throttle.record(email, ip, succeeded=False)
        raise SignInRefused(SIGN_IN_FAILED)
    throttle.record(email, ip, succeeded=True)
    user.last_login_at = utcnow()
    audit.record("sign_in", user, user=user)
    return user


def load_session_user(session_id: str) -> User | None:
    """Return the active user a session's "id.version" names, or None."""
    user_id, _, version = session_id.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def sign_out(user: User) -> None:
    """End the account's sessions on the server: a copied cookie stops working too.

    Sessions are not stored server-side, so this ends every session of the account (the
    cookie names the account's session version, which no longer matches).
    """
    user.session_version += 1
    audit.record("sign_out", user, user=user)
    db.session.flush()


def set_password(user: User, password: str) -> None:
    """Store a new password hash and end every existing session of the account."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    db.session.flush()


# Invitations and password resets --------------------------------------------------------


def _send_link_email(user: User, purpose: LinkPurpose, intro: str) -> None:
    token = links.issue(user, purpose)
    hours = int(links.lifetime(purpose).total_seconds() // 3600)
    if purpose is LinkPurpose.INVITATION:
        url = site_url("accounts.accept_invitation", token=token)
        subject = "You have been invited to Signpost"
        action = "To set your password and sign in, open this link"
    else:
        url = site_url("accounts.reset_password", token=token)
        subject = "Reset your Signpost password"
        action = "To choose a new password, open this link"
    body = (
        f"Hello {user.display_name},\n\n{intro}\n\n{action}:\n\n{url}\n\n"
        f"The link works once and stops working after {hours} hours.\n\n"
        "If you did not expect this email, you can ignore it.\n"
    )
    send_email(user.email, subject, body)


def invite_user(
    by: Any,
    *,
    email: str,
    name: str,
    roles: Iterable[Role | str],
    organisation_id: int | None = None,
    is_referring_partner: bool = False,
) -> User:
    """Create an account (as the capacity lead) and email its set-password link."""
    require(by, "create", User)
    if find_user_by_email(email) is not None:
        raise Conflict("A user with this email address already exists", field="email")
    role_set = {Role(r) for r in roles}
    organisation = organisations().get(organisation_id) if organisation_id else None
    if organisation is not None:
        role_set.add(Role.PROVIDER)
    elif Role.PROVIDER in role_set:
        raise Conflict(
            "Choose the organisation a provider member belongs to", field="organisation_id"
        )
    user = create_user(email=email, name=name, roles=role_set)
    if organisation is not None:
        user.memberships.append(
            Membership(organisation=organisation, is_referring_partner=is_referring_partner)
        )
    db.session.flush()
    audit.record("create", user, user=by if getattr(by, "is_authenticated", False) else None)
    send_invitation(user)
    return user


def create_user(*, email: str, name: str, roles: Iterable[Role | str]) -> User:
    """Add an account with no password yet (no permission check: for the CLI and seeds)."""
    user = User(email=throttle.normalise_email(email), name=name.strip())
    user.roles = {Role(r) for r in roles}
    db.session.add(user)
    db.session.flush()
    return user


def send_invitation(user: User) -> None:
    """Email `user` a fresh invitation link (earlier ones stop working)."""
    _send_link_email(
        user,
        LinkPurpose.INVITATION,
        f"You have been given an account on Signpost, {current_app.config['BOROUGH_NAME']}'s "
        "directory of community support.",
    )


def resend_invitation(by: Any, user: User) -> None:
    require(by, "edit", user)
    if user.has_password:
        raise Conflict("This person has already accepted their invitation")
    send_invitation(user)


def invitation_url(user: User) -> str:
    """Issue an invitation link without emailing it (the CLI prints it once)."""
    token = links.issue(user, LinkPurpose.INVITATION)
    return site_url("accounts.accept_invitation", token=token)


def accept_invitation(token: str, password: str) -> User:
    link = links.resolve(token, LinkPurpose.INVITATION)
    set_password(link.user, password)
    links.use(link)
    audit.record("accept_invitation", link.user, user=link.user)
    return link.user


def check_link(token: str, purpose: LinkPurpose) -> User:
    """Return the user a live link belongs to, or raise InvalidLink."""
    return links.resolve(token, purpose).user


class ResetThrottled(DomainError):
    status_code = 429


RESET_THROTTLED = (
    "Too many password reset requests for this address or from this connection. "
    "Wait an hour, then try again."
)


def request_password_reset(email: str, ip: str) -> None:
    """Email a reset link, or say no account has the address: the same work and answer.

    Both kinds of email go through the same path (rendered, sent or queued), so neither the
    page nor its timing tells the asker whether an account exists; only the address's owner
    learns that. Limited per address and per IP address, known or not.
    """
    if not throttle.reset_allowed(email, ip):
        raise ResetThrottled(RESET_THROTTLED, field="email")
    throttle.record_reset(email, ip)
    user = find_user_by_email(email)
    if user is not None and user.active:
        _send_link_email(
            user,
            LinkPurpose.PASSWORD_RESET,
            "Someone (hopefully you) asked to reset the password of your Signpost account.",
        )
        return
    send_email(
        throttle.normalise_email(email),
        "Reset your Signpost password",
        "Hello,\n\nSomeone (hopefully you) asked to reset the password of a Signpost account "
        "with this email address, but there is no active account with it, so nothing has "
        "changed.\n\nIf you expected to have an account, ask the person who manages Signpost "
        f"for {current_app.config['BOROUGH_NAME']}.\n\n"
        "If you did not ask, you can ignore this email.\n",
    )


def reset_password(token: str, password: str) -> User:
    link = links.resolve(token, LinkPurpose.PASSWORD_RESET)
    set_password(link.user, password)
    links.use(link)
    audit.record("reset_password", link.user, user=link.user)
    return link.user


# Administering accounts ------------------------------------------------------------------


def get_user(by: Any, user_id: int, action: PermissionAction = "view") -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("Page not found.")
    require(by, action, user)
    return user


def list_users(by: Any) -> list[User]:
    require(by, "list", User)
    return list(db.session.scalars(select(User).order_by(func.lower(User.name), User.id)))


USER_LABELS = {"roles": "Roles", "organisations": "Organisations", "active": "Account active"}
TEAM_LABELS = {"members": "Co-ordinators"}


def user_snapshot(user: User) -> dict[str, Any]:
    """What a user's admin page lets the capacity lead change."""
    return {
        "roles": sorted(role.label for role in user.roles),
        "organisations": sorted(m.organisation.name for m in user.memberships),
        "active": user.active,
    }


def user_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return versioning.field_diff(USER_LABELS, before, after)


def team_snapshot(team: Team) -> dict[str, Any]:
    return {"members": [member.display_name for member in team.members]}


def team_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return versioning.field_diff(TEAM_LABELS, before, after)


def set_active(by: Any, user: User, active: bool, seen_version: int | None = None) -> None:
    require(by, "edit", user)
    if user.id == by.id and not active:
        raise Conflict("You cannot deactivate your own account")
    versioning.check_version(user, seen_version)
    if user.active != active:
        user.active = active
        # Deactivation ends the person's sessions at once, wherever they are signed in.
        user.session_version += 1
        audit.record("activate" if active else "deactivate", user, user=by)
    db.session.flush()


def set_roles(
    by: Any, user: User, roles: Iterable[Role | str], seen_version: int | None = None
) -> None:
    require(by, "edit", user)
    role_set = {Role(r) for r in roles}
    if user.id == by.id and Role.CAPACITY_LEAD not in role_set:
        raise Conflict("You cannot remove your own capacity lead role", field="roles")
    versioning.check_version(user, seen_version)
    user.roles = role_set
    db.session.flush()
    audit.record("change_roles", user, user=by)


# Teams ---------------------------------------------------------------------------------


def list_teams(by: Any) -> list[Team]:
    require(by, "list", Team)
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def get_team(by: Any, team_id: int) -> Team:
    require(by, "view", Team)
    team = db.session.get(Team, team_id)
    if team is None:
        raise NotFound("Page not found.")
    return team


def create_team(by: Any, name: str) -> Team:
    require(by, "create", Team)
    if db.session.scalars(select(Team).where(func.lower(Team.name) == name.lower())).first():
        raise Conflict("A team with this name already exists", field="name")
    team = Team(name=name)
    db.session.add(team)
    db.session.flush()
    return team


def add_team_member(by: Any, team: Team, user_id: int, seen_version: int | None = None) -> None:
    require(by, "edit", team)
    user = db.session.get(User, user_id)
    if user is None or not user.has_role(Role.COORDINATOR):
        raise NotFound("Choose a co-ordinator from the list", field="user_id")
    if team.id in user.team_ids:
        raise Conflict("This co-ordinator is already in the team", field="user_id")
    versioning.check_version(team, seen_version)
    team.memberships.append(TeamMembership(user=user))
    db.session.flush()
    audit.record("add_team_member", team, user=by)


def remove_team_member(by: Any, team: Team, user_id: int, seen_version: int | None = None) -> None:
    require(by, "edit", team)
    membership = next((m for m in team.memberships if m.user_id == user_id), None)
    if membership is None:
        raise NotFound("Page not found.")
    versioning.check_version(team, seen_version)
    team.memberships.remove(membership)
    db.session.flush()
    audit.record("remove_team_member", team, user=by)


def coordinator_choices(exclude: Team) -> list[tuple[int, str]]:
    in_team = {m.user_id for m in exclude.memberships}
    users = db.session.scalars(
        select(User).join(User.role_links).where(User.role_links.any(role=Role.COORDINATOR))
    ).unique()
    return sorted(
        ((u.id, u.display_name) for u in users if u.id not in in_team and u.active),
        key=lambda choice: choice[1].lower(),
    )


# API tokens ------------------------------------------------------------------------------


def _hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def list_tokens(by: Any) -> list[ApiToken]:
    require(by, "list", ApiToken)
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == by.id).order_by(ApiToken.created_at.desc())
        )
    )


def create_token(by: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token for `by`; the plaintext is returned once and never stored."""
    require(by, "create", ApiToken)
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=by.id, name=name, token_hash=_hash_token(plaintext), prefix=plaintext[:10]
    )
    db.session.add(token)
    db.session.flush()
    audit.record("create", token, user=by)
    return token, plaintext


def revoke_token(by: Any, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("Page not found.")
    # Someone else's token: answer as if it did not exist.
    require(by, "revoke", token, hide=True)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("revoke", token, user=by)
    db.session.flush()
    return token


def user_for_token(plaintext: str) -> User | None:
    """Return the active owner of a live token, recording its use; flushes only."""
    digest = _hash_token(plaintext)
    token = db.session.scalars(select(ApiToken).where(ApiToken.token_hash == digest)).first()
    # The lookup is by hash; compare again in constant time for good measure.
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    if token.revoked_at is not None or not token.user.active:
        return None
    token.last_used_at = utcnow()
    db.session.flush()
    return token.user
