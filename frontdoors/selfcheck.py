"""The public self-check: Easy Read questions per theme, a report of nearby services, and the
optional "ask a co-ordinator to contact me" request that lands in a team's queue.

Answers live only in the signed session cookie (on the person's own device); nothing reaches
the database until they ask to be contacted and give their consent. Report searches are not
written to the search log.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app, url_for
from sqlalchemy import delete, func, select

from accounts import audit
from accounts.models import Team, User
from core.errors import Conflict, NotFound, Refused
from core.extensions import db
from core.mail import send_email
from core.models import utcnow
from core.permissions import policy, require
from core.site import site_url
from directory import geo
from directory.models import Service
from directory.services import listed_services_query
from directory.themes import Theme
from frontdoors.demand import count_flags
from frontdoors.models import (
    ContactRequestAttempt,
    ContactRoute,
    PreferredTime,
    SelfReferralRequest,
)
from referrals import caseload
from referrals.models import Client, ContactPreference
from referrals.policies import is_coordinator
from search import services as search
from search.schemas import SearchParamsSchema

SESSION_KEY = "self_check"

# Easy Read: short sentences, everyday words, one idea at a time.
QUESTIONS: dict[Theme, tuple[str, str]] = {
    Theme.HEALTH: ("Your health", "Do you want help to stay well or feel better?"),
    Theme.CARER_SUPPORT: ("Looking after someone", "Do you look after someone and need help?"),
    Theme.EMOTIONAL_WELLBEING: ("How you feel", "Do you often feel sad, worried or alone?"),
    Theme.GETTING_OUT: ("Getting out", "Is it hard to get out of the house or get about?"),
    Theme.PERSONAL_CARE: ("Looking after yourself", "Is it hard to wash, dress or make food?"),
    Theme.HOUSE_AND_HOME: ("Your home", "Is your home cold, unsafe or in need of repair?"),
    Theme.MEDICATION: ("Your medicines", "Is it hard to get or take your medicines?"),
    Theme.MONEY: ("Money", "Are you worried about money, bills or food?"),
    Theme.FRIENDS_AND_FAMILY: ("Friends and family", "Would you like more people to talk to?"),
    Theme.COMMUNICATION: ("Talking and hearing", "Is it hard to hear, see, read or get online?"),
    Theme.VOLUNTEERING_AND_WORK: (
        "Work and volunteering",
        "Would you like help to work or volunteer?",
    ),
    Theme.HOBBIES: ("Things you enjoy", "Would you like to find groups or things to do?"),
}


class Answer:
    YES = "yes"
    SOMETIMES = "sometimes"
    NO = "no"


ANSWER_OPTIONS = [
    (Answer.YES, "Yes"),
    (Answer.SOMETIMES, "Sometimes"),
    (Answer.NO, "No"),
]
FLAGGING_ANSWERS = {Answer.YES, Answer.SOMETIMES}
THEMES: list[Theme] = list(Theme)


def theme_after(theme: Theme) -> Theme | None:
    index = THEMES.index(theme)
    return THEMES[index + 1] if index + 1 < len(THEMES) else None


def theme_before(theme: Theme) -> Theme | None:
    index = THEMES.index(theme)
    return THEMES[index - 1] if index > 0 else None


# -- State in the session cookie ---------------------------------------------------------------


@dataclass
class SelfCheck:
    """What the person has answered so far; kept in the signed session cookie only."""

    answers: dict[str, str]
    postcode: str | None = None
    age: int | None = None
    counted: bool = False  # its flags were added to the anonymous demand counts

    @classmethod
    def from_session(cls, session: Mapping[str, Any]) -> SelfCheck:
        raw = session.get(SESSION_KEY) or {}
        answers = {
            k: v
            for k, v in (raw.get("answers") or {}).items()
            if Theme.parse(k) is not None and v in dict(ANSWER_OPTIONS)
        }
        age = raw.get("age")
        age = (
            age if isinstance(age, int) and not isinstance(age, bool) and 0 <= age <= 120 else None
        )
        return cls(
            answers=answers,
            postcode=raw.get("postcode"),
            age=age,
            counted=raw.get("counted") is True,
        )

    def save(self, session: Any) -> None:
        session[SESSION_KEY] = {
            "answers": self.answers,
            "postcode": self.postcode,
            "age": self.age,
            "counted": self.counted,
        }

    @property
    def flagged(self) -> list[Theme]:
        return [t for t in THEMES if self.answers.get(t.value) in FLAGGING_ANSWERS]


def count_demand(check: SelfCheck, today: date) -> None:
    """Add a finished check's flagged themes to the anonymous counts, once per check.

    Only the postcode's district, the themes and the month are counted (frontdoors.demand);
    the answers stay in the person's own session cookie.
    """
    if check.counted or not check.postcode:
        return
    count_flags(check.postcode, check.flagged, today)
    check.counted = True


def forget(session: Any) -> None:
    session.pop(SESSION_KEY, None)


UNKNOWN_POSTCODE = "We do not know that postcode. Check it and try again"


def check_postcode(text: str) -> str:
    """Normalise a postcode the gazetteer knows; refuse, on the postcode field, one it does not."""
    try:
        postcode = geo.normalise_postcode(text)
        geo.lookup_postcode(postcode)
    except geo.GeoError as error:
        raise Refused(UNKNOWN_POSTCODE, field="postcode") from error
    return postcode


# -- The report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    service: Service
    distance_km: float | None  # never to a confidential location (search.engine.Hit)
    covers_area: bool
    confidential_area: str | None = None  # "Halliwell": where to say it is instead


@dataclass(frozen=True)
class ThemeReport:
    theme: Theme
    question: str
    answer: str
    suggestions: list[Suggestion]


# What each theme's need is, in the words people and listings use: the search engine ranks a
# theme's services on these (and on what the person or partner said), so "lonely" finds
# befriending and lunch clubs before a kinship carers' group that shares only the theme.
NEED_WORDS: dict[Theme, str] = {
    Theme.HEALTH: "stay well health exercise falls long-term condition",
    Theme.CARER_SUPPORT: "carer caring looking after someone break",
    Theme.EMOTIONAL_WELLBEING: "low anxious worried sad bereaved mental health",
    Theme.GETTING_OUT: "getting out transport lifts appointments mobility",
    Theme.PERSONAL_CARE: "washing dressing cooking meals personal care",
    Theme.HOUSE_AND_HOME: "cold home warm heating energy damp repairs",
    Theme.MEDICATION: "medicines prescriptions",
    Theme.MONEY: "money bills benefits debt food",
    Theme.FRIENDS_AND_FAMILY: "lonely isolated company befriending",
    Theme.COMMUNICATION: "hearing sight reading online language",
    Theme.VOLUNTEERING_AND_WORK: "volunteering work skills",
    Theme.HOBBIES: "activities groups hobbies",
}
NEED_TEXT_MAX = 200


def need_text(theme: Theme, said: str = "") -> str:
    """The words to rank a theme's services on: the need's own, then what was said about it."""
    return f"{NEED_WORDS[theme]} {said}".strip()[:NEED_TEXT_MAX]


def services_for_need(
    theme: Theme,
    said: str,
    postcode: str,
    limit: int,
    *,
    age: int | None = None,
    signpost_referral: bool = False,
    radius_km: int = 10,
) -> list[Suggestion]:
    """Listed services for a need near `postcode`, best fit first.

    The search engine ranks the theme's services on the need's words (need_text), near ones
    first among equals, open to someone of `age` when it is known; services in the theme that
    match none of the words follow, nearest first, only to fill `limit`. Runs the engine
    directly, without writing the search log.
    """
    common = {
        "theme": [theme.value],
        "near": postcode,
        "radius": radius_km,
        "signpost_referral": signpost_referral,
        "per_page": limit,
    }
    if age is not None:
        common["age"] = age
    ranked = _hits({**common, "q": need_text(theme, said), "sort": "relevance"}, limit)
    if len(ranked) < limit:
        seen = {hit.record["uuid"] for hit in ranked}
        nearest = _hits({**common, "sort": "nearest"}, limit * 2)
        ranked += [hit for hit in nearest if hit.record["uuid"] not in seen][: limit - len(ranked)]
    return _suggestions(ranked)


def _hits(raw: dict[str, Any], limit: int) -> list[Any]:
    params = SearchParamsSchema().load(raw)
    return list(search.search_services(params, per_page=limit).outcome.hits)


def _suggestions(hits: list[Any]) -> list[Suggestion]:
    uuids = [hit.record["uuid"] for hit in hits]
    if not uuids:
        return []
    found = {
        s.uuid: s
        for s in db.session.scalars(listed_services_query().where(Service.uuid.in_(uuids)))
    }
    return [
        Suggestion(
            found[hit.record["uuid"]], hit.distance_km, hit.covers_area, hit.confidential_area
        )
        for hit in hits
        if hit.record["uuid"] in found
    ]


def build_report(check: SelfCheck, per_theme: int) -> list[ThemeReport]:
    """For each flagged theme, the services that best fit the need and how to contact them."""
    if not check.postcode:
        raise Conflict("Tell us your postcode first.")
    reports = []
    for theme in check.flagged:
        reports.append(
            ThemeReport(
                theme=theme,
                question=QUESTIONS[theme][1],
                answer=dict(ANSWER_OPTIONS)[check.answers[theme.value]],
                suggestions=services_for_need(theme, "", check.postcode, per_theme, age=check.age),
            )
        )
    return reports


# -- The contact request -----------------------------------------------------------------------


class TooManyRequests(Conflict):
    status_code = 429


def self_referral_team() -> Team:
    """The team whose co-ordinators answer self-referrals (SELF_REFERRAL_TEAM, else the first)."""
    name = current_app.config.get("SELF_REFERRAL_TEAM")
    statement = select(Team).order_by(Team.id).limit(1)
    if name:
        statement = select(Team).where(Team.name == name)
    team = db.session.scalars(statement).first()
    if team is None:
        raise NotFound("Requests to be contacted are not being taken at the moment.")
    return team


def _source_key(ip: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, ip.encode(), hashlib.sha256).hexdigest()


def note_attempt(ip: str) -> None:
    """Count a submission against its address, refusing once the window's limit is reached."""
    window = timedelta(minutes=int(current_app.config["SELF_REFERRAL_RATE_WINDOW_MINUTES"]))
    now = utcnow()
    db.session.execute(delete(ContactRequestAttempt).where(ContactRequestAttempt.at < now - window))
    key = _source_key(ip)
    made = db.session.scalar(
        select(func.count())
        .select_from(ContactRequestAttempt)
        .where(ContactRequestAttempt.source_key == key)
    )
    if made >= int(current_app.config["SELF_REFERRAL_RATE_LIMIT"]):
        raise TooManyRequests(
            "You have sent a lot of requests. Please try again later, or phone the number below."
        )
    db.session.add(ContactRequestAttempt(source_key=key, at=now))
    db.session.flush()


