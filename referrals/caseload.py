"""Clients, wellbeing assessments, actions and shortlists: the co-ordinator's caseload.

Every function checks the caller's permission through core.permissions, audits access
to personal records, raises domain exceptions, and only flushes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, false, func, or_, select

from accounts import audit
from accounts.models import TeamMembership, User
from core import versioning
from core.errors import Conflict, NotFound, Refused
from core.extensions import db
from core.models import utcnow
from core.permissions import PermissionAction, find_permitted, require
from directory import geo
from directory.gazetteer import Neighbourhood
from directory.models import Service
from directory.practices import Practice, find_practice
from directory.themes import Theme
from referrals.coded_activity import record_event
from referrals.models import (
    Action,
    ActionKind,
    ActionStatus,
    Assessment,
    AssessmentStage,
    Client,
    ClientStatus,
    Shortlist,
    WheelScore,
)
from referrals.nhs_number import looks_like_nhs_number, normalise_nhs_number
from referrals.policies import is_coordinator

NEEDS_CONVERSATION_MAX = 2
WHEEL_MAX = 5
ONS4_QUESTIONS = (
    ("ons4_life_satisfaction", "Overall, how satisfied are you with your life nowadays?"),
    (
        "ons4_worthwhile",
        "Overall, to what extent do you feel the things you do in your life are worthwhile?",
    ),  # fmt: skip
    ("ons4_happiness", "Overall, how happy did you feel yesterday?"),
    ("ons4_anxiety", "Overall, how anxious did you feel yesterday?"),
)
# For anxiety a lower score is better, so a fall counts as an improvement.
ONS4_LOWER_IS_BETTER = {"ons4_anxiety"}


class DuplicateClient(Conflict):
    """A client with the same name and date of birth is already on the asker's caseload.

    Nothing has been written but the probe's audit records: commit them before answering.
    """


# -- Clients -----------------------------------------------------------------------------------


def visible_clients(user: User) -> Select[Client]:
    """Clients on `user`'s caseload: their own, their teams', and their teammates'.

    The SQL twin of policies.sees_client: a team leader who is no co-ordinator holds no
    caseload of their own but sees every client of the teams they lead.
    """
    require(user, "list", Client)
    own = Client.owner_id == user.id if is_coordinator(user) else false()
    teams = user.team_ids
    if not teams:
        return select(Client).where(own)
    teammates = select(TeamMembership.user_id).where(TeamMembership.team_id.in_(teams))
    return select(Client).where(or_(own, Client.team_id.in_(teams), Client.owner_id.in_(teammates)))


STATUS_CHOICE = "Choose open, signed_off or all."


def status_filter(text: str) -> ClientStatus | None:
    """The caseload filter a `status` argument names (None for all); 400 for any other word."""
    if text == "all":
        return None
    status = ClientStatus.parse(text)
    if status is None:
        raise Refused(STATUS_CHOICE, field="status")
    return status


def find_clients(
    user: User, text: str = "", status: ClientStatus | None = ClientStatus.OPEN
) -> list[Client]:
    """Search the caseload by name, postcode or exact NHS number; closed clients stay findable.

    Text shaped like an NHS number finds only the client with exactly that number, and the
    search is audited, as each match shown is a look-up of a person by their identifier.
    Raises InvalidNHSNumber for such text that fails the check, so the asker can correct it.
    """
    statement = visible_clients(user).order_by(Client.last_name, Client.first_name, Client.id)
    if status is not None:
        statement = statement.where(Client.status == status)
    if looks_like_nhs_number(text):
        audit.record_event("nhs_number_search", "client", user=user)
        number = normalise_nhs_number(text)
        return list(db.session.scalars(statement.where(Client.nhs_number == number)))
    for word in text.split():
        pattern = f"%{word.lower()}%"
        statement = statement.where(
            or_(
                func.lower(Client.first_name).like(pattern),
                func.lower(Client.last_name).like(pattern),
                func.lower(func.coalesce(Client.postcode, "")).like(pattern),
            )
        )
    return list(db.session.scalars(statement))


def get_client(user: User, client_id: int, action: PermissionAction = "view") -> Client:
    """Return a client `user` may see, auditing the access; 404 for everyone else."""
    client = find_permitted(user, action, Client, client_id)
    audit.record(action, client, user=user)
    return client


def possible_duplicates(
    user: User, first_name: str, last_name: str, date_of_birth: date | None
) -> list[Client]:
    """Return clients on `user`'s caseload with this name and date of birth; audit the probe.

    Only the caseload is searched: whether the person is a client elsewhere is not the
    asker's to know (the answer would tell anyone who can add a client who is supported
    where). Every probe is audited, and each match shown counts as a view of that record.
    """
    audit.record_event("duplicate_check", "client", user=user)
    if date_of_birth is None:
        return []
    mine = list(
        db.session.scalars(
            visible_clients(user).where(
                func.lower(Client.first_name) == first_name.strip().lower(),
                func.lower(Client.last_name) == last_name.strip().lower(),
                Client.date_of_birth == date_of_birth,
            )
        )
    )
    for client in mine:
        audit.record("duplicate_match", client, user=user)
    return mine


@dataclass(frozen=True)
class Place:
    postcode: str | None
    outward_code: str | None
    neighbourhood_id: int | None


def place_of(postcode: str | None) -> Place:
    """Resolve a postcode to its outward code and neighbourhood (raises geo.InvalidPostcode)."""
    if not postcode:
        return Place(None, None, None)
    normalised = geo.normalise_postcode(postcode)
    outward = normalised.split(" ")[0]
    try:
        row = geo.lookup_postcode(normalised)
    except geo.UnknownPlace:
        # A postcode outside the gazetteer is still a valid address.
        return Place(normalised, outward, None)
    hood_id = None
    if row.neighbourhood_code:
        hood_id = db.session.scalar(
            select(Neighbourhood.id).where(Neighbourhood.code == row.neighbourhood_code)
        )
    return Place(normalised, row.outward, hood_id)


CLIENT_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "age_band",
    "address",
    "phone",
    "email",
    "contact_preference",
    "safe_to_leave_message",
    "gp_practice",
    "nhs_number",
    "what_matters",
    "consent_given_on",
)


CLIENT_LABELS = {
    "first_name": "First name",
    "last_name": "Surname",
    "date_of_birth": "Date of birth",
    "age_band": "Age band",
    "postcode": "Postcode",
    "contact_preference": "Contact preference",
    "phone": "Phone number",
    "email": "Email address",
    "safe_to_leave_message": "Safe to leave a message",
    "address": "Address",
    "gp_practice": "GP practice note",
    "practice_code": "GP practice",
    "nhs_number": "NHS number",
    "what_matters": "What matters to them",
    "consent_given_on": "Consent given on",
}


def client_snapshot(client: Client) -> dict[str, Any]:
    """The values the client edit form shows, for spotting what changed meanwhile."""
    return versioning.plain_snapshot(client, CLIENT_LABELS)


def client_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return versioning.field_diff(CLIENT_LABELS, before, after)


def _practice(ods_code: str | None) -> Practice | None:
    if ods_code is None:
        return None
    practice = find_practice(ods_code)
    if practice is None:
        raise Refused("Choose a GP practice from the list", field="practice_code")
    return practice


def _apply_client_fields(client: Client, data: Mapping[str, Any]) -> None:
    # Checked before anything changes, so a refused code leaves the record as it was.
    practice = _practice(data["practice_code"]) if "practice_code" in data else client.practice
    for name in CLIENT_FIELDS:
        if name in data:
            setattr(client, name, data[name])
    client.practice = practice
    if "postcode" in data:
        place = place_of(data["postcode"])
        client.postcode = place.postcode
        client.outward_code = place.outward_code
        client.neighbourhood_id = place.neighbourhood_id


def create_client(
    user: User, data: Mapping[str, Any], *, confirm_duplicate: bool = False
) -> Client:
    """Add a client to `user`'s caseload; warn first about a same-name, same-birthday client."""
    require(user, "create", Client)
    if not confirm_duplicate:
        mine = possible_duplicates(
            user, data["first_name"], data["last_name"], data.get("date_of_birth")
        )
        if mine:
            # The caller commits before answering, so the probe's audit record stands.
            raise DuplicateClient(
                "A client with this name and date of birth is already on your caseload.",
                client_ids=[c.id for c in mine],
            )
    client = Client(owner=user, consent_recorded_by=user, team_id=data.get("team_id"))
    if client.team_id is not None and client.team_id not in user.team_ids:
        raise NotFound("Team not found.")
    _apply_client_fields(client, data)
    db.session.add(client)
    db.session.flush()
    audit.record("create", client, user=user)
    # Taking the person onto a caseload is their accepting the referral to social prescribing.
    record_event(client, "referral_to_social_prescribing", utcnow().date(), by=user)
    return client


