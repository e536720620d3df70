"""What the client page and the caseload show of plans, safeguarding and the circle.

Template globals, so the client page and caseload include a partial without their views
changing. They only read: the client page's own audit entry covers what it shows, and the
safeguarding flag is shown only to those `can_see_safeguarding` lets see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_login import current_user

from core.models import utcnow
from referrals import circle, plans, safeguarding
from referrals.circle_models import CarerStatus, CirclePerson
from referrals.models import Client
from referrals.plans_models import CarePlan
from referrals.safeguarding_models import SafeguardingConcern
from referrals.safeguarding_policies import can_see_safeguarding


@dataclass(frozen=True)
class ClientPanel:
    plan: CarePlan | None
    review_due: bool
    concerns: list[SafeguardingConcern]
    people: list[CirclePerson]
    carer: CarerStatus | None
    today: date

    @property
    def open_concerns(self) -> list[SafeguardingConcern]:
        return [concern for concern in self.concerns if concern.is_open]


def client_panel(client: Client) -> ClientPanel:
    """The plan, review prompt, safeguarding flag and circle for the client page."""
    today = utcnow().date()
    plan = plans.plan_of(client)
    due = plan is not None and client.is_open and plan.is_review_due(today)
    concerns = (
        safeguarding.concerns_on(client) if can_see_safeguarding(current_user, client) else []
    )
    return ClientPanel(
        plan, due, concerns, circle.people_of(client), circle.carer_status_of(client), today
    )


@dataclass(frozen=True)
class CaseloadPanel:
    reviews_due: list[plans.ReviewDue]
    concerns: list[SafeguardingConcern]


def caseload_panel() -> CaseloadPanel:
    """Reviews due and open safeguarding concerns on the signed-in co-ordinator's caseload."""
    today = utcnow().date()
    return CaseloadPanel(
        plans.reviews_due(current_user, today), safeguarding.caseload_concerns(current_user)
    )
