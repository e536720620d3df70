"""The letter back to the GP and the referrer: what happened in a person's social prescribing.

`build_letter(user, client)` gathers it once (audited), and both renderings read only that:
`letter_pdf` (a printable letter) and referrals/fhir.py's `letter_document` (a FHIR document).
It holds what mattered to the person, the needs found (wheel themes scored low at the start,
with first and last scores), the support connected and whether it was taken up, the outcome
measures, and the coded entries.

Outcome measures are a list of `MeasureSummary`, one per instrument. The wheel and ONS4 are
built in; another instrument adds itself with `add_measure_summary(function)`, where the
function returns that instrument's summary for a client, or None when it was not used.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select

from accounts import audit
from accounts.models import User
from core.extensions import db
from core.models import utcnow
from core.templating import format_date
from directory.themes import Theme
from referrals.caseload import ONS4_LOWER_IS_BETTER, ONS4_QUESTIONS, get_client, needs_conversation
from referrals.coded_activity import entries_for_client
from referrals.coding_models import CodedEntry
from referrals.intake_models import IntakeReferral
from referrals.measures import measure_summaries
from referrals.models import (
    Action,
    ActionKind,
    ActionStatus,
    Assessment,
    Client,
    ClientStatus,
)
from referrals.states import ReferralState

# A referral's state as "taken up": yes, no, or not known yet.
TAKEN_UP = {
    ReferralState.COMPLETED: "Yes",
    ReferralState.ACCEPTED: "Started",
    ReferralState.SENT: "Waiting for an answer",
    ReferralState.DECLINED: "No",
    ReferralState.NOT_COMPLETED: "No",
    ReferralState.WITHDRAWN: "No",
    ReferralState.EXPIRED: "No",
}
ACTION_TAKEN_UP = {
    ActionStatus.DONE: "Yes",
    ActionStatus.NOT_DONE: "No",
    ActionStatus.OPEN: "Not yet",
}
SUPPORT_KINDS = (
    ActionKind.REFERRAL,
    ActionKind.SERVICE_RECOMMENDATION,
    ActionKind.INFORMATION_GIVEN,
)


@dataclass(frozen=True)
class ThemeNeed:
    theme: Theme
    first: int
    last: int | None


@dataclass(frozen=True)
class SupportConnected:
    theme: Theme
    service: str
    organisation: str
    kind: ActionKind
    on: date
    status: str
    taken_up: str
    referral_id: int | None = None
    referral_state: ReferralState | None = None


@dataclass(frozen=True)
class MeasureItem:
    """One item of a measure: its first and last answers (None when only one was taken)."""

    key: str
    label: str
    first: float
    last: float | None
    lower_is_better: bool = False


@dataclass(frozen=True)
class MeasureSummary:
    """One outcome measure: its name, scale, when first and last taken, and its items."""

    key: str
    name: str
    scale: str
    first_on: date
    last_on: date | None
    items: list[MeasureItem]


@dataclass(frozen=True)
class GpLetter:
    client: Client
    written_on: date
    written_at: datetime
    author: str
    team: str
    practice_name: str
    practice_ods: str | None
    referrer: str
    what_matters: str
    closing_note: str
    signed_off: bool
    needs: list[ThemeNeed] = field(default_factory=list)
    support: list[SupportConnected] = field(default_factory=list)
    measures: list[MeasureSummary] = field(default_factory=list)
    coded: list[CodedEntry] = field(default_factory=list)


MeasureFunction = Callable[[Client], MeasureSummary | list[MeasureSummary] | None]
_measure_summaries: list[MeasureFunction] = []


def add_measure_summary(function: MeasureFunction) -> MeasureFunction:
    """Register an outcome measure's summary for the letter (usable as a decorator)."""
    if function not in _measure_summaries:
        _measure_summaries.append(function)
    return function


def _first_last(client: Client) -> tuple[Assessment | None, Assessment | None]:
    if not client.assessments:
        return None, None
    first, last = client.assessments[0], client.assessments[-1]
    return first, (last if last is not first else None)