def update_client(
    user: User, client: Client, data: Mapping[str, Any], seen_version: int | None = None
) -> Client:
    """Save a client's details, refusing a form loaded before someone else's save."""
    require(user, "edit", client, hide=True)
    refuse_if_anonymised(client)
    versioning.check_version(client, seen_version)
    _apply_client_fields(client, data)
    db.session.flush()
    audit.record("edit", client, user=user)
    return client


def refuse_if_anonymised(client: Client) -> None:
    """An anonymised record is kept for the figures only: nobody edits or reopens it."""
    if client.anonymised_at is not None:
        raise Conflict("This person's details were removed; the record is kept for figures only.")


def reopen_client(user: User, client: Client) -> Client:
    require(user, "edit", client, hide=True)
    refuse_if_anonymised(client)
    if client.is_open:
        raise Conflict("This client is already open.")
    client.status = ClientStatus.OPEN
    client.signed_off_at = None
    db.session.flush()
    audit.record("reopen", client, user=user)
    return client


# -- Wellbeing ---------------------------------------------------------------------------------


def record_assessment(
    user: User,
    client: Client,
    stage: AssessmentStage,
    scores: Mapping[Theme, tuple[int, str]],
    ons4: Mapping[str, int] | None = None,
    taken_on: date | None = None,
) -> Assessment:
    """Record a wheel (all 12 themes, 0-5) and optionally ONS4 (all four, 0-10)."""
    require(user, "edit", client, hide=True)
    if set(scores) != set(Theme):
        raise Conflict("Score every theme of the wheel.")
    if any(not 0 <= score <= WHEEL_MAX for score, _ in scores.values()):
        raise Conflict(f"Wheel scores run from 0 to {WHEEL_MAX}.")
    assessment = Assessment(
        client=client, stage=stage, taken_on=taken_on or utcnow().date(), recorded_by=user
    )
    for theme in Theme:
        score, note = scores[theme]
        assessment.scores.append(WheelScore(theme=theme, score=score, note=note or ""))
    if ons4:
        if set(ons4) != {name for name, _ in ONS4_QUESTIONS}:
            raise Conflict("Answer all four wellbeing questions, or none.")
        for name, value in ons4.items():
            if not 0 <= value <= 10:
                raise Conflict("Wellbeing answers run from 0 to 10.")
            setattr(assessment, name, value)
    db.session.add(assessment)
    db.session.flush()
    audit.record("create", assessment, user=user)
    return assessment


