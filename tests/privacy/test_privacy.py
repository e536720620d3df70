"""Subject access, erasure and retention, through the pages, the API and the CLI."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import inspect, select

from accounts.models import AuditEvent, User
from core.extensions import db
from core.models import utcnow
from directory.models import Service
from directory.themes import Theme
from referrals import caseload, contacts, privacy, services
from referrals.contact_models import ContactMode
from referrals.intake_models import IntakeReferral, IntakeSource
from referrals.models import (
    Assessment,
    AssessmentStage,
    Client,
    ClientStatus,
    Referral,
    WheelScore,
)
from referrals.states import ReferralState
from tests.referrals.test_views import sign_in

SECRETS = (
    "Maud",
    "Hargreaves",
    "01204 555 0101",
    "maud@example.net",
    "12 Mill Lane",
    "allotment",
    "Knee pain since the fall",
    "Daughter Jean visits Sundays",
    "Would like a weekly call",
    "Answered from the garden",
    "9434765919",
)


def fill_record(app, site, *, close_referral: bool = True) -> None:
    """Give the world's client a wheel with notes, a referral and a contact: every kind of row."""
    with app.app_context():
        client = db.session.get_one(Client, site.client_id)
        coordinator = db.session.get_one(User, site.coordinator_id)
        client.nhs_number = "9434765919"
        scores = {theme: (3, "") for theme in Theme}
        scores[Theme.HEALTH] = (1, "Knee pain since the fall")
        scores[Theme.FRIENDS_AND_FAMILY] = (2, "Daughter Jean visits Sundays")
        caseload.record_assessment(coordinator, client, AssessmentStage.START, scores)
        referral = services.send_referral(
            coordinator,
            client,
            db.session.get_one(Service, site.service_id),
            theme=Theme.FRIENDS_AND_FAMILY,
            reason="Would like a weekly call.",
            consent_to_share_on=date(2026, 1, 5),
        )
        if close_referral:
            referral.state = ReferralState.COMPLETED
            referral.closed_at = utcnow()
        contacts.record_contact(
            coordinator,
            client,
            {"at": utcnow(), "mode": ContactMode.PHONE, "note": "Answered from the garden"},
        )
        db.session.add(
            IntakeReferral(
                team_id=_team(coordinator),
                source=IntakeSource.LETTER,
                referrer_name="Dr Rao",
                referrer_organisation="Deane Surgery",
                reason="Knee pain since the fall; lonely",
                first_name="Maud",
                last_name="Hargreaves",
                due_on=date(2026, 1, 20),
                client_id=client.id,
            )
        )
        db.session.commit()


def _team(user: User) -> int:
    from accounts.models import Team, TeamMembership

    if user.team_ids:
        return min(user.team_ids)
    team = Team(name="Staying Well North")
    team.memberships.append(TeamMembership(user=user))
    db.session.add(team)
    db.session.flush()
    return team.id


def strings_about(client_id: int) -> str:
    """Every value in every row linked to the client, as one string to search."""
    client = db.session.get_one(Client, client_id)
    parts = [repr(privacy._record(client))]
    for _link, rows in privacy._rows(client):
        parts.extend(repr(privacy._record(row)) for row in rows)
    return "\n".join(parts)


def test_every_table_linked_to_a_client_says_what_anonymising_removes(app_ctx):
    assert privacy.unregistered_tables() == []
    tables = {link.table: link.mapper for link in privacy.personal_tables()}
    assert {"assessment", "wheel_score", "action", "referral", "referral_event"} <= set(tables)
    for table, columns in privacy.PERSONAL_FIELDS.items():
        mapper = tables.get(table) or inspect(Client)
        assert set(columns) <= set(mapper.columns.keys()), table


