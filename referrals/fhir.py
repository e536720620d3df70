"""FHIR R4: the letter back to the GP as a document, and referrals as ServiceRequest + Task.

Every resource is built as plain JSON and checked by parsing it with `fhir.resources` (its R4B
package: R4's technical correction, the same shape for every resource used here) before it
leaves, so a malformed resource is a bug caught here, never sent.

Identifiers follow NHS England's systems: the NHS number (https://fhir.nhs.uk/Id/nhs-number)
on the Patient and the ODS code (https://fhir.nhs.uk/Id/ods-organization-code) on the GP
practice. Coded entries carry their SNOMED CT concept; measures and services have no verified
national code here, so they are sent as text, never with an invented code.

The document's sections follow the headings of the PRSB Social Prescribing Information
Standard's "message back to GP and referrer" in spirit (what matters, needs, support, outcomes,
coded activity); their exact published wording was not available to check.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from html import escape
from typing import Any

from flask import current_app

from core.templating import format_date
from referrals.coding_models import CodedEntry
from referrals.gp_letter import GpLetter, MeasureSummary
from referrals.models import Client, Referral
from referrals.states import ReferralState

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
SNOMED_SYSTEM = "http://snomed.info/sct"
FHIR_JSON = "application/fhir+json"
# Stable ids for resources derived from Signpost records, so a second letter names them alike.
NAMESPACE = uuid.UUID("6f1f3b53-2f55-4c1e-9a57-6f0b4bd2c7a1")

SERVICE_REQUEST_STATUS = {
    ReferralState.SENT: "active",
    ReferralState.ACCEPTED: "active",
    ReferralState.COMPLETED: "completed",
    ReferralState.DECLINED: "revoked",
    ReferralState.NOT_COMPLETED: "revoked",
    ReferralState.WITHDRAWN: "revoked",
    ReferralState.EXPIRED: "revoked",
}
TASK_STATUS = {
    ReferralState.SENT: "requested",
    ReferralState.ACCEPTED: "accepted",
    ReferralState.COMPLETED: "completed",
    ReferralState.DECLINED: "rejected",
    ReferralState.NOT_COMPLETED: "failed",
    ReferralState.WITHDRAWN: "cancelled",
    ReferralState.EXPIRED: "cancelled",
}
SECTIONS = (
    ("what_matters", "What matters to me"),
    ("needs", "Needs identified"),
    ("support", "Social prescribing support provided"),
    ("outcomes", "Outcome measures"),
    ("coded", "Coded entries"),
)


def validated(resource: dict[str, Any]) -> dict[str, Any]:
    """Return `resource` after the FHIR library has parsed it; raises when it is malformed."""
    # Imported here: the FHIR models take a quarter of a second to import, which every process
    # (each gunicorn worker, each CLI command) would pay at start for a letter few send.
    from fhir.resources.R4B import get_fhir_model_class

    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return resource


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '/'.join(str(p) for p in parts))}"


def _narrative(lines: list[str]) -> dict[str, str]:
    body = "".join(f"<p>{escape(line)}</p>" for line in lines) or "<p>None recorded.</p>"
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def _instant(value: datetime) -> str:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def referral_identifier_system() -> str:
    """This installation's identifier system for referrals, from configuration (never a Host)."""
    return f"{current_app.config['BASE_URL']}/id/referral"


def patient(client: Client) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Patient", "id": str(client.uuid)}
    if client.nhs_number:
        resource["identifier"] = [{"system": NHS_NUMBER_SYSTEM, "value": client.nhs_number}]
    resource["name"] = [{"family": client.last_name, "given": [client.first_name]}]
    if client.date_of_birth:
        resource["birthDate"] = client.date_of_birth.isoformat()
    return resource


def practice_organisation(ods_code: str, name: str) -> dict[str, Any]:
    return {
        "resourceType": "Organization",
        "id": str(uuid.uuid5(NAMESPACE, f"ods/{ods_code}")),
        "identifier": [{"system": ODS_SYSTEM, "value": ods_code}],
        "name": name,
    }


