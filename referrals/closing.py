"""Signing a client off: a required reason, the exit questionnaire, and approval when needed.

A team whose settings say sign-offs need a team leader's approval holds a co-ordinator's
sign-off as "awaiting approval" until a leader of the client's team approves it (the case
closes) or returns it with a note (the case stays open). Flushes only; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from accounts import audit
from accounts.models import Role, Team, User
from core import versioning
from core.errors import Conflict, Refused
from core.extensions import db
from core.mail import send_email
from core.models import utcnow
from core.permissions import PermissionAction, find_permitted, require
from core.site import site_url
from core.suppression import SMALL_COUNT  # the one rule: counts under it are not shown
from directory.themes import Theme
from referrals import caseload
from referrals.closing_models import (
    ClosingReason,
    Closure,
    ClosureState,
    ExitAnswer,
    TeamClosingSettings,
)
from referrals.models import AssessmentStage, Client, ClientStatus
from referrals.policies import leads_team_of

AGREE_SCALE = (
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
)
RATING_MAX = 10
MAX_STATEMENTS = 10
STATEMENT_MAX_LENGTH = 200
# Fewer answers than this in a group are not shown: a small count could identify someone.
RATING_FIELD = "exit_rating"


def statement_field(position: int) -> str:
    return f"exit_{position}"


# -- Team settings -----------------------------------------------------------------------------


def team_of(client: Client) -> Team | None:
    """The team a client's sign-off belongs to: theirs, else their co-ordinator's first."""
    if client.team is not None:
        return client.team
    owner = client.owner
    if owner is None or not owner.team_memberships:
        return None
    return min((m.team for m in owner.team_memberships), key=lambda team: team.id)


def settings_for(team: Team | None) -> TeamClosingSettings:
    """A team's settings; an unsaved default (no approval, no questionnaire) if never set."""
    if team is None:
        return TeamClosingSettings(signoffs_need_approval=False, exit_statements=[])
    found = db.session.scalar(
        select(TeamClosingSettings).where(TeamClosingSettings.team_id == team.id)
    )
    return found or TeamClosingSettings(
        team=team, signoffs_need_approval=False, exit_statements=[], ask_service_rating=False
    )


def save_settings(
    user: User, team: Team, data: Mapping[str, Any], seen_version: int | None
) -> TeamClosingSettings:
    """Save a team's sign-off rules and questionnaire, refusing a form loaded before a save."""
    require(user, "edit", TeamClosingSettings)
    settings = settings_for(team)
    if settings.id is not None:
        versioning.check_version(settings, seen_version)
    settings.team = team
    settings.signoffs_need_approval = data["signoffs_need_approval"]
    settings.exit_statements = list(data["exit_statements"])
    settings.ask_service_rating = data["ask_service_rating"]
    db.session.add(settings)
    db.session.flush()
    audit.record("edit", settings, user=user)
    return settings


def settings_snapshot(settings: TeamClosingSettings) -> dict[str, Any]:
    return {
        "signoffs_need_approval": "Yes" if settings.signoffs_need_approval else "No",
        "exit_statements": "; ".join(settings.exit_statements or []),
        "ask_service_rating": "Yes" if settings.ask_service_rating else "No",
    }


SETTINGS_LABELS = {
    "signoffs_need_approval": "Sign-offs need a team leader's approval",
    "exit_statements": "Statements",
    "ask_service_rating": "Rating of the service",
}


def settings_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return versioning.field_diff(SETTINGS_LABELS, before, after)


# -- Signing off -------------------------------------------------------------------------------