def request_contact(check: SelfCheck, data: Mapping[str, Any], ip: str) -> SelfReferralRequest:
    """Queue a consented request to be contacted, with the minimum details."""
    note_attempt(ip)
    if not data.get("consent"):
        raise Conflict("Tick the box to say we can keep your details.")
    request = SelfReferralRequest(
        team=self_referral_team(),
        name=data["name"],
        contact_route=ContactRoute(data["contact_route"]),
        contact=data["contact"],
        preferred_time=PreferredTime(data["preferred_time"]),
        themes=[t.value for t in check.flagged],
        consent_given_at=utcnow(),
    )
    db.session.add(request)
    db.session.flush()
    audit.record("create", request)
    alert_team(request.team)
    return request


def alert_team(team: Team) -> None:
    """Email the team's co-ordinators that a request is waiting (queued in the outbox).

    The email says nothing about the person: only that someone is waiting, and where.
    """
    body = current_app.jinja_env.get_template("frontdoors/email/contact_request.txt").render(
        team=team,
        waiting=waiting_count(team.id),
        queue_url=site_url("frontdoors.self_referrals"),
    )
    for member in team.members:
        if member.active and is_coordinator(member):
            send_email(member.email, "Someone asked to be contacted", body)


def waiting_count(team_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(SelfReferralRequest)
            .where(SelfReferralRequest.team_id == team_id)
        )
        or 0
    )


