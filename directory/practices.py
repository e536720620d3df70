"""GP practices by ODS code, loaded from NHS Digital's epraccur file, with their PCNs.

`epraccur.csv` has no header: one practice (prescribing cost centre) a line, 27 columns, of which
Signpost keeps the code, name, postcode, status and prescribing setting (4 is a GP practice).
The practice-to-PCN links come from a second file with a header, either the ePCN workbook's
"PCN Core Partner Details" sheet saved as CSV (`Partner Organisation Code`, `PCN Code`,
`PCN Name`, and `Practice to PCN Relationship End Date`: ended links are ignored) or a simple
`practice_code,pcn_code,pcn_name` file. Both go through the all-or-nothing import engine.
"""

from __future__ import annotations

import csv
import string
from collections.abc import Iterator
from datetime import datetime
from itertools import count
from typing import IO, Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from core.enums import LabelledEnum
from core.extensions import Model, db
from core.forms import without_blanks
from core.models import utcnow
from directory.importing import (
    ImportReport,
    Outcome,
    RowProblem,
    SourceRecord,
    flatten_messages,
    run_import,
)
from directory.schemas import PostcodeField

GP_PRACTICE_SETTING = 4
ODS_CODE = r"^[A-Z0-9]{3,8}$"

# epraccur's columns in file order; the unnamed ones are empty in the published file.
EPRACCUR_COLUMNS = (
    "organisation_code",
    "name",
    "national_grouping",
    "high_level_health_geography",
    "address_line_1",
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "address_line_5",
    "postcode",
    "open_date",
    "close_date",
    "status_code",
    "organisation_sub_type_code",
    "commissioner",
    "join_provider_purchaser_date",
    "left_provider_purchaser_date",
    "contact_telephone_number",
    "null_1",
    "null_2",
    "null_3",
    "amended_record_indicator",
    "null_4",
    "provider_purchaser",
    "null_5",
    "prescribing_setting",
    "null_6",
)
REQUIRED_COLUMNS = EPRACCUR_COLUMNS.index("status_code") + 1


class PracticeStatus(LabelledEnum):
    OPEN = "open"
    CLOSED = "closed"


# epraccur status codes: Active; Closed, Dormant and Proposed are not (yet) taking patients.
STATUS_CODES = {
    "A": PracticeStatus.OPEN,
    "C": PracticeStatus.CLOSED,
    "D": PracticeStatus.CLOSED,
    "P": PracticeStatus.CLOSED,
}


class Practice(Model):
    """A GP practice (or other prescribing cost centre) and the PCN it belongs to."""

    id: Mapped[int] = mapped_column(primary_key=True)
    ods_code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[PracticeStatus] = mapped_column(default=PracticeStatus.OPEN)
    prescribing_setting: Mapped[int | None]
    pcn_code: Mapped[str | None] = mapped_column(String(8), index=True)
    pcn_name: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<Practice {self.ods_code}>"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.ods_code})"


