"""The printable directory: grouped entries, contents, filters, large print and the PDF."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from pypdf import PdfReader

from accounts.models import User
from core.extensions import db
from core.templating import format_date
from directory.gazetteer import Neighbourhood
from directory.models import Service
from directory.services import listed_services_query
from directory.themes import Theme
from frontdoors.booklet import BookletFilters, build_booklet


@pytest.fixture
def lead_client(demo_app: Flask, login: Any) -> FlaskClient:
    """The demo capacity lead, signed in (the shared demo app: these tests only read)."""
    with demo_app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == "lead@example.org")).one()
        key = user.get_id()
    web = demo_app.test_client()
    login(web, SimpleNamespace(get_id=lambda: key))
    return web


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_booklet_groups_every_listed_service_under_its_themes(
    demo_app: Flask, lead_client: FlaskClient
) -> None:
    html = lead_client.get("/booklet").get_data(as_text=True)
    assert "Contents" in html and f"Produced on {format_date(date.today())}" in html
    with demo_app.app_context():
        listed = db.session.scalars(listed_services_query()).all()
        made = build_booklet(BookletFilters(), date.today())
        assert made.entry_count == sum(len(s.themes) for s in listed)
        for section in made.sections:
            assert f'href="#{section.anchor}"' in html
        sample = listed[0]
        for theme in sample.themes:
            section = next(s for s in made.sections if s.theme is theme)
            assert sample.name in [e.name for e in section.entries]
        entry = next(e for s in made.sections for e in s.entries if e.name == sample.name)
        assert entry.organisation == sample.organisation.name
        assert entry.cost == ("Free" if sample.is_free else sample.fee_description)
        confidential = [s for s in listed if any(loc.confidential for loc in s.locations)]
        for service in confidential:
            hidden = [loc for loc in service.locations if loc.confidential]
            shown = next(e for s in made.sections for e in s.entries if e.name == service.name)
            for location in hidden:
                assert not any(
                    location.address_1 in line for line in shown.where if location.address_1
                )


def test_booklet_filters_by_theme_age_neighbourhood_and_cost(
    demo_app: Flask, lead_client: FlaskClient
) -> None:
    html = lead_client.get("/booklet?theme=money&free=true").get_data(as_text=True)
    assert 'id="theme-money"' in html and 'id="theme-health"' not in html
    with demo_app.app_context():
        money_free = build_booklet(
            BookletFilters(themes=(Theme.MONEY,), free_only=True), date.today()
        )
        assert [s.theme for s in money_free.sections] == [Theme.MONEY]
        names = {e.name for e in money_free.sections[0].entries}
        assert names
        for service in db.session.scalars(db.select(Service).where(Service.name.in_(names))):
            assert service.is_free and Theme.MONEY in service.themes
        for name in names:
            assert str(escape(name)) in html

        everyone = build_booklet(BookletFilters(), date.today())
        young = build_booklet(BookletFilters(age=16), date.today())
        assert young.entry_count < everyone.entry_count
        too_old_for = {
            s.name
            for s in db.session.scalars(listed_services_query())
            if s.min_age and s.min_age > 16
        }
        assert too_old_for and not too_old_for & {e.name for s in young.sections for e in s.entries}

        hood = db.session.scalars(db.select(Neighbourhood).order_by(Neighbourhood.name)).first()
        local = build_booklet(BookletFilters(neighbourhood_id=hood.id), date.today())
        assert 0 < local.entry_count < everyone.entry_count
        assert f"In or serving {hood.name}" in local.filter_summary


def test_booklet_large_print_and_bad_filters(lead_client: FlaskClient) -> None:
    assert 'class="govuk-template__body large-print' in lead_client.get(
        "/booklet?large=true"
    ).get_data(as_text=True)
    bad = lead_client.get("/booklet?age=old")
    assert bad.status_code == 400
    assert "Enter an age as a number" in bad.get_data(as_text=True)


def test_booklet_pdf_holds_the_real_entries(demo_app: Flask, lead_client: FlaskClient) -> None:
    response = lead_client.get("/booklet.pdf?theme=carer_support&large=true")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "Contents" in text and "Carer support" in text
    assert format_date(date.today()) in text
    with demo_app.app_context():
        made = build_booklet(BookletFilters(themes=(Theme.CARER_SUPPORT,)), date.today())
        assert made.entry_count > 0
        flat = " ".join(text.split())
        for entry in made.sections[0].entries:
            assert " ".join(entry.name.split()) in flat
        assert "Health" not in [line.strip() for line in text.splitlines()]