@add_measure_summary
def wheel_summary(client: Client) -> MeasureSummary | None:
    """The quality of life wheel: each theme 0 (worst) to 5 (best)."""
    first, last = _first_last(client)
    if first is None:
        return None
    after = last.score_by_theme if last else {}
    items = [
        MeasureItem(
            f"wheel_{s.theme.value}",
            s.theme.label,
            s.score,
            after[s.theme].score if s.theme in after else None,
        )
        for s in sorted(first.scores, key=lambda s: list(Theme).index(s.theme))
    ]
    return MeasureSummary(
        "wheel", "Quality of life wheel", "0 to 5, higher is better", first.taken_on,
        last.taken_on if last else None, items,
    )  # fmt: skip


@add_measure_summary
def ons4_summary(client: Client) -> MeasureSummary | None:
    """ONS4 personal wellbeing, each 0 to 10, when it was asked."""
    asked = [a for a in client.assessments if a.has_ons4]
    if not asked:
        return None
    first, last = asked[0], (asked[-1] if len(asked) > 1 else None)
    items = [
        MeasureItem(
            name,
            question,
            getattr(first, name),
            getattr(last, name) if last else None,
            name in ONS4_LOWER_IS_BETTER,
        )
        for name, question in ONS4_QUESTIONS
    ]
    return MeasureSummary(
        "ons4", "ONS4 personal wellbeing", "0 to 10 (anxiety: lower is better)", first.taken_on,
        last.taken_on if last else None, items,
    )  # fmt: skip


@add_measure_summary
def configured_measures(client: Client) -> list[MeasureSummary]:
    """The area's own measures (SWEMWBS and those defined in MEASURES_FILE) the person took."""
    return [
        MeasureSummary(
            summary.key,
            summary.name,
            f"{summary.short_name} score, higher is better",
            summary.first_on,
            summary.last_on,
            [MeasureItem(summary.key, summary.short_name, summary.first_score, summary.last_score)],
        )
        for summary in measure_summaries(client)
    ]


def _needs(client: Client) -> list[ThemeNeed]:
    first, last = _first_last(client)
    if first is None:
        return []
    after = last.score_by_theme if last else {}
    return [
        ThemeNeed(s.theme, s.score, after[s.theme].score if s.theme in after else None)
        for s in needs_conversation(first)
    ]


def _support(client: Client) -> list[SupportConnected]:
    found = []
    for action in client.actions:
        if action.kind not in SUPPORT_KINDS or action.service is None:
            continue
        found.append(_support_of(action))
    return sorted(found, key=lambda s: s.on)


def _support_of(action: Action) -> SupportConnected:
    service = action.service
    assert service is not None  # noqa: S101 - checked by the caller
    referral = action.referral
    if referral is not None:
        return SupportConnected(
            action.theme, service.name, service.organisation.name, action.kind,
            referral.sent_at.date(), referral.state.label, TAKEN_UP[referral.state],
            referral.id, referral.state,
        )  # fmt: skip
    return SupportConnected(
        action.theme, service.name, service.organisation.name, action.kind,
        action.created_at.date(), action.status.label, ACTION_TAKEN_UP[action.status],
    )  # fmt: skip


def _referrer(client: Client) -> str:
    intake = db.session.scalar(
        select(IntakeReferral)
        .where(IntakeReferral.client_id == client.id)
        .order_by(IntakeReferral.received_at.desc())
        .limit(1)
    )
    if intake is None:
        return ""
    return ", ".join(x for x in (intake.referrer_name, intake.referrer_organisation) if x)


def build_letter(user: User, client_id: int) -> GpLetter:
    """The letter for a client `user` may see; the reading is audited."""
    client = get_client(user, client_id)
    audit.record("gp_letter", client, user=user)
    now = utcnow()
    measures: list[MeasureSummary] = []
    for summarise in _measure_summaries:
        found = summarise(client)
        measures.extend(found if isinstance(found, list) else [found] if found else [])
    return GpLetter(
        client=client,
        written_on=now.date(),
        written_at=now,
        author=user.name or user.email,
        team=client.team.name if client.team else "",
        practice_name=client.practice.name if client.practice else (client.gp_practice or ""),
        practice_ods=client.practice_code,
        referrer=_referrer(client),
        what_matters=client.what_matters,
        closing_note=client.closing_note,
        signed_off=client.status is ClientStatus.SIGNED_OFF,
        needs=_needs(client),
        support=_support(client),
        measures=measures,
        coded=entries_for_client(client),
    )


