"""The self-check's forms speak plainly: an <h1> per question, the contact detail checked
for the route the person chose, and only that one."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from core.extensions import db
from directory.themes import Theme
from frontdoors.models import SelfReferralRequest
from tests.frontdoors.test_selfcheck import answer_all, contact_form


def test_each_question_page_has_the_question_as_its_h1(demo: Flask) -> None:
    client = demo.test_client()
    for theme in Theme:
        html = client.get(f"/self-check/questions/{theme.value}").get_data(as_text=True)
        headings = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        assert len(headings) == 1, theme
        # The h1 sits in the legend, so the question still names the radio group.
        assert re.search(r"<legend[^>]*>\s*<h1", html), theme
    refused = client.post("/self-check/questions/health", data={})
    assert refused.status_code == 400
    assert "<title>Error: " in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    "phone", ["not a number", "0120455501420000000000", "call me", "<script>", "12"]
)
def test_a_phone_number_that_is_not_one_is_refused(demo: Flask, phone: str) -> None:
    client = demo.test_client()
    answer_all(client)
    response = client.post("/self-check/contact", data=contact_form(phone=phone))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter a phone number, like 01204 123456" in html
    assert 'href="#phone"' in html
    with demo.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SelfReferralRequest)) == 0


def test_the_email_box_is_not_checked_when_the_person_chose_phone(demo: Flask) -> None:
    client = demo.test_client()
    answer_all(client)
    response = client.post("/self-check/contact", data=contact_form(email="half typed@"))
    assert response.status_code == 302
    with demo.app_context():
        (request,) = db.session.scalars(db.select(SelfReferralRequest)).all()
        assert request.contact == "01204 555 0142"


def test_the_email_is_checked_when_the_person_chose_email(demo: Flask) -> None:
    client = demo.test_client()
    answer_all(client)
    for email, message in [
        ("", "Enter your email address"),
        ("half typed@", "Enter an email address like name@example.com"),
        ("a" * 250 + "@example.org", "Enter an email address of 254 characters or fewer"),
    ]:
        response = client.post(
            "/self-check/contact",
            data=contact_form(contact_route="email", phone="not checked", email=email),
        )
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert message in html and 'href="#email"' in html
        assert "Enter a phone number" not in html