def patient_reference(client: Client) -> dict[str, Any]:
    """A reference to the person by NHS number (and name), for resources read on their own."""
    reference: dict[str, Any] = {"display": client.full_name}
    if client.nhs_number:
        reference["identifier"] = {"system": NHS_NUMBER_SYSTEM, "value": client.nhs_number}
    return reference


def service_request(
    referral: Referral, subject: dict[str, Any], *, full: bool = True
) -> dict[str, Any]:
    """A referral as a ServiceRequest. `full=False` holds only what was shared with a provider."""
    reason = referral.referral_reason if full else str(referral.shared_details.get("reason", ""))
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(referral.id),
        "identifier": [{"system": referral_identifier_system(), "value": str(referral.uuid)}],
        "status": SERVICE_REQUEST_STATUS[referral.state],
        "intent": "order",
        "category": [{"text": "Social prescribing: referral to a community service"}],
        "code": {"text": referral.service.name},
        "subject": subject,
        "authoredOn": _instant(referral.sent_at),
        "performer": [{"display": referral.organisation.name}],
    }
    if reason:
        resource["reasonCode"] = [{"text": reason}]
    return validated(resource)


def task(referral: Referral, subject: dict[str, Any]) -> dict[str, Any]:
    """The referral's progress as a Task whose focus is its ServiceRequest."""
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "id": str(referral.id),
        "identifier": [{"system": referral_identifier_system(), "value": str(referral.uuid)}],
        "status": TASK_STATUS[referral.state],
        "businessStatus": {"text": referral.state.label},
        "intent": "order",
        "focus": {"reference": f"ServiceRequest/{referral.id}"},
        "for": subject,
        "authoredOn": _instant(referral.sent_at),
        "lastModified": _instant(referral.updated_at),
        "owner": {"display": referral.organisation.name},
    }
    if referral.reason is not None:
        resource["statusReason"] = {"text": referral.reason.label}
    return validated(resource)