def read_answers(settings: TeamClosingSettings, raw: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The person's answers as (statement, score), "" for the rating; each may be left out.

    Refuses, naming the field, an answer off its scale or a question the team does not ask.
    """
    answers: list[tuple[str, int]] = []
    errors: dict[str, list[str]] = {}
    asked = [(statement_field(n), text, 5) for n, text in enumerate(settings.exit_statements)]
    if settings.ask_service_rating:
        asked.append((RATING_FIELD, "", RATING_MAX))
    low = {RATING_FIELD: 0}
    for field, text, high in asked:
        value = raw.get(field)
        if value is None or value == "":
            continue
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 3:
            number = int(value.strip())
        bottom = low.get(field, 1)
        if number is None or not bottom <= number <= high:
            errors[field] = [f"Choose a number from {bottom} to {high}, or leave it blank"]
            continue
        answers.append((text, number))
    unknown = set(raw) - {field for field, _, _ in asked}
    for key in sorted(unknown):
        errors[key] = ["This question is not asked by the client's team"]
    if errors:
        raise Refused("Check the answers to the questionnaire", fields=errors)
    return answers


def open_closure(client: Client) -> Closure | None:
    """The sign-off waiting for a team leader, if any."""
    return db.session.scalar(
        select(Closure).where(
            Closure.client_id == client.id, Closure.state == ClosureState.AWAITING_APPROVAL
        )
    )


def latest_closure(client: Client) -> Closure | None:
    return db.session.scalar(
        select(Closure)
        .where(Closure.client_id == client.id)
        .order_by(Closure.requested_at.desc(), Closure.id.desc())
        .limit(1)
    )


def sign_off(
    user: User,
    client: Client,
    reason: ClosingReason,
    closing_note: str,
    scores: Mapping[Theme, tuple[int, str]],
    ons4: Mapping[str, int] | None = None,
    taken_on: date | None = None,
    answers: Mapping[str, Any] | None = None,
) -> Closure:
    """Sign a client off with a reason, a final wheel and any exit answers.

    When the client's team needs a team leader's approval (and the signer does not lead it),
    the sign-off waits for approval and the client stays open meanwhile.
    """
    require(user, "edit", client, hide=True)
    if not client.is_open:
        raise Conflict("This client has already been signed off.")
    if open_closure(client) is not None:
        raise Conflict("This sign-off is already waiting for a team leader's approval.")
    team = team_of(client)
    settings = settings_for(team)
    exit_answers = read_answers(settings, answers or {})
    # Claim the client's version: of two sign-offs at once only one goes through.
    versioning.check_version(client, None)
    final = caseload.record_assessment(
        user, client, AssessmentStage.SIGN_OFF, scores, ons4, taken_on=taken_on
    )
    needs_approval = settings.signoffs_need_approval and not leads_team_of(user, client)
    closure = Closure(
        client=client,
        team=team,
        reason=reason,
        note=closing_note,
        assessment=final,
        requested_by=user,
        state=ClosureState.AWAITING_APPROVAL if needs_approval else ClosureState.APPROVED,
    )
    for position, (statement, score) in enumerate(exit_answers):
        closure.answers.append(
            ExitAnswer(team=team, position=position, statement=statement, score=score)
        )
    db.session.add(closure)
    if needs_approval:
        client.closing_note = closing_note
        db.session.flush()
        audit.record("request_sign_off", client, user=user)
        _tell_leaders(closure)
    else:
        closure.decided_by = user
        closure.decided_at = utcnow()
        _close(client, closing_note)
        db.session.flush()
        audit.record("sign_off", client, user=user)
    return closure


def sign_off_loaded(user: User, client: Client, data: Mapping[str, Any]) -> Closure:
    """Sign off with what SignOffSchema loaded: the page and the API send the same fields."""
    return sign_off(
        user,
        client,
        data["closing_reason"],
        data["closing_note"],
        {s["theme"]: (s["score"], s["note"]) for s in data["scores"]},
        data["ons4"],
        taken_on=data["taken_on"],
        answers=data["answers"],
    )


def team_leaders_of(team: Team | None) -> list[User]:
    if team is None:
        return []
    return [u for u in team.members if u.active and u.has_role(Role.TEAM_LEADER)]


def _tell_leaders(closure: Closure) -> None:
    """Email the team's leaders that a sign-off waits for them: a link, never the name."""
    link = site_url("supervision.decide", closure_id=closure.id)
    for leader in team_leaders_of(closure.team):
        send_email(
            leader.email,
            "A sign-off is waiting for your approval",
            f"Hello,\n\nA co-ordinator has signed a client off and it needs a team leader's "
            f"approval.\n\nSign in to approve or return it:\n{link}\n",
        )


def _tell_coordinator(closure: Closure, outcome: str) -> None:
    """Email the co-ordinator who signed off what became of it: a link, never the name."""
    person = closure.requested_by
    if person is None or not person.active:
        return
    link = site_url("referrals.client", client_id=closure.client_id)
    send_email(
        person.email,
        f"Your sign-off has been {outcome}",
        f"Hello,\n\nA team leader has {outcome} a sign-off you made.\n\n"
        f"Sign in to see it:\n{link}\n",
    )


def _close(client: Client, closing_note: str) -> None:
    client.status = ClientStatus.SIGNED_OFF
    client.signed_off_at = utcnow()
    client.closing_note = closing_note


def get_closure(user: User, closure_id: int, action: PermissionAction = "view") -> Closure:
    """A sign-off `user` may see (or decide), auditing the look at its client; 404 otherwise."""
    closure = find_permitted(user, action, Closure, closure_id)
    audit.record("view", closure.client, user=user)
    return closure


def _decide(user: User, closure: Closure, seen_version: int | None) -> None:
    require(user, "approve", closure, hide=True)
    if closure.state is not ClosureState.AWAITING_APPROVAL:
        raise Conflict("This sign-off has already been decided.")
    versioning.check_version(closure, seen_version)
    closure.decided_by = user
    closure.decided_at = utcnow()


def approve(user: User, closure: Closure, seen_version: int | None = None) -> Closure:
    """Approve a waiting sign-off: the client is signed off."""
    _decide(user, closure, seen_version)
    closure.state = ClosureState.APPROVED
    _close(closure.client, closure.note)
    db.session.flush()
    audit.record("approve_sign_off", closure.client, user=user)
    _tell_coordinator(closure, "approved")
    return closure


def return_sign_off(
    user: User, closure: Closure, note: str, seen_version: int | None = None
) -> Closure:
    """Send a waiting sign-off back to the co-ordinator with a note; the client stays open."""
    if not note.strip():
        raise Refused("Say what needs doing before the case can close", field="note")
    _decide(user, closure, seen_version)
    closure.state = ClosureState.RETURNED
    closure.decision_note = note.strip()
    db.session.flush()
    audit.record("return_sign_off", closure.client, user=user)
    _tell_coordinator(closure, "returned")
    return closure


def awaiting_approval(user: User, team: Team) -> list[Closure]:
    """Sign-offs of `team` waiting for a leader; empty for anyone who does not lead it."""
    closures = db.session.scalars(
        select(Closure)
        .where(Closure.team_id == team.id, Closure.state == ClosureState.AWAITING_APPROVAL)
        .order_by(Closure.requested_at, Closure.id)
    )
    return [c for c in closures if leads_team_of(user, c.client)]


# -- The exit questionnaire in aggregate ---------------------------------------------------------


@dataclass(frozen=True)
class StatementResult:
    statement: str
    answered: int
    # Answers at each point of the scale (1..5), or None when suppressed.
    counts: list[int | None]

    @property
    def suppressed(self) -> bool:
        return self.answered < SMALL_COUNT


@dataclass(frozen=True)
class RatingResult:
    answered: int
    mean: float | None

    @property
    def suppressed(self) -> bool:
        return self.answered < SMALL_COUNT


def _shown(count: int) -> int | None:
    return count if count >= SMALL_COUNT else None


def questionnaire_report(team: Team) -> tuple[list[StatementResult], RatingResult]:
    """Answers of signed-off clients of `team`, in aggregate, counts under 5 suppressed.

    Only approved sign-offs count; a returned one's answers are kept but not reported.
    """
    counted = (
        select(ExitAnswer.statement, ExitAnswer.score, func.count())
        .join(Closure, Closure.id == ExitAnswer.closure_id)
        .where(ExitAnswer.team_id == team.id, Closure.state == ClosureState.APPROVED)
        .group_by(ExitAnswer.statement, ExitAnswer.score)
    )
    by_statement: dict[str, dict[int, int]] = {}
    for statement, score, count in db.session.execute(counted):
        by_statement.setdefault(statement, {})[score] = count
    statements = []
    for statement, scores in sorted(by_statement.items()):
        if statement == "":
            continue
        answered = sum(scores.values())
        counts = [
            _shown(scores.get(n, 0)) if answered >= SMALL_COUNT else None for n in range(1, 6)
        ]
        statements.append(StatementResult(statement, answered, counts))
    ratings = by_statement.get("", {})
    answered = sum(ratings.values())
    mean = (
        round(sum(score * n for score, n in ratings.items()) / answered, 1)
        if answered >= SMALL_COUNT
        else None
    )
    return statements, RatingResult(answered, mean)
