"""`signpost team ...`: the team leaders' weekly summary (`signpost cron` runs it daily)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from core.extensions import db
from core.jobs import locked_job
from core.models import utcnow
from referrals import supervision

team_cli = AppGroup("team", help="Team supervision: the team leaders' weekly summary.")


@team_cli.command("weekly-summary")
@locked_job("team-weekly-summary")
def weekly_summary_command() -> None:
    """Email each team leader their teams' weekly counts, once per week (Monday to Sunday).

    Safe to run every day: a leader who has had this week's summary for a team is skipped.
    """
    sent = supervision.send_weekly_summaries(utcnow().date())
    db.session.commit()
    click.echo(f"Sent {sent} weekly summar{'ies' if sent != 1 else 'y'}.")
