"""A service's refusal of a plan field: the page shows it by that field with what was typed, and
the API answers the same field-level 400 a schema's refusal gets."""

from __future__ import annotations

from datetime import timedelta

from core.models import utcnow
from tests.intake.test_intake import sign_in
from tests.plans.test_plans import add_goal, day_fields, start_plan

INVALID_FIELDS = "The request has invalid fields."


def field_error(page: str, field: str) -> str:
    """The text of the error message shown by `field` (empty when there is none)."""
    if f'id="{field}-error"' not in page:
        return ""
    return page.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]


def test_another_persons_action_is_refused_by_the_actions_field_on_the_page_and_api(
    app, client, people, cases
):
    sign_in(client, people.cara)
    start_plan(client, cases.maud, utcnow().date() + timedelta(days=10))
    page = client.post(
        f"/clients/{cases.maud}/plan/goals/new",
        data={"words": "Walk to the shops", "action_ids": [str(cases.otto_action)]},
    )
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "Choose actions from this person&#39;s list" in field_error(text, "action_ids")
    assert "Walk to the shops" in text  # what was typed is shown again
    answer = client.post(
        f"/api/v1/clients/{cases.maud}/plan/goals",
        json={"words": "Walk to the shops", "action_ids": [cases.otto_action]},
    )
    assert answer.status_code == 400
    assert answer.get_json() == {
        "status": 400,
        "message": INVALID_FIELDS,
        "errors": {"action_ids": ["Choose actions from this person's list"]},
    }


def test_a_next_review_not_after_this_one_is_refused_by_its_field_on_the_page_and_api(
    app, client, people, cases
):
    sign_in(client, people.cara)
    today = utcnow().date()
    start_plan(client, cases.maud, today)
    add_goal(client, cases.maud, "Goal one", cases.walk)
    plan = client.get(f"/api/v1/clients/{cases.maud}/plan").get_json()
    goal_id = plan["goals"][0]["id"]
    page = client.post(
        f"/clients/{cases.maud}/plan/review",
        data={
            **day_fields("reviewed_on", today),
            **day_fields("next_review_on", today),
            f"progress-{goal_id}": "achieved",
            f"note-{goal_id}": "Walks every Tuesday now",
        },
    )
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "The next review must be after this one" in field_error(text, "next_review_on")
    assert "Walks every Tuesday now" in text
    answer = client.post(
        f"/api/v1/clients/{cases.maud}/plan/reviews",
        json={
            "reviewed_on": today.isoformat(),
            "next_review_on": today.isoformat(),
            "version": plan["version"],
            "goals": [{"goal_id": goal_id, "progress": "achieved"}],
        },
    )
    assert answer.status_code == 400
    assert answer.get_json() == {
        "status": 400,
        "message": INVALID_FIELDS,
        "errors": {"next_review_on": ["The next review must be after this one"]},
    }