def needs_conversation(assessment: Assessment) -> list[WheelScore]:
    """Themes scored 0-2: worth talking about and searching for support."""
    return [s for s in assessment.scores if s.score <= NEEDS_CONVERSATION_MAX]


@dataclass(frozen=True)
class ThemeChange:
    theme: Theme
    first: int
    latest: int

    @property
    def change(self) -> int:
        return self.latest - self.first


@dataclass(frozen=True)
class WheelChange:
    first: Assessment
    latest: Assessment
    themes: list[ThemeChange] = field(default_factory=list)
    ons4: list[tuple[str, str, int, int, bool]] = field(default_factory=list)

    @property
    def total_change(self) -> int:
        return sum(t.change for t in self.themes)


def wheel_change(client: Client) -> WheelChange | None:
    """Compare the first and latest wheels (and ONS4, when both have it)."""
    if not client.assessments:
        return None
    first, latest = client.assessments[0], client.assessments[-1]
    before, after = first.score_by_theme, latest.score_by_theme
    themes = [
        ThemeChange(theme, before[theme].score, after[theme].score)
        for theme in Theme
        if theme in before and theme in after
    ]
    with_ons4 = [a for a in client.assessments if a.has_ons4]
    ons4 = []
    if len(with_ons4) >= 2:
        a, b = with_ons4[0], with_ons4[-1]
        for name, question in ONS4_QUESTIONS:
            ons4.append(
                (name, question, getattr(a, name), getattr(b, name), name in ONS4_LOWER_IS_BETTER)
            )
    return WheelChange(first, latest, themes, ons4)


