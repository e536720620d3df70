"""My plan as an A4 PDF in plain English: the same words as the print page and the email."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from core.templating import format_date
from referrals.models import ActionStatus, Client
from referrals.plans_models import CarePlan


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def render_my_plan(client: Client, plan: CarePlan) -> bytes:
    """Lay out the person's plan: each goal, what was agreed, how it is going, the next review."""
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=13,
                          leading=18)  # fmt: skip
    title = ParagraphStyle("title", parent=base["Title"], fontName="Helvetica-Bold",
                           fontSize=24, leading=30, alignment=0)  # fmt: skip
    heading = ParagraphStyle("heading", parent=base["Heading2"], fontName="Helvetica-Bold",
                             fontSize=16, leading=21, spaceBefore=10)  # fmt: skip
    story: list[Flowable] = [
        Paragraph(_text(f"{client.first_name}’s plan"), title),
        Paragraph(
            "These are the things that matter to you, and what we agreed to do about them.", body
        ),  # fmt: skip
    ]
    for number, goal in enumerate(plan.goals, start=1):
        block = [Paragraph(_text(f"{number}. {goal.words}"), heading)]
        if goal.actions:
            block.append(Paragraph("What we agreed:", body))
            for action in goal.actions:
                line = action.description
                if action.due_on:
                    line += f" (by {format_date(action.due_on)})"
                if action.status is ActionStatus.DONE:
                    line += " – done"
                block.append(Paragraph(_text(line), body, bulletText="•"))
        going = f"How it is going: {goal.progress.label.lower()}"
        if goal.progress_note:
            going += f". {goal.progress_note}"
        block.append(Paragraph(_text(going), body))
        story.append(KeepTogether(block))
    closing = f"We will talk about how things are going on {format_date(plan.review_on)}."
    if client.owner:
        closing += f" Your co-ordinator is {client.owner.display_name}."
    story += [Spacer(1, 4 * mm), Paragraph("When we will look at this again", heading),
              Paragraph(_text(closing), body)]  # fmt: skip
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="My plan",
        author="Signpost",
    )
    document.build(story)
    return buffer.getvalue()
