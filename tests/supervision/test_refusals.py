"""A service's refusal of a supervision field: the page shows it by that field with what was
typed, and the API answers the same field-level 400 a schema's refusal gets."""

from __future__ import annotations

from tests.intake.test_intake import sign_in
from tests.plans.test_refusals import INVALID_FIELDS, field_error
from tests.supervision.test_api import sign_off_body
from tests.supervision.test_supervision import (
    client_row,
    reallocate_form,
    set_rules,
    sign_off_form,
)

OFF_SCALE = "Choose a number from 1 to 5, or leave it blank"


def test_reallocating_to_the_current_co_ordinator_is_refused_by_the_field(app, client, teams):
    sign_in(client, teams.lena)
    page = client.post(
        f"/team/clients/{teams.maud_id}/reallocate",
        data={**reallocate_form(client, teams.maud_id), "coordinator_id": str(teams.cara_id)},
    )
    already = "The client is already with this co-ordinator"
    assert already in field_error(page.get_data(as_text=True), "coordinator_id")
    answer = client.post(
        f"/api/v1/clients/{teams.maud_id}/reallocation", json={"coordinator_id": teams.cara_id}
    )
    assert answer.status_code == 400
    assert answer.get_json() == {
        "status": 400,
        "message": INVALID_FIELDS,
        "errors": {"coordinator_id": [already]},
    }
    assert client_row(app, teams.maud_id).owner_id == teams.cara_id


def test_an_exit_answer_off_its_scale_is_refused_by_its_field_with_the_form_kept(
    app, client, teams
):
    set_rules(app, teams.north_id, approval=False, statements=["I know where to get help"])
    sign_in(client, teams.cara)
    page = client.post(f"/clients/{teams.maud_id}/sign-off", data=sign_off_form(exit_0="9"))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert OFF_SCALE in field_error(text, "exit_0")
    assert "Goes to the lunch club." in text
    answer = client.post(
        f"/api/v1/clients/{teams.maud_id}/sign-off", json=sign_off_body(answers={"exit_0": 9})
    )
    assert answer.status_code == 400
    assert answer.get_json() == {
        "status": 400,
        "message": INVALID_FIELDS,
        "errors": {"exit_0": [OFF_SCALE]},
    }
    assert client_row(app, teams.maud_id).is_open
