"""The circle of support and the unpaid-carer flag: named people, who may be contacted, audited."""

from __future__ import annotations

import re

from sqlalchemy import select

from accounts.models import AuditEvent
from core.extensions import db
from referrals.circle_models import CarerStatus, CirclePerson
from tests.intake.test_intake import sign_in

DAUGHTER = {
    "name": "Jean Hargreaves",
    "relationship_to_client": "Daughter",
    "phone": "07700 900123",
    "email": "jean@example.net",
    "may_contact": "true",
    "is_unpaid_carer": "true",
}


def test_a_person_is_added_shown_on_the_client_page_and_every_read_is_audited(
    app, client, people, cases
):
    sign_in(client, people.cara)
    response = client.post(f"/clients/{cases.maud}/circle", data=DAUGHTER)
    assert response.status_code == 302, response.get_data(as_text=True)
    client.post(
        f"/clients/{cases.maud}/circle", data={"name": "Bob", "relationship_to_client": "Neighbour"}
    )
    with app.app_context():
        jean, bob = db.session.scalars(select(CirclePerson).order_by(CirclePerson.id)).all()
        assert (jean.may_contact, jean.is_unpaid_carer, bob.may_contact) == (True, True, False)
        person_id = jean.id
    page = client.get(f"/clients/{cases.maud}").get_data(as_text=True)
    assert "Jean Hargreaves" in page and "Their carer" in page
    assert "may be contacted: 07700 900123" in page and "do not contact" in page
    client.get(f"/clients/{cases.maud}/circle")
    with app.app_context():
        audited = list(
            db.session.execute(
                select(AuditEvent.action, AuditEvent.record_id).where(
                    AuditEvent.record_type == "circle_person"
                )
            )
        )
    assert ("create", str(person_id)) in audited and ("view", str(person_id)) in audited


def test_the_carer_flag_is_saved_and_shown(app, client, people, cases):
    sign_in(client, people.cara)
    response = client.post(
        f"/clients/{cases.maud}/carer", data={"self_carer": "true", "cares_for": "Her husband"}
    )
    assert response.status_code == 302
    assert "Unpaid carer" in client.get(f"/clients/{cases.maud}").get_data(as_text=True)
    with app.app_context():
        status = db.session.scalars(select(CarerStatus)).one()
        assert status.is_unpaid_carer and status.cares_for == "Her husband"
        version = status.version
    client.post(f"/clients/{cases.maud}/carer", data={"cares_for": "x", "version": str(version)})
    stale = client.post(
        f"/clients/{cases.maud}/carer",
        data={"self_carer": "true", "cares_for": "Mine", "version": str(version)},
    )
    assert stale.status_code == 409 and "Mine" in stale.get_data(as_text=True)


def test_hostile_input_a_stale_edit_and_other_teams(app, client, people, cases):
    sign_in(client, people.cara)
    for changes, message in [
        ({"name": ""}, "Enter the person&#39;s name"),
        ({"relationship_to_client": ""}, "how they are related"),
        ({"email": "not-an-email"}, "correct format"),
        ({"phone": "<script>"}, "phone number"),
        ({"name": "A\r\nB"}, "one line"),
    ]:
        response = client.post(f"/clients/{cases.maud}/circle", data={**DAUGHTER, **changes})
        assert response.status_code == 400, changes
        assert message in response.get_data(as_text=True), changes
    with app.app_context():
        assert db.session.scalars(select(CirclePerson)).first() is None
    client.post(f"/clients/{cases.maud}/circle", data=DAUGHTER)
    with app.app_context():
        person_id = db.session.scalars(select(CirclePerson)).one().id
    form = client.get(f"/circle/{person_id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    saved = client.post(
        f"/circle/{person_id}", data={**DAUGHTER, "may_contact": "", "version": version}
    )
    assert saved.status_code == 302
    stale = client.post(
        f"/circle/{person_id}", data={**DAUGHTER, "name": "Jeanie", "version": version}
    )
    assert stale.status_code == 409 and "Jeanie" in stale.get_data(as_text=True)
    sign_in(client, people.olly)
    assert client.get(f"/circle/{person_id}").status_code == 404
    assert client.post(f"/circle/{person_id}/remove").status_code == 404
    assert client.get(f"/clients/{cases.maud}/circle").status_code == 404
    sign_in(client, people.cara)
    assert client.post(f"/circle/{person_id}/remove").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(CirclePerson)).first() is None
