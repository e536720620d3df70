"""Input for the coded-activity export: a period and, optionally, one GP practice."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validates_schema

from directory.practices import ods_code_field


class CodedExportQuerySchema(Schema):
    """?from=YYYY-MM-DD&to=YYYY-MM-DD[&practice=ODS]: the period is inclusive."""

    date_from = fields.Date(
        data_key="from",
        required=True,
        error_messages={
            "required": "Enter the first day",
            "invalid": "Enter a real date for the first day",
        },
    )
    date_to = fields.Date(
        data_key="to",
        required=True,
        error_messages={
            "required": "Enter the last day",
            "invalid": "Enter a real date for the last day",
        },
    )
    practice = ods_code_field(load_default=None)

    @pre_load
    def drop_blanks(self, data: Any, **_: Any) -> Any:
        """Blank fields count as not given; unknown ones are dropped (a page's own fields)."""
        if not hasattr(data, "items"):
            return data
        wanted = {"from", "to", "practice"}
        return {
            k: v
            for k, v in data.items()
            if k in wanted and not (isinstance(v, str) and not v.strip())
        }

    @validates_schema
    def period_in_order(self, data: dict[str, Any], **_: Any) -> None:
        if data["date_from"] > data["date_to"]:
            raise ValidationError("The last day must be the same as or after the first day", "to")
