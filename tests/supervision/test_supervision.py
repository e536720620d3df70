"""Supervision through the pages and the CLI: team caseloads, opening a team's client,
reallocation, sign-off with a reason and approval, the exit questionnaire and the weekly summary."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from accounts.models import AuditEvent, Team, User
from core.extensions import db
from core.jobs import daily_jobs
from core.models import utcnow
from core.outbox import OutboxMessage
from directory.themes import Theme
from referrals import closing
from referrals.closing_models import (
    ClosingReason,
    Closure,
    ClosureState,
    ExitAnswer,
    TeamClosingSettings,
    WeeklySummarySent,
)
from referrals.contact_models import ClientContact, ContactMode
from referrals.intake_models import IntakeReferral, IntakeSource, Urgency
from referrals.models import Client, ClientStatus
from referrals.policies import leads_team_of
from tests.intake.test_intake import sign_in


def wheel(score: int = 4) -> dict[str, str]:
    return {f"score-{t.value}": str(score) for t in Theme}


def sign_off_form(**changes: str) -> dict[str, str]:
    return {**wheel(), "closing_note": "Goes to the lunch club.", "closing_reason": "goals_met",
            **changes}  # fmt: skip


def events(app, action: str) -> list[tuple[int | None, str, str | None]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEvent.user_id, AuditEvent.record_type, AuditEvent.record_id)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.id)
        )
        return [tuple(row) for row in rows]


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return messages


def set_rules(app, team_id: int, approval: bool, statements=(), rating=False) -> None:
    with app.app_context():
        db.session.add(
            TeamClosingSettings(
                team_id=team_id,
                signoffs_need_approval=approval,
                exit_statements=list(statements),
                ask_service_rating=rating,
            )
        )
        db.session.commit()


def client_row(app, client_id: int) -> Client:
    with app.app_context():
        found = db.session.get(Client, client_id)
        db.session.expunge(found)
        return found


# -- The team page and opening a team's client -------------------------------------------------


def test_team_leader_sees_caseloads_and_sizes_of_their_team_only(app, client, teams):
    sign_in(client, teams.lena)
    page = client.get("/team")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "Staying Well North" in text and "Staying Well South" not in text
    assert "Cara Coordinator" in text and "Maud Hargreaves" in text
    assert "Otto Openshaw" not in text
    sizes = re.findall(r'numeric">(\d+)</td>', text)
    assert sorted(sizes) == ["0", "1"]  # Colin none, Cara one
    assert events(app, "view_caseloads") == [(teams.lena_id, "team", str(teams.north_id))]
    sign_in(client, teams.cara)
    assert client.get("/team").status_code == 403


def test_team_leader_opens_a_team_client_audited_and_no_other_team_s(app, client, teams):
    sign_in(client, teams.lena)
    page = client.get(f"/clients/{teams.maud_id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Maud Hargreaves" in text and "Reallocate" in text
    assert "Sign off" not in text  # a leader who is no co-ordinator does not edit the record
    assert (teams.lena_id, "client", str(teams.maud_id)) in events(app, "view")
    assert client.get(f"/clients/{teams.otto_id}").status_code == 404
    assert client.get(f"/clients/{teams.maud_id}/sign-off").status_code == 403


def test_leads_team_of_is_the_leader_of_the_client_s_team_or_its_co_ordinator_s(app_ctx, teams):
    maud = db.session.get(Client, teams.maud_id)
    otto = db.session.get(Client, teams.otto_id)  # Olly's, in no team of its own
    lena, sam, cara = (
        db.session.get(User, i) for i in (teams.lena_id, teams.sam_id, teams.cara_id)
    )
    assert leads_team_of(lena, maud) and not leads_team_of(lena, otto)
    assert leads_team_of(sam, otto) and not leads_team_of(sam, maud)
    assert not leads_team_of(cara, maud)  # a co-ordinator sees Maud, but does not lead
    lena.roles = set()
    assert not leads_team_of(lena, maud)


# -- Reallocation ------------------------------------------------------------------------------


def reallocate_form(client, client_id: int) -> dict[str, str]:
    page = client.get(f"/team/clients/{client_id}/reallocate").get_data(as_text=True)
    return {
        name: value for name, value in re.findall(r'name="(version|loaded)" value="([^"]*)"', page)
    }


def test_reallocation_moves_the_client_audits_and_tells_both_without_the_name(app, client, teams):
    sign_in(client, teams.lena)
    hidden = reallocate_form(client, teams.maud_id)
    done = client.post(
        f"/team/clients/{teams.maud_id}/reallocate",
        data={**hidden, "coordinator_id": str(teams.colin_id)},
    )
    assert done.status_code == 302
    assert client_row(app, teams.maud_id).owner_id == teams.colin_id
    assert events(app, "reallocate") == [(teams.lena_id, "client", str(teams.maud_id))]
    messages = outbox(app)
    assert sorted(m.recipient for m in messages) == sorted([teams.cara_email, teams.colin_email])
    for message in messages:
        assert f"{app.config['BASE_URL']}/clients/{teams.maud_id}" in message.text_body
        assert "Maud" not in message.text_body + message.subject
        assert "Hargreaves" not in message.text_body + message.subject
    # Colin now holds Maud and sees her; the stale form is refused with nothing changed but
    # the audit of the leader's look at Maud (the refusal shows her again).
    looks = len(events(app, "view"))
    stale = client.post(
        f"/team/clients/{teams.maud_id}/reallocate",
        data={**hidden, "coordinator_id": str(teams.cara_id)},
    )
    assert stale.status_code == 409
    assert "changed while you were editing" in stale.get_data(as_text=True)
    assert client_row(app, teams.maud_id).owner_id == teams.colin_id
    assert len(outbox(app)) == 2
    assert events(app, "view")[looks:] == [(teams.lena_id, "client", str(teams.maud_id))]


def test_reallocation_refuses_other_teams_people_tampered_ids_and_non_leaders(app, client, teams):
    sign_in(client, teams.lena)
    hidden = reallocate_form(client, teams.maud_id)
    for bad in (str(teams.olly_id), str(teams.lead_id), "abc", "-1", "99999999999", ""):
        refused = client.post(
            f"/team/clients/{teams.maud_id}/reallocate", data={**hidden, "coordinator_id": bad}
        )
        assert refused.status_code == 200, bad
        assert "govuk-error-summary" in refused.get_data(as_text=True)
    assert client_row(app, teams.maud_id).owner_id == teams.cara_id
    # Another team's client is not found; a co-ordinator cannot reallocate at all.
    assert (
        client.post(
            f"/team/clients/{teams.otto_id}/reallocate", data={"coordinator_id": teams.colin_id}
        ).status_code
        == 404
    )
    sign_in(client, teams.cara)
    assert client.get(f"/team/clients/{teams.maud_id}/reallocate").status_code == 403
    assert outbox(app) == []
    assert events(app, "reallocate") == []


# -- Sign-off with a reason, and approval ------------------------------------------------------


def test_sign_off_needs_a_reason_and_closes_directly_when_the_team_needs_no_approval(
    app, client, teams
):
    sign_in(client, teams.cara)
    path = f"/clients/{teams.maud_id}/sign-off"
    missing = client.post(path, data=sign_off_form(closing_reason=""))
    assert "Choose why the case is closing" in missing.get_data(as_text=True)
    tampered = client.post(path, data=sign_off_form(closing_reason="bored"))
    assert "Choose why the case is closing" in tampered.get_data(as_text=True)
    assert "Goes to the lunch club." in tampered.get_data(as_text=True)  # input kept
    assert client_row(app, teams.maud_id).status is ClientStatus.OPEN
    assert client.post(path, data=sign_off_form(closing_reason="moved_away")).status_code == 302
    assert client_row(app, teams.maud_id).status is ClientStatus.SIGNED_OFF
    with app.app_context():
        closure = db.session.scalars(select(Closure)).one()
        assert (closure.reason, closure.state) == (ClosingReason.MOVED_AWAY, ClosureState.APPROVED)
    assert "Closing reason: Moved away" in client.get(f"/clients/{teams.maud_id}").get_data(
        as_text=True
    )


def test_sign_off_waits_for_approval_is_returned_with_a_note_then_approved(app, client, teams):
    set_rules(app, teams.north_id, approval=True)
    sign_in(client, teams.cara)
    path = f"/clients/{teams.maud_id}/sign-off"
    assert "A team leader approves sign-offs" in client.get(path).get_data(as_text=True)
    assert client.post(path, data=sign_off_form()).status_code == 302
    assert client_row(app, teams.maud_id).status is ClientStatus.OPEN
    page = client.get(f"/clients/{teams.maud_id}").get_data(as_text=True)
    assert "awaiting a team leader" in page
    assert client.get(path).status_code == 409  # no second sign-off while one waits
    with app.app_context():
        closure_id = db.session.scalar(select(Closure.id))
    [told] = outbox(app)  # the team's leader, with a link and no name
    assert told.recipient == teams.lena_email
    assert f"{app.config['BASE_URL']}/team/sign-offs/{closure_id}" in told.text_body
    assert "Maud" not in told.text_body + told.subject

    # The other team's leader and a co-ordinator cannot decide it.
    sign_in(client, teams.sam)
    assert client.get(f"/team/sign-offs/{closure_id}").status_code == 404
    sign_in(client, teams.cara)
    assert (
        client.post(f"/team/sign-offs/{closure_id}", data={"decision": "approve"}).status_code
        == 403
    )

    sign_in(client, teams.lena)
    assert "Maud Hargreaves" in client.get("/team").get_data(as_text=True)
    decide = f"/team/sign-offs/{closure_id}"
    no_note = client.post(decide, data={"decision": "return", "version": "1"})
    assert "Say what needs doing" in no_note.get_data(as_text=True)
    returned = client.post(
        decide, data={"decision": "return", "note": "Book the review first.", "version": "1"}
    )
    assert returned.status_code == 302
    assert client_row(app, teams.maud_id).status is ClientStatus.OPEN
    sign_in(client, teams.cara)
    assert "Book the review first." in client.get(f"/clients/{teams.maud_id}").get_data(
        as_text=True
    )
    assert (
        client.post(path, data=sign_off_form(closing_reason="declined_support")).status_code == 302
    )

    sign_in(client, teams.lena)
    with app.app_context():
        waiting = db.session.scalars(
            select(Closure).where(Closure.state == ClosureState.AWAITING_APPROVAL)
        ).one()
        waiting_id, version = waiting.id, waiting.version
    stale = client.post(
        f"/team/sign-offs/{waiting_id}",
        data={"decision": "approve", "version": str(version - 1 or 99)},
    )
    assert stale.status_code == 409
    assert client_row(app, teams.maud_id).status is ClientStatus.OPEN
    approved = client.post(
        f"/team/sign-offs/{waiting_id}", data={"decision": "approve", "version": str(version)}
    )
    assert approved.status_code == 302
    found = client_row(app, teams.maud_id)
    assert found.status is ClientStatus.SIGNED_OFF and found.signed_off_at is not None
    assert [a for _, _, a in events(app, "approve_sign_off")] == [str(teams.maud_id)]
    assert [a for _, _, a in events(app, "return_sign_off")] == [str(teams.maud_id)]
    assert events(app, "approve") == []  # opening the decision page is audited as a view
    # Cara heard of the return and the approval; Lena of each sign-off: links, no names.
    messages = outbox(app)
    assert [m.recipient for m in messages].count(teams.cara_email) == 2
    assert [m.recipient for m in messages].count(teams.lena_email) == 2
    assert not any("Maud" in m.text_body + m.subject for m in messages)
    again = client.post(
        f"/team/sign-offs/{waiting_id}", data={"decision": "approve", "version": str(version + 1)}
    )
    assert again.status_code == 409


# -- The exit questionnaire --------------------------------------------------------------------


def test_capacity_lead_sets_the_questionnaire_versioned_and_others_cannot(app, client, teams):
    path = f"/admin/teams/{teams.north_id}/sign-off-settings"
    sign_in(client, teams.lena)
    assert client.get(path).status_code == 403
    sign_in(client, teams.lead)
    assert client.get(path).status_code == 200
    saved = client.post(
        path,
        data={
            "signoffs_need_approval": "yes",
            "exit_statements": "Staying Well has improved my confidence\n\nI know where to get help",  # noqa: E501
            "ask_service_rating": "yes",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        settings = db.session.scalars(select(TeamClosingSettings)).one()
        assert settings.signoffs_need_approval and settings.ask_service_rating
        assert settings.exit_statements == [
            "Staying Well has improved my confidence",
            "I know where to get help",
        ]
        version = settings.version
    form = client.get(path).get_data(as_text=True)
    loaded = re.search(r'name="loaded" value="([^"]*)"', form).group(1)
    first = client.post(
        path, data={"version": str(version), "loaded": loaded, "exit_statements": "Only one"}
    )
    assert first.status_code == 302
    stale = client.post(
        path, data={"version": str(version), "loaded": loaded, "exit_statements": "Mine"}
    )
    assert stale.status_code == 409
    assert "Mine" in stale.get_data(as_text=True)  # the input is kept
    too_long = client.post(path, data={"exit_statements": "x" * 201})
    assert "200 characters or fewer" in too_long.get_data(as_text=True)
    twice = client.post(path, data={"exit_statements": "Same\nsame"})
    assert "asked once" in twice.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(TeamClosingSettings)).one().exit_statements == ["Only one"]


def test_questionnaire_answers_are_optional_checked_and_stored(app, client, teams):
    set_rules(app, teams.north_id, False, ["I feel more confident"], rating=True)
    sign_in(client, teams.cara)
    path = f"/clients/{teams.maud_id}/sign-off"
    form = client.get(path).get_data(as_text=True)
    assert "I feel more confident" in form and "Strongly agree" in form
    for field, bad in (("exit_0", "6"), ("exit_rating", "11"), ("exit_0", "x"), ("exit_9", "3")):
        refused = client.post(path, data=sign_off_form(**{field: bad}))
        assert refused.status_code == 200, (field, bad)
        assert "govuk-error-summary" in refused.get_data(as_text=True)
    assert client_row(app, teams.maud_id).status is ClientStatus.OPEN
    with app.app_context():
        assert db.session.scalars(select(Closure)).all() == []
    done = client.post(path, data=sign_off_form(exit_0="5", exit_rating="9"))
    assert done.status_code == 302
    with app.app_context():
        answers = [(a.statement, a.score) for a in db.session.scalars(select(ExitAnswer))]
    assert answers == [("I feel more confident", 5), ("", 9)]


def test_questionnaire_report_suppresses_counts_under_five(app_ctx, teams):
    team = db.session.get(Team, teams.north_id)
    maud = db.session.get(Client, teams.maud_id)

    def answered(scores: list[int], rating: int | None, state=ClosureState.APPROVED) -> None:
        closure = Closure(client=maud, team=team, reason=ClosingReason.GOALS_MET, state=state)
        for position, score in enumerate(scores):
            closure.answers.append(
                ExitAnswer(team=team, position=position, statement="Confident", score=score)
            )
        if rating is not None:
            closure.answers.append(ExitAnswer(team=team, position=9, statement="", score=rating))
        db.session.add(closure)

    for _ in range(4):
        answered([4], 8)
    db.session.flush()
    [statement], rating = closing.questionnaire_report(team)
    assert statement.suppressed and statement.counts == [None] * 5
    assert rating.suppressed and rating.mean is None
    answered([4], 6)
    answered([2], None)
    answered([4], None, state=ClosureState.RETURNED)  # not counted: the case did not close
    db.session.flush()
    [statement], rating = closing.questionnaire_report(team)
    assert statement.answered == 6
    assert statement.counts == [None, None, None, 5, None]  # the single "2" stays hidden
    assert (rating.answered, rating.mean) == (5, 7.6)


def test_questionnaire_results_page_for_the_leader(app, client, teams):
    sign_in(client, teams.lena)
    page = client.get(f"/team/{teams.north_id}/questionnaire")
    assert page.status_code == 200
    assert "Fewer than 5 ratings" in page.get_data(as_text=True)
    assert client.get(f"/team/{teams.south_id}/questionnaire").status_code == 404


# -- The weekly summary ------------------------------------------------------------------------


def summary_world(app, teams) -> None:
    today = utcnow().date()
    with app.app_context():
        db.session.add(
            ClientContact(
                client_id=teams.maud_id,
                at=utcnow() - timedelta(days=20),
                mode=ContactMode.PHONE,
                next_contact_on=today - timedelta(days=3),
                recorded_by_id=teams.cara_id,
            )
        )
        db.session.add(
            IntakeReferral(
                team_id=teams.north_id,
                source=IntakeSource.PHONE,
                referrer_name="Dr Asha Patel",
                referrer_organisation="Deane Surgery",
                reason="Lonely.",
                urgency=Urgency.ROUTINE,
                first_name="Edna",
                last_name="Pilling",
                consent_given=True,
                due_on=today + timedelta(days=5),
            )
        )
        db.session.commit()


def test_weekly_summary_page_lists_overdue_contacts_waiting_referrals_and_longest_open(
    app, client, teams
):
    summary_world(app, teams)
    sign_in(client, teams.lena)
    page = client.get(f"/team/{teams.north_id}/summary")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Overdue next contacts" in text and "Maud Hargreaves" in text
    assert re.search(r"R-\d+", text)  # the waiting referral, by reference
    assert "Otto" not in text
    assert events(app, "view_weekly_summary") == [(teams.lena_id, "team", str(teams.north_id))]
    assert client.get(f"/team/{teams.south_id}/summary").status_code == 404
    sign_in(client, teams.cara)
    assert client.get(f"/team/{teams.north_id}/summary").status_code == 403


def test_weekly_summary_command_emails_counts_and_a_link_once_a_week(app, runner, teams):
    summary_world(app, teams)
    assert "team weekly-summary" in [job.name for job in daily_jobs(app)]
    result = runner.invoke(args=["team", "weekly-summary"])
    assert result.exit_code == 0, result.output
    assert "Sent 2 weekly summaries." in result.output  # Lena for North, Sam for South
    messages = {m.recipient: m for m in outbox(app)}
    north = messages[teams.lena_email]
    assert "- overdue next contacts: 1" in north.text_body
    assert "- referrals waiting: 1" in north.text_body
    assert f"{app.config['BASE_URL']}/team/{teams.north_id}/summary" in north.text_body
    for name in ("Maud", "Hargreaves", "Edna", "Pilling", "Patel"):
        assert name not in north.text_body + north.subject
    again = runner.invoke(args=["team", "weekly-summary"])
    assert "Sent 0 weekly summaries." in again.output
    assert len(outbox(app)) == 2
    with app.app_context():
        weeks = set(db.session.scalars(select(WeeklySummarySent.week_of)))
    assert weeks == {date.fromordinal(utcnow().date().toordinal() - utcnow().date().weekday())}


def test_a_deactivated_or_demoted_leader_gets_no_summary(app, runner, teams):
    with app.app_context():
        db.session.get(User, teams.sam_id).active = False
        lena = db.session.get(User, teams.lena_id)
        lena.roles = set()
        db.session.commit()
    result = runner.invoke(args=["team", "weekly-summary"])
    assert "Sent 0 weekly summaries." in result.output


def test_capacity_lead_grants_the_team_leader_role_on_the_user_page(app, client, teams):
    sign_in(client, teams.lead)
    page = client.get(f"/admin/users/{teams.colin_id}").get_data(as_text=True)
    assert 'value="team_leader"' in page and "Team leader" in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    granted = client.post(
        f"/admin/users/{teams.colin_id}/roles",
        data={"roles": ["coordinator", "team_leader"], "version": version},
    )
    assert granted.status_code == 302
    sign_in(client, teams.colin)
    assert "Staying Well North" in client.get("/team").get_data(as_text=True)
