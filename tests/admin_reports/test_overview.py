"""The capacity lead's overview at /admin/: what needs attention, counted, with links."""

from __future__ import annotations

import re
from datetime import timedelta

from accounts.models import Role, Team
from core.extensions import db
from core.models import utcnow
from core.outbox import OutboxMessage, OutboxStatus
from directory.change_models import ChangeKind, ChangeStatus, ProposedChange, RecordType
from directory.models import ListingSource
from frontdoors.models import ContactRoute, PreferredTime, SelfReferralRequest


def _counts(page: str) -> dict[str, int]:
    rows = re.findall(
        r'<dt class="govuk-summary-list__key">([^<]+)</dt>\s*<dd[^>]*><span[^>]*data-count>(\d+)',
        page,
    )
    return {label: int(count) for label, count in rows}


def _mail(status: OutboxStatus) -> OutboxMessage:
    return OutboxMessage(
        sender="s@example.org", recipient="r@example.org", subject="x", text_body="x", status=status
    )


def test_overview_counts_what_needs_attention(app, client, make_user, login):
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD])
        team = Team(name="Front door")
        db.session.add(team)
        for status in (ChangeStatus.PENDING, ChangeStatus.PENDING, ChangeStatus.APPROVED):
            db.session.add(
                ProposedChange(
                    kind=ChangeKind.NEW_LISTING,
                    record_type=RecordType.SERVICE,
                    proposed={},
                    status=status,
                )
            )
        for status in (
            OutboxStatus.FAILED,
            OutboxStatus.PENDING,
            OutboxStatus.SENDING,
            OutboxStatus.SENT,
            OutboxStatus.HELD,
        ):
            db.session.add(_mail(status))
        db.session.flush()
        db.session.add(
            SelfReferralRequest(
                team_id=team.id,
                name="Pat Doe",
                contact_route=ContactRoute.PHONE,
                contact="07700 900123",
                preferred_time=PreferredTime.ANY,
                consent_given_at=utcnow(),
            )
        )
        db.session.add(
            ListingSource(
                name="Wigan feed",
                location="https://wigan.example/api",
                last_run_at=utcnow() - timedelta(hours=2),
                last_status="failed",
            )
        )
        db.session.commit()
        login(client, lead)
    response = client.get("/admin/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Overview" in page
    counts = _counts(page)
    assert counts["Proposals awaiting moderation"] == 2
    assert counts["Emails that failed"] == 1
    assert counts["Emails waiting to be sent"] == 2
    assert counts["Self-referrals waiting"] == 1
    assert "Stale listings" in counts
    assert "Wigan feed" in page and "Failed" in page
    links = ("/admin/listings/changes", "/admin/outbox", "/admin/listings/stale", "/admin/gaps")
    for link in links:
        assert f'href="{link}' in page
    # Counts only: nobody's contact details appear on the page.
    assert "Pat Doe" not in page and "07700" not in page


def test_overview_is_the_leads_alone(app, client, make_user, login):
    with app.app_context():
        coordinator = make_user(roles=[Role.COORDINATOR])
        db.session.commit()
        login(client, coordinator)
    assert client.get("/admin/").status_code == 403


def test_overview_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
