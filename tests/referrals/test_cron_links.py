"""The clock-driven referral commands run from cron with no SERVER_NAME: links use BASE_URL."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from accounts.models import OutboxMessage
from tests.referrals.test_caseload_pages import _send_referrals
from tests.referrals.test_views import read

SITE = "https://signpost.example.org"


@pytest.fixture
def app_config():
    return {"BASE_URL": SITE, "SERVER_NAME": None}


def _links(app) -> list[str]:
    bodies = read(app, select(OutboxMessage.text_body).order_by(OutboxMessage.id))
    return [link for body in bodies for link in re.findall(r"\w+://\S+", body)]


@pytest.mark.parametrize(("command", "ages"), [("remind", [4]), ("expire", [15])])
def test_command_works_without_server_name(app, runner, request, command, ages) -> None:
    _send_referrals(app, "world", ages, request)
    before = len(_links(app))
    result = runner.invoke(args=["referrals", command])
    assert result.exit_code == 0, result.output
    assert "1" in result.output
    sent = _links(app)[before:]
    assert sent and all(link.startswith(f"{SITE}/") for link in sent)