def _score(value: float | None) -> str:
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def letter_pdf(letter: GpLetter, borough: str) -> bytes:
    """The letter as an A4 PDF."""
    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Heading1"], styles["Heading2"]

    def text(value: str) -> str:
        return escape(value).replace("\n", "<br/>")

    def table(rows: list[list[str]]) -> Table:
        cells = [[Paragraph(text(c), body) for c in row] for row in rows]
        made = Table(cells, repeatRows=1, hAlign="LEFT")
        made.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return made

    client = letter.client
    story: list[Flowable] = [
        Paragraph(text("Social prescribing: letter to the GP and referrer"), h1),
        Paragraph(text(f"To: {letter.practice_name or 'GP practice not recorded'}"
                       + (f" ({letter.practice_ods})" if letter.practice_ods else "")), body),
        Paragraph(text(f"Referrer: {letter.referrer or 'not recorded'}"), body),
        Paragraph(text(f"Written on {format_date(letter.written_on)} by {letter.author}"
                       + (f", {letter.team}" if letter.team else "") + f", {borough}"), body),
        Spacer(1, 4 * mm),
        Paragraph(text(f"Name: {client.full_name}"), body),
        Paragraph(text("Date of birth: " + (format_date(client.date_of_birth)
                                            if client.date_of_birth else "not recorded")), body),
        Paragraph(text(f"NHS number: {client.nhs_number_shown or 'not recorded'}"), body),
        Paragraph(text("Status: " + ("signed off" if letter.signed_off else "still supported")),
                  body),
    ]  # fmt: skip
    story += [Paragraph("What matters to the person", h2)]
    story.append(Paragraph(text(letter.what_matters or "Not recorded."), body))
    story += [Paragraph("Needs found", h2)]
    if letter.needs:
        story.append(table([["Theme", "First score", "Last score"]] + [
            [n.theme.label, _score(n.first), _score(n.last)] for n in letter.needs
        ]))  # fmt: skip
    else:
        story.append(Paragraph("No theme was scored 2 or lower at the start.", body))
    story += [Paragraph("Support connected", h2)]
    if letter.support:
        story.append(table([["Service", "How", "When", "Status", "Taken up"]] + [
            [f"{s.service} ({s.organisation})", s.kind.label, format_date(s.on), s.status,
             s.taken_up] for s in letter.support
        ]))  # fmt: skip
    else:
        story.append(Paragraph("No support recorded.", body))
    story += [Paragraph("Outcome measures", h2)]
    if not letter.measures:
        story.append(Paragraph("No outcome measure was recorded.", body))
    for measure in letter.measures:
        taken = f"first {format_date(measure.first_on)}" + (
            f", last {format_date(measure.last_on)}" if measure.last_on else ", taken once"
        )
        story.append(Paragraph(text(f"{measure.name} ({measure.scale}; {taken})"), body))
        story.append(table([["Item", "First", "Last"]] + [
            [i.label, _score(i.first), _score(i.last)] for i in measure.items
        ]))  # fmt: skip
    story += [Paragraph("Coded entries (SNOMED CT)", h2)]
    if letter.coded:
        story.append(table([["Date", "SNOMED CT concept", "Term"]] + [
            [format_date(c.recorded_on), c.concept_id, c.term] for c in letter.coded
        ]))  # fmt: skip
    else:
        story.append(Paragraph("No coded entries.", body))
    if letter.closing_note:
        story += [Paragraph("Closing note", h2), Paragraph(text(letter.closing_note), body)]

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Social prescribing: letter to the GP",
        author="Signpost",
    )
    document.build(story)
    return buffer.getvalue()
