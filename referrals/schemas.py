"""Marshmallow schemas: forms and API input (load), and per-audience output (dump)."""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)
from werkzeug.datastructures import MultiDict

from core.fields import MULTILINE, phone_number
from core.forms import FormSchema
from core.models import utcnow
from core.numbers import record_id
from directory import geo
from directory.practices import ods_code_field
from directory.themes import Theme
from referrals.caseload import ONS4_QUESTIONS, WHEEL_MAX
from referrals.closing_models import ClosingReason
from referrals.models import (
    ActionKind,
    ActionStatus,
    AgeBand,
    AssessmentStage,
    ContactPreference,
    SharedField,
)
from referrals.nhs_number import STORED, TYPED, InvalidNHSNumber, normalise_nhs_number
from referrals.states import ReferralReason


class NHSNumber(fields.String):
    """An NHS number typed with or without spaces or dashes, loaded as its 10 digits."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        try:
            return normalise_nhs_number(super()._deserialize(value, attr, data, **kwargs))
        except InvalidNHSNumber as error:
            raise ValidationError(str(error)) from error


class InputSchema(FormSchema):
    """The base of casework forms and API bodies (core.forms.FormSchema's rules)."""


def form_dates(form: MultiDict[str, str], *names: str) -> dict[str, Any]:
    """Turn a GOV.UK date input's NAME-day/-month/-year fields into NAME as YYYY-MM-DD.

    A date with parts missing or not numbers becomes an unparseable string, so the schema
    reports it against NAME.
    """
    data: dict[str, Any] = form.to_dict()
    for name in names:
        parts = [form.get(f"{name}-{part}", "").strip() for part in ("year", "month", "day")]
        if not any(parts):
            continue
        if all(p.isdigit() for p in parts):
            year, month, day = (int(p) for p in parts)
            data[name] = f"{year:04d}-{month:02d}-{day:02d}"
        else:
            data[name] = "-".join(parts) + "!"
    return data


def _not_in_future(message: str) -> Any:
    def check(value: date) -> None:
        if value > utcnow().date():
            raise ValidationError(message)

    return check


def _date(required: bool, label: str, past: bool = False) -> fields.Date:
    sentence = label[0].upper() + label[1:]
    messages = {"required": f"Enter {label}", "invalid": f"{sentence} must be a real date"}
    checks = [_not_in_future(f"{sentence} must be today or in the past")] if past else []
    if required:
        return fields.Date(required=True, validate=checks, error_messages=messages)
    return fields.Date(load_default=None, validate=checks, error_messages=messages)


class ClientSchema(InputSchema):
    first_name = fields.String(
        required=True,
        validate=validate.Length(max=100, error="First name must be 100 characters or fewer"),
        error_messages={"required": "Enter the person's first name"},
    )
    last_name = fields.String(
        required=True,
        validate=validate.Length(max=100, error="Surname must be 100 characters or fewer"),
        error_messages={"required": "Enter the person's surname"},
    )
    date_of_birth = _date(False, "the date of birth", past=True)
    age_band = fields.Enum(AgeBand, by_value=True, load_default=None)
    postcode = fields.String(load_default=None)
    address = fields.String(load_default="", validate=validate.Length(max=500), metadata=MULTILINE)
    phone = fields.String(load_default=None, validate=phone_number)
    email = fields.Email(
        load_default=None,
        error_messages={"invalid": "Enter an email address in the correct format"},
    )
    contact_preference = fields.Enum(
        ContactPreference,
        by_value=True,
        required=True,
        error_messages={"required": "Choose how the person prefers to be contacted"},
    )
    safe_to_leave_message = fields.Boolean(load_default=False)
    gp_practice = fields.String(load_default=None, validate=validate.Length(max=200))
    practice_code = ods_code_field(
        load_default=None,
        allow_none=True,
        metadata={"description": "The GP practice's ODS code, from the practice table"},
    )
    nhs_number = NHSNumber(
        load_default=None,
        allow_none=True,
        metadata={
            "pattern": TYPED.pattern,
            "example": "943 476 5919",
            "description": "Optional; spaces or dashes allowed; checked by its modulus 11 digit",
        },
    )
    what_matters = fields.String(
        load_default="", validate=validate.Length(max=5000), metadata=MULTILINE
    )
    consent_given_on = _date(True, "the date the person gave consent", past=True)
    team_id = record_id(load_default=None)
    confirm_duplicate = fields.Boolean(load_default=False)

    @validates_schema(skip_on_field_errors=False)
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        if data.get("date_of_birth") is None and data.get("age_band") is None:
            errors["date_of_birth"] = ["Enter the date of birth, or choose an age band"]
        if data.get("postcode"):
            try:
                data["postcode"] = geo.normalise_postcode(data["postcode"])
            except geo.InvalidPostcode as error:
                errors["postcode"] = [str(error)]
        preference = data.get("contact_preference")
        needed = {
            ContactPreference.PHONE: ("phone", "Enter a phone number to contact them by phone"),
            ContactPreference.EMAIL: ("email", "Enter an email address to contact them by email"),
            ContactPreference.POST: ("address", "Enter an address to contact them by post"),
        }
        if preference in needed:
            name, message = needed[preference]
            if not data.get(name):
                errors[name] = [message]
        if errors:
            raise ValidationError(errors)


class ClientUpdateSchema(ClientSchema):
    """Editing a client: every field the same, but the consent date is already recorded."""

    consent_given_on = _date(False, "the date the person gave consent", past=True)


# A score's messages name "each theme"; the wheel form, which knows the theme, names it.
EACH_THEME = "each theme"


def _score(maximum: int, label: str) -> fields.Integer:
    message = f"Score {label} from 0 to {maximum}"
    return fields.Integer(
        required=True,
        strict=False,
        validate=validate.Range(min=0, max=maximum, error=message),
        error_messages={"required": f"Score {label}", "invalid": message},
    )


class WheelScoreSchema(InputSchema):
    theme = fields.Enum(Theme, by_value=True, required=True)
    score = _score(WHEEL_MAX, EACH_THEME)
    note = fields.String(load_default="", validate=validate.Length(max=2000), metadata=MULTILINE)


class AssessmentSchema(InputSchema):
    """API shape: {"stage", "taken_on", "scores": [{"theme", "score", "note"}], "ons4": {...}}."""

    stage = fields.Enum(AssessmentStage, by_value=True, load_default=AssessmentStage.REVIEW)
    taken_on = _date(False, "the date", past=True)
    scores = fields.List(fields.Nested(WheelScoreSchema), required=True)
    ons4 = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(
            error_messages={"invalid": "Answer each question with a number from 0 to 10"}
        ),
        load_default=None,
    )

    @validates_schema
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        themes = [s["theme"] for s in data.get("scores", [])]
        if sorted(themes) != sorted(Theme):
            raise ValidationError("Score each of the 12 themes once", "scores")
        ons4 = data.get("ons4")
        if ons4:
            names = {name for name, _ in ONS4_QUESTIONS}
            if set(ons4) != names:
                raise ValidationError(f"Answer all of {sorted(names)}, or none", "ons4")
            if any(not 0 <= v <= 10 for v in ons4.values()):
                raise ValidationError("Each answer must be 0 to 10", "ons4")