# -- Actions -----------------------------------------------------------------------------------


def add_action(
    user: User,
    client: Client,
    kind: ActionKind,
    theme: Theme,
    description: str,
    service: Service | None = None,
    due_on: date | None = None,
) -> Action:
    """Agree an action; referral actions are made by referrals.services.send_referral."""
    require(user, "edit", client, hide=True)
    if kind is ActionKind.REFERRAL:
        raise Conflict("Send a referral to record a referral action.")
    if not client.is_open:
        raise Conflict("Reopen the client before adding actions.")
    action = Action(
        client=client,
        kind=kind,
        theme=theme,
        description=description,
        service=service,
        due_on=due_on,
        created_by=user,
    )
    db.session.add(action)
    db.session.flush()
    audit.record("create", action, user=user)
    return action


ACTION_LABELS = {"status": "Was it done?", "outcome_note": "Outcome"}


def action_snapshot(action: Action) -> dict[str, Any]:
    """The values the action outcome form shows."""
    return versioning.plain_snapshot(action, ACTION_LABELS)


def action_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return versioning.field_diff(ACTION_LABELS, before, after)


def close_action(
    user: User,
    action: Action,
    status: ActionStatus,
    outcome_note: str,
    seen_version: int | None = None,
) -> Action:
    """Record that an action was done or not done; referral actions follow their referral."""
    require(user, "edit", action, hide=True)
    if action.kind is ActionKind.REFERRAL:
        raise Conflict("A referral action closes when the organisation answers the referral.")
    versioning.check_version(action, seen_version)
    if status is ActionStatus.OPEN:
        action.closed_at = None
    else:
        action.closed_at = utcnow()
    action.status = status
    action.outcome_note = outcome_note
    db.session.flush()
    audit.record("edit", action, user=user)
    return action


def create_shortlist(
    user: User,
    client: Client,
    services: Sequence[Service],
    kind: ActionKind,
    theme: Theme | None = None,
    note: str = "",
) -> Shortlist:
    """Record one information-given or recommendation action per service, as a printable list."""
    require(user, "edit", client, hide=True)
    if kind not in {ActionKind.INFORMATION_GIVEN, ActionKind.SERVICE_RECOMMENDATION}:
        raise Conflict("A shortlist records information given or service recommendations.")
    if not services:
        raise Refused("Choose at least one service", field="service_ids")
    if not client.is_open:
        raise Conflict("Reopen the client before adding actions.")
    shortlist = Shortlist(client=client, note=note, created_by=user)
    db.session.add(shortlist)
    now = utcnow()
    for service in services:
        service_theme = theme or (service.themes[0] if service.themes else Theme.HEALTH)
        done = kind is ActionKind.INFORMATION_GIVEN
        shortlist.actions.append(
            Action(
                client=client,
                kind=kind,
                theme=service_theme,
                description=f"{kind.label}: {service.name}",
                service=service,
                created_by=user,
                status=ActionStatus.DONE if done else ActionStatus.OPEN,
                closed_at=now if done else None,
            )
        )
    db.session.flush()
    audit.record("create", shortlist, user=user)
    return shortlist


def get_shortlist(user: User, shortlist_id: int) -> Shortlist:
    shortlist = find_permitted(user, "view", Shortlist, shortlist_id)
    audit.record("view", shortlist, user=user)
    return shortlist


def get_action(user: User, action_id: int) -> Action:
    return find_permitted(user, "edit", Action, action_id)
