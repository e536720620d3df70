"""A year of fictional caseload for the demo borough: clients, wheels, actions and referrals.

Every person here is invented. The generator is deterministic (one `random.Random(SEED)`) and
keyed by stable UUIDs, so loading again adds nothing. Dates are relative to when it is first
loaded, spread over the past twelve months.

Rows are built with the model constructors, not through referrals.services: the services
would email every provider for every historical step. Each referral's events still follow
referrals.states move by move (tests/seeds/test_referrals_demo.py replays them), and each
referral closes its action the way services.transition does.

The outcome weights are tuned so the figures come out near the pilot's: about 78% of
referrals accepted and then closed were completed, about 35% of recommendations were taken
up, and about 52% of all closed actions were done (see `completion_rates`).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from accounts.models import Membership, Team, User
from core.extensions import db
from core.models import utcnow
from directory.gazetteer import Neighbourhood, Postcode
from directory.models import Organisation, Service
from directory.practices import Practice
from directory.themes import Theme
from referrals.models import (
    Action,
    ActionKind,
    ActionStatus,
    AgeBand,
    Assessment,
    AssessmentStage,
    Client,
    ClientStatus,
    ContactPreference,
    EventChannel,
    Referral,
    ReferralEvent,
    SharedField,
    Shortlist,
    WheelScore,
)
from referrals.services import close_with_action, referral_block, shared_details
from referrals.states import (
    DECLINE_REASONS,
    NOT_COMPLETED_REASONS,
    ReferralReason,
    ReferralState,
)
from seeds.users import DEMO_TEAM

SEED = 20250401
# Its own namespace, so demo caseload UUIDs never collide with the borough's (seeds.loader).
NAMESPACE = uuid.UUID("9a3c6e1f-52b7-4d0e-8f41-7c2d5b8e6a90")
CLIENT_COUNT = 136
# Owners: the two team co-ordinators and one working alone.
OWNERS = (
    ("sam.taylor@example.org", 48),
    ("jordan.lee@example.org", 46),
    ("alex.morgan@example.org", 42),
)
# Wards weighted by need: the most deprived wards see the most people.
WARD_WEIGHTS = {
    "Halliwell": 10,
    "Rumworth": 9,
    "Great Lever": 9,
    "Tonge with the Haulgh": 8,
    "Breightmet": 8,
    "Farnworth": 8,
    "Crompton": 7,
    "Harper Green": 6,
    "Kearsley": 5,
    "Little Lever and Darcy Lever": 4,
    "Hulton": 4,
    "Horwich and Blackrod": 3,
    "Westhoughton South": 3,
    "Horwich North East": 3,
    "Astley Bridge": 3,
    "Smithills": 3,
    "Westhoughton North and Chew Moor": 2,
    "Bradshaw": 2,
    "Bromley Cross": 2,
    "Heaton and Lostock": 2,
}
# Fictional names reflecting Bolton's population: (first names, surnames) per group.
NAME_POOLS = (
    (
        6,
        "Margaret Brian Jean Derek Pauline Keith Sandra Gary Linda Stephen Dorothy Trevor "
        "Christine Graham Kathleen Michael Janet Alan Shirley Kevin Lisa Darren Carol Ian",
        "Hargreaves Entwistle Crompton Whittle Haslam Tonge Ainsworth Horrocks Fletcher "
        "Greenhalgh Kershaw Lomax Brindle Howarth Pendlebury Seddon Rothwell Ashworth Cooper "
        "Walsh Heaton Barlow",
    ),
    (
        3,
        "Yusuf Amina Imran Nasreen Tariq Shazia Bilal Rukhsana Zahid Farzana Asif Samina",
        "Patel Mistry Hussain Ahmed Khan Desai Bhatti Iqbal Mahmood Chauhan Rashid Lad",
    ),
    (
        1,
        "Hansaben Pravin Jayshree Dilip Kokilaben Ramesh Nirmala Bhupendra",
        "Patel Mistry Desai Parmar Solanki Chauhan Gajjar Vaghela",
    ),
    (
        1,
        "Chidi Ngozi Tendai Grace Kwame Abena Emmanuel Blessing",
        "Okafor Mensah Moyo Adeyemi Owusu Nkomo Banda Eze",
    ),
    (
        1,
        "Agnieszka Tomasz Katarzyna Piotr Ewa Marek Irena Andrzej",
        "Kowalski Nowak Wisniewska Zielinski Lewandowska Wojcik Mazur Kaczmarek",
    ),
    (
        1,
        "Siobhan Declan Bridget Patrick Maureen Sean",
        "Murphy O'Brien Byrne Gallagher Doyle McCarthy",
    ),
)
STREETS = (
    "Mill Lane", "Chorley Old Road", "Deane Road", "Halliwell Road", "St Helens Road",
    "Tonge Moor Road", "Derby Street", "Blackburn Road", "Market Street", "Church Street",
    "Plodder Lane", "Bury Road", "Crompton Way", "Lever Street", "Victoria Road",
    "Park Road", "Wigan Road", "Manchester Road", "Moss Bank Way", "Bradshaw Road",
)  # fmt: skip
# ODS codes of the fictional practices in bolton/epraccur_demo.csv.
GP_PRACTICES = (
    "Y90001", "Y90002", "Y90003", "Y90004", "Y90005", "Y90006", "Y90007", "Y90008", "Y90009",
)  # fmt: skip
# What matters to the person, by the theme that brought them in.
WHAT_MATTERS = {
    Theme.HEALTH: "Getting stronger on my feet so I can walk to the shops",
    Theme.CARER_SUPPORT: "Having a break from caring now and then",
    Theme.EMOTIONAL_WELLBEING: "Feeling less low and having something to look forward to",
    Theme.GETTING_OUT: "Getting out of the house more than once a week",
    Theme.PERSONAL_CARE: "Managing in the bath without worrying about falling",
    Theme.HOUSE_AND_HOME: "A warm house and a front step I can manage",
    Theme.MEDICATION: "Understanding what all my tablets are for",
    Theme.MONEY: "Not dreading the post and being able to pay the gas",
    Theme.FRIENDS_AND_FAMILY: "Having someone to talk to during the week",
    Theme.COMMUNICATION: "Being able to video call my grandchildren",
    Theme.VOLUNTEERING_AND_WORK: "Doing something useful with my time again",
    Theme.HOBBIES: "Getting back to gardening and crafts",
}
# How often each theme is among a person's lowest scores at the start.
NEED_WEIGHTS = {
    Theme.FRIENDS_AND_FAMILY: 10,
    Theme.EMOTIONAL_WELLBEING: 10,
    Theme.MONEY: 9,
    Theme.GETTING_OUT: 7,
    Theme.HEALTH: 7,
    Theme.HOBBIES: 5,
    Theme.HOUSE_AND_HOME: 5,
    Theme.CARER_SUPPORT: 3,
    Theme.COMMUNICATION: 3,
    Theme.MEDICATION: 2,
    Theme.PERSONAL_CARE: 2,
    Theme.VOLUNTEERING_AND_WORK: 2,
}
REFERRAL_REASONS = {
    Theme.HEALTH: "Has had two falls this year and would like help to get steadier.",
    Theme.CARER_SUPPORT: "Cares for their husband full time and has had no break in a year.",
    Theme.EMOTIONAL_WELLBEING: "Low mood since a bereavement; happy to talk to someone.",
    Theme.GETTING_OUT: "Cannot manage the bus any more and rarely leaves the house.",
    Theme.PERSONAL_CARE: "Struggling with washing and dressing; would like an assessment.",
    Theme.HOUSE_AND_HOME: "House is cold and damp; would like advice on repairs and heating.",
    Theme.MEDICATION: "Unsure about several prescriptions and would like them reviewed.",
    Theme.MONEY: "Behind on bills and may be missing out on benefits.",
    Theme.FRIENDS_AND_FAMILY: "Lives alone and would welcome a regular friendly call.",
    Theme.COMMUNICATION: "Hearing has got worse and it is making conversations hard.",
    Theme.VOLUNTEERING_AND_WORK: "Would like to volunteer a few hours a week.",
    Theme.HOBBIES: "Used to enjoy crafts and would like to join a group.",
}
CLIENT_ACTIONS = {
    Theme.HEALTH: "Try the chair exercise class at the community centre",
    Theme.EMOTIONAL_WELLBEING: "Call the listening line when things feel hard",
    Theme.GETTING_OUT: "Walk to the end of the road and back each day",
    Theme.MONEY: "Gather recent bills and letters for the advice appointment",
    Theme.FRIENDS_AND_FAMILY: "Ring a cousin they have lost touch with",
    Theme.HOBBIES: "Visit the library's Tuesday craft group",
    Theme.HOUSE_AND_HOME: "Ask the landlord in writing to fix the boiler",
    Theme.COMMUNICATION: "Book a hearing test at the GP practice",
}
COORDINATOR_TASKS = {
    Theme.HEALTH: "Ask the GP practice about a falls assessment",
    Theme.MEDICATION: "Request a medication review with the practice pharmacist",
    Theme.MONEY: "Check eligibility for Attendance Allowance",
    Theme.HOUSE_AND_HOME: "Find out about a handrail for the front step",
    Theme.CARER_SUPPORT: "Ask about a carer's assessment",
    Theme.PERSONAL_CARE: "Follow up the occupational therapy request",
}
CLOSING_NOTES = (
    "Goals met: going to the lunch club every week and feels more confident.",
    "Settled with the services they were linked to; happy to come back if needed.",
    "Moved to live with family out of the area.",
    "Feels more in control of money and has a weekly befriending call.",
    "No longer wants support for now; knows how to get back in touch.",
)
DECLINE_NOTES = {
    ReferralReason.NO_CAPACITY: "Our waiting list is closed this month.",
    ReferralReason.NOT_ELIGIBLE: "Outside the age range we can support.",
    ReferralReason.COULD_NOT_CONTACT: "Tried three times by phone with no answer.",
    ReferralReason.PERSON_DECLINED: "Said they no longer wanted the service when we called.",
    ReferralReason.OTHER: "Better suited to a service in their own area.",
}

# Action kinds and their shares of all actions.
KIND_WEIGHTS = {
    ActionKind.REFERRAL: 32,
    ActionKind.SERVICE_RECOMMENDATION: 25,
    ActionKind.INFORMATION_GIVEN: 9,
    ActionKind.CLIENT_ACTION: 19,
    ActionKind.COORDINATOR_TASK: 15,
}
# Done rate of closed actions of the kinds without a referral.
DONE_RATE = {
    ActionKind.SERVICE_RECOMMENDATION: 0.35,
    ActionKind.CLIENT_ACTION: 0.45,
    ActionKind.COORDINATOR_TASK: 0.55,
}
# The first answer to a sent referral (a share each); withdrawal before any answer is rare.
FIRST_ANSWER = {
    ReferralState.ACCEPTED: 74,
    ReferralState.DECLINED: 12,
    ReferralState.EXPIRED: 6,
    ReferralState.WITHDRAWN: 4,
}
# Of referrals accepted and since closed, the share completed; the rest mostly not completed.
COMPLETED_SHARE = 0.78
WITHDRAWN_AFTER_ACCEPTANCE = 0.2
EXPIRY_DAYS = 14  # as the default REFERRAL_EXPIRY_DAYS
REMINDER_DAYS = 3  # as the default REFERRAL_REMINDER_DAYS


def stable_uuid(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, key))


def demo_client_uuid(number: int) -> str:
    return stable_uuid(f"demo-client:{number}")


def load_referrals_demo(now: datetime | None = None) -> int:
    """Add the demo caseload once; return how many clients were added (0 when present)."""
    wanted = [demo_client_uuid(n) for n in range(CLIENT_COUNT)]
    have = set(db.session.scalars(select(Client.uuid).where(Client.uuid.in_(wanted))))
    if have:
        return 0
    world = _World.load(now or utcnow())
    if world is None:
        return 0
    rng = random.Random(SEED)
    clients = [_ClientBuilder(world, rng, number).build() for number in range(CLIENT_COUNT)]
    db.session.add_all(clients)
    db.session.flush()
    return len(clients)


class _Quota:
    """Yes/no outcomes that keep each running share at its target, whatever the stream."""

    def __init__(self) -> None:
        self.counts: dict[str, tuple[int, int]] = {}

    def take(self, key: str, share: float) -> bool:
        yes, total = self.counts.get(key, (0, 0))
        answer = yes + 1 <= share * (total + 1) + 0.5
        self.counts[key] = (yes + answer, total + 1)
        return answer


@dataclass
class _World:
    """What the demo caseload hangs off: co-ordinators, places and services."""

    now: datetime
    owners: list[tuple[User, int]]
    team: Team | None
    postcodes_by_ward: dict[str, list[Postcode]]
    hood_ids: dict[str, int]
    ward_codes: dict[str, str]
    referrable: list[Service]
    recommendable: list[Service]
    responders: dict[int, User] = field(default_factory=dict)
    popularity: dict[int, float] = field(default_factory=dict)
    speed: dict[int, float] = field(default_factory=dict)
    practice_ids: dict[str, int] = field(default_factory=dict)
    quota: _Quota = field(default_factory=lambda: _Quota())

    @classmethod
    def load(cls, now: datetime) -> _World | None:
        users = {u.email: u for u in db.session.scalars(select(User))}
        owners = [(users[email], weight) for email, weight in OWNERS if email in users]
        hoods = list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.code)))
        codes = {h.name: h.code for h in hoods if h.name in WARD_WEIGHTS}
        postcodes: dict[str, list[Postcode]] = {}
        for row in db.session.scalars(
            select(Postcode)
            .where(Postcode.neighbourhood_code.in_(codes.values()))
            .order_by(Postcode.postcode)
        ):
            postcodes.setdefault(row.neighbourhood_code or "", []).append(row)
        services = list(
            db.session.scalars(
                select(Service)
                .join(Organisation)
                .options(selectinload(Service.theme_links), joinedload(Service.organisation))
                .order_by(Service.external_id, Service.id)
            ).unique()
        )
        today = now.date()
        listed = [s for s in services if s.is_listed]
        referrable = [s for s in listed if referral_block(s, today) is None]
        if not owners or not postcodes or not referrable:
            return None
        world = cls(
            now=now,
            owners=owners,
            team=db.session.scalars(select(Team).where(Team.name == DEMO_TEAM)).first(),
            postcodes_by_ward={w: postcodes[c] for w, c in codes.items() if c in postcodes},
            hood_ids={h.code: h.id for h in hoods},
            practice_ids=dict(db.session.execute(select(Practice.ods_code, Practice.id)).all()),
            ward_codes=codes,
            referrable=referrable,
            recommendable=listed,
        )
        # Organisations with Signpost members answer in Signpost as well as by email link.
        for membership in db.session.scalars(
            select(Membership)
            .where(Membership.is_referring_partner.is_(False))
            .order_by(Membership.id)
        ):
            world.responders.setdefault(membership.organisation_id, membership.user)
        for service in referrable:
            # Each service's own habits, from its stable key rather than the shared stream.
            habits = random.Random(f"{SEED}:{service.uuid}")
            busy = service.organisation_id in world.responders or habits.random() < 0.2
            world.popularity[service.id] = 6.0 if busy else habits.uniform(0.3, 1.5)
            world.speed[service.id] = habits.choice((0.6, 1.5, 2.5, 3.5, 5.0))
        return world

    def services_for(self, theme: Theme, pool: Sequence[Service]) -> list[Service]:
        matching = [s for s in pool if theme in s.themes]
        return matching or list(pool)


class _ClientBuilder:
    """One person's year: wheels, actions, referrals with their timelines, and sign-off."""

    def __init__(self, world: _World, rng: random.Random, number: int) -> None:
        self.world = world
        self.rng = rng
        self.number = number
        self.owner = rng.choices(
            [u for u, _ in world.owners], weights=[w for _, w in world.owners]
        )[0]

    def build(self) -> Client:
        rng, world = self.rng, self.world
        start_days_ago = rng.uniform(2, 360)
        self.start = world.now - timedelta(days=start_days_ago, hours=rng.uniform(0, 6))
        self.start = self.start.replace(hour=9 + self.number % 7, minute=(self.number * 7) % 60)
        signed_off = start_days_ago > 75 and rng.random() < 0.8
        if signed_off:
            span = rng.uniform(50, min(150, start_days_ago - 3))
            self.end = self.start + timedelta(days=span)
        else:
            self.end = world.now
        client = self._person()
        needs = self._needs()
        client.what_matters = WHAT_MATTERS[needs[0]]
        self._wheels(client, needs, signed_off)
        self._actions(client, needs)
        if signed_off:
            client.status = ClientStatus.SIGNED_OFF
            client.signed_off_at = self.end
            client.closing_note = rng.choice(CLOSING_NOTES)
            client.updated_at = self.end
        return client

    def _person(self) -> Client:
        rng, world = self.rng, self.world
        pools = NAME_POOLS
        _, firsts, surnames = rng.choices(pools, weights=[p[0] for p in pools])[0]
        first_name = rng.choice(firsts.split())
        last_name = rng.choice(surnames.split())
        ward = rng.choices(list(world.postcodes_by_ward), weights=self._ward_weights())[0]
        postcode = rng.choice(world.postcodes_by_ward[ward])
        age = int(rng.triangular(19, 94, 74))
        born = world.now.date() - timedelta(days=age * 365 + rng.randrange(365))
        with_birthday = rng.random() < 0.8
        contact = rng.choices(list(ContactPreference), weights=(70, 24, 6))[0]
        slug = f"{first_name}.{last_name}".lower().replace("'", "")
        team = world.team
        in_team = team is not None and team.id in self.owner.team_ids and rng.random() < 0.5
        return Client(
            uuid=demo_client_uuid(self.number),
            first_name=first_name,
            last_name=last_name,
            date_of_birth=born if with_birthday else None,
            age_band=None if with_birthday else _age_band(age),
            postcode=postcode.postcode,
            outward_code=postcode.outward,
            neighbourhood_id=world.hood_ids.get(postcode.neighbourhood_code or ""),
            address=f"{rng.randrange(1, 180)} {rng.choice(STREETS)}, Bolton",
            phone=f"07700 900{self.number:03d}",
            email=f"{slug}{self.number}@example.net"
            if contact is not ContactPreference.POST
            else None,
            contact_preference=contact,
            safe_to_leave_message=rng.random() < 0.6,
            practice_id=world.practice_ids.get(rng.choice(GP_PRACTICES)),
            consent_given_on=self.start.date(),
            consent_recorded_by=self.owner,
            status=ClientStatus.OPEN,
            owner=self.owner,
            team_id=team.id if in_team and team is not None else None,
            created_at=self.start,
            updated_at=self.start,
        )

    def _ward_weights(self) -> list[int]:
        return [WARD_WEIGHTS[ward] for ward in self.world.postcodes_by_ward]

    def _needs(self) -> list[Theme]:
        """Two to four themes scored low at the start, most pressing first."""
        themes = list(NEED_WEIGHTS)
        weights = list(NEED_WEIGHTS.values())
        count = self.rng.choice((2, 2, 3, 3, 3, 4))
        needs: list[Theme] = []
        while len(needs) < count:
            theme = self.rng.choices(themes, weights=weights)[0]
            if theme not in needs:
                needs.append(theme)
        return needs

    # -- Wheels --------------------------------------------------------------------------------

    def _wheels(self, client: Client, needs: list[Theme], signed_off: bool) -> None:
        rng = self.rng
        first = {
            t: (rng.randint(0, 2) if t in needs else rng.choice((2, 3, 3, 4, 4, 5))) for t in Theme
        }
        with_ons4 = rng.random() < 0.45
        ons4 = {
            "ons4_life_satisfaction": rng.randint(2, 6),
            "ons4_worthwhile": rng.randint(3, 7),
            "ons4_happiness": rng.randint(2, 6),
            "ons4_anxiety": rng.randint(5, 9),
        }
        client.assessments.append(
            self._assessment(AssessmentStage.START, self.start, first, ons4 if with_ons4 else None)
        )
        improves = rng.random() < 0.82
        span = (self.end - self.start).days
        later: list[tuple[AssessmentStage, datetime]] = []
        if span > 45 and rng.random() < 0.55:
            later.append((AssessmentStage.REVIEW, self.start + timedelta(days=rng.uniform(35, 45))))
        if signed_off:
            later.append((AssessmentStage.SIGN_OFF, self.end))
        scores = dict(first)
        for step, (stage, when) in enumerate(later, start=1):
            scores = {t: self._moved(t, s, t in needs, improves) for t, s in scores.items()}
            gain = step if improves else 0
            after = {
                "ons4_life_satisfaction": min(
                    10, ons4["ons4_life_satisfaction"] + gain + rng.randint(0, 1)
                ),
                "ons4_worthwhile": min(10, ons4["ons4_worthwhile"] + gain),
                "ons4_happiness": min(10, ons4["ons4_happiness"] + gain + rng.randint(-1, 1)),
                "ons4_anxiety": max(0, ons4["ons4_anxiety"] - gain - rng.randint(0, 1)),
            }
            client.assessments.append(
                self._assessment(stage, when, scores, after if with_ons4 else None)
            )

    def _moved(self, theme: Theme, score: int, needed: bool, improves: bool) -> int:
        rng = self.rng
        if needed:
            change = rng.choice((1, 1, 2, 2, 3)) if improves else rng.choice((-1, 0, 0, 1))
        else:
            change = rng.choice((0, 0, 0, 1)) if improves else rng.choice((-1, 0, 0))
        return max(0, min(5, score + change))

    def _assessment(
        self,
        stage: AssessmentStage,
        when: datetime,
        scores: dict[Theme, int],
        ons4: dict[str, int] | None,
    ) -> Assessment:
        assessment = Assessment(
            stage=stage, taken_on=when.date(), recorded_by=self.owner, created_at=when
        )
        assessment.scores = [WheelScore(theme=t, score=scores[t], note="") for t in Theme]
        for name, value in (ons4 or {}).items():
            setattr(assessment, name, value)
        return assessment

    # -- Actions -------------------------------------------------------------------------------

    def _actions(self, client: Client, needs: list[Theme]) -> None:
        rng = self.rng
        count = rng.choices((1, 2, 3, 4, 5, 6, 7), weights=(6, 13, 25, 25, 17, 9, 5))[0]
        kinds = list(KIND_WEIGHTS)
        window = max(0.5, min(40.0, (self.end - self.start).total_seconds() / 86400 * 0.6))
        recent = self.end == self.world.now and rng.random() < 0.45
        for index in range(count):
            kind = rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]
            theme = needs[index % len(needs)]
            created = self.start + timedelta(days=rng.uniform(0, window) if index else 0.02)
            if recent and index == count - 1 and index:
                # A referral agreed in the last few days: some are still waiting for an answer.
                kind = ActionKind.REFERRAL
                since = (self.world.now - created).total_seconds() / 86400
                created = self.world.now - timedelta(days=rng.uniform(0.1, min(8.0, since)))
            if kind is ActionKind.REFERRAL:
                self._referral(client, theme, created)
                continue
            action = Action(kind=kind, theme=theme, created_by=self.owner, created_at=created)
            if kind in {ActionKind.SERVICE_RECOMMENDATION, ActionKind.INFORMATION_GIVEN}:
                service = self._pick(self.world.services_for(theme, self.world.recommendable))
                action.service = service
                action.description = f"{kind.label}: {service.name}"
                if rng.random() < 0.45:
                    # Picked on the shortlist page, printed or emailed to the person.
                    action.shortlist = Shortlist(
                        client=client, created_by_id=self.owner.id, created_at=created, note=""
                    )
                    if client.email and rng.random() < 0.5:
                        action.shortlist.emailed_at = created + timedelta(minutes=5)
            elif kind is ActionKind.CLIENT_ACTION:
                action.description = CLIENT_ACTIONS.get(theme, f"Look into {theme.label.lower()}")
                action.due_on = (created + timedelta(days=rng.choice((7, 14, 21)))).date()
            else:
                action.description = COORDINATOR_TASKS.get(
                    theme, f"Find local support for {theme.label.lower()}"
                )
                action.due_on = (created + timedelta(days=rng.choice((3, 7, 10)))).date()
            self._close(action, created)
            client.actions.append(action)

    def _close(self, action: Action, created: datetime) -> None:
        """Decide a non-referral action's outcome within the client's time on the caseload."""
        rng = self.rng
        if action.kind is ActionKind.INFORMATION_GIVEN:
            action.status, action.closed_at = ActionStatus.DONE, created
            action.outcome_note = "Information given"
            return
        closes = created + timedelta(days=rng.uniform(5, 45))
        if closes > self.end:
            if self.end == self.world.now:
                return  # still open
            closes = created + (self.end - created) * rng.uniform(0.3, 0.95)
        done = self.world.quota.take(action.kind.value, DONE_RATE[action.kind])
        action.status = ActionStatus.DONE if done else ActionStatus.NOT_DONE
        action.closed_at = closes
        action.outcome_note = "Done" if done else "Did not happen"

    def _pick(self, services: Sequence[Service]) -> Service:
        weights = [self.world.popularity.get(s.id, 1.0) for s in services]
        return self.rng.choices(list(services), weights=weights)[0]

    # -- Referrals -----------------------------------------------------------------------------

    def _referral(self, client: Client, theme: Theme, sent_at: datetime) -> None:
        rng, world = self.rng, self.world
        service = self._pick(world.services_for(theme, world.referrable))
        action = Action(
            kind=ActionKind.REFERRAL,
            theme=theme,
            description=f"Referral to {service.name}",
            service=service,
            created_by=self.owner,
            created_at=sent_at,
        )
        client.actions.append(action)
        fields = sorted(rng.sample(list(SharedField), rng.randint(0, 3)))
        reason = REFERRAL_REASONS[theme]
        referral = Referral(
            uuid=stable_uuid(f"demo-referral:{self.number}:{len(client.actions)}"),
            action=action,
            client=client,
            service=service,
            organisation_id=service.organisation_id,
            sent_by=self.owner,
            state=ReferralState.SENT,
            referral_reason=reason,
            consent_to_share_on=sent_at.date(),
            shared_fields=[f.value for f in fields],
            shared_details=shared_details(client, reason, fields),
            sent_at=sent_at,
        )
        referral.events.append(
            ReferralEvent(
                by_user=self.owner, from_state=None, to_state=ReferralState.SENT, at=sent_at
            )
        )
        for target, at, reason_given in self._timeline(service, sent_at):
            self._move(referral, target, at, reason_given)
        referral.updated_at = referral.events[-1].at
        last_answer = referral.responded_at or referral.closed_at or world.now
        if (last_answer - sent_at) > timedelta(days=REMINDER_DAYS):
            referral.reminded_at = sent_at + timedelta(days=REMINDER_DAYS, hours=1)

    def _timeline(
        self, service: Service, sent_at: datetime
    ) -> list[tuple[ReferralState, datetime, ReferralReason | None]]:
        """The moves after sending, all before the client's end (sign-off, or now)."""
        rng, end = self.rng, self.end
        delay = timedelta(days=min(12.5, rng.expovariate(1 / self.world.speed[service.id])))
        delay = max(delay, timedelta(hours=2))
        first = rng.choices(list(FIRST_ANSWER), weights=list(FIRST_ANSWER.values()))[0]
        if first is ReferralState.EXPIRED:
            at = sent_at + timedelta(days=EXPIRY_DAYS, hours=rng.uniform(1, 20))
            if at > end:
                first = ReferralState.ACCEPTED
        if first is not ReferralState.EXPIRED:
            at = sent_at + delay
        if at > end:
            if end == self.world.now:
                return []  # still waiting for an answer
            at = sent_at + (end - sent_at) * rng.uniform(0.2, 0.6)
        if first is ReferralState.DECLINED:
            return [(first, at, rng.choice(DECLINE_REASONS))]
        if first is not ReferralState.ACCEPTED:
            return [(first, at, None)]
        moves: list[tuple[ReferralState, datetime, ReferralReason | None]] = [(first, at, None)]
        if self.world.quota.take("completed", COMPLETED_SHARE):
            outcome = ReferralState.COMPLETED
        elif rng.random() < WITHDRAWN_AFTER_ACCEPTANCE:
            outcome = ReferralState.WITHDRAWN
        else:
            outcome = ReferralState.NOT_COMPLETED
        closes = at + timedelta(days=rng.uniform(7, 60))
        if closes > end:
            if end == self.world.now:
                return moves  # accepted and under way
            closes = at + (end - at) * rng.uniform(0.5, 0.95)
        reason = (
            rng.choice(NOT_COMPLETED_REASONS) if outcome is ReferralState.NOT_COMPLETED else None
        )
        moves.append((outcome, closes, reason))
        return moves

    def _move(
        self,
        referral: Referral,
        target: ReferralState,
        at: datetime,
        reason: ReferralReason | None,
    ) -> None:
        """Record one move as services.transition would, without its emails."""
        source = referral.state
        channel, by = EventChannel.SIGNPOST, self.owner
        if target is ReferralState.EXPIRED:
            channel, by = EventChannel.SYSTEM, None
        elif target is not ReferralState.WITHDRAWN:
            member = self.world.responders.get(referral.organisation_id)
            if member is not None and self.rng.random() < 0.6:
                by = member
            else:
                channel, by = EventChannel.EMAIL_LINK, None
            if source is ReferralState.SENT:
                referral.responded_at = at
        referral.state = target
        referral.reason = reason
        if target.is_closed:
            close_with_action(referral, target, reason, at)
        note = DECLINE_NOTES.get(reason, "") if target is ReferralState.DECLINED else ""
        referral.events.append(
            ReferralEvent(
                at=at,
                by_user=by,
                channel=channel,
                from_state=source,
                to_state=target,
                reason=reason,
                note=note if note and self.rng.random() < 0.7 else "",
            )
        )