def wheel_form_data(form: MultiDict[str, str]) -> dict[str, Any]:
    """Turn the wheel form (score-THEME, note-THEME, ONS4 fields) into AssessmentSchema input."""
    data = form_dates(form, "taken_on")
    data["scores"] = [
        {
            "theme": t.value,
            "score": form.get(f"score-{t.value}", ""),
            "note": form.get(f"note-{t.value}", ""),
        }
        for t in Theme
    ]
    answers = {name: form.get(name, "").strip() for name, _ in ONS4_QUESTIONS}
    if any(answers.values()):
        data["ons4"] = answers
    return data


def _as_list(messages: Any) -> list[Any]:
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _as_list(value)]
    return list(messages) if isinstance(messages, list) else [messages]


def wheel_form_errors(errors: dict[str, Any]) -> dict[str, Any]:
    """Map nested AssessmentSchema errors back onto the wheel form's field names."""
    messages = dict(errors)
    scores = messages.pop("scores", None)
    if isinstance(scores, dict):
        for index, problem in scores.items():
            if isinstance(index, int) and 0 <= index < len(Theme):
                theme = list(Theme)[index]
                found = problem.get("score") or problem
                messages[f"score-{theme.value}"] = [
                    str(m).replace(EACH_THEME, theme.label.lower()) for m in _as_list(found)
                ]
    elif scores:
        messages["scores"] = scores
    ons4 = messages.pop("ons4", None)
    if ons4:
        first = ONS4_QUESTIONS[0][0]
        messages[first] = ons4 if isinstance(ons4, list) else list(ons4.values())[0]
    return messages


