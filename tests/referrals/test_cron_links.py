"""Links in referral emails and printed lists use BASE_URL: from cron (no SERVER_NAME) and
behind a proxy that forwards a forged host."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.outbox import OutboxMessage
from tests.referrals.test_caseload_pages import _send_referrals, shortlist_site  # noqa: F401
from tests.referrals.test_views import read, sign_in

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


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self):
        return {"BASE_URL": SITE, "SERVER_NAME": None, "TRUSTED_PROXIES": 1}

    def test_shortlist_email_links_ignore_a_forwarded_host(
        self,
        app,
        client,
        shortlist_site,  # noqa: F811 - the fixture imported above
    ):
        sign_in(client, shortlist_site.coordinator)
        forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
        made = client.post(
            f"/clients/{shortlist_site.client_id}/shortlist",
            data={"service_ids": [str(shortlist_site.service_ids[0])], "kind": "information_given"},
            headers=forged,
        )
        assert made.status_code == 302
        path = made.headers["Location"].removeprefix("https://evil.example")
        assert client.post(f"{path}/email", headers=forged).status_code == 302
        printed = client.get(path, headers=forged).get_data(as_text=True)
        assert "evil.example" not in printed
        # A shortlist prints and emails no web addresses of ours at all (people read it on
        # paper), so there is no link a forged header could bend.
        assert f"{SITE}/services/" not in printed
        [body] = read(app, select(OutboxMessage.text_body))
        assert "evil.example" not in body and "Walking for health" in body
        assert _links(app) == []