def searchset(resources: list[dict[str, Any]]) -> dict[str, Any]:
    """A search answer: a Bundle of type searchset."""
    base = current_app.config["BASE_URL"]
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
    }
    if resources:  # FHIR JSON allows no empty arrays
        bundle["entry"] = [
            {
                "fullUrl": f"{base}/api/v1/fhir/{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ]
    return validated(bundle)


def _measure_observations(
    measure: MeasureSummary, client: Client, patient_urn: str
) -> list[tuple[str, str, dict[str, Any]]]:
    """(item key, urn, Observation) for each item's first and last answers."""
    found = []
    for item in measure.items:
        for when, value in ((measure.first_on, item.first), (measure.last_on, item.last)):
            if when is None or value is None:
                continue
            urn = _urn(client.uuid, measure.key, item.key, when.isoformat())
            found.append(
                (
                    item.key,
                    urn,
                    {
                        "resourceType": "Observation",
                        "id": urn.removeprefix("urn:uuid:"),
                        "status": "final",
                        "code": {"text": f"{measure.name}: {item.label}"},
                        "subject": {"reference": patient_urn},
                        "effectiveDateTime": when.isoformat(),
                        **(
                            {"valueInteger": int(value)}
                            if float(value).is_integer()
                            else {"valueQuantity": {"value": value}}
                        ),
                    },
                )
            )
    return found


def _coded_resource(entry: CodedEntry, patient_urn: str) -> tuple[str, dict[str, Any]]:
    urn = _urn("coded", entry.id)
    code = {"coding": [{"system": SNOMED_SYSTEM, "code": entry.concept_id, "display": entry.term}]}
    if entry.term.endswith("(procedure)"):
        resource = {
            "resourceType": "Procedure",
            "status": "completed",
            "code": code,
            "subject": {"reference": patient_urn},
            "performedDateTime": entry.recorded_on.isoformat(),
        }
    else:
        resource = {
            "resourceType": "Observation",
            "status": "final",
            "code": code,
            "subject": {"reference": patient_urn},
            "effectiveDateTime": entry.recorded_on.isoformat(),
        }
    return urn, {**resource, "id": urn.removeprefix("urn:uuid:")}


def letter_document(letter: GpLetter, borough: str) -> dict[str, Any]:
    """The letter as a FHIR R4 document Bundle, its Composition first."""
    client = letter.client
    entries: list[tuple[str, dict[str, Any]]] = []
    patient_urn = f"urn:uuid:{client.uuid}"
    person = patient(client)
    practice_urn = None
    if letter.practice_ods:
        organisation = practice_organisation(letter.practice_ods, letter.practice_name)
        practice_urn = f"urn:uuid:{organisation['id']}"
        person["generalPractitioner"] = [{"reference": practice_urn}]
        entries.append((practice_urn, organisation))
    entries.insert(0, (patient_urn, person))

    referrals = {a.referral.id: a.referral for a in client.actions if a.referral is not None}
    requests = []
    for support in letter.support:
        if support.referral_id is None:
            continue
        referral = referrals[support.referral_id]
        urn = f"urn:uuid:{referral.uuid}"
        request = service_request(referral, {"reference": patient_urn})
        request["id"] = str(referral.uuid)
        requests.append((urn, request))

    observations: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    item_keys: dict[str, str] = {}
    for measure in letter.measures:
        found = _measure_observations(measure, client, patient_urn)
        observations[measure.key] = [(urn, o) for _, urn, o in found]
        item_keys.update((urn, key) for key, urn, _ in found)
    need_keys = {f"wheel_{n.theme.value}" for n in letter.needs}
    need_observations = [
        (urn, o) for urn, o in observations.get("wheel", []) if item_keys[urn] in need_keys
    ]
    coded = [_coded_resource(entry, patient_urn) for entry in letter.coded]

    def refs(found: list[tuple[str, dict[str, Any]]]) -> list[dict[str, str]]:
        return [{"reference": urn} for urn, _ in found]

    all_observations = [pair for pairs in observations.values() for pair in pairs]
    sections = {
        "what_matters": ([letter.what_matters or "Not recorded."], []),
        "needs": (
            [f"{n.theme.label}: first score {n.first}, last score "
             f"{'-' if n.last is None else n.last} (0 to 5)" for n in letter.needs],
            refs(need_observations),
        ),
        "support": (
            [f"{s.service} ({s.organisation}), {s.kind.label}, {format_date(s.on)}: {s.status}; "
             f"taken up: {s.taken_up}" for s in letter.support],
            refs(requests),
        ),
        "outcomes": (
            [f"{m.name}: " + "; ".join(
                f"{i.label} {i.first} to {'-' if i.last is None else i.last}" for i in m.items
            ) for m in letter.measures],
            refs(all_observations),
        ),
        "coded": (
            [f"{format_date(c.recorded_on)}: {c.concept_id} {c.term}" for c in letter.coded],
            refs(coded),
        ),
    }  # fmt: skip
    composition_id = str(uuid.uuid4())
    composition: dict[str, Any] = {
        "resourceType": "Composition",
        "id": composition_id,
        "status": "final",
        "type": {"text": "Social prescribing: message back to GP and referrer"},
        "subject": {"reference": patient_urn},
        "date": _instant(letter.written_at),
        "author": [{"display": ", ".join(x for x in (letter.author, letter.team, borough) if x)}],
        "title": "Social prescribing: letter to the GP and referrer",
        "section": [],
    }
    for key, title in SECTIONS:
        lines, entry_refs = sections[key]
        section: dict[str, Any] = {"title": title, "text": _narrative(lines)}
        if entry_refs:
            section["entry"] = entry_refs
        composition["section"].append(section)
    entries = [
        (f"urn:uuid:{composition_id}", composition),
        *entries,
        *requests,
        *all_observations,
        *coded,
    ]
    bundle = {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{uuid.uuid4()}"},
        "type": "document",
        "timestamp": _instant(letter.written_at),
        "entry": [{"fullUrl": urn, "resource": resource} for urn, resource in entries],
    }
    return validated(bundle)
