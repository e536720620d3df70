"""Pages and commands around the caseload: team visibility, shortlists, sign-off and reopen,
the clock-driven referral commands, the wheel caption and the public response figures."""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from accounts.models import Team, TeamMembership, User
from core.extensions import db
from core.models import utcnow
from core.outbox import OutboxMessage
from directory.models import AccessMethod, Service, ServiceStatus
from directory.themes import Theme
from referrals import caseload, closing, services
from referrals.closing_models import ClosingReason
from referrals.models import (
    ActionKind,
    AssessmentStage,
    Client,
    ClientStatus,
    ContactPreference,
    Referral,
    ReferralEvent,
    Shortlist,
)
from referrals.states import ReferralState
from tests.referrals.test_views import read, sign_in, wheel_form

ALL_FOURS = {theme: (4, "") for theme in Theme}


@pytest.fixture
def team_site(app, request):
    """The world plus a team: the co-ordinator and a teammate share a team-tagged client."""
    with app.app_context():
        world = request.getfixturevalue("world")
        make_user = request.getfixturevalue("make_user")
        make_client = request.getfixturevalue("make_client")
        teammate = make_user(name="Tess Teammate")
        team = Team(name="Staying Well South")
        team.memberships.extend(
            [TeamMembership(user=world.coordinator), TeamMembership(user=teammate)]
        )
        db.session.add(team)
        db.session.flush()
        shared = make_client(
            world.coordinator, first_name="Bernard", last_name="Lomax", team_id=team.id
        )
        db.session.commit()
        return SimpleNamespace(
            client_id=shared.id,
            own_client_id=world.client.id,
            teammate=teammate.get_id(),
            outsider=world.other_coordinator.get_id(),
            capacity_lead=world.capacity_lead.get_id(),
            provider=world.provider.get_id(),
        )


def test_teammate_sees_team_client_outsider_gets_404_lead_403(client, team_site) -> None:
    path = f"/clients/{team_site.client_id}"
    sign_in(client, team_site.teammate)
    page = client.get(path)
    assert page.status_code == 200
    assert "Bernard Lomax" in page.get_data(as_text=True)
    listed = client.get("/clients").get_data(as_text=True)
    assert "Lomax" in listed
    assert client.get(f"/clients/{team_site.client_id}/wheel").status_code == 200

    sign_in(client, team_site.outsider)
    assert client.get(path).status_code == 404
    assert client.get(f"/clients/{team_site.client_id}/wheel").status_code == 404
    assert "Lomax" not in client.get("/clients").get_data(as_text=True)

    sign_in(client, team_site.capacity_lead)
    assert client.get(path).status_code == 403
    assert client.get("/clients").status_code == 403


def test_teammate_sees_clients_of_a_fellow_team_member(client, team_site) -> None:
    # Not tagged with the team, but its owner shares a team with the teammate.
    sign_in(client, team_site.teammate)
    assert client.get(f"/clients/{team_site.own_client_id}").status_code == 200
    sign_in(client, team_site.outsider)
    assert client.get(f"/clients/{team_site.own_client_id}").status_code == 404


# -- Shortlists --------------------------------------------------------------------------------


@pytest.fixture
def shortlist_site(app, request):
    """A client with a full set of details and two listed services to pick from."""
    with app.app_context():
        world = request.getfixturevalue("world")
        make_service = request.getfixturevalue("make_service")
        make_client = request.getfixturevalue("make_client")
        person = make_client(
            world.coordinator,
            first_name="Shazia",
            last_name="Bhatti",
            date_of_birth=date(1958, 7, 21),
            postcode="BL3 5AB",
            address="44 Derby Street, Bolton",
            phone="07700 900555",
            email="shazia.b@example.net",
            contact_preference=ContactPreference.EMAIL,
            gp_practice="Great Lever Medical Practice",
            what_matters="Walking her grandson to school again",
        )
        walking = make_service(
            name="Walking for health",
            themes=[Theme.HEALTH],
            contact_phone="01204 496 0001",
            contact_email="walks@example.org",
        )
        cafe = make_service(name="Health cafe", themes=[Theme.HEALTH])
        db.session.commit()
        return SimpleNamespace(
            client_id=person.id,
            service_ids=[walking.id, cafe.id],
            coordinator=world.coordinator.get_id(),
            outsider=world.other_coordinator.get_id(),
        )


