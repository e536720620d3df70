"""Suggestions fit the need: the search engine ranks a theme's services on what the need is.

Before, the partner checklist and the self-check report listed a theme's services nearest
first, so "lonely" suggested a kinship carers' group and "home is cold" a veterans' drop-in
near BL1 1BQ. Each test below also shows the nearest-first order still holds the misfit, so
it fails if ranking falls back to distance alone.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from flask import Flask

from directory.themes import Theme
from frontdoors import partners, selfcheck
from search import services as search
from search.schemas import SearchParamsSchema
from tests.frontdoors.test_partners import PERSON, make_partner

POSTCODE = "BL1 1BQ"
BEFRIENDING = re.compile(r"befriend|friend|compan|social|lunch|listening|cafe", re.IGNORECASE)
WARMTH = re.compile(r"energy|warm|heat|cold|healthy homes", re.IGNORECASE)


def _nearest_first(theme: Theme, limit: int = 10) -> list[str]:
    params = SearchParamsSchema().load(
        {
            "theme": [theme.value],
            "near": POSTCODE,
            "radius": 10,
            "sort": "nearest",
            "signpost_referral": True,
        }
    )
    return [h.record["name"] for h in search.search_services(params, per_page=limit).outcome.hits]


def _names(found: list[selfcheck.Suggestion]) -> list[str]:
    return [s.service.name for s in found]


def test_lonely_suggests_befriending_not_kinship_carers(demo: Flask) -> None:
    with demo.app_context():
        assert "Kinship carers group" in _nearest_first(Theme.FRIENDS_AND_FAMILY, 5)
        said = dict(partners.CHECKLIST)[Theme.FRIENDS_AND_FAMILY]
        found = _names(
            selfcheck.services_for_need(
                Theme.FRIENDS_AND_FAMILY, said, POSTCODE, 5, signpost_referral=True
            )
        )
        public = _names(selfcheck.services_for_need(Theme.FRIENDS_AND_FAMILY, "", POSTCODE, 5))
    assert "Kinship carers group" not in found and "Kinship carers group" not in public
    assert all(BEFRIENDING.search(name) for name in found[:2]), found
    assert all(BEFRIENDING.search(name) for name in public[:2]), public
    assert "Wednesday friendship club" in public
    assert "Telephone befriending" in found[:2]


def test_home_is_cold_suggests_warmth_help_not_a_veterans_drop_in(demo: Flask) -> None:
    with demo.app_context():
        assert "Veterans' welfare drop-in" in _nearest_first(Theme.HOUSE_AND_HOME, 10)
        said = dict(partners.CHECKLIST)[Theme.HOUSE_AND_HOME]
        found = _names(
            selfcheck.services_for_need(
                Theme.HOUSE_AND_HOME, said, POSTCODE, 5, signpost_referral=True
            )
        )
        public = _names(selfcheck.services_for_need(Theme.HOUSE_AND_HOME, "", POSTCODE, 5))
    assert "Veterans' welfare drop-in" not in found + public
    assert all(WARMTH.search(name) for name in found[:3]), found
    assert all(WARMTH.search(name) for name in public[:3]), public
    assert found[0] == "Energy and fuel poverty advice"


def test_money_worries_suggest_debt_benefits_and_food_help(demo: Flask) -> None:
    with demo.app_context():
        found = _names(selfcheck.services_for_need(Theme.MONEY, "", POSTCODE, 5))
    assert "Sight loss advice and support" not in found  # nearest in the theme, not a fit
    # Fuel poverty advice is money help too (bills); the point is no sight-loss or carers' groups.
    assert all(re.search(r"debt|benefit|food|money|fuel", n, re.IGNORECASE) for n in found), found


def test_an_age_leaves_out_services_not_open_to_it(demo: Flask) -> None:
    with demo.app_context():
        young = selfcheck.services_for_need(Theme.FRIENDS_AND_FAMILY, "", POSTCODE, 10, age=15)
        old = selfcheck.services_for_need(Theme.FRIENDS_AND_FAMILY, "", POSTCODE, 10, age=80)
        for suggestion, age in [(s, 15) for s in young] + [(s, 80) for s in old]:
            service = suggestion.service
            assert service.min_age is None or service.min_age <= age, service.name
            assert service.max_age is None or service.max_age >= age, service.name
        assert young and old and _names(young) != _names(old)


def test_the_report_ranks_on_the_need_and_shows_fit_and_room(demo: Flask) -> None:
    web = demo.test_client()
    for theme in Theme:
        flagged = theme in (Theme.FRIENDS_AND_FAMILY, Theme.HOUSE_AND_HOME)
        web.post(
            f"/self-check/questions/{theme.value}", data={"answer": "yes" if flagged else "no"}
        )
    web.post("/self-check/postcode", data={"postcode": POSTCODE})
    html = web.get("/self-check/report").get_data(as_text=True)
    sections = {
        m.group(1): m.group(0)
        for m in re.finditer(r'<section.*?id="theme-([a-z_]+)".*?</section>', html, re.S)
    }
    lonely, cold = sections["friends_and_family"], sections["house_and_home"]
    assert "Telephone befriending" in lonely and "Kinship carers group" not in lonely
    assert "Energy and fuel poverty advice" in cold and "Veterans" not in cold
    # Names are links; each suggestion says whether it has room and, if any, who it is for.
    assert re.search(
        r'<a class="govuk-link" href="/services/[0-9a-f-]{36}">Telephone befriending', html
    )
    assert html.count('class="govuk-body-s sp-fit"') >= 4
    assert "Taking new people" in html or "Waiting list" in html


def _partner(demo: Flask, make_user: Any, login: Any) -> Any:
    with demo.app_context():
        partner = make_partner(make_user)
        from core.extensions import db

        db.session.commit()
        key = partner.get_id()
    web = demo.test_client()
    login(web, SimpleNamespace(get_id=lambda: key))
    return web


def test_partner_checklist_ranks_on_the_need_and_age(demo: Flask, make_user, login) -> None:
    web = _partner(demo, make_user, login)
    person = {**PERSON, "needs": ["friends_and_family", "house_and_home"], "age": "82"}
    page = web.post("/partner/checklist", data=person)
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html
    assert "Kinship carers group" not in html and "Veterans" not in html
    offered = re.findall(
        r'<label class="govuk-label govuk-checkboxes__label" for="[^"]+">([^<]+)<', html
    )
    assert offered[0] == "Telephone befriending", offered
    assert "open to someone aged 82" in html
    assert 'name="age" value="82"' in html, "the age travels with the other details"
    assert re.search(r'href="/services/[0-9a-f-]{36}">About ', html)
    assert 'class="govuk-body-s sp-fit"' in html


def test_partner_checklist_refuses_a_bad_age(demo: Flask, make_user, login) -> None:
    web = _partner(demo, make_user, login)
    for age, message in (("old", "Enter their age as a number"), ("300", "from 0 to 120")):
        page = web.post("/partner/checklist", data={**PERSON, "age": age})
        html = page.get_data(as_text=True)
        assert page.status_code == 400 and message in html
        assert 'value="Walter"' in html, "the rest of the form is kept"


def _answer(web: Any) -> None:
    for theme in Theme:
        answer = "yes" if theme is Theme.FRIENDS_AND_FAMILY else "no"
        web.post(f"/self-check/questions/{theme.value}", data={"answer": answer})


def test_the_self_check_age_is_optional_and_only_in_the_cookie(demo: Flask) -> None:
    web = demo.test_client()
    _answer(web)
    web.post("/self-check/postcode", data={"postcode": POSTCODE, "age": "15"})
    with web.session_transaction() as session:
        assert session["self_check"]["age"] == 15
    young = web.get("/self-check/report").get_data(as_text=True)
    assert "open to people aged 15" in young
    with demo.app_context():
        shown = selfcheck.services_for_need(Theme.FRIENDS_AND_FAMILY, "", POSTCODE, 3, age=15)
        assert shown and all(s.service.name in young for s in shown)
        over_50 = [s for s in shown if (s.service.min_age or 0) > 15]
    assert not over_50
    assert "Telephone befriending" not in young, "it is for people aged 60 and over"
    web.post("/self-check/postcode", data={"postcode": POSTCODE})
    anyone = web.get("/self-check/report").get_data(as_text=True)
    assert "Telephone befriending" in anyone and "open to people aged" not in anyone


def test_the_self_check_refuses_a_bad_age_and_keeps_the_postcode(demo: Flask) -> None:
    web = demo.test_client()
    _answer(web)
    for age, message in (("sixty", "Enter your age as a number"), ("130", "from 0 to 120")):
        page = web.post("/self-check/postcode", data={"postcode": POSTCODE, "age": age})
        html = page.get_data(as_text=True)
        assert page.status_code == 400 and message in html
        assert f'value="{POSTCODE}"' in html
