"""Coded activity, its export, the letter back to the GP (PDF and FHIR) and referrals as FHIR."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from types import SimpleNamespace

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task
from pypdf import PdfReader
from sqlalchemy import select

from accounts.models import AuditEvent, User
from core.errors import PermissionDenied
from core.extensions import db
from core.models import utcnow
from directory.models import Service
from directory.practices import Practice
from directory.themes import Theme
from referrals import caseload, closing, coded_export, fhir, gp_letter, services
from referrals.closing_models import ClosingReason
from referrals.coding import BadCodeTable, area_table
from referrals.coding_models import CodedEntry
from referrals.models import Action, ActionKind, AssessmentStage, Client, Referral
from referrals.states import ReferralState
from tests.conftest import make_app
from tests.referrals.test_views import read, sign_in

NHS_NUMBER = "9434765919"  # a valid check digit (NHS Digital's test-data range)
REFERRAL_CODE = "871731000000106"
ONWARD_TEST_CODE = "306238000"  # Referral to Social Services: well-formed, for tests only
START = {**{t: (4, "") for t in Theme}, Theme.FRIENDS_AND_FAMILY: (1, ""), Theme.MONEY: (2, "")}
END = {**{t: (4, "") for t in Theme}, Theme.FRIENDS_AND_FAMILY: (4, ""), Theme.MONEY: (3, "")}
ONS4_START = {"ons4_life_satisfaction": 3, "ons4_worthwhile": 4, "ons4_happiness": 2,
              "ons4_anxiety": 8}  # fmt: skip
ONS4_END = {"ons4_life_satisfaction": 7, "ons4_worthwhile": 7, "ons4_happiness": 6,
            "ons4_anxiety": 3}  # fmt: skip
R4_TASK_STATUSES = {"draft", "requested", "received", "accepted", "rejected", "ready",
                    "cancelled", "in-progress", "on-hold", "failed", "completed",
                    "entered-in-error"}  # fmt: skip
R4_SERVICE_REQUEST_STATUSES = {"draft", "active", "on-hold", "revoked", "completed",
                               "entered-in-error", "unknown"}  # fmt: skip


def _extra_table(tmp_path, codes, source=True):
    path = tmp_path / "area_codes.json"
    body = {"codes": codes}
    if source:
        body["source"] = {"url": "https://example.nhs.uk/local-codes"}
    path.write_text(json.dumps(body))
    return path


def _row(event, concept_id, term="Referral to social services (procedure)"):
    return {"event": event, "concept_id": concept_id, "term": term, "use": "test"}


def _story(world) -> Referral:
    """Maud: a practice and NHS number, two wheels with ONS4, a completed referral, sign-off."""
    practice = Practice(ods_code="Y91001", name="Fictional Mill Surgery")
    db.session.add(practice)
    client = world.client
    client.practice = practice
    client.nhs_number = NHS_NUMBER
    caseload.record_assessment(
        world.coordinator, client, AssessmentStage.START, START, ONS4_START, date(2026, 1, 6)
    )
    referral = services.send_referral(
        world.coordinator, client, world.service, theme=Theme.FRIENDS_AND_FAMILY,
        reason="Would like a weekly call.", consent_to_share_on=date(2026, 1, 6),
    )  # fmt: skip
    services.transition(referral, ReferralState.ACCEPTED, by=world.provider)
    services.transition(referral, ReferralState.COMPLETED, by=world.provider)
    closing.sign_off(
        world.coordinator, client, ClosingReason.GOALS_MET, "Goes to the befriending calls weekly.",
        END, ONS4_END, date(2026, 3, 2),
    )  # fmt: skip
    db.session.flush()
    return referral


# -- Coded entries and the code table ---------------------------------------------------------


@pytest.mark.usefixtures("app_ctx")
def test_taking_a_person_on_records_the_verified_code_with_the_practice_then(world) -> None:
    [entry] = db.session.scalars(select(CodedEntry).where(CodedEntry.client == world.client))
    assert (entry.event, entry.concept_id, entry.term) == (
        "referral_to_social_prescribing",
        REFERRAL_CODE,
        "Referral to social prescribing service (procedure)",
    )
    assert entry.recorded_on == utcnow().date() and entry.practice_ods is None
    # A later change of practice does not rewrite what was recorded.
    world.client.practice = Practice(ods_code="Y91009", name="Later Surgery")
    db.session.flush()
    db.session.refresh(entry)
    assert entry.practice_ods is None


@pytest.mark.usefixtures("app_ctx")
def test_an_uncoded_event_records_nothing_until_an_area_codes_it(
    app, world, make_client, tmp_path
) -> None:
    _story(world)
    assert "onward_referral" not in {e.event for e in db.session.scalars(select(CodedEntry))}
    path = _extra_table(tmp_path, [_row("onward_referral", ONWARD_TEST_CODE)])
    app.config["SNOMED_EXTRA_CODES"] = str(path)
    other = make_client(world.coordinator, first_name="Ann")
    referral = services.send_referral(
        world.coordinator, other, world.service, theme=Theme.HOBBIES, reason="Crafts",
        consent_to_share_on=date(2026, 1, 5),
    )  # fmt: skip
    [entry] = db.session.scalars(select(CodedEntry).where(CodedEntry.event == "onward_referral"))
    assert (entry.concept_id, entry.referral_id, entry.client_id) == (
        ONWARD_TEST_CODE, referral.id, other.id
    )  # fmt: skip


@pytest.mark.parametrize(
    ("codes", "source", "message"),
    [
        ([_row("made_up_event", ONWARD_TEST_CODE)], True, "not an event Signpost records"),
        ([_row("sign_off", ONWARD_TEST_CODE)], True, "does not record sign_off yet"),
        ([_row("referral_to_social_prescribing", ONWARD_TEST_CODE)], True, "coded nationally"),
        ([_row("onward_referral", "306238001")], True, "is not a SNOMED CT concept id"),
        ([_row("onward_referral", ONWARD_TEST_CODE)], False, "must name the source"),
    ],
)
def test_an_area_table_is_checked(tmp_path, codes, source, message) -> None:
    with pytest.raises(BadCodeTable, match=message):
        area_table(_extra_table(tmp_path, codes, source))


def test_an_area_may_repeat_a_shipped_code_exactly(tmp_path) -> None:
    same = _row(
        "referral_to_social_prescribing",
        REFERRAL_CODE,
        "Referral to social prescribing service (procedure)",
    )
    same["use"] = (
        "When a person accepts a referral to the social prescribing link worker: the first "
        "interaction in an episode of care only, not ongoing activity."
    )
    assert area_table(_extra_table(tmp_path, [same]))["referral_to_social_prescribing"].concept_id


def test_the_app_refuses_to_start_with_a_bad_area_table(app, tmp_path) -> None:
    bad = _extra_table(tmp_path, [_row("onward_referral", "12345")])
    with pytest.raises(BadCodeTable):
        make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, SNOMED_EXTRA_CODES=str(bad))
    with pytest.raises(BadCodeTable, match="cannot be read"):
        make_app(
            app.config["SQLALCHEMY_DATABASE_URI"],
            tmp_path,
            SNOMED_EXTRA_CODES=str(tmp_path / "missing.json"),
        )


# -- The export ------------------------------------------------------------------------------


@pytest.mark.usefixtures("app_ctx")
def test_the_export_is_per_practice_and_period_and_only_for_those_allowed(world) -> None:
    _story(world)
    today = utcnow().date()
    lead_rows = coded_export.export_rows(world.capacity_lead, today, today)
    assert [(r.nhs_number, r.concept_id, r.practice_ods) for r in lead_rows] == [
        # The NHS number is the person's; the practice is the one at the time (none yet).
        (NHS_NUMBER, REFERRAL_CODE, "")
    ]
    db.session.add(
        CodedEntry(client=world.client, event="referral_to_social_prescribing",
                   concept_id=REFERRAL_CODE, term="t", recorded_on=date(2026, 2, 1),
                   practice_ods="Y91001")
    )  # fmt: skip
    db.session.flush()
    rows = coded_export.export_rows(
        world.coordinator, date(2026, 1, 1), date(2026, 2, 28), "Y91001"
    )
    assert [r.as_dict() for r in rows] == [
        {"nhs_number": NHS_NUMBER, "date": "2026-02-01", "snomed_code": REFERRAL_CODE,
         "term": "t", "practice_ods": "Y91001"}
    ]  # fmt: skip
    assert coded_export.export_rows(world.coordinator, date(2026, 3, 1), date(2026, 3, 31)) == []
    # Another co-ordinator with no team in common sees none of Maud's entries.
    assert coded_export.export_rows(world.other_coordinator, date(2000, 1, 1), today) == []
    for outsider in (world.provider, world.other_provider):
        with pytest.raises(PermissionDenied):
            coded_export.export_rows(outsider, date(2026, 1, 1), today)
    audited = db.session.scalars(
        select(AuditEvent).where(AuditEvent.record_type == "coded_entry")
    ).all()
    assert len(audited) == 4
    assert {a.record_id for a in audited} >= {"Y91001:2026-01-01:2026-02-28"}
    assert all(NHS_NUMBER not in (a.record_id or "") for a in audited)


@pytest.fixture
def story(app, site):
    with app.app_context():
        client = db.session.get(Client, site.client_id)
        world = SimpleNamespace(
            client=client,
            coordinator=client.owner,
            provider=db.session.get(User, site.provider_id),
            service=db.session.get(Service, site.service_id),
        )
        referral = _story(world)
        entry = CodedEntry(client=client, event="referral_to_social_prescribing",
                           concept_id=REFERRAL_CODE, term="Referral to social prescribing "
                           "service (procedure)", recorded_on=date(2026, 1, 6),
                           practice_ods="Y91001")  # fmt: skip
        db.session.add(entry)
        db.session.commit()
        site.referral_id = referral.id
    return site


def test_the_export_page_csv_api_and_cli(app, client, runner, story) -> None:
    sign_in(client, story.capacity_lead)
    page = client.get("/coded-activity?from-day=1&from-month=1&from-year=2026"
                      "&to-day=31&to-month=1&to-year=2026&practice=y91001")  # fmt: skip
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "1 coded entry" in html and "943 476 5919" not in html
    assert NHS_NUMBER in html and "Not coded: no code checked" in html
    assert "When your area codes it" in html and "Not yet" in html
    download = client.get("/coded-activity.csv?from=2026-01-01&to=2026-01-31&practice=Y91001")
    assert download.mimetype == "text/csv"
    assert download.headers["Cache-Control"] == "no-store"
    assert list(csv.reader(io.StringIO(download.get_data(as_text=True)))) == [
        ["nhs_number", "date", "snomed_code", "term", "practice_ods"],
        [NHS_NUMBER, "2026-01-06", REFERRAL_CODE,
         "Referral to social prescribing service (procedure)", "Y91001"],
    ]  # fmt: skip
    api = client.get("/api/v1/coded-activity?from=2026-01-01&to=2026-01-31")
    assert api.get_json()["entries"][0]["nhs_number"] == NHS_NUMBER
    api_csv = client.get("/api/v1/coded-activity?from=2026-01-01&to=2026-01-31&format=csv")
    assert api_csv.get_data(as_text=True) == download.get_data(as_text=True)
    result = runner.invoke(
        args=["referrals", "coded-export", "--from", "2026-01-01", "--to", "2026-01-31"]
    )
    assert result.exit_code == 0, result.output
    assert f"{NHS_NUMBER},2026-01-06,{REFERRAL_CODE}" in result.output


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("from=2026-02-01&to=2026-01-01", "to", "The last day must be the same as or after"),
        ("from=2026-02-31&to=2026-03-01", "from", "Enter a real date for the first day"),
        ("to=2026-03-01", "from", "Enter the first day"),
        ("from=2026-01-01&to=2026-03-01&practice=<b>", "practice", "Enter an ODS code"),
    ],
)
def test_bad_export_input_is_a_field_error_everywhere(client, runner, story, query, field,
                                                      message) -> None:  # fmt: skip
    sign_in(client, story.coordinator)
    page = client.get(f"/coded-activity?{query}")
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "There is a problem" in html and message in html and "<b>" not in html
    api = client.get(f"/api/v1/coded-activity?{query}")
    assert api.status_code == 400 and message in json.dumps(api.get_json())
    args = dict(part.split("=") for part in query.split("&"))
    cli = ["referrals", "coded-export"] + [x for k, v in args.items() for x in (f"--{k}", v)]
    result = runner.invoke(args=cli)
    assert result.exit_code == 2 and message in result.output


# -- The letter ------------------------------------------------------------------------------


@pytest.mark.usefixtures("app_ctx")
def test_the_letter_holds_needs_support_measures_and_codes(world) -> None:
    referral = _story(world)
    letter = gp_letter.build_letter(world.coordinator, world.client.id)
    assert letter.signed_off and letter.practice_ods == "Y91001"
    assert sorted((n.theme.value, n.first, n.last) for n in letter.needs) == [
        ("friends_and_family", 1, 4),
        ("money", 2, 3),
    ]
    [support] = letter.support
    assert (support.service, support.referral_id, support.taken_up) == (
        "Telephone befriending", referral.id, "Yes"
    )  # fmt: skip
    assert [m.key for m in letter.measures] == ["wheel", "ons4"]
    anxiety = next(i for i in letter.measures[1].items if i.key == "ons4_anxiety")
    assert (anxiety.first, anxiety.last, anxiety.lower_is_better) == (8, 3, True)
    assert [c.concept_id for c in letter.coded] == [REFERRAL_CODE]
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "gp_letter")
    ).record_id == str(world.client.id)


@pytest.mark.usefixtures("app_ctx")
def test_another_measure_adds_itself_to_the_letter(world) -> None:
    def fake_free_text(client: Client) -> gp_letter.MeasureSummary:
        return gp_letter.MeasureSummary(
            "demo", "Demo measure", "1 to 7", date(2026, 1, 6), None,
            [gp_letter.MeasureItem("demo_total", "Total", 21, None)],
        )  # fmt: skip

    gp_letter.add_measure_summary(fake_free_text)
    try:
        letter = gp_letter.build_letter(world.coordinator, world.client.id)
        assert letter.measures[-1].name == "Demo measure"
        document = fhir.letter_document(letter, "Bolton")
        texts = [e["resource"].get("code", {}).get("text") for e in document["entry"]]
        assert "Demo measure: Total" in texts
    finally:
        gp_letter._measure_summaries.remove(fake_free_text)


@pytest.mark.usefixtures("app_ctx")
def test_the_letter_pdf_reads_back(world) -> None:
    _story(world)
    world.client.what_matters = "Getting back to <the> allotment & seeing friends"
    letter = gp_letter.build_letter(world.coordinator, world.client.id)
    pdf = gp_letter.letter_pdf(letter, "Bolton")
    pages = PdfReader(io.BytesIO(pdf)).pages
    # Table cells wrap, so compare with runs of white space as one space.
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    for expected in (
        "Maud Hargreaves", "943 476 5919", "Fictional Mill Surgery (Y91001)",
        "Getting back to <the> allotment & seeing friends", "Friends and family",
        "Telephone befriending", "Completed", REFERRAL_CODE,
        "Referral to social prescribing service (procedure)", "ONS4 personal wellbeing",
        "Goes to the befriending calls weekly.",
    ):  # fmt: skip
        assert expected in text, expected


@pytest.mark.usefixtures("app_ctx")
def test_the_fhir_document_matches_a_hand_built_case(world) -> None:
    referral = _story(world)
    letter = gp_letter.build_letter(world.coordinator, world.client.id)
    document = fhir.letter_document(letter, "Bolton")
    parsed = Bundle.model_validate(document)
    assert parsed.type == "document" and parsed.identifier.value.startswith("urn:uuid:")
    by_url = {e["fullUrl"]: e["resource"] for e in document["entry"]}
    composition = document["entry"][0]["resource"]
    assert composition["resourceType"] == "Composition" and composition["status"] == "final"
    assert [s["title"] for s in composition["section"]] == [
        "What matters to me", "Needs identified", "Social prescribing support provided",
        "Outcome measures", "Coded entries",
    ]  # fmt: skip
    for section in composition["section"]:
        assert section["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
        for ref in section.get("entry", []):
            assert ref["reference"] in by_url, "every section entry is in the bundle"
    patient = by_url[composition["subject"]["reference"]]
    practice_urn = patient["generalPractitioner"][0]["reference"]
    assert patient == {
        "resourceType": "Patient",
        "id": str(world.client.uuid),
        "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": NHS_NUMBER}],
        "name": [{"family": "Hargreaves", "given": ["Maud"]}],
        "birthDate": "1941-03-09",
        "generalPractitioner": [{"reference": practice_urn}],
    }
    assert by_url[practice_urn]["identifier"] == [
        {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "Y91001"}
    ]
    assert by_url[practice_urn]["name"] == "Fictional Mill Surgery"
    support = composition["section"][2]["entry"]
    [request] = [by_url[ref["reference"]] for ref in support]
    assert request["resourceType"] == "ServiceRequest" and request["status"] == "completed"
    assert request["intent"] == "order" and request["code"] == {"text": "Telephone befriending"}
    assert request["subject"] == {"reference": composition["subject"]["reference"]}
    assert request["identifier"][0]["value"] == str(referral.uuid)
    assert request["performer"] == [{"display": "Bolton Befrienders"}]
    needs = [by_url[ref["reference"]] for ref in composition["section"][1]["entry"]]
    assert sorted(
        (o["code"]["text"], o["effectiveDateTime"], o["valueInteger"]) for o in needs
    ) == [
        ("Quality of life wheel: Friends and family", "2026-01-06", 1),
        ("Quality of life wheel: Friends and family", "2026-03-02", 4),
        ("Quality of life wheel: Money", "2026-01-06", 2),
        ("Quality of life wheel: Money", "2026-03-02", 3),
    ]
    outcomes = [by_url[ref["reference"]] for ref in composition["section"][3]["entry"]]
    assert len(outcomes) == 12 * 2 + 4 * 2
    assert {o["status"] for o in outcomes} == {"final"}
    anxiety = sorted(
        (o["effectiveDateTime"], o["valueInteger"]) for o in outcomes
        if o["code"]["text"].endswith("how anxious did you feel yesterday?")
    )  # fmt: skip
    assert anxiety == [("2026-01-06", 8), ("2026-03-02", 3)]
    [coded] = [by_url[ref["reference"]] for ref in composition["section"][4]["entry"]]
    assert coded["resourceType"] == "Procedure" and coded["status"] == "completed"
    assert coded["code"]["coding"] == [
        {"system": "http://snomed.info/sct", "code": REFERRAL_CODE,
         "display": "Referral to social prescribing service (procedure)"}
    ]  # fmt: skip
    # The same records give the same resource ids in a second letter.
    again = fhir.letter_document(gp_letter.build_letter(world.coordinator, world.client.id), "B")
    assert {e["fullUrl"] for e in again["entry"][1:]} == {
        e["fullUrl"] for e in document["entry"][1:]
    }


@pytest.mark.usefixtures("app_ctx")
def test_a_client_without_number_practice_or_wheel_still_gets_a_valid_document(world) -> None:
    letter = gp_letter.build_letter(world.coordinator, world.client.id)
    document = fhir.letter_document(letter, "Bolton")
    Bundle.model_validate(document)
    patient = document["entry"][1]["resource"]
    assert "identifier" not in patient and "generalPractitioner" not in patient
    assert not letter.measures and not letter.needs
    gp_letter.letter_pdf(letter, "Bolton")


def test_the_letter_pages_for_the_coordinator(client, story) -> None:
    sign_in(client, story.coordinator)
    page = client.get(f"/clients/{story.client_id}")
    assert "Write the letter to the GP" in page.get_data(as_text=True)
    letter = client.get(f"/clients/{story.client_id}/gp-letter")
    html = letter.get_data(as_text=True)
    assert letter.status_code == 200 and "<h1" in html and "Telephone befriending" in html
    pdf = client.get(f"/clients/{story.client_id}/gp-letter.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.headers["Cache-Control"] == "no-store"
    assert "Hargreaves" not in pdf.headers["Content-Disposition"]
    document = client.get(f"/clients/{story.client_id}/gp-letter.fhir.json")
    assert document.mimetype == "application/fhir+json"
    Bundle.model_validate_json(document.get_data())
    api = client.get(f"/api/v1/clients/{story.client_id}/gp-letter")
    assert api.status_code == 200 and api.get_json()["type"] == "document"


def test_other_people_cannot_read_the_letter(client, story) -> None:
    for person in (story.other_coordinator, story.provider, story.capacity_lead):
        sign_in(client, person)
        assert client.get(f"/clients/{story.client_id}/gp-letter.pdf").status_code in {403, 404}
        assert client.get(f"/api/v1/clients/{story.client_id}/gp-letter").status_code in {
            403, 404
        }  # fmt: skip


# -- Referrals as FHIR ServiceRequest + Task ----------------------------------------------------


def test_a_referral_reads_as_service_request_and_task(app, client, story) -> None:
    sign_in(client, story.coordinator)
    request = client.get(f"/api/v1/fhir/ServiceRequest/{story.referral_id}")
    assert request.mimetype == "application/fhir+json"
    body = request.get_json()
    ServiceRequest.model_validate(body)
    assert body["status"] in R4_SERVICE_REQUEST_STATUSES and body["status"] == "completed"
    assert body["subject"]["identifier"] == {
        "system": "https://fhir.nhs.uk/Id/nhs-number", "value": NHS_NUMBER
    }  # fmt: skip
    assert body["reasonCode"] == [{"text": "Would like a weekly call."}]
    # Built from BASE_URL, never from the request's Host.
    assert body["identifier"][0]["system"] == f"{app.config['BASE_URL']}/id/referral"
    forged = client.get(
        f"/api/v1/fhir/ServiceRequest/{story.referral_id}", headers={"Host": "evil.example"}
    )
    assert "evil.example" not in forged.get_data(as_text=True)
    task = client.get(f"/api/v1/fhir/Task/{story.referral_id}").get_json()
    Task.model_validate(task)
    assert task["status"] == "completed" and task["focus"] == {
        "reference": f"ServiceRequest/{story.referral_id}"
    }
    assert task["businessStatus"] == {"text": "Completed"}


def test_the_receiving_provider_reads_only_what_was_shared(client, story) -> None:
    sign_in(client, story.provider)
    body = client.get(f"/api/v1/fhir/ServiceRequest/{story.referral_id}").get_json()
    ServiceRequest.model_validate(body)
    assert body["subject"] == {"display": "Maud"}
    assert NHS_NUMBER not in json.dumps(body) and "Hargreaves" not in json.dumps(body)
    task = client.get(f"/api/v1/fhir/Task/{story.referral_id}").get_json()
    assert NHS_NUMBER not in json.dumps(task)
    sign_in(client, story.other_provider)
    for kind in ("ServiceRequest", "Task"):
        assert client.get(f"/api/v1/fhir/{kind}/{story.referral_id}").status_code == 404
        assert client.get(f"/api/v1/fhir/{kind}/999999").status_code == 404


@pytest.mark.parametrize(
    "state",
    list(ReferralState),
)
def test_every_state_maps_to_an_r4_status(state) -> None:
    assert fhir.SERVICE_REQUEST_STATUS[state] in R4_SERVICE_REQUEST_STATUSES
    assert fhir.TASK_STATUS[state] in R4_TASK_STATUSES


def test_search_by_nhs_number(app, client, story) -> None:
    sign_in(client, story.coordinator)
    found = client.get(
        f"/api/v1/fhir/ServiceRequest?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|"
        f"{NHS_NUMBER}"
    )
    bundle = found.get_json()
    Bundle.model_validate(bundle)
    assert bundle["type"] == "searchset" and bundle["total"] == 1
    assert bundle["entry"][0]["resource"]["id"] == str(story.referral_id)
    assert read(app, select(AuditEvent).where(AuditEvent.action == "nhs_number_search"))
    # The spaced form is the same number; a teammate-less co-ordinator finds nothing.
    spaced = client.get(
        "/api/v1/fhir/ServiceRequest?subject:identifier=https://fhir.nhs.uk/Id/nhs-number|"
        "943 476 5919"
    ).get_json()
    assert spaced["total"] == 1
    sign_in(client, story.other_coordinator)
    none = client.get(
        f"/api/v1/fhir/ServiceRequest?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|"
        f"{NHS_NUMBER}"
    ).get_json()
    assert none["total"] == 0 and "entry" not in none


@pytest.mark.parametrize(
    "query",
    [
        "",
        "patient:identifier=9434765919",
        "patient:identifier=https://example.org/id|9434765919",
        "patient:identifier=https://fhir.nhs.uk/Id/nhs-number|9434765918",
        "patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + "9" * 500,
    ],
)
def test_a_bad_search_is_a_field_error(client, story, query) -> None:
    sign_in(client, story.coordinator)
    response = client.get(f"/api/v1/fhir/ServiceRequest?{query}")
    assert response.status_code == 400
    assert "identifier" in json.dumps(response.get_json())


def test_only_coordinators_search(client, story) -> None:
    for person in (story.provider, story.capacity_lead):
        sign_in(client, person)
        response = client.get(
            f"/api/v1/fhir/ServiceRequest?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|"
            f"{NHS_NUMBER}"
        )
        assert response.status_code == 403


def test_the_openapi_document_lists_the_new_routes(client) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/clients/{client_id}/gp-letter",
        "/api/v1/coded-activity",
        "/api/v1/fhir/ServiceRequest/{referral_id}",
        "/api/v1/fhir/Task/{referral_id}",
        "/api/v1/fhir/ServiceRequest",
    ):
        assert path in paths, path


def test_a_letter_lists_recommendations_without_a_service_request(app, story) -> None:
    with app.app_context():
        client_record = db.session.get(Client, story.client_id)
        db.session.add(
            Action(client=client_record, kind=ActionKind.SERVICE_RECOMMENDATION,
                   theme=Theme.MONEY, description="Try the advice line",
                   service=db.session.get(Service, story.service_id))
        )  # fmt: skip
        db.session.flush()
        coordinator = db.session.get(User, story.coordinator_id)
        letter = gp_letter.build_letter(coordinator, story.client_id)
        kinds = sorted(s.kind.value for s in letter.support)
        assert kinds == ["referral", "service_recommendation"]
        document = fhir.letter_document(letter, "Bolton")
        requests = [
            e for e in document["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
        ]
        assert len(requests) == 1
        db.session.rollback()


@pytest.mark.usefixtures("app_ctx")
def test_swemwbs_taken_at_start_and_sign_off_is_in_the_letter_and_the_document(world) -> None:
    from referrals.measures import defined_measures, record_measure
    from referrals.models import AssessmentStage

    swemwbs = defined_measures()["swemwbs"]
    items = [item.key for item in swemwbs.items]
    record_measure(world.coordinator, world.client, swemwbs, AssessmentStage.START,
                   dict.fromkeys(items, 2), taken_on=date(2026, 1, 6))  # fmt: skip
    record_measure(world.coordinator, world.client, swemwbs, AssessmentStage.SIGN_OFF,
                   dict.fromkeys(items, 4), taken_on=date(2026, 4, 6))  # fmt: skip
    letter = gp_letter.build_letter(world.coordinator, world.client.id)
    [summary] = [m for m in letter.measures if m.key == "swemwbs"]
    [item] = summary.items
    assert item.first < item.last
    pdf = gp_letter.letter_pdf(letter, "Bolton")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert summary.name in text
    document = fhir.letter_document(letter, "Bolton")
    observations = [
        e["resource"] for e in document["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["text"].startswith(summary.name)
    ]  # fmt: skip
    assert [o["effectiveDateTime"] for o in observations] == ["2026-01-06", "2026-04-06"]
    values = [o.get("valueInteger", o.get("valueQuantity", {}).get("value")) for o in observations]
    assert values == [item.first, item.last]
