"""With CSRF protection on, the find-support actions need the token the banner's form carries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from core.extensions import db
from referrals.models import Action
from tests.referrals.test_finding import _signed_in, people, starting_database  # noqa: F401


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def test_actions_without_the_token_are_refused_and_with_it_work(
    app: Flask,
    people,  # noqa: F811
    login,
) -> None:
    web = _signed_in(app, login, people.owner)
    for action in ("list", "information-given"):
        url = f"/clients/{people.client_id}/found/{people.service_uuid}/{action}"
        assert web.post(url).status_code == 400
    with app.app_context():
        assert not db.session.scalars(
            select(Action).where(Action.client_id == people.client_id)
        ).all()
    page = web.get(f"/services/{people.service_uuid}?for_client={people.client_id}")
    html = page.get_data(as_text=True)
    form = re.search(r'<form id="carried-client-actions"[^>]*>(.*?)</form>', html, re.S).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    done = web.post(
        f"/clients/{people.client_id}/found/{people.service_uuid}/information-given",
        data={"csrf_token": token},
    )
    assert done.status_code == 302