class ActionSchema(InputSchema):
    kind = fields.Enum(
        ActionKind,
        by_value=True,
        required=True,
        error_messages={"required": "Choose the kind of action"},
    )
    theme = fields.Enum(
        Theme, by_value=True, required=True, error_messages={"required": "Choose a theme"}
    )
    description = fields.String(
        required=True,
        validate=validate.Length(max=2000),
        error_messages={"required": "Describe the action"},
        metadata=MULTILINE,
    )
    service_id = record_id(load_default=None)
    due_on = _date(False, "the due date")

    @validates_schema
    def no_referrals(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("kind") is ActionKind.REFERRAL:
            raise ValidationError("Send a referral to record a referral action", "kind")


class ActionOutcomeSchema(InputSchema):
    status = fields.Enum(
        ActionStatus,
        by_value=True,
        required=True,
        error_messages={"required": "Choose whether the action was done"},
    )
    outcome_note = fields.String(
        load_default="", validate=validate.Length(max=2000), metadata=MULTILINE
    )
    version = fields.Integer(
        load_default=None,
        strict=True,
        error_messages={"invalid": "Send the version you read, a whole number"},
        metadata={"description": "The version you read; a stale one is refused with 409"},
    )


class ShortlistSchema(InputSchema):
    service_ids = fields.List(
        record_id(),
        required=True,
        validate=validate.Length(min=1, error="Choose at least one service"),
        error_messages={"required": "Choose at least one service"},
    )
    kind = fields.Enum(
        ActionKind,
        by_value=True,
        load_default=ActionKind.INFORMATION_GIVEN,
        validate=validate.OneOf(
            [ActionKind.INFORMATION_GIVEN, ActionKind.SERVICE_RECOMMENDATION],
            error="Choose information given or service recommendation",
        ),
    )
    note = fields.String(load_default="", validate=validate.Length(max=2000), metadata=MULTILINE)


class ReferralSchema(InputSchema):
    service_id = record_id(
        required=True, error_messages={"required": "Choose a service to refer to"}
    )
    theme = fields.Enum(
        Theme, by_value=True, required=True, error_messages={"required": "Choose a theme"}
    )
    reason = fields.String(
        required=True,
        validate=validate.Length(max=5000),
        error_messages={"required": "Say why you are referring the person"},
        metadata=MULTILINE,
    )
    consent = fields.Boolean(
        required=True,
        error_messages={"required": "Confirm the person agrees to share their details"},
    )
    consent_to_share_on = _date(False, "the date the person agreed to share", past=True)
    shared_fields = fields.List(fields.Enum(SharedField, by_value=True), load_default=list)
    due_on = _date(False, "the follow-up date")

    @validates_schema
    def consent_given(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("consent") is not True:
            raise ValidationError("Confirm the person agrees to share their details", "consent")


class TransitionSchema(InputSchema):
    note = fields.String(load_default="", validate=validate.Length(max=2000), metadata=MULTILINE)
    reason = fields.Enum(ReferralReason, by_value=True, load_default=None)


class SignOffSchema(AssessmentSchema):
    """The final wheel, why the case is closing, a note, and any exit questionnaire answers.

    `answers` maps exit_0, exit_1... (1-5) and exit_rating (0-10) to the person's answers;
    closing.read_answers checks them against the team's questionnaire.
    """

    closing_reason = fields.Enum(
        ClosingReason,
        by_value=True,
        required=True,
        error_messages={
            "required": "Choose why the case is closing",
            "unknown": "Choose why the case is closing",
        },
    )
    answers = fields.Dict(keys=fields.String(), load_default=dict)
    closing_note = fields.String(
        required=True,
        validate=validate.Length(max=5000),
        error_messages={"required": "Write a closing note"},
        metadata=MULTILINE,
    )


# -- Output ------------------------------------------------------------------------------------


class ClientDumpSchema(Schema):
    """What the co-ordinator's API shows about a client on their caseload."""

    id = fields.Integer()
    version = fields.Integer()
    uuid = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    date_of_birth = fields.Date(allow_none=True)
    age_band = fields.Enum(AgeBand, by_value=True, allow_none=True)
    postcode = fields.String(allow_none=True)
    outward_code = fields.String(allow_none=True)
    neighbourhood_code = fields.String(
        attribute="neighbourhood.code", dump_default=None, allow_none=True
    )
    address = fields.String()
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    contact_preference = fields.Enum(ContactPreference, by_value=True)
    safe_to_leave_message = fields.Boolean()
    gp_practice = fields.String(allow_none=True)
    practice_code = fields.String(allow_none=True)
    practice_name = fields.String(attribute="practice.name", dump_default=None, allow_none=True)
    pcn_code = fields.String(attribute="practice.pcn_code", dump_default=None, allow_none=True)
    nhs_number = fields.String(
        allow_none=True,
        metadata={"pattern": STORED.pattern, "description": "10 digits, or null if not recorded"},
    )
    what_matters = fields.String()
    consent_given_on = fields.Date()
    status = fields.String(attribute="status.value")
    owner_id = fields.Integer(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    signed_off_at = fields.DateTime(allow_none=True)
    closing_note = fields.String()
    created_at = fields.DateTime()


class WheelScoreDumpSchema(Schema):
    theme = fields.String(attribute="theme.value")
    score = fields.Integer()
    note = fields.String()


class AssessmentDumpSchema(Schema):
    id = fields.Integer()
    version = fields.Integer()
    client_id = fields.Integer()
    stage = fields.String(attribute="stage.value")
    taken_on = fields.Date()
    scores = fields.List(fields.Nested(WheelScoreDumpSchema))
    ons4 = fields.Method("dump_ons4")

    def dump_ons4(self, assessment: Any) -> dict[str, int] | None:
        if not assessment.has_ons4:
            return None
        return {name: getattr(assessment, name) for name, _ in ONS4_QUESTIONS}


class ActionDumpSchema(Schema):
    id = fields.Integer()
    version = fields.Integer()
    client_id = fields.Integer()
    kind = fields.String(attribute="kind.value")
    theme = fields.String(attribute="theme.value")
    description = fields.String()
    service_id = fields.Integer(allow_none=True)
    due_on = fields.Date(allow_none=True)
    status = fields.String(attribute="status.value")
    outcome_note = fields.String()
    referral_id = fields.Integer(attribute="referral.id", dump_default=None, allow_none=True)
    created_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)


class EventDumpSchema(Schema):
    at = fields.DateTime()
    by = fields.String(attribute="actor_label")
    from_state = fields.String(attribute="from_state.value", dump_default=None, allow_none=True)
    to_state = fields.String(attribute="to_state.value")
    reason = fields.String(attribute="reason.value", dump_default=None, allow_none=True)
    note = fields.String()


class ReferralDumpSchema(Schema):
    """A referral as its co-ordinator sees it."""

    id = fields.Integer()
    uuid = fields.String()
    reference = fields.String()
    client_id = fields.Integer()
    action_id = fields.Integer()
    service_id = fields.Integer()
    service_name = fields.String(attribute="service.name")
    organisation_id = fields.Integer()
    state = fields.String(attribute="state.value")
    reason = fields.String(attribute="reason.value", dump_default=None, allow_none=True)
    shared_fields = fields.List(fields.String())
    consent_to_share_on = fields.Date()
    sent_at = fields.DateTime()
    responded_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    version = fields.Integer()
    events = fields.List(fields.Nested(EventDumpSchema))


class SharedReferralDumpSchema(Schema):
    """A referral as the receiving organisation sees it: only what was shared."""

    id = fields.Integer()
    uuid = fields.String()
    reference = fields.String()
    service_id = fields.Integer()
    service_name = fields.String(attribute="service.name")
    state = fields.String(attribute="state.value")
    reason = fields.String(attribute="reason.value", dump_default=None, allow_none=True)
    shared = fields.Dict(attribute="shared_details")
    sent_at = fields.DateTime()
    responded_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    version = fields.Integer()
    events = fields.List(fields.Nested(EventDumpSchema))
