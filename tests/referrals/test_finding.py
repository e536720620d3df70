"""Find support for a client: the client carried through search, and acting on what was found."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy import func, select

from accounts.models import AuditEvent, Role
from core.extensions import db
from directory.models import AccessMethod, Organisation, Service
from directory.services import listed_services_query
from referrals.models import Action, ActionKind, ActionStatus, Client, Shortlist
from tests.isolation import Start


@pytest.fixture
def starting_database(demo_start: Start) -> Start:
    """The demo borough and its search index: searches find real listings."""
    return demo_start


@pytest.fixture
def people(app: Flask, make_user, make_client) -> SimpleNamespace:
    with app.app_context():
        owner = make_user(name="Cara Coordinator")
        other = make_user(name="Olly Other")
        organisation = db.session.scalars(select(Organisation).order_by(Organisation.id)).first()
        provider = make_user(roles=[Role.PROVIDER], organisations=[organisation])
        lead = make_user(roles=[Role.CAPACITY_LEAD])
        person = make_client(owner, first_name="Margaret", last_name="Cooper", postcode="BL4 7EB")
        closed = make_client(owner, first_name="Closed", last_name="Person")
        closed.status = type(closed.status)("signed_off")
        referrable = db.session.scalars(
            listed_services_query().order_by(Service.name).limit(200)
        ).all()
        service = next(
            s for s in referrable if AccessMethod.SIGNPOST_REFERRAL.value in s.access_methods
        )
        db.session.commit()
        return SimpleNamespace(
            owner=owner.get_id(),
            other=other.get_id(),
            provider=provider.get_id(),
            lead=lead.get_id(),
            client_id=person.id,
            closed_id=closed.id,
            outward=person.outward_code,
            service_uuid=service.uuid,
            service_name=service.name,
            service_id=service.id,
        )


def _signed_in(app: Flask, login, user_id: str):
    web = app.test_client()
    login(web, SimpleNamespace(get_id=lambda: user_id))
    return web


def _audits(app: Flask, client_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.record_type == "client",
                AuditEvent.record_id == str(client_id),
                AuditEvent.action == "find_support",
            )
        )


def test_client_page_opens_search_carrying_the_client_and_the_banner_follows(
    app: Flask, people, login
) -> None:
    web = _signed_in(app, login, people.owner)
    page = web.get(f"/clients/{people.client_id}").get_data(as_text=True)
    link = re.search(r'href="(/search\?[^"]+)" id="find-support"', page)
    assert link and "Find support for Margaret Cooper" in page
    url = link.group(1).replace("&amp;", "&")
    assert f"for_client={people.client_id}" in url and "Cooper" not in url
    assert f"near={people.outward}" in url

    before = _audits(app, people.client_id)
    results = web.get(url + "&q=befriending")
    html = results.get_data(as_text=True)
    assert results.status_code == 200
    assert results.headers["Cache-Control"] == "no-store"
    assert "Searching for Margaret Cooper" in html
    assert "Stop searching for this person" in html
    assert _audits(app, people.client_id) == before + 1, "carrying the client is audited"
    # The search form keeps the client; each result links on carrying them and offers actions.
    assert f'name="for_client" value="{people.client_id}"' in html
    assert html.count("Add to list<span") >= 1
    assert html.count("Add to list<span") == html.count("Record as information given<span")
    assert re.search(rf'href="/services/[0-9a-f-]{{36}}\?for_client={people.client_id}"', html)
    assert 'name="csrf_token"' in html and 'form="carried-client-actions"' in html

    stop = re.search(r'href="([^"]+)">Stop searching for this person', html).group(1)
    stopped = web.get(stop.replace("&amp;", "&")).get_data(as_text=True)
    assert "for_client" not in stop and "Searching for" not in stopped
    assert "Add to list<span" not in stopped


def test_service_page_carries_the_client_with_all_three_actions(app: Flask, people, login) -> None:
    web = _signed_in(app, login, people.owner)
    page = web.get(f"/services/{people.service_uuid}?for_client={people.client_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Searching for Margaret Cooper" in html
    assert f"/clients/{people.client_id}/referrals/new?service={people.service_uuid}" in html
    assert f"/clients/{people.client_id}/found/{people.service_uuid}/list" in html
    assert f"/clients/{people.client_id}/found/{people.service_uuid}/information-given" in html
    # The same page without the client is the public page: no banner, no actions.
    plain = web.get(f"/services/{people.service_uuid}").get_data(as_text=True)
    assert "Searching for" not in plain and "/found/" not in plain


@pytest.mark.parametrize("who", ["anonymous", "other", "provider", "lead"])
def test_only_the_clients_coordinators_may_carry_them(app: Flask, people, login, who) -> None:
    web = app.test_client() if who == "anonymous" else _signed_in(app, login, getattr(people, who))
    for url in (
        f"/search?q=lunch&for_client={people.client_id}",
        f"/services/{people.service_uuid}?for_client={people.client_id}",
    ):
        page = web.get(url)
        assert page.status_code == 404, (who, url)
        assert "Margaret" not in page.get_data(as_text=True)


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1e3", "", "9" * 40])
def test_a_tampered_client_id_is_not_found(app: Flask, people, login, value) -> None:
    web = _signed_in(app, login, people.owner)
    assert web.get(f"/search?q=lunch&for_client={value}").status_code == 404
    assert web.get(f"/services/{people.service_uuid}?for_client={value}").status_code == 404


def test_add_to_list_lands_on_the_client_and_builds_one_list(app: Flask, people, login) -> None:
    web = _signed_in(app, login, people.owner)
    url = f"/clients/{people.client_id}/found/{people.service_uuid}/list"
    added = web.post(url)
    assert added.status_code == 302
    assert added.headers["Location"].endswith(f"/clients/{people.client_id}")
    page = web.get(added.headers["Location"]).get_data(as_text=True)
    assert f"{people.service_name} added to Margaret’s list" in page.replace("&#39;", "'")
    assert "List made" in page

    again = web.post(url)
    assert again.status_code == 302
    page = web.get(again.headers["Location"]).get_data(as_text=True)
    assert "is already on Margaret’s list" in page
    with app.app_context():
        [shortlist] = db.session.scalars(
            select(Shortlist).where(Shortlist.client_id == people.client_id)
        ).all()
        assert [a.service_id for a in shortlist.actions] == [people.service_id]
        assert shortlist.actions[0].kind is ActionKind.SERVICE_RECOMMENDATION
        other = db.session.scalars(
            listed_services_query().where(Service.id != people.service_id).limit(1)
        ).one()
        other_uuid = other.uuid
    web.post(f"/clients/{people.client_id}/found/{other_uuid}/list")
    with app.app_context():
        [shortlist] = db.session.scalars(
            select(Shortlist).where(Shortlist.client_id == people.client_id)
        ).all()
        assert len(shortlist.actions) == 2, "a second service joins the same open list"


def test_record_information_given_adds_a_done_action(app: Flask, people, login) -> None:
    web = _signed_in(app, login, people.owner)
    done = web.post(f"/clients/{people.client_id}/found/{people.service_uuid}/information-given")
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/clients/{people.client_id}")
    page = web.get(done.headers["Location"]).get_data(as_text=True)
    assert f"Recorded: information given about {people.service_name}" in page
    with app.app_context():
        [action] = db.session.scalars(select(Action).where(Action.client_id == people.client_id))
        assert action.kind is ActionKind.INFORMATION_GIVEN
        assert action.status is ActionStatus.DONE and action.service_id == people.service_id


def test_refer_from_a_result_lands_back_on_the_client(app: Flask, people, login) -> None:
    web = _signed_in(app, login, people.owner)
    form_url = f"/clients/{people.client_id}/referrals/new?service={people.service_uuid}"
    form = web.get(form_url).get_data(as_text=True)
    assert f"Refer to {people.service_name}" in form.replace("&#39;", "'")
    sent = web.post(
        form_url,
        data={
            "service_id": people.service_id,
            "theme": "friends_and_family",
            "reason": "Lonely since she moved",
            "consent": "true",
        },
    )
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"/clients/{people.client_id}")
    page = web.get(sent.headers["Location"]).get_data(as_text=True)
    assert f"sent to {people.service_name}" in page.replace("&#39;", "'")


@pytest.mark.parametrize("who", ["other", "provider", "lead"])
def test_actions_refuse_everyone_but_the_clients_coordinators(
    app: Flask, people, login, who
) -> None:
    web = _signed_in(app, login, getattr(people, who))
    for action in ("list", "information-given"):
        answer = web.post(f"/clients/{people.client_id}/found/{people.service_uuid}/{action}")
        assert answer.status_code in (403, 404)
    with app.app_context():
        assert not db.session.scalars(
            select(Action).where(Action.client_id.in_([people.client_id, people.closed_id]))
        ).all()


def test_actions_answer_404_for_tampered_ids_and_409_for_a_closed_client(
    app: Flask, people, login
) -> None:
    web = _signed_in(app, login, people.owner)
    assert web.post(f"/clients/999999/found/{people.service_uuid}/list").status_code == 404
    assert web.post(f"/clients/{people.client_id}/found/not-a-uuid/list").status_code == 404
    assert (
        web.post(f"/clients/{people.client_id}/found/{'0' * 36}/information-given").status_code
        == 404
    )
    closed = web.post(f"/clients/{people.closed_id}/found/{people.service_uuid}/list")
    assert closed.status_code == 409
    closed = web.post(f"/clients/{people.closed_id}/found/{people.service_uuid}/information-given")
    assert closed.status_code == 409
    with app.app_context():
        assert not db.session.scalars(
            select(Action).where(Action.client_id.in_([people.client_id, people.closed_id]))
        ).all()
        assert db.session.get(Client, people.closed_id) is not None


# -- The referral and list pickers are the search itself ----------------------------------------


def _listed_in_theme(app: Flask, theme: str, referrable: bool = False) -> int:
    with app.app_context():
        services = db.session.scalars(listed_services_query()).all()
        return sum(
            1
            for s in services
            if theme in {t.value for t in s.themes}
            and (not referrable or s.accepts_signpost_referrals)
        )


def test_list_picker_pages_through_every_service_of_a_theme_with_no_cut_off(
    app: Flask, people, login
) -> None:
    web = _signed_in(app, login, people.owner)
    path = f"/clients/{people.client_id}/shortlist"
    near = web.get(f"{path}?theme=friends_and_family").get_data(as_text=True)
    assert re.search(rf"\d+ services found within 5 km of {people.outward}", near)
    # Everywhere: "Near" left empty.
    first = web.get(f"{path}?theme=friends_and_family&near=").get_data(as_text=True)
    expected = _listed_in_theme(app, "friends_and_family")
    assert expected > 30, "the demo theme is bigger than the old silent cut-off"
    total = int(re.search(r"(\d+) services found", first).group(1))
    assert total == expected
    pages = int(re.search(r"page 1 of (\d+)", first).group(1))
    seen: set[str] = set()
    for number in range(1, pages + 1):
        html = web.get(f"{path}?theme=friends_and_family&near=&page={number}").get_data(
            as_text=True
        )
        ids = re.findall(
            r'name="service_ids" type="checkbox" value="(\d+)" form="shortlist-form"', html
        )
        assert ids and not seen & set(ids)
        seen |= set(ids)
    assert len(seen) == expected
    # Capacity is visible on each row.
    assert "Taking new people" in first or "Waiting list" in first


def test_list_picker_ranks_on_the_words_and_ticks_join_one_list(app: Flask, people, login) -> None:
    web = _signed_in(app, login, people.owner)
    path = f"/clients/{people.client_id}/shortlist"
    html = web.get(f"{path}?q=befriending").get_data(as_text=True)
    names = re.findall(
        r'govuk-checkboxes__label govuk-!-font-weight-bold" for="[^"]+">([^<]+)<', html
    )
    assert "befriending" in names[0].lower(), names
    assert sum(bool(re.search("befriend|friend|compan|social", n, re.I)) for n in names[:5]) >= 4, (
        names
    )
    ids = re.findall(r'name="service_ids" type="checkbox" value="(\d+)"', html)
    made = web.post(
        f"{path}?q=befriending",
        data={"service_ids": ids[:2], "kind": "service_recommendation", "note": "Ring on Monday"},
    )
    assert made.status_code == 302 and "/shortlists/" in made.headers["Location"]
    more = web.get(f"{path}?q=debt").get_data(as_text=True)
    assert "See the list" in more and "Add ticked services to the list" in more
    debt = re.findall(r'name="service_ids" type="checkbox" value="(\d+)"', more)
    again = web.post(f"{path}?q=debt", data={"service_ids": [debt[0], ids[0]]})
    assert again.headers["Location"] == made.headers["Location"]
    with app.app_context():
        [shortlist] = db.session.scalars(
            select(Shortlist).where(Shortlist.client_id == people.client_id)
        ).all()
        assert len(shortlist.actions) == 3, "one list, and no service twice"
        assert {a.kind for a in shortlist.actions} == {ActionKind.SERVICE_RECOMMENDATION}


def test_referral_picker_offers_only_referrable_services_and_chooses_one(
    app: Flask, people, login
) -> None:
    web = _signed_in(app, login, people.owner)
    path = f"/clients/{people.client_id}/referrals/new"
    html = web.get(f"{path}?theme=friends_and_family&near=").get_data(as_text=True)
    total = int(re.search(r"(\d+) services? found", html).group(1))
    assert total == _listed_in_theme(app, "friends_and_family", referrable=True)
    choose = re.findall(r'href="(/clients/\d+/referrals/new\?service=[0-9a-f-]{36}[^"]*)"', html)
    assert choose
    form = web.get(choose[0].replace("&amp;", "&")).get_data(as_text=True)
    assert "Refer to " in form and 'name="service_id"' in form
    found = web.get(f"{path}?q=befriending").get_data(as_text=True)
    assert re.search(r"<h3[^>]*>[^<]*[Bb]efriending", found)


@pytest.mark.parametrize(
    "query, message",
    [
        ("near=Nowhereville%20Zzz", None),
        ("page=0", None),
        ("page=abc", None),
        ("page=99999", None),
        ("q=%25%27%22%3Cscript%3E", None),
        ("radius=7", None),
        ("theme=not_a_theme", None),
    ],
)
def test_pickers_answer_hostile_input_without_a_500(
    app: Flask, people, login, query, message
) -> None:
    web = _signed_in(app, login, people.owner)
    for path in ("shortlist", "referrals/new"):
        page = web.get(f"/clients/{people.client_id}/{path}?{query}")
        html = page.get_data(as_text=True)
        assert page.status_code == 200, (path, query)
        assert "<script>" not in html
        if "near=" in query:
            assert "There is a problem" in html


def test_an_action_from_a_one_theme_search_is_recorded_under_that_theme(
    app: Flask, people, login
) -> None:
    web = _signed_in(app, login, people.owner)
    html = web.get(f"/search?theme=money&for_client={people.client_id}").get_data(as_text=True)
    assert 'name="theme" value="money"' in html
    uuid = re.search(r"/found/([0-9a-f-]{36})/information-given", html).group(1)
    web.post(f"/clients/{people.client_id}/found/{uuid}/information-given", data={"theme": "money"})
    web.post(
        f"/clients/{people.client_id}/found/{people.service_uuid}/list", data={"theme": "bogus"}
    )
    with app.app_context():
        actions = db.session.scalars(
            select(Action).where(Action.client_id == people.client_id).order_by(Action.id)
        ).all()
        assert actions[0].theme.value == "money"
        assert actions[1].theme in db.session.get(Service, people.service_id).themes