def test_shortlist_form_lists_candidates_and_records_actions(app, client, shortlist_site) -> None:
    sign_in(client, shortlist_site.coordinator)
    path = f"/clients/{shortlist_site.client_id}/shortlist"
    form = client.get(f"{path}?q=health&theme=health").get_data(as_text=True)
    assert "Walking for health" in form and "Health cafe" in form
    empty = client.post(path, data={"kind": "service_recommendation"})
    assert empty.status_code == 400
    assert "Choose at least one service" in empty.get_data(as_text=True)
    made = client.post(
        path,
        data={
            "service_ids": [str(i) for i in shortlist_site.service_ids],
            "kind": "service_recommendation",
            "note": "Both are near the bus stop.",
        },
    )
    assert made.status_code == 302
    [shortlist] = read(app, select(Shortlist))
    assert made.headers["Location"].endswith(f"/shortlists/{shortlist.id}")
    with app.app_context():
        saved = db.session.get(Shortlist, shortlist.id)
        kinds = {a.kind for a in saved.actions}
        assert kinds == {ActionKind.SERVICE_RECOMMENDATION}
        assert sorted(a.service_id for a in saved.actions) == sorted(shortlist_site.service_ids)
    page = client.get(made.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Services for Shazia" in html
    assert "Walking for health" in html and "01204 496 0001" in html
    assert "Both are near the bus stop." in html
    assert "Email this list to Shazia" in html
    sign_in(client, shortlist_site.outsider)
    assert client.get(made.headers["Location"]).status_code == 404


def test_shortlist_email_carries_no_personal_data_beyond_first_name(
    app, client, shortlist_site
) -> None:
    sign_in(client, shortlist_site.coordinator)
    made = client.post(
        f"/clients/{shortlist_site.client_id}/shortlist",
        data={"service_ids": [str(shortlist_site.service_ids[0])], "kind": "information_given"},
    )
    shortlist_path = made.headers["Location"]
    sent = client.post(f"{shortlist_path}/email")
    assert sent.status_code == 302
    [message] = read(app, select(OutboxMessage))
    assert message.recipient == "shazia.b@example.net"
    text = f"{message.subject}\n{message.text_body}"
    assert "Hello Shazia" in text
    assert "Walking for health" in text and "walks@example.org" in text
    for personal in (
        "Bhatti",
        "1958",
        "BL3 5AB",
        "Derby Street",
        "07700 900555",
        "Great Lever Medical Practice",
        "grandson",
    ):
        assert personal not in text, personal
    assert "Emailed" in client.get(shortlist_path).get_data(as_text=True)


def test_shortlist_email_needs_an_email_address(app, client, site) -> None:
    sign_in(client, site.coordinator)
    with app.app_context():
        person = db.session.get(Client, site.client_id)
        person.email = None
        db.session.commit()
    made = client.post(
        f"/clients/{site.client_id}/shortlist",
        data={"service_ids": [str(site.service_id)], "kind": "information_given"},
    )
    assert made.status_code == 302
    assert "Email this list" not in client.get(made.headers["Location"]).get_data(as_text=True)
    refused = client.post(f"{made.headers['Location']}/email")
    assert refused.status_code == 409
    assert read(app, select(OutboxMessage)) == []


# -- Sign-off and reopen ----------------------------------------------------------------------


def test_sign_off_then_reopen(app, client, site) -> None:
    sign_in(client, site.coordinator)
    client.post(
        f"/clients/{site.client_id}/wheel",
        data={**wheel_form(low={Theme.FRIENDS_AND_FAMILY: 1}), "stage": "start"},
    )
    path = f"/clients/{site.client_id}/sign-off"
    form = client.get(path)
    assert form.status_code == 200
    assert "closing_note" in form.get_data(as_text=True)
    missing = client.post(path, data=wheel_form(4))
    assert missing.status_code == 200
    assert "Write a closing note" in missing.get_data(as_text=True)
    assert read(app, select(Client.status)) == [ClientStatus.OPEN]

    no_reason = client.post(path, data={**wheel_form(4), "closing_note": "Lunch club."})
    assert "Choose why the case is closing" in no_reason.get_data(as_text=True)
    assert read(app, select(Client.status)) == [ClientStatus.OPEN]
    done = client.post(
        path,
        data={
            **wheel_form(4),
            "closing_note": "Goes to the lunch club.",
            "closing_reason": "goals_met",
        },
    )
    assert done.status_code == 302
    [closed] = read(app, select(Client))
    assert closed.status is ClientStatus.SIGNED_OFF
    assert closed.signed_off_at is not None
    assert closed.closing_note == "Goes to the lunch club."
    with app.app_context():
        stages = [a.stage for a in db.session.get(Client, site.client_id).assessments]
    assert stages == [AssessmentStage.START, AssessmentStage.SIGN_OFF]
    page = client.get(f"/clients/{site.client_id}").get_data(as_text=True)
    assert "Signed off" in page and "Reopen" in page
    assert client.get(path).status_code == 409  # already signed off
    assert read(app, select(Client.status)) == [ClientStatus.SIGNED_OFF]

    sign_in(client, site.other_coordinator)
    assert client.post(f"/clients/{site.client_id}/reopen").status_code == 404
    assert read(app, select(Client.status)) == [ClientStatus.SIGNED_OFF]

    sign_in(client, site.coordinator)
    reopened = client.post(f"/clients/{site.client_id}/reopen")
    assert reopened.status_code == 302
    [again] = read(app, select(Client))
    assert again.status is ClientStatus.OPEN and again.signed_off_at is None
    assert client.post(f"/clients/{site.client_id}/reopen").status_code == 409
    assert client.get(path).status_code == 200


# -- The wheel caption ------------------------------------------------------------------------


def test_wheel_caption_names_one_date_for_a_single_wheel(app, client, site) -> None:
    sign_in(client, site.coordinator)
    first = {**wheel_form(), "stage": "start", "taken_on-day": "3", "taken_on-month": "2"}
    first["taken_on-year"] = "2026"
    client.post(f"/clients/{site.client_id}/wheel", data=first)
    page = client.get(f"/clients/{site.client_id}").get_data(as_text=True)
    caption = re.search(r'id="wheel-scores-caption">(Scores out of 5.*?)</p>', page, re.S).group(1)
    assert caption.count("3 February 2026") == 1
    assert "only wheel so far" in caption

    review = {**first, "stage": "review", "taken_on-day": "3", "taken_on-month": "3"}
    client.post(f"/clients/{site.client_id}/wheel", data=review)
    page = client.get(f"/clients/{site.client_id}").get_data(as_text=True)
    caption = re.search(r'id="wheel-scores-caption">(Scores out of 5.*?)</p>', page, re.S).group(1)
    assert "3 February 2026 (start) and 3 March 2026 (review)" in caption


# -- Clock-driven commands --------------------------------------------------------------------


def _send_referrals(app, world_name: str, ages_in_days: list[float], request) -> list[int]:
    """Send one referral per age and backdate each to that many days ago; return their ids."""
    with app.app_context():
        world = request.getfixturevalue(world_name)
        ids = []
        for age in ages_in_days:
            referral = services.send_referral(
                world.coordinator,
                world.client,
                world.service,
                theme=Theme.FRIENDS_AND_FAMILY,
                reason="Would like a weekly call.",
                consent_to_share_on=date(2026, 1, 5),
            )
            backdated = utcnow() - timedelta(days=age)
            referral.sent_at = backdated
            referral.events[0].at = backdated
            ids.append(referral.id)
        db.session.commit()
        return ids


def _outbox_subjects(app) -> list[str]:
    return read(app, select(OutboxMessage.subject).order_by(OutboxMessage.id))


def test_expire_command_expires_only_overdue_referrals(app, runner, request) -> None:
    fresh, overdue, long_gone = _send_referrals(app, "world", [2, 14.1, 30], request)
    before = len(_outbox_subjects(app))
    result = runner.invoke(args=["referrals", "expire"])
    assert result.exit_code == 0, result.output
    assert "Expired 2 referrals." in result.output
    states = dict(read_pairs(app, select(Referral.id, Referral.state)))
    assert states == {
        fresh: ReferralState.SENT,
        overdue: ReferralState.EXPIRED,
        long_gone: ReferralState.EXPIRED,
    }
    events = read(app, select(ReferralEvent).where(ReferralEvent.to_state == ReferralState.EXPIRED))
    assert {e.referral_id for e in events} == {overdue, long_gone}
    assert all(e.by_user_id is None and e.channel.value == "system" for e in events)
    # The co-ordinator hears about each expiry, by reference only: never the person's name.
    told = read(app, select(OutboxMessage).order_by(OutboxMessage.id))[before:]
    assert len(told) == 2 and all("expired" in m.subject for m in told)
    assert all("Maud" not in m.text_body and "Hargreaves" not in m.text_body for m in told)
    again = runner.invoke(args=["referrals", "expire"])
    assert "Expired 0 referrals." in again.output


def test_remind_command_reminds_once_after_the_reminder_delay(app, runner, request) -> None:
    just_sent, waiting, overdue = _send_referrals(app, "world", [1, 4, 15], request)
    before = len(_outbox_subjects(app))
    result = runner.invoke(args=["referrals", "remind"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 reminder." in result.output
    reminders = [s for s in _outbox_subjects(app)[before:] if s.startswith("Reminder")]
    assert reminders == [f"Reminder: referral R-{waiting:05d} for Telephone befriending is waiting"]
    rows = {r.id: r for r in read(app, select(Referral))}
    assert rows[waiting].reminded_at is not None
    assert rows[just_sent].reminded_at is None
    assert rows[overdue].state is ReferralState.EXPIRED  # remind expires first
    assert rows[overdue].reminded_at is None
    again = runner.invoke(args=["referrals", "remind"])
    assert "Sent 0 reminders." in again.output


def read_pairs(app, statement) -> list[tuple]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(statement)]


# -- Public response figures ------------------------------------------------------------------


@pytest.fixture
def stats_site(app, request):
    """The world's referrable service, a second one, and who sends to and answers them."""
    with app.app_context():
        world = request.getfixturevalue("world")
        other = request.getfixturevalue("make_service")(
            name="Another service", access_methods=[AccessMethod.SIGNPOST_REFERRAL.value]
        )
        db.session.commit()
        return SimpleNamespace(
            coordinator_id=world.coordinator.id,
            provider_id=world.provider.id,
            client_id=world.client.id,
            service_id=world.service.id,
            service_uuid=world.service.uuid,
            other_uuid=other.uuid,
        )


def _refer(app, ids, count: int, days_to_answer: float | None) -> None:
    """Send `count` referrals, each accepted `days_to_answer` after sending (None: unanswered)."""
    with app.app_context():
        coordinator = db.session.get(User, ids.coordinator_id)
        provider = db.session.get(User, ids.provider_id)
        person = db.session.get(Client, ids.client_id)
        service = db.session.get(Service, ids.service_id)
        for _ in range(count):
            referral = services.send_referral(
                coordinator,
                person,
                service,
                theme=Theme.FRIENDS_AND_FAMILY,
                reason="Would like a weekly call.",
                consent_to_share_on=date(2026, 1, 5),
            )
            if days_to_answer is None:
                continue
            event = services.transition(referral, ReferralState.ACCEPTED, by=provider)
            referral.sent_at = event.at - timedelta(days=days_to_answer)
            referral.events[0].at = referral.sent_at
        db.session.commit()


def test_service_page_shows_usual_response_time_from_five_referrals(
    app, client, stats_site
) -> None:
    _refer(app, stats_site, 4, days_to_answer=2.5)
    page = client.get(f"/services/{stats_site.service_uuid}").get_data(as_text=True)
    assert "data-response-stats" not in page
    _refer(app, stats_site, 1, days_to_answer=2.5)
    page = client.get(f"/services/{stats_site.service_uuid}").get_data(as_text=True)
    assert "Usually responds to referrals within 3 days." in page
    assert "Accepts 100% of the referrals it answers." in page
    other = client.get(f"/services/{stats_site.other_uuid}").get_data(as_text=True)
    assert "data-response-stats" not in other


def test_response_time_stays_hidden_while_referrals_are_unanswered(app, client, stats_site) -> None:
    _refer(app, stats_site, 5, days_to_answer=None)
    page = client.get(f"/services/{stats_site.service_uuid}").get_data(as_text=True)
    assert "Usually responds" not in page


def test_caseload_service_creates_no_shortlist_for_closed_client(app_ctx, world) -> None:
    closing.sign_off(world.coordinator, world.client, ClosingReason.GOALS_MET, "Done", ALL_FOURS)
    with pytest.raises(Exception, match="Reopen the client"):
        caseload.create_shortlist(
            world.coordinator, world.client, [world.service], ActionKind.INFORMATION_GIVEN
        )
    assert db.session.scalar(select(Shortlist.id)) is None


def test_shortlist_offers_only_listed_services_and_reads_wildcards_literally(
    app, client, shortlist_site
) -> None:
    with app.app_context():
        walking, cafe = (db.session.get(Service, i) for i in shortlist_site.service_ids)
        # The cafe is another directory's second listing of the walk: it is shown once.
        cafe.duplicate_of_id = walking.id
        db.session.commit()
    sign_in(client, shortlist_site.coordinator)
    path = f"/clients/{shortlist_site.client_id}/shortlist"
    form = client.get(f"{path}?q=health&theme=health").get_data(as_text=True)
    assert "Walking for health" in form and "Health cafe" not in form
    assert "Walking for health" not in client.get(f"{path}?q=%25").get_data(as_text=True)


@pytest.mark.parametrize("status", ["bogus", "99999999999999999999999", ""])
def test_the_caseload_refuses_an_unknown_status_on_the_page_and_the_api(
    client, site, status
) -> None:
    sign_in(client, site.coordinator)
    page = client.get("/clients", query_string={"status": status})
    assert page.status_code == 400
    assert "Choose open, signed_off or all" in page.get_data(as_text=True)
    answer = client.get("/api/v1/clients", query_string={"status": status})
    assert answer.status_code == 400
    assert answer.get_json()["errors"]["status"] == ["Choose open, signed_off or all."]
    assert client.get("/clients?status=signed_off").status_code == 200


def test_a_shortlist_of_services_no_longer_listed_is_refused_with_the_note_kept(
    app, client, shortlist_site
) -> None:
    """The service refuses an empty list; the page shows it by the field and keeps the note."""
    with app.app_context():
        for service_id in shortlist_site.service_ids:
            db.session.get(Service, service_id).status = ServiceStatus.INACTIVE
        db.session.commit()
    sign_in(client, shortlist_site.coordinator)
    path = f"/clients/{shortlist_site.client_id}/shortlist"
    refused = client.post(
        path,
        data={
            "service_ids": [str(i) for i in shortlist_site.service_ids],
            "kind": "service_recommendation",
            "note": "Typed before they closed.",
        },
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Choose at least one service" in page and "Typed before they closed." in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Shortlist)) == 0
