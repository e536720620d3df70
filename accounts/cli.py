"""`signpost users create` and `signpost users list`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup
from sqlalchemy import select

from accounts import services
from accounts.models import Membership, Role, User
from accounts.organisations import organisations
from core.extensions import db

if TYPE_CHECKING:
    from directory.models import Organisation

users_cli = AppGroup("users", help="Manage user accounts.")


def _find_organisation(reference: str) -> Organisation:
    """Find an organisation by external id (e.g. bolton:age-uk), UUID or exact name."""
    found = organisations().find(reference)
    if found is None:
        raise click.BadParameter(f"no organisation matches {reference!r}", param_hint="--org")
    return found


@users_cli.command("create")
@click.option("--email", required=True, help="The person's email address.")
@click.option(
    "--role",
    "roles",
    required=True,
    multiple=True,
    type=click.Choice([role.value for role in Role]),
    help="A role; repeat for several.",
)
@click.option("--org", "orgs", multiple=True, help="Organisation external id, UUID or name.")
@click.option("--name", default="", help="The person's name.")
def create_user_command(
    email: str, roles: tuple[str, ...], orgs: tuple[str, ...], name: str
) -> None:
    """Create an account and print a one-time link to set its password."""
    if services.find_user_by_email(email) is not None:
        raise click.ClickException("a user with this email address already exists")
    organisations = [_find_organisation(reference) for reference in orgs]
    role_set = {Role(r) for r in roles} | ({Role.PROVIDER} if organisations else set())
    user = services.create_user(email=email, name=name, roles=role_set)
    for organisation in organisations:
        user.memberships.append(Membership(organisation=organisation))
    db.session.flush()
    url = services.invitation_url(user)
    db.session.commit()
    click.echo(f"Created user {user.id} ({', '.join(sorted(r.value for r in user.roles))}).")
    click.echo("Send them this link to set a password (it works once):")
    click.echo(url)


@users_cli.command("list")
def list_users_command() -> None:
    """List every account with its roles and organisations."""
    for user in db.session.scalars(select(User).order_by(User.id)):
        roles = ",".join(sorted(r.value for r in user.roles)) or "-"
        orgs = ",".join(m.organisation.external_id or m.organisation.name for m in user.memberships)
        state = "active" if user.active else "inactive"
        if not user.has_password:
            state += ",invited"
        click.echo(f"{user.id}\t{user.email}\t{user.name}\t{roles}\t{orgs or '-'}\t{state}")
