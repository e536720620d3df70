"""Every route, every role: the expected answer, from tests/*/permissions.py.

Adding a route? Declare it in tests/<your package>/permissions.py (a PERMISSION_MATRIX list
of tests.accounts.matrix.Route rows; see that module). A route no row declares fails
test_every_route_is_declared, so nothing ships without a decision about who may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Rule

from accounts import audit
from accounts.auth import LAST_SEEN
from accounts.models import Role, Team, TeamMembership
from accounts.services import create_token
from core.extensions import db
from core.mail import send_email
from core.models import utcnow
from core.outbox import OutboxMessage, OutboxStatus
from directory.models import Taxonomy, TaxonomyTerm
from tests.accounts.matrix import (
    ALLOW,
    ANONYMOUS,
    CAPACITY_LEAD,
    COORDINATOR,
    DENY,
    HIDE,
    LOGIN,
    OTHER_PROVIDER,
    PROVIDER,
    REFERRING_PARTNER,
    ROLES,
    TEAM_LEADER,
    Route,
    World,
)
from tests.isolation import SharedApp, fresh_copy

TESTS = Path(__file__).resolve().parent.parent
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def collect_matrix() -> list[Route]:
    rows: list[Route] = []
    for path in sorted(TESTS.glob("*/permissions.py")):
        module = import_module(f"tests.{path.parent.name}.permissions")
        rows.extend(module.PERMISSION_MATRIX)
    return rows


MATRIX = collect_matrix()


def declared_routes(app: Flask) -> set[tuple[str, str]]:
    routes = set()
    rule: Rule
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in (rule.methods or set()) - IGNORED_METHODS:
            routes.add((method, rule.rule))
    return routes


def test_every_route_is_declared(app: Flask) -> None:
    missing = declared_routes(app) - {row.key for row in MATRIX}
    assert not missing, (
        "Routes with no permission-matrix row (add them to tests/<package>/permissions.py): "
        + ", ".join(f"{m} {r}" for m, r in sorted(missing, key=lambda k: (k[1], k[0])))
    )


def test_matrix_rows_are_unique_complete_and_current(app: Flask) -> None:
    keys = [row.key for row in MATRIX]
    assert len(keys) == len(set(keys)), "a route is declared twice"
    assert all(set(row.expect) == set(ROLES) for row in MATRIX), "a row lacks a role"
    stale = {row.key for row in MATRIX} - declared_routes(app)
    assert not stale, f"rows for routes that no longer exist: {sorted(stale)}"


def build_world(make_organisation: Any, make_service: Any, make_user: Any) -> World:
    organisation = make_organisation(name="Own Organisation")
    other = make_organisation(name="Other Organisation")
    partner = make_organisation(name="Partner Organisation")
    service = make_service(organisation=organisation, lat=53.578, lon=-2.429)
    taxonomy = Taxonomy(name="Matrix taxonomy")
    term = TaxonomyTerm(taxonomy=taxonomy, code="matrix", name="Matrix")
    db.session.add_all([taxonomy, term])
    users = {
        COORDINATOR: make_user(roles=[Role.COORDINATOR]),
        PROVIDER: make_user(roles=[Role.PROVIDER], organisations=[organisation]),
        OTHER_PROVIDER: make_user(roles=[Role.PROVIDER], organisations=[other]),
        CAPACITY_LEAD: make_user(roles=[Role.CAPACITY_LEAD]),
        REFERRING_PARTNER: make_user(
            roles=[Role.PROVIDER], organisations=[partner], referring_partner=True
        ),
        TEAM_LEADER: make_user(roles=[Role.TEAM_LEADER]),
    }
    team = Team(name="Staying Well North")
    team.memberships.append(TeamMembership(user=users[COORDINATOR]))
    team.memberships.append(TeamMembership(user=users[TEAM_LEADER]))
    db.session.add(team)
    token, _ = create_token(users[COORDINATOR], "Matrix token")
    send_email("someone@example.org", "Hello", "A message.")
    message = db.session.scalars(db.select(OutboxMessage)).one()
    message.status = OutboxStatus.FAILED  # so the lead has something to retry
    event = audit.record_event("view", "user", users[COORDINATOR].id, user=users[CAPACITY_LEAD])
    db.session.flush()
    return World(
        organisation=organisation,
        other_organisation=other,
        service=service,
        taxonomy=taxonomy,
        term=term,
        users=users,
        team=team,
        token=token,
        outbox_message=message,
        audit_event=event,
    )


def outcome_of(status: int, location: str) -> str:
    if status == 401 or (status == 302 and "/login?next=" in location):
        return LOGIN
    if status == 403:
        return DENY
    if status == 404:
        return HIDE
    assert status < 500, f"server error {status}"
    return ALLOW


CASES = [
    pytest.param(row, role, id=f"{row.method} {row.rule} as {role}")
    for row in MATRIX
    for role in ROLES
]


@dataclass
class Matrix:
    app: Flask
    world: World  # built once and detached; each case loads it with this_cases_world()


@pytest.fixture
def matrix(
    shared_app: SharedApp, make_organisation: Any, make_service: Any, make_user: Any
) -> Matrix:
    """The app holding the World, which each case finds as built (rolled back after every case)."""

    def build(app: Flask) -> World:
        with app.app_context():
            world = build_world(make_organisation, make_service, make_user)
            db.session.commit()
        return world

    return Matrix(shared_app.app, shared_app.use("permission matrix", build))


def this_cases_world(shared: World) -> World:
    """The shared World's records, loaded into the current session (every field, any roles)."""
    return World(**{f.name: fresh_copy(getattr(shared, f.name)) for f in fields(World)})


@pytest.mark.parametrize(("row", "role"), CASES)
def test_route_permission(matrix: Matrix, row: Route, role: str) -> None:
    app = matrix.app
    with app.app_context():
        world = this_cases_world(matrix.world)
        user = None if role == ANONYMOUS else world.users[role]
        world.acting = user
        url_args = row.args(world)
        data = row.data(world)
        db.session.commit()
        url = app.url_for(_endpoint(app, row), _external=False, **url_args)
        user_id = user.get_id() if user is not None else None
    client = app.test_client()
    if user_id is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session[LAST_SEEN] = utcnow().timestamp()
    response = client.open(url, method=row.method, data=data)
    got = outcome_of(response.status_code, response.headers.get("Location", ""))
    assert got == row.expect[role], (
        f"{row.method} {row.rule} as {role}: expected {row.expect[role]}, "
        f"got {response.status_code} {response.headers.get('Location', '')}"
    )


def _endpoint(app: Flask, row: Route) -> str:
    for rule in app.url_map.iter_rules():
        if rule.rule == row.rule and row.method in (rule.methods or set()):
            return rule.endpoint
    raise AssertionError(f"no route {row.method} {row.rule}")
