"""The demo team's casework on top of the demo caseload (seeds.referrals_demo).

Referrals into the service in each triage state, contact logs with next-contact dates (some
overdue), plans with goals linked to the person's actions and reviews (some due), two
safeguarding concerns, circle-of-support people, and closing reasons with exit answers for
the signed-off cases. Every name is invented; one `random.Random(SEED)` keeps it the same
each time. It is added once: when the first intake referral is there, nothing is added, so
whatever people changed in the app stays as it is.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accounts.models import Team, User
from core.extensions import db
from core.models import utcnow
from referrals.circle_models import CirclePerson
from referrals.closing_models import (
    ClosingReason,
    Closure,
    ClosureState,
    ExitAnswer,
    TeamClosingSettings,
)
from referrals.contact_models import ClientContact, ContactMode, ContactOutcome
from referrals.intake import due_on
from referrals.intake_models import (
    DeclineReason,
    IntakeReferral,
    IntakeSource,
    IntakeStatus,
    Urgency,
)
from referrals.models import Client, ClientStatus
from referrals.plans_models import CarePlan, GoalProgress, PlanGoal, PlanReview
from referrals.safeguarding_models import RiskLevel, SafeguardingConcern
from seeds.referrals_demo import CLIENT_COUNT, demo_client_uuid
from seeds.users import DEMO_TEAM

SEED = 20261116
LEADER = "robin.patel@example.org"
EXIT_STATEMENTS = (
    "Staying Well has improved my confidence",
    "I know where to go for help now",
)
# Referrals into the service: (state, urgency, days ago, referrer, organisation, role, reason,
# first name, surname, decline reason).
INTAKE = (
    ("new", "urgent", 1, "Dr Helen Ashworth", "Deane Road Surgery (demo)", "GP",
     "Fell twice this month and is frightened to go out", "Edna", "Pilling", None),
    ("new", "soon", 4, "Marcus Obi", "Royal Bolton Hospital discharge team (demo)",
     "Discharge co-ordinator", "Home after a hip operation; lives alone", "Frank", "Horrocks",
     None),
    ("new", "routine", 9, "Sophie Lam", "Halliwell Pharmacy (demo)", "Pharmacist",
     "Mixing up tablets and seems low", "Irene", "Whittle", None),
    ("contacted", "soon", 6, "Dr Helen Ashworth", "Deane Road Surgery (demo)", "GP",
     "Caring for her husband and not sleeping", "Parveen", "Akhtar", None),
    ("contacted", "routine", 12, "Tom Greaves", "Bolton CVS (demo)", "Community connector",
     "Wants to get back to the allotment after a stroke", "Walter", "Seddon", None),
    ("accepted", "routine", 30, "Sophie Lam", "Halliwell Pharmacy (demo)", "Pharmacist",
     "Lonely since moving into sheltered housing", "", "", None),
    ("accepted", "soon", 45, "Marcus Obi", "Royal Bolton Hospital discharge team (demo)",
     "Discharge co-ordinator", "Needs help at home after a fall", "", "", None),
    ("declined", "routine", 20, "Tom Greaves", "Bolton CVS (demo)", "Community connector",
     "Would like company on walks", "Hilda", "Fairclough", "declined_by_person"),
    ("declined", "routine", 25, "Dr Helen Ashworth", "Deane Road Surgery (demo)", "GP",
     "Wants debt advice only", "Gordon", "Pickup", "referred_elsewhere"),
    ("declined", "soon", 38, "Sophie Lam", "Halliwell Pharmacy (demo)", "Pharmacist",
     "Moved to Wigan before first contact", "Ada", "Marsden", "not_eligible"),
    ("declined", "routine", 50, "Marcus Obi", "Royal Bolton Hospital discharge team (demo)",
     "Discharge co-ordinator", "No answer to calls or letters", "Cyril", "Lowe",
     "unable_to_contact"),
)  # fmt: skip
CONTACT_NOTES = (
    "Talked through the lunch club and how to get there",
    "Rang to check the befriender had been in touch",
    "Home visit: went through the post together",
    "Chased the carers' assessment with adult social care",
    "No answer; left a message as agreed",
    "Met at the library; looked at walking groups",
)
GOAL_WORDS = (
    "I want to get out of the house every week",
    "I want to stop worrying about the bills",
    "I want to feel steadier on my feet",
    "I want someone to talk to in the evenings",
    "I want to understand my tablets",
)
CIRCLE = (
    ("Jean Hargreaves", "Daughter", True),
    ("Derek Lomax", "Neighbour", False),
    ("Amina Patel", "Friend from the mosque", False),
    ("Keith Brindle", "Son", True),
    ("Sandra Howarth", "Sister", False),
)
CONCERNS = (
    ("Bruising on both arms; said a relative 'gets cross'", RiskLevel.HIGH, "Adult safeguarding"),
    (
        "Cold house and no food in the fridge at a home visit",
        RiskLevel.MEDIUM,
        "GP and social care",
    ),
)
CLOSE_WEIGHTS = {
    ClosingReason.GOALS_MET: 70,
    ClosingReason.STATUTORY_SERVICES: 8,
    ClosingReason.DECLINED_SUPPORT: 8,
    ClosingReason.UNABLE_TO_CONTACT: 7,
    ClosingReason.MOVED_AWAY: 5,
    ClosingReason.DIED: 2,
}


def load_casework_demo(now: datetime | None = None) -> int:
    """Add the demo team's casework once; return how many rows were added (0 when present)."""
    team = db.session.scalars(select(Team).where(Team.name == DEMO_TEAM)).first()
    if team is None:
        return 0
    if db.session.scalars(
        select(IntakeReferral.id).where(IntakeReferral.team_id == team.id)
    ).first():
        return 0
    clients = list(
        db.session.scalars(
            select(Client)
            .where(Client.uuid.in_([demo_client_uuid(n) for n in range(CLIENT_COUNT)]))
            .options(selectinload(Client.actions))
            .order_by(Client.id)
        )
    )
    if not clients:
        return 0
    builder = _Casework(team, clients, now or utcnow())
    builder.build()
    db.session.add_all(builder.rows)
    db.session.flush()
    return len(builder.rows)


