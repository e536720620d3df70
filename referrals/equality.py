"""Equality monitoring: the questions, their answers (2021 census categories), and saving them.

Every question is optional and every one offers "Prefer not to say". The answers are for
counting who the service reaches, in groups of five or more (core/suppression.py), and are
seen only by those who may see the client.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields, validate
from sqlalchemy import select

from accounts import audit
from accounts.models import User
from core.extensions import db
from core.permissions import require
from core.versioning import check_version, field_diff
from referrals.equality_models import EqualityMonitoring
from referrals.models import Client

PREFER_NOT_TO_SAY = ("prefer_not_to_say", "Prefer not to say")


@dataclass(frozen=True)
class Question:
    field: str
    label: str  # as a report heading
    question: str  # as asked
    hint: str
    answers: tuple[tuple[str, str], ...]  # (code, label), "Prefer not to say" last

    def label_of(self, code: str | None) -> str:
        if code is None:
            return "Not recorded"
        return dict(self.answers).get(code, code)


def _question(
    field: str, label: str, question: str, hint: str, *answers: tuple[str, str]
) -> Question:
    return Question(field, label, question, hint, (*answers, PREFER_NOT_TO_SAY))


# The Census 2021 (England and Wales) questions and categories, shortened where the census
# asks in two steps (gender identity, disability).
QUESTIONS = (
    _question("sex", "Sex", "What is your sex?", "", ("female", "Female"), ("male", "Male")),
    _question(
        "gender_identity",
        "Gender identity",
        "Is the gender you identify with the same as your sex registered at birth?",
        "",
        ("same", "Yes"),
        ("different", "No"),
    ),
    _question(
        "ethnic_group",
        "Ethnic group",
        "What is your ethnic group?",
        "The 19 categories of the 2021 census for England and Wales.",
        ("asian_bangladeshi", "Asian, Asian British or Asian Welsh: Bangladeshi"),
        ("asian_chinese", "Asian, Asian British or Asian Welsh: Chinese"),
        ("asian_indian", "Asian, Asian British or Asian Welsh: Indian"),
        ("asian_pakistani", "Asian, Asian British or Asian Welsh: Pakistani"),
        ("asian_other", "Asian, Asian British or Asian Welsh: Other Asian"),
        ("black_african", "Black, Black British, Black Welsh, Caribbean or African: African"),
        ("black_caribbean", "Black, Black British, Black Welsh, Caribbean or African: Caribbean"),
        ("black_other", "Black, Black British, Black Welsh, Caribbean or African: Other Black"),
        ("mixed_white_asian", "Mixed or Multiple ethnic groups: White and Asian"),
        ("mixed_white_black_african", "Mixed or Multiple ethnic groups: White and Black African"),
        (
            "mixed_white_black_caribbean",
            "Mixed or Multiple ethnic groups: White and Black Caribbean",
        ),
        ("mixed_other", "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups"),
        ("white_british", "White: English, Welsh, Scottish, Northern Irish or British"),
        ("white_irish", "White: Irish"),
        ("white_gypsy_traveller", "White: Gypsy or Irish Traveller"),
        ("white_roma", "White: Roma"),
        ("white_other", "White: Other White"),
        ("other_arab", "Other ethnic group: Arab"),
        ("other_any", "Other ethnic group: Any other ethnic group"),
    ),
    _question(
        "religion",
        "Religion",
        "What is your religion?",
        "",
        ("none", "No religion"),
        ("christian", "Christian"),
        ("buddhist", "Buddhist"),
        ("hindu", "Hindu"),
        ("jewish", "Jewish"),
        ("muslim", "Muslim"),
        ("sikh", "Sikh"),
        ("other", "Any other religion"),
    ),
    _question(
        "disability",
        "Disability",
        "Do you have a physical or mental health condition or illness lasting or expected to "
        "last 12 months or more, and does it reduce your ability to carry out day-to-day "
        "activities?",
        "",
        ("limited_a_lot", "Yes, a lot"),
        ("limited_a_little", "Yes, a little"),
        ("not_limited", "No, or no such condition"),
    ),
    _question(
        "carer",
        "Carer",
        "Do you look after, or give help or support to, anyone because of long-term physical "
        "or mental ill health or problems related to old age?",
        "Not counting anything you do as part of paid work.",
        ("no", "No"),
        ("up_to_19_hours", "Yes, up to 19 hours a week"),
        ("20_to_49_hours", "Yes, 20 to 49 hours a week"),
        ("50_hours_or_more", "Yes, 50 or more hours a week"),
    ),
    _question(
        "first_language",
        "First language",
        "What is your main language?",
        "",
        ("english", "English"),
        ("welsh", "Welsh"),
        ("bsl", "British Sign Language"),
        ("other", "Another language"),
    ),
)
QUESTION_BY_FIELD = {q.field: q for q in QUESTIONS}
FIELDS = tuple(QUESTION_BY_FIELD)


class EqualitySchema(Schema):
    """The form (or API body): each answer a known code, or blank for "not asked"."""

    class Meta:
        unknown = "exclude"


for _q in QUESTIONS:
    EqualitySchema._declared_fields[_q.field] = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(
            [code for code, _ in _q.answers], error=f"Choose an answer for {_q.label.lower()}"
        ),
    )


def form_data(form: Any) -> dict[str, str]:
    """The submitted answers, with blanks (not asked) left out."""
    return {name: form.get(name) for name in FIELDS if form.get(name)}


def monitoring_of(client: Client) -> EqualityMonitoring | None:
    return db.session.scalar(
        select(EqualityMonitoring).where(EqualityMonitoring.client_id == client.id)
    )


def record_equality(
    user: User, client: Client, answers: dict[str, str | None], seen_version: int | None
) -> EqualityMonitoring:
    """Save a client's answers (all of them: a missing answer clears it); flush only."""
    require(user, "edit", client, hide=True)
    record = monitoring_of(client)
    if record is None:
        record = EqualityMonitoring(client_id=client.id)
        db.session.add(record)
    else:
        check_version(record, seen_version)
    for name in FIELDS:
        setattr(record, name, answers.get(name) or None)
    record.updated_by = user
    db.session.flush()
    audit.record("edit", record, user=user)
    return record


LABELS = {q.field: q.label for q in QUESTIONS}


def snapshot(record: EqualityMonitoring) -> dict[str, Any]:
    """The answers the form shows, for spotting what changed meanwhile."""
    return {name: QUESTION_BY_FIELD[name].label_of(getattr(record, name)) for name in FIELDS}


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return field_diff(LABELS, before, after)


def has_answers(client: Client) -> bool:
    """Whether the client's equality questions were asked (any answer, even "prefer not")."""
    record = monitoring_of(client)
    return record is not None and any(getattr(record, name) for name in FIELDS)
