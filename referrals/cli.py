"""`signpost referrals ...`: the clock-driven jobs (run them from cron or a scheduler)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from core.extensions import db
from core.jobs import locked_job
from referrals import privacy, services

referrals_cli = AppGroup("referrals", help="Referral housekeeping: expiry and reminders.")


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
