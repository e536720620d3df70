"""`signpost referrals ...`: the clock-driven jobs (for cron) and the coded-activity export."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import AppGroup
from marshmallow import ValidationError

from core.extensions import db
from core.jobs import locked_job
from referrals import coded_export, privacy, services
from referrals.coding_schemas import CodedExportQuerySchema

referrals_cli = AppGroup(
    "referrals", help="Referral housekeeping (expiry and reminders) and the coded-activity export."
)


@referrals_cli.command("expire")
@locked_job("referrals")
def expire_command() -> None:
    """Expire referrals nobody answered within REFERRAL_EXPIRY_DAYS, telling co-ordinators."""
    expired = services.expire_overdue()
    db.session.commit()
    click.echo(f"Expired {expired} referral{'s' if expired != 1 else ''}.")


@referrals_cli.command("remind")
@locked_job("referrals")
def remind_command() -> None:
    """Expire overdue referrals, then remind organisations of those waiting for an answer."""
    reminded = services.send_reminders()
    db.session.commit()
    click.echo(f"Sent {reminded} reminder{'s' if reminded != 1 else ''}.")


@referrals_cli.command("retention")
@click.option("--dry-run", is_flag=True, help="Count what is due; change nothing.")
@locked_job("retention")
def retention_command(dry_run: bool) -> None:
    """Anonymise cases closed more than RETENTION_YEARS ago (names, contacts, notes go)."""
    run = privacy.apply_retention(dry_run=dry_run)
    db.session.commit()
    verb = "Would anonymise" if dry_run else "Anonymised"
    click.echo(
        f"{verb} {run.clients} closed case{'s' if run.clients != 1 else ''} and "
        f"{run.intake_referrals} referral{'s' if run.intake_referrals != 1 else ''} in "
        f"closed before {run.cutoff:%d %B %Y}."
    )


@referrals_cli.command("coded-export")
@click.option("--from", "date_from", default=None, help="First day, YYYY-MM-DD (required).")
@click.option("--to", "date_to", default=None, help="Last day, YYYY-MM-DD, inclusive (required).")
@click.option(
    "--practice", default=None, help="One GP practice's ODS code; every one if not given."
)
@click.argument("output", type=click.File("w", encoding="utf-8"), default="-")
def coded_export_command(
    date_from: str | None, date_to: str | None, practice: str | None, output: Any
) -> None:
    """Write coded events (NHS number, date, SNOMED CT code, term, practice) as CSV (audited)."""
    raw = {"from": date_from, "to": date_to, "practice": practice}
    try:
        query = CodedExportQuerySchema().load({k: v for k, v in raw.items() if v is not None})
    except ValidationError as error:
        for field, messages in error.messages_dict.items():
            click.echo(f"--{field}: {' '.join(messages)}", err=True)
        raise SystemExit(2) from error
    rows = coded_export.export_rows_for_operator(
        query["date_from"], query["date_to"], query["practice"]
    )
    db.session.commit()
    output.write(coded_export.export_csv(rows))
    click.echo(f"Exported {len(rows)} coded entr{'ies' if len(rows) != 1 else 'y'}.", err=True)
