"""After signing in each role lands on its own home (a safe `next`: see test_sign_in)."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Role
from core.extensions import db
from directory.models import Organisation, OrganisationKind
from tests.accounts.conftest import PASSWORD


def _sign_in(client: Any, email: str) -> str:
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize(
    ("roles", "partner", "home"),
    [
        ([Role.COORDINATOR], False, "/caseload"),
        ([Role.PROVIDER], False, "/inbox"),
        ([Role.PROVIDER], True, "/partner/checklist"),
        ([Role.CAPACITY_LEAD], False, "/admin/"),
        ([Role.TEAM_LEADER], False, "/team"),
        # A co-ordinator who also leads a team starts from their own caseload.
        ([Role.COORDINATOR, Role.TEAM_LEADER], False, "/caseload"),
        # The lead's overview wins over a co-ordinator's caseload for someone who is both.
        ([Role.COORDINATOR, Role.CAPACITY_LEAD], False, "/admin/"),
        ([], False, "/account"),
    ],
)
def test_each_role_lands_on_its_home(app, client, make_user, roles, partner, home):
    with app.app_context():
        organisation = Organisation(name="Home test org", kind=OrganisationKind.VOLUNTARY)
        db.session.add(organisation)
        make_user(
            roles=roles,
            organisations=[organisation],
            referring_partner=partner,
            email="home@example.org",
        )
        db.session.commit()
    assert _sign_in(client, "home@example.org") == home
    assert client.get(home).status_code == 200