def _age_band(age: int) -> AgeBand:
    return AgeBand.for_age(age)


# -- Figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletionRates:
    """Shares done: referrals among those accepted and since closed, recommendations and all
    actions among those closed."""

    referrals: float
    recommendations: float
    overall: float


def completion_rates(clients: Sequence[Client]) -> CompletionRates:
    """Completion figures for `clients`, as the pilot counted them."""
    actions = [a for c in clients for a in c.actions]
    accepted_closed = [
        a.referral
        for a in actions
        if a.referral is not None
        and a.referral.is_closed
        and any(e.to_state is ReferralState.ACCEPTED for e in a.referral.events)
    ]
    recommendations = [
        a
        for a in actions
        if a.kind is ActionKind.SERVICE_RECOMMENDATION and a.status is not ActionStatus.OPEN
    ]
    closed = [a for a in actions if a.status is not ActionStatus.OPEN]
    return CompletionRates(
        referrals=_share(r.state is ReferralState.COMPLETED for r in accepted_closed),
        recommendations=_share(a.status is ActionStatus.DONE for a in recommendations),
        overall=_share(a.status is ActionStatus.DONE for a in closed),
    )


def _share(flags: object) -> float:
    values = list(flags)  # type: ignore[call-overload]
    return sum(values) / len(values) if values else 0.0


def demo_clients() -> list[Client]:
    wanted = [demo_client_uuid(n) for n in range(CLIENT_COUNT)]
    return list(
        db.session.scalars(select(Client).where(Client.uuid.in_(wanted)).order_by(Client.id))
    )
