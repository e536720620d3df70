"""Errors a person can act on: the wheel names each theme, numbers are asked for plainly,
every error page's title starts "Error: ", and a spent emailed link says the referral is
closed instead of "Bad request"."""

from __future__ import annotations

import re

import pytest

from directory.themes import Theme
from referrals.caseload import ONS4_QUESTIONS
from tests.referrals.test_views import _link_from_outbox, _send, sign_in, wheel_form

DEFAULT_NUMBER_MESSAGES = ("Not a valid integer", "Not a valid number")


def test_each_wheel_error_names_its_theme(client, site) -> None:
    sign_in(client, site.coordinator)
    path = f"/clients/{site.client_id}/wheel"
    html = client.post(path, data={"stage": "start"}).get_data(as_text=True)
    for theme in Theme:
        assert f"Score {theme.label.lower()}" in html, theme
    assert "Score each theme</" not in html and "Score each theme from 0 to" not in html
    assert html.count('class="govuk-error-message"') == len(Theme)
    assert "<title>Error: " in html
    wrong = client.post(path, data={**wheel_form(), "score-money": "nine"})
    page = wrong.get_data(as_text=True)
    assert "Score money from 0 to 5" in page
    assert not any(message in page for message in DEFAULT_NUMBER_MESSAGES)


def test_ons4_answers_that_are_not_numbers_get_a_plain_message(client, site) -> None:
    sign_in(client, site.coordinator)
    answers = {name: "lots" for name, _ in ONS4_QUESTIONS}
    response = client.post(f"/clients/{site.client_id}/wheel", data={**wheel_form(), **answers})
    html = response.get_data(as_text=True)
    assert "Answer each question with a number from 0 to 10" in html
    assert not any(message in html for message in DEFAULT_NUMBER_MESSAGES)


def test_a_spent_link_says_the_referral_is_closed(app, client, site) -> None:
    referral = _send(app, client, site)
    link = _link_from_outbox(app)
    client.post(
        link, data={"move": "declined", "reason": "no_capacity", "version": referral.version}
    )
    for response in (client.get(link), client.get(link[:-3] + "xyz")):  # spent, then forged
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "<title>Error: This referral is closed" in html
        assert re.search(r"<h1[^>]*>This referral is closed</h1>", html)
        assert "Bad request" not in html


@pytest.mark.parametrize("path", ["/no/such/page", "/clients/999999", "/admin/"])
def test_error_page_titles_start_with_error(client, site, path) -> None:
    sign_in(client, site.coordinator)
    response = client.get(path)
    assert response.status_code in (403, 404)
    assert re.search(r"<title>Error: ", response.get_data(as_text=True))


def test_the_api_never_answers_not_a_valid_integer(client, site) -> None:
    for path in (
        "/openreferral/services?per_page=lots",
        "/openreferral/services?proximity=far&postcode=BL1+1AA",
    ):
        body = client.get(path).get_data(as_text=True)
        assert not any(message in body for message in DEFAULT_NUMBER_MESSAGES), path