class OdsCode(fields.String):
    """An ODS code, upper-cased."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        return super()._deserialize(value, attr, data, **kwargs).strip().upper()


def ods_code_field(**options: Any) -> OdsCode:
    return OdsCode(
        validate=validate.Regexp(ODS_CODE, error="Enter an ODS code: 3 to 8 letters and digits"),
        **options,
    )


class EpraccurRowSchema(Schema):
    """One line of epraccur.csv; blank columns are missing, unknown ones ignored."""

    class Meta:
        unknown = EXCLUDE

    organisation_code = ods_code_field(
        required=True, error_messages={"required": "Every practice needs its code"}
    )
    name = fields.String(
        required=True,
        validate=validate.Length(max=200, error="The name must be 200 characters or fewer"),
        error_messages={"required": "Every practice needs a name"},
    )
    postcode = PostcodeField(load_default=None)
    status_code = fields.String(
        required=True,
        validate=validate.OneOf(list(STATUS_CODES), error="The status code must be A, C, D or P"),
        error_messages={"required": "Every practice needs a status code (A, C, D or P)"},
    )
    prescribing_setting = fields.Integer(
        load_default=None,
        strict=False,
        validate=validate.Range(0, 99, error="The prescribing setting must be a number 0 to 99"),
        error_messages={"invalid": "The prescribing setting must be a number 0 to 99"},
    )

    @pre_load
    def drop_blanks(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if "_short" in data:
            raise ValidationError(f"the line {data['_short']}")
        return without_blanks(data, drop_none=True)


class PcnLinkSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    practice_code = ods_code_field(
        required=True, error_messages={"required": "Every line needs the practice's code"}
    )
    pcn_code = ods_code_field(
        required=True, error_messages={"required": "Every line needs the PCN's code"}
    )
    pcn_name = fields.String(
        required=True,
        validate=validate.Length(max=200, error="The PCN name must be 200 characters or fewer"),
        error_messages={"required": "Every line needs the PCN's name"},
    )
    ended = fields.String(load_default=None)

    @pre_load
    def drop_blanks(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return without_blanks(data, drop_none=True)


# ePCN "PCN Core Partner Details" headings, mapped to the simple file's column names.
EPCN_HEADINGS = {
    "Partner Organisation Code": "practice_code",
    "PCN Code": "pcn_code",
    "PCN Name": "pcn_name",
    "Practice to PCN Relationship End Date": "ended",
}


def read_epraccur(file: IO[str]) -> Iterator[SourceRecord]:
    """Yield epraccur lines as records (line numbers from 1: the file has no header)."""
    for number, row in zip(count(1), csv.reader(file), strict=False):
        if not any(cell.strip() for cell in row):
            continue
        data: dict[str, Any] = dict(zip(EPRACCUR_COLUMNS, row, strict=False))
        if len(row) < REQUIRED_COLUMNS:
            # Reported against the line rather than as a confusing missing status code.
            data = {"_short": f"has {len(row)} columns; epraccur lines have at least 13"}
        code = row[0].strip() if row else ""
        yield SourceRecord(row=number, record=code or None, data=data)


def read_pcn_links(file: IO[str]) -> tuple[dict[str, tuple[str, str]], list[RowProblem]]:
    """Read practice-to-PCN links (either shape, see the module docstring), or the problems."""
    reader = csv.DictReader(file)
    headings = [name.strip() for name in reader.fieldnames or []]
    if set(EPCN_HEADINGS) - {"Practice to PCN Relationship End Date"} <= set(headings):
        rename = EPCN_HEADINGS
    elif {"practice_code", "pcn_code", "pcn_name"} <= set(headings):
        rename = {name: name for name in ("practice_code", "pcn_code", "pcn_name")}
    else:
        problem = RowProblem(
            1,
            None,
            None,
            "the PCN file needs the columns practice_code,pcn_code,pcn_name, or the ePCN "
            "headings Partner Organisation Code, PCN Code and PCN Name",
        )
        return {}, [problem]
    links: dict[str, tuple[str, str]] = {}
    seen: dict[str, int] = {}
    problems: list[RowProblem] = []
    schema = PcnLinkSchema()
    for number, row in zip(count(2), reader, strict=False):
        data = {rename[k.strip()]: v for k, v in row.items() if k and k.strip() in rename}
        if not any(isinstance(v, str) and v.strip() for v in data.values()):
            continue
        label = (data.get("practice_code") or "").strip() or None
        try:
            loaded = schema.load(data)
        except ValidationError as error:
            problems.extend(
                RowProblem(number, label, name, message)
                for name, message in flatten_messages(error.messages)
            )
            continue
        if loaded["ended"]:
            continue
        code = loaded["practice_code"]
        if code in seen:
            problems.append(
                RowProblem(number, code, None, f"the practice is also in a PCN on row {seen[code]}")
            )
            continue
        seen[code] = number
        links[code] = (loaded["pcn_code"], loaded["pcn_name"])
    return links, problems


def readable_name(name: str) -> str:
    """epraccur names are in capitals: show "ST JOHN'S SURGERY" as "St John's Surgery"."""
    return string.capwords(name) if name.isupper() else name


def import_practices(
    practices: IO[str],
    source: str,
    pcn_links: IO[str] | None = None,
    pcn_source: str = "the PCN file",
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Add or update every practice in an epraccur file, all or nothing; the caller commits.

    Without a PCN file each practice keeps the PCN it had; with one, a practice the file does
    not list is in no PCN. Practices missing from the file are kept (clients may name them).
    """
    links: dict[str, tuple[str, str]] | None = None
    if pcn_links is not None:
        links, problems = read_pcn_links(pcn_links)
        if problems:
            return ImportReport(source=pcn_source, dry_run=dry_run, problems=problems)
    existing = {p.ods_code: p for p in db.session.scalars(select(Practice))}

    def apply(row: dict[str, Any]) -> Outcome:
        code = row["organisation_code"]
        values: dict[str, Any] = {
            "name": readable_name(row["name"]),
            "postcode": row["postcode"],
            "status": STATUS_CODES[row["status_code"]],
            "prescribing_setting": row["prescribing_setting"],
        }
        if links is not None:
            values["pcn_code"], values["pcn_name"] = links.get(code, (None, None))
        practice = existing.get(code)
        if practice is None:
            practice = Practice(ods_code=code, **values)
            db.session.add(practice)
            existing[code] = practice
            return Outcome.CREATED
        if all(getattr(practice, name) == value for name, value in values.items()):
            return Outcome.UNCHANGED
        for name, value in values.items():
            setattr(practice, name, value)
        return Outcome.UPDATED

    report = run_import(
        source,
        read_epraccur(practices),
        EpraccurRowSchema(),
        apply,
        identity=lambda row: row["organisation_code"],
        dry_run=dry_run,
    )
    if links is not None and not report.problems:
        unknown = sorted(set(links) - set(existing))
        if unknown:
            report.notices.append(
                f"{len(unknown)} practice(s) in {pcn_source} are not in {source}, "
                f"e.g. {', '.join(unknown[:5])}"
            )
    return report


def practice_choices(current: Practice | None = None) -> list[tuple[str, str]]:
    """(ODS code, label) of open GP practices by name, with the client's own if it closed."""
    chosen = db.session.scalars(
        select(Practice)
        .where(
            Practice.status == PracticeStatus.OPEN,
            (Practice.prescribing_setting == GP_PRACTICE_SETTING)
            | Practice.prescribing_setting.is_(None),
        )
        .order_by(Practice.name, Practice.ods_code)
    ).all()
    options = [(p.ods_code, p.label) for p in chosen]
    if current is not None and current not in chosen:
        options.append((current.ods_code, f"{current.label}, {current.status.label.lower()}"))
    return options


def find_practice(ods_code: str) -> Practice | None:
    return db.session.scalar(select(Practice).where(Practice.ods_code == ods_code.upper()))
