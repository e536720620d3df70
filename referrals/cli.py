"""`signpost referrals ...`: the clock-driven jobs (run them from cron or a scheduler)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from core.extensions import db
from core.jobs import locked_job
from referrals import services

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