def caseload_count(user: User) -> tuple[int, str, str] | None:
    """For the caseload page: the requests waiting in the self-referral team, for its members."""
    try:
        team = self_referral_team()
    except NotFound:
        return None
    if not in_team(user, team.id):
        return None
    return waiting_count(team.id), "asked to be contacted", url_for("frontdoors.self_referrals")


# -- The co-ordinators' queue ------------------------------------------------------------------


def in_team(user: Any, team_id: int) -> bool:
    return is_coordinator(user) and team_id in user.team_ids


@policy(SelfReferralRequest)
def self_referral_policy(user: Any, action: str, record: Any) -> bool:
    """Co-ordinators in the request's team see the queue and take requests from it."""
    if isinstance(record, type):
        return action == "list" and is_coordinator(user)
    return action in {"view", "take"} and in_team(user, record.team_id)


def queue(user: User) -> list[SelfReferralRequest]:
    require(user, "list", SelfReferralRequest)
    team = self_referral_team()
    if not in_team(user, team.id):
        raise Conflict(f"Self-referrals go to {team.name}; you are not in that team.")
    requests = list(
        db.session.scalars(
            select(SelfReferralRequest)
            .where(SelfReferralRequest.team_id == team.id)
            .order_by(SelfReferralRequest.created_at, SelfReferralRequest.id)
        )
    )
    audit.record_event("list", "self_referral_request", user=user)
    return requests


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().rpartition(" ")
    return (first, last) if first else (last, "")


def take(user: User, request_uuid: str) -> Client:
    """Put a request on `user`'s caseload as a client, and remove it from the queue."""
    request = db.session.scalars(
        select(SelfReferralRequest).where(SelfReferralRequest.uuid == request_uuid)
    ).first()
    if request is None:
        raise NotFound("Someone may already have taken this request.")
    require(user, "take", request, hide=True)
    first, last = _split_name(request.name)
    themes = ", ".join(Theme(t).label for t in request.themes) or "none"
    client = caseload.create_client(
        user,
        {
            "first_name": first[:100],
            "last_name": last[:100],
            "phone": request.contact if request.contact_route is ContactRoute.PHONE else None,
            "email": request.contact if request.contact_route is ContactRoute.EMAIL else None,
            "contact_preference": ContactPreference(request.contact_route.value),
            "what_matters": (
                f"Asked online to be contacted ({request.preferred_time.label.lower()}). "
                f"Themes they flagged in the self-check: {themes}."
            ),
            "consent_given_on": request.consent_given_at.date(),
            "team_id": request.team_id,
        },
        confirm_duplicate=True,
    )
    # The person gave consent themselves, online: no co-ordinator recorded it.
    client.consent_recorded_by = None
    audit.record("take", request, user=user)
    db.session.delete(request)
    db.session.flush()
    return client


def flagged_themes(themes: Sequence[str]) -> list[Theme]:
    return Theme.parse_many(themes)
