"""Who may see and change plans and the circle of support (registered on import).

Plans, goals, reviews, the circle of support and the carer flag are part of the client's
record: they follow the client ("view", "edit" for whoever's caseload holds the client).
"""

from __future__ import annotations

from typing import Any

from core.permissions import policy
from referrals.circle_models import CarerStatus, CirclePerson
from referrals.plans_models import CarePlan, PlanGoal, PlanReview
from referrals.policies import coordinator_sees_client


@policy(CarePlan)
@policy(PlanGoal)
@policy(PlanReview)
@policy(CirclePerson)
@policy(CarerStatus)
def client_record_policy(user: Any, action: str, record: Any) -> bool:
    if isinstance(record, type):
        return False
    return action in {"view", "edit"} and coordinator_sees_client(user, record.client)