class _Casework:
    def __init__(self, team: Team, clients: list[Client], now: datetime) -> None:
        self.team = team
        self.now = now
        self.today = now.date()
        self.rng = random.Random(SEED)
        self.rows: list[object] = []
        self.open = [c for c in clients if c.status is ClientStatus.OPEN]
        self.closed = [c for c in clients if c.status is ClientStatus.SIGNED_OFF]
        self.leader = db.session.scalars(select(User).where(User.email == LEADER)).first()

    def build(self) -> None:
        self._settings()
        self._intake()
        for number, client in enumerate(self.open):
            self._contacts(client, number)
            if client.actions and number % 3 != 2:
                self._plan(client, number)
            if number % 4 == 0:
                self._circle(client, number)
        for client, (seen, risk, raised_with) in zip(self.open[1::7], CONCERNS, strict=False):
            self.rows.append(
                SafeguardingConcern(
                    client=client,
                    seen=seen,
                    risk=risk,
                    raised_with=raised_with,
                    raised_on=self.today - timedelta(days=3),
                    recorded_by=client.owner,
                    created_at=self.now - timedelta(days=3),
                )
            )
        for client in self.closed:
            self._closure(client)
        waiting = [c for c in self.open if c.team_id == self.team.id and c.owner is not None]
        if waiting and self.leader is not None:
            self._awaiting_approval(waiting[-1])

    def _settings(self) -> None:
        have = db.session.scalars(
            select(TeamClosingSettings).where(TeamClosingSettings.team_id == self.team.id)
        ).first()
        if have is None:
            self.rows.append(
                TeamClosingSettings(
                    team=self.team,
                    signoffs_need_approval=self.leader is not None,
                    exit_statements=list(EXIT_STATEMENTS),
                    ask_service_rating=True,
                )
            )

    def _intake(self) -> None:
        accepted = iter(c for c in self.open if c.team_id == self.team.id)
        coordinators = [m.user for m in self.team.memberships if m.user.email != LEADER]
        for number, row in enumerate(INTAKE):
            state, urgency, days, name, org, role, reason, first, last, declined = row
            received = self.now - timedelta(days=days, hours=number)
            status = IntakeStatus(state)
            referral = IntakeReferral(
                team=self.team,
                source=IntakeSource.INVITATION if number % 2 else IntakeSource.PHONE,
                referrer_name=name,
                referrer_role=role,
                referrer_organisation=org,
                referrer_email=f"{name.split()[-1].lower()}@nhs.example",
                reason=reason,
                urgency=Urgency(urgency),
                first_name=first,
                last_name=last,
                phone=f"01204 555 0{100 + number}",
                consent_given=True,
                status=status,
                received_at=received,
                due_on=due_on(Urgency(urgency), received),
            )
            if status is not IntakeStatus.NEW and coordinators:
                referral.allocated_to = coordinators[number % len(coordinators)]
                referral.contact_attempts = 1 + number % 3
                referral.first_contact_at = received + timedelta(days=1)
            if status is IntakeStatus.ACCEPTED:
                client = next(accepted, None)
                if client is None:
                    continue
                referral.client = client
                referral.first_name, referral.last_name = client.first_name, client.last_name
                referral.closed_at = received + timedelta(days=2)
            if status is IntakeStatus.DECLINED and declined is not None:
                referral.decline_reason = DeclineReason(declined)
                referral.outcome_note = reason
                referral.closed_at = received + timedelta(days=3)
                if referral.decline_reason is DeclineReason.UNABLE_TO_CONTACT:
                    referral.first_contact_at = None
            self.rows.append(referral)

    def _contacts(self, client: Client, number: int) -> None:
        rng = self.rng
        start = client.created_at
        days_open = max((self.now - start).days, 1)
        count = 1 + min(days_open // 21, 4)
        for step in range(count):
            at = start + timedelta(days=days_open * step / count + 1)
            last = step == count - 1
            if last:
                # One in four is overdue; the rest are booked in the next fortnight.
                ahead = -rng.randint(1, 10) if number % 4 == 1 else rng.randint(1, 14)
                next_on = self.today + timedelta(days=ahead)
            else:
                next_on = (at + timedelta(days=days_open / count)).date()
            self.rows.append(
                ClientContact(
                    client=client,
                    at=datetime.combine(at.date(), time(10 + step % 6), tzinfo=at.tzinfo),
                    mode=rng.choice(list(ContactMode)),
                    outcome=ContactOutcome.NO_ANSWER if rng.random() < 0.1 else ContactOutcome.MADE,
                    duration_minutes=rng.choice((10, 20, 30, 45, 60)),
                    note=rng.choice(CONTACT_NOTES),
                    next_contact_on=min(next_on, self.today + timedelta(days=14)),
                    recorded_by=client.owner,
                    created_at=at,
                )
            )

    def _plan(self, client: Client, number: int) -> None:
        rng = self.rng
        started = client.created_at + timedelta(days=7)
        # One plan in three is due for review (today or overdue).
        review_on = self.today + timedelta(
            days=-rng.randint(0, 6) if number % 3 == 0 else rng.randint(7, 56)
        )
        plan = CarePlan(
            client=client,
            review_on=review_on,
            email_consent=client.email is not None,
            created_by=client.owner,
            created_at=started,
        )
        self.rows.append(plan)
        actions = list(client.actions)
        count = min(1 + number % 2, len(actions))
        for index, words in enumerate(rng.sample(GOAL_WORDS, count)):
            goal = PlanGoal(
                plan=plan,
                client=client,
                words=words,
                progress=rng.choice(list(GoalProgress)),
                created_at=started,
            )
            goal.actions = actions[index::count][:2]
            self.rows.append(goal)
        if (self.now - started).days > 42:
            reviewed = started + timedelta(days=28)
            self.rows.append(
                PlanReview(
                    plan=plan,
                    client_id=client.id,
                    due_on=reviewed.date(),
                    reviewed_on=reviewed.date(),
                    note="Going well; keep the weekly calls",
                    recorded_by=client.owner,
                    created_at=reviewed,
                )
            )

    def _circle(self, client: Client, number: int) -> None:
        name, relationship, carer = CIRCLE[number // 4 % len(CIRCLE)]
        self.rows.append(
            CirclePerson(
                client=client,
                name=name,
                relationship_to_client=relationship,
                phone=f"07700 901{number:03d}",
                may_contact=True,
                is_unpaid_carer=carer,
                created_at=client.created_at + timedelta(days=2),
            )
        )

    def _awaiting_approval(self, client: Client) -> None:
        """One sign-off waiting on the team leader's page, with the person's answers."""
        client.closing_note = "Walks with the group every week and sees her neighbour daily."
        closure = Closure(
            client=client,
            team=self.team,
            reason=ClosingReason.GOALS_MET,
            note=client.closing_note,
            state=ClosureState.AWAITING_APPROVAL,
            requested_by=client.owner,
            requested_at=self.now - timedelta(days=1),
        )
        for position, statement in enumerate(EXIT_STATEMENTS):
            closure.answers.append(
                ExitAnswer(team=self.team, position=position, statement=statement, score=4)
            )
        closure.answers.append(
            ExitAnswer(team=self.team, position=len(EXIT_STATEMENTS), statement="", score=9)
        )
        self.rows.append(closure)

    def _closure(self, client: Client) -> None:
        rng = self.rng
        reason = rng.choices(list(CLOSE_WEIGHTS), weights=list(CLOSE_WEIGHTS.values()))[0]
        ended = client.signed_off_at or self.now
        in_team = client.team_id == self.team.id
        closure = Closure(
            client=client,
            team=self.team if in_team else None,
            reason=reason,
            note=client.closing_note,
            state=ClosureState.APPROVED,
            requested_by=client.owner,
            requested_at=ended - (timedelta(days=2) if in_team else timedelta(0)),
            decided_by=self.leader if in_team else client.owner,
            decided_at=ended,
        )
        self.rows.append(closure)
        if reason in {
            ClosingReason.DIED,
            ClosingReason.UNABLE_TO_CONTACT,
            ClosingReason.MOVED_AWAY,
        }:
            return
        for position, statement in enumerate(EXIT_STATEMENTS):
            low = 2 if reason is ClosingReason.DECLINED_SUPPORT else 3
            closure.answers.append(
                ExitAnswer(
                    team=closure.team,
                    position=position,
                    statement=statement,
                    score=rng.randint(low, 5),
                )
            )
        closure.answers.append(
            ExitAnswer(
                team=closure.team,
                position=len(EXIT_STATEMENTS),
                statement="",
                score=rng.randint(6, 10),
            )
        )
