"""The referrals-in report: routes by month with small counts suppressed, take-up, first contact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from accounts.models import Team, User
from admin.reports.filters import ReportFilter
from admin.reports.intake import SUPPRESSED, contacts_report, contacts_tables, intake_report
from core.extensions import db
from referrals.contact_models import ClientContact, ContactMode, ContactOutcome
from referrals.intake_models import (
    DeclineReason,
    IntakeReferral,
    IntakeSource,
    IntakeStatus,
    Urgency,
)
from referrals.models import ClientStatus
from tests.intake.test_intake import sign_in

MONTH = datetime(2026, 10, 3, 9, 0, tzinfo=UTC)


def add(team_id: int, source: IntakeSource, received: datetime, **fields) -> None:
    db.session.add(
        IntakeReferral(
            team_id=team_id,
            source=source,
            referrer_name="Dr Report",
            referrer_organisation="Report Surgery",
            reason="Lonely",
            urgency=Urgency.ROUTINE,
            first_name="Reported",
            last_name="Person",
            phone="01204 555 0100",
            consent_given=True,
            received_at=received,
            due_on=received.date() + timedelta(days=14),
            **fields,
        )
    )


def seed(team_id: int, other_team_id: int) -> None:
    """October: 6 by phone (3 accepted, 1 declined), 2 from partners; November: 1 letter."""
    for day in range(6):
        received = MONTH + timedelta(days=day)
        fields = {}
        if day < 3:
            fields = {"status": IntakeStatus.ACCEPTED,
                      "first_contact_at": received + timedelta(days=day + 1)}  # fmt: skip
        elif day == 3:
            fields = {"status": IntakeStatus.DECLINED,
                      "decline_reason": DeclineReason.NOT_ELIGIBLE}  # fmt: skip
        add(team_id, IntakeSource.PHONE, received, **fields)
    add(team_id, IntakeSource.PARTNER, MONTH + timedelta(days=1))
    add(team_id, IntakeSource.PARTNER, MONTH + timedelta(days=2))
    # 23:30 on 31 October in UTC is still October, whatever the database session's zone.
    add(team_id, IntakeSource.LETTER, datetime(2026, 10, 31, 23, 30, tzinfo=UTC))
    add(team_id, IntakeSource.LETTER, datetime(2026, 11, 2, tzinfo=UTC))
    add(other_team_id, IntakeSource.PHONE, MONTH)
    db.session.flush()


def test_the_report_counts_routes_take_up_and_days_to_first_contact(app_ctx, people):
    seed(people.north_id, people.south_id)
    report = intake_report(
        ReportFilter(date(2026, 10, 1), date(2026, 11, 30), team_id=people.north_id)
    )
    assert report.by_month == {
        "2026-10": {IntakeSource.PHONE: 6, IntakeSource.PARTNER: 2, IntakeSource.LETTER: 1},
        "2026-11": {IntakeSource.LETTER: 1},
    }
    assert report.received == 10
    assert report.take_up_rate == 0.75
    assert report.median_days_to_first_contact == 2.0
    assert report.declined_by_reason == {DeclineReason.NOT_ELIGIBLE: 1}
    everyone = intake_report(ReportFilter(date(2026, 10, 1), date(2026, 10, 31)))
    assert everyone.received == 10  # both teams, October only


def test_the_page_suppresses_small_breakdown_counts_and_is_the_leads_alone(app, client, people):
    with app.app_context():
        seed(people.north_id, people.south_id)
        db.session.commit()
        assert db.session.get(Team, people.north_id) is not None
    url = "/admin/reports/referrals-in?from=2026-10-01&to=2026-10-31"
    sign_in(client, people.lead)
    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Referrals into the service" in text
    assert SUPPRESSED.replace("<", "&lt;") in text
    assert "Reported" not in text  # aggregates only
    csv = client.get(
        "/admin/reports/referrals-in/referrals-in-by-month.csv?from=2026-10-01&to=2026-10-31"
    )
    assert csv.status_code == 200
    rows = csv.get_data(as_text=True).splitlines()
    # October: phone 7 (both teams), partner 2 and letter 1 suppressed, 10 in all.
    assert rows[1].split(",") == ["2026-10", "<5", "0", "7", "<5", "10"]
    for who in ("cara", "partner", "provider"):
        sign_in(client, getattr(people, who))
        assert client.get(url).status_code == 403, who


def test_the_contacts_report_counts_contacts_dna_rate_and_involvement(app_ctx, people, make_client):
    cara = db.session.get(User, people.cara_id)
    first, second = make_client(cara), make_client(cara, first_name="Second")
    outcomes = [ContactOutcome.MADE] * 6 + [ContactOutcome.DID_NOT_ATTEND] * 2
    for number, outcome in enumerate(outcomes):
        db.session.add(
            ClientContact(
                client=first if number % 2 else second,
                at=MONTH + timedelta(hours=number),
                mode=ContactMode.PHONE if number < 5 else ContactMode.HOME_VISIT,
                outcome=outcome,
            )
        )
    db.session.add(ClientContact(client=first, at=MONTH - timedelta(days=40),
                                 mode=ContactMode.PHONE))  # fmt: skip
    first.created_at = MONTH - timedelta(days=30)
    first.signed_off_at = MONTH + timedelta(days=10)
    first.status = ClientStatus.SIGNED_OFF
    db.session.flush()
    found = contacts_report(ReportFilter(date(2026, 10, 1), date(2026, 10, 31)))
    assert found.contacts == 8
    assert found.clients_contacted == 2
    assert found.contacts_per_client == 4
    assert found.dna_rate == 0.25
    assert found.median_involvement_days == 40
    assert found.by_mode == {ContactMode.PHONE: 5, ContactMode.HOME_VISIT: 3}
    rows = {table.key: table.rows for table in contacts_tables(found)}
    assert [ContactMode.HOME_VISIT.label, SUPPRESSED] in rows["contacts-by-mode"]
    assert [ContactMode.PHONE.label, 5] in rows["contacts-by-mode"]


def test_the_contacts_report_page_is_the_leads(app, client, people):
    url = "/admin/reports/contacts?from=2026-10-01&to=2026-10-31"
    sign_in(client, people.lead)
    assert client.get(url).status_code == 200
    sign_in(client, people.cara)
    assert client.get(url).status_code == 403