def test_the_subject_access_export_holds_every_record_and_who_looked(app, client, site):
    fill_record(app, site)
    sign_in(client, site.coordinator)
    assert client.get(f"/clients/{site.client_id}").status_code == 200
    page = client.get(f"/clients/{site.client_id}/personal-data")
    assert page.status_code == 200
    assert "Personal data held on Maud Hargreaves" in page.get_data(as_text=True)

    response = client.get(f"/clients/{site.client_id}/personal-data.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert f'filename="client-{site.client_id}.json"' in response.headers["Content-Disposition"]
    report = json.loads(response.data)
    records = report["records"]
    assert records["client"][0]["nhs_number"] == "9434765919"
    notes = {row["note"] for row in records["wheel_score"]}
    assert {"Knee pain since the fall", "Daughter Jean visits Sundays"} <= notes
    assert records["referral"][0]["referral_reason"] == "Would like a weekly call."
    assert records["referral_event"], "the referral's timeline is part of the record"
    assert records["client_contact"][0]["note"] == "Answered from the garden"
    assert records["intake_referral"][0]["referrer_name"] == "Dr Rao"
    assert report["staff"][str(site.coordinator_id)] == "Cara Coordinator"
    assert any(entry["action"] == "view" for entry in report["access_log"])
    with app.app_context():
        exported = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "subject_access",
                AuditEvent.record_id == str(site.client_id),
            )
        ).all()
        assert len(exported) == 1 and exported[0].user_id == site.coordinator_id


def test_the_pdf_export_reads_back_with_the_persons_records(app, client, site):
    fill_record(app, site)
    sign_in(client, site.coordinator)
    response = client.get(f"/clients/{site.client_id}/personal-data.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for expected in ("Personal data held on Maud Hargreaves", "Knee pain since the fall",
                     "Answered from the garden", "Access log", "Cara Coordinator"):  # fmt: skip
        assert expected in text, expected


@pytest.mark.parametrize(
    "who,page,export,erase",
    [
        ("other_coordinator", 404, 404, 404),
        ("provider", 403, 403, 403),
        ("capacity_lead", 403, 403, 403),
        (None, 302, 302, 302),
    ],
)
def test_only_the_persons_coordinators_reach_their_data(
    app, client, site, who, page, export, erase
):
    fill_record(app, site)
    if who:
        sign_in(client, getattr(site, who))
    base = f"/clients/{site.client_id}"
    assert client.get(f"{base}/personal-data").status_code == page
    assert client.get(f"{base}/personal-data.json").status_code == export
    assert client.get(f"{base}/personal-data.pdf").status_code == export
    answer = client.post(f"{base}/erase", data={"confirm_name": "Maud Hargreaves"})
    assert answer.status_code == erase
    with app.app_context():
        assert db.session.get_one(Client, site.client_id).anonymised_at is None
    # A tampered id is simply not found.
    if who == "other_coordinator":
        assert client.get("/clients/999999/personal-data.json").status_code == 404


def test_erasure_removes_everything_that_names_the_person_and_keeps_the_figures(app, client, site):
    fill_record(app, site)
    sign_in(client, site.coordinator)
    base = f"/clients/{site.client_id}"

    wrong = client.post(f"{base}/erase", data={"confirm_name": "Maud Hargreave"})
    assert wrong.status_code == 400
    body = wrong.get_data(as_text=True)
    assert "Type Maud Hargreaves exactly to confirm the erasure" in body
    assert 'value="Maud Hargreave"' in body

    with app.app_context():
        before = {
            "scores": db.session.scalar(select(db.func.count()).select_from(WheelScore)),
            "assessments": db.session.scalar(select(db.func.count()).select_from(Assessment)),
            "referrals": db.session.scalars(select(Referral.state)).all(),
        }
    done = client.post(f"{base}/erase", data={"confirm_name": "  maud   hargreaves "})
    assert done.status_code == 302
    with app.app_context():
        erased = db.session.get_one(Client, site.client_id)
        assert erased.anonymised_reason == "erasure"
        assert erased.status is ClientStatus.SIGNED_OFF
        assert erased.age_band is not None, "the age band is kept for reports"
        everything = strings_about(site.client_id)
        for secret in SECRETS:
            assert secret not in everything, secret
        assert (
            db.session.scalar(select(db.func.count()).select_from(WheelScore)) == before["scores"]
        )
        assert (
            db.session.scalar(select(db.func.count()).select_from(Assessment))
            == before["assessments"]
        )
        assert db.session.scalars(select(Referral.state)).all() == before["referrals"]
        assert {s.theme for s in db.session.scalars(select(WheelScore))} == set(Theme)
        assert (
            db.session.scalars(
                select(AuditEvent.action).where(AuditEvent.record_id == str(site.client_id))
            ).all()[-1]
            == "erase"
        )
    page = client.get(base).get_data(as_text=True)
    assert "Maud" not in page and "Anonymised" in page
    # Nobody reopens, edits or erases it again.
    assert client.post(f"{base}/reopen").status_code == 409
    again = client.post(f"{base}/erase", data={"confirm_name": "Anonymised"})
    assert again.status_code == 409


