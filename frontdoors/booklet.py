"""The printable directory: listed services grouped by theme, for people who are not online.

The same entries feed the browser's print view and the PDF, so the two never disagree.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.templating import format_date
from directory.gazetteer import Neighbourhood
from directory.models import (
    AreaKind,
    Location,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from directory.printable import Entry, entry_for
from directory.public_place import hidden_neighbourhood_ids
from directory.services import listed_services_query
from directory.themes import Theme


@dataclass(frozen=True)
class BookletFilters:
    themes: tuple[Theme, ...] = ()
    age: int | None = None
    neighbourhood_id: int | None = None
    free_only: bool = False
    large_print: bool = False


@dataclass
class Section:
    theme: Theme
    entries: list[Entry] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"theme-{self.theme.value}"


@dataclass
class Booklet:
    produced_on: date
    filters: BookletFilters
    neighbourhood: str | None
    sections: list[Section]

    @property
    def entry_count(self) -> int:
        return sum(len(s.entries) for s in self.sections)

    @property
    def filter_summary(self) -> list[str]:
        parts = []
        if self.filters.themes:
            parts.append("Themes: " + ", ".join(t.label for t in self.filters.themes))
        if self.filters.age is not None:
            parts.append(f"Suitable for age {self.filters.age}")
        if self.neighbourhood:
            parts.append(f"In or serving {self.neighbourhood}")
        if self.filters.free_only:
            parts.append("Free services only")
        return parts


def neighbourhood_options() -> list[tuple[int, str]]:
    return list(
        db.session.execute(
            select(Neighbourhood.id, Neighbourhood.name).order_by(Neighbourhood.name)
        )
    )


def _matching_services(filters: BookletFilters) -> list[Service]:
    statement = listed_services_query().options(
        selectinload(Service.service_at_locations)
        .selectinload(ServiceAtLocation.location)
        .selectinload(Location.neighbourhood),
        selectinload(Service.schedules),
        selectinload(Service.theme_links),
        selectinload(Service.areas).selectinload(ServiceArea.location),
    )
    if filters.age is not None:
        statement = statement.where(
            or_(Service.min_age.is_(None), Service.min_age <= filters.age),
            or_(Service.max_age.is_(None), Service.max_age >= filters.age),
        )
    if filters.free_only:
        statement = statement.where(Service.is_free.is_(True))
    if filters.neighbourhood_id is not None:
        hood = filters.neighbourhood_id
        # A confidential place counts in its neighbourhood only where the public may know it
        # is there (directory.public_place); one that may not be named reaches everywhere.
        hidden = hidden_neighbourhood_ids()
        located = (
            select(ServiceAtLocation.service_id)
            .join(Location)
            .where(
                Location.neighbourhood_id == hood,
                Location.confidential.is_(False) | Location.neighbourhood_id.not_in(hidden),
            )
        )
        unnamed = (
            select(ServiceAtLocation.service_id)
            .join(Location)
            .where(
                Location.confidential.is_(True),
                Location.neighbourhood_id.is_(None) | Location.neighbourhood_id.in_(hidden),
            )
        )
        serving = select(ServiceArea.service_id).where(
            or_(
                ServiceArea.kind == AreaKind.BOROUGH,
                (ServiceArea.kind == AreaKind.NEIGHBOURHOOD)
                & (ServiceArea.neighbourhood_id == hood),
            )
        )
        statement = statement.where(
            or_(Service.id.in_(located), Service.id.in_(unnamed), Service.id.in_(serving))
        )
    return list(db.session.scalars(statement.order_by(Service.name, Service.id)))


def build_booklet(filters: BookletFilters, today: date) -> Booklet:
    """Group every matching listed service under each of its themes, in wheel order."""
    wanted = filters.themes or tuple(Theme)
    sections = {theme: Section(theme) for theme in Theme if theme in wanted}
    for service in _matching_services(filters):
        entry = None
        for theme in service.themes:
            if theme in sections:
                entry = entry or entry_for(service)
                sections[theme].entries.append(entry)
    hood = None
    if filters.neighbourhood_id is not None:
        hood = db.session.get(Neighbourhood, filters.neighbourhood_id)
    return Booklet(
        produced_on=today,
        filters=filters,
        neighbourhood=hood.name if hood else None,
        sections=[s for s in sections.values() if s.entries],
    )


# -- PDF ---------------------------------------------------------------------------------------


def render_pdf(booklet: Booklet, borough: str) -> bytes:
    """Lay the booklet out as an A4 PDF: a title page with contents, then a section per theme."""
    scale = 1.3 if booklet.filters.large_print else 1.0
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body",
        parent=base["BodyText"],
        fontName="Helvetica",
        fontSize=11 * scale,
        leading=15 * scale,
    )
    small = ParagraphStyle("small", parent=body, fontSize=10 * scale, leading=13 * scale)
    title = ParagraphStyle(
        "title",
        parent=base["Title"],
        fontName="Helvetica-Bold",
        fontSize=26 * scale,
        leading=32 * scale,
        alignment=0,
    )
    h1 = ParagraphStyle(
        "h1",
        parent=base["Heading1"],
        fontName="Helvetica-Bold",
        fontSize=20 * scale,
        leading=26 * scale,
    )
    h2 = ParagraphStyle(
        "h2",
        parent=base["Heading2"],
        fontName="Helvetica-Bold",
        fontSize=14 * scale,
        leading=18 * scale,
        spaceBefore=8 * scale,
    )

    def text(value: str) -> str:
        return escape(value).replace("\n", "<br/>")

    story: list = [
        Paragraph(text(f"Local support in {borough}"), title),
        Paragraph(text(f"Produced on {format_date(booklet.produced_on)}"), body),
    ]
    for line in booklet.filter_summary:
        story.append(Paragraph(text(line), body))
    story += [Spacer(1, 6 * mm), Paragraph("Contents", h1)]
    for section in booklet.sections:
        count = len(section.entries)
        label = f"{section.theme.label} ({count} {'service' if count == 1 else 'services'})"
        story.append(Paragraph(text(label), body))
    if not booklet.sections:
        story.append(Paragraph("No services match these choices.", body))
    for section in booklet.sections:
        story += [PageBreak(), Paragraph(text(section.theme.label), h1)]
        story.append(Paragraph(text(section.theme.hint), small))
        for entry in section.entries:
            block = [
                Paragraph(text(entry.name), h2),
                Paragraph(text(f"Run by {entry.organisation}"), small),
                Paragraph(text(entry.what), body),
            ]
            for heading, lines in (
                ("When", entry.when),
                ("Where", entry.where),
                ("Cost", [entry.cost]),
                ("How to get in touch", entry.contact + entry.how),
            ):
                if lines:
                    block.append(
                        Paragraph(
                            f"<b>{heading}:</b> " + "<br/>".join(text(x) for x in lines), body
                        )
                    )
            story.append(KeepTogether(block))

    def footer(canvas, doc) -> None:  # noqa: ANN001 - reportlab's callback signature
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawString(
            18 * mm,
            10 * mm,
            f"Signpost directory, {borough}. Produced {format_date(booklet.produced_on)}. "
            f"Page {doc.page}",
        )
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Local support in {borough}",
        author="Signpost",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def themes_from(values: Sequence[str]) -> tuple[Theme, ...]:
    return tuple(Theme.parse_many(values))