def test_erasure_waits_for_open_referrals_to_close(app, client, site):
    fill_record(app, site, close_referral=False)
    sign_in(client, site.coordinator)
    answer = client.post(
        f"/clients/{site.client_id}/erase", data={"confirm_name": "Maud Hargreaves"}
    )
    assert answer.status_code == 409
    assert "has 1 open referral: withdraw or close it before erasing" in answer.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get_one(Client, site.client_id).first_name == "Maud"


def test_the_api_answers_the_same_with_field_level_errors(app, client, site):
    fill_record(app, site)
    sign_in(client, site.coordinator)
    base = f"/api/v1/clients/{site.client_id}"
    report = client.get(f"{base}/subject-access").get_json()
    assert report["records"]["client"][0]["last_name"] == "Hargreaves"
    missing = client.post(f"{base}/erasure", json={})
    assert missing.status_code == 400 and "confirm_name" in missing.get_json()["errors"]
    wrong = client.post(f"{base}/erasure", json={"confirm_name": "Someone Else"})
    assert wrong.status_code == 400 and "confirm_name" in wrong.get_json()["errors"]
    assert client.post(f"{base}/erasure", json=["not", "an", "object"]).status_code == 400
    done = client.post(f"{base}/erasure", json={"confirm_name": "Maud Hargreaves"})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["anonymised_reason"] == "erasure"
    sign_in(client, site.other_coordinator)
    assert client.get(f"{base}/subject-access").status_code == 404
    sign_in(client, site.provider)
    assert client.get(f"{base}/subject-access").status_code in {403, 404}


def test_retention_anonymises_cases_closed_long_ago_and_only_those(app, runner, site):
    fill_record(app, site)
    with app.app_context():
        old = db.session.get_one(Client, site.client_id)
        old.status = ClientStatus.SIGNED_OFF
        old.signed_off_at = utcnow() - timedelta(days=365 * 9)
        coordinator = db.session.get_one(User, site.coordinator_id)
        recent = caseload.create_client(
            coordinator,
            {"first_name": "Recent", "last_name": "Closure", "consent_given_on": date(2020, 1, 1)},
            confirm_duplicate=True,
        )
        recent.status = ClientStatus.SIGNED_OFF
        recent.signed_off_at = utcnow() - timedelta(days=365 * 7)
        declined = IntakeReferral(
            team_id=_team(coordinator),
            source=IntakeSource.LETTER,
            referrer_name="Dr Rao",
            referrer_organisation="Deane Surgery",
            reason="Declined long ago",
            first_name="Never",
            last_name="Client",
            phone="01204 555 0777",
            due_on=date(2016, 1, 1),
            closed_at=utcnow() - timedelta(days=365 * 9),
        )
        db.session.add(declined)
        db.session.commit()
        recent_id, declined_id = recent.id, declined.id

    dry = runner.invoke(args=["referrals", "retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would anonymise 1 closed case and 1 referral in" in dry.output
    with app.app_context():
        assert db.session.get_one(Client, site.client_id).first_name == "Maud"

    run = runner.invoke(args=["referrals", "retention"])
    assert run.exit_code == 0, run.output
    assert "Anonymised 1 closed case and 1 referral in" in run.output
    with app.app_context():
        assert db.session.get_one(Client, site.client_id).anonymised_reason == "retention"
        everything = strings_about(site.client_id)
        for secret in SECRETS:
            assert secret not in everything, secret
        assert db.session.get_one(Client, recent_id).first_name == "Recent"
        gone = db.session.get_one(IntakeReferral, declined_id)
        assert (gone.first_name, gone.phone, gone.reason) == ("", None, "")
        assert gone.anonymised_at is not None
    again = runner.invoke(args=["referrals", "retention"])
    assert "Anonymised 0 closed cases and 0 referrals in" in again.output


def test_retention_is_a_daily_job(app):
    from core.jobs import daily_jobs

    assert "referrals retention" in [job.name for job in daily_jobs(app)]
