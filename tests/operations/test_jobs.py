"""Item 4 of issue 14: each scheduled job holds a lock, a second copy exits 0 saying so, and
`signpost cron` runs every daily job in order."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db
from core.jobs import daily_jobs, exclusive
from core.outbox import OutboxMessage
from tests.operations.conftest import command_env, send_referrals, start_command


@pytest.mark.committed  # another process takes the lock and reads the database
def test_a_second_copy_exits_zero_while_the_first_holds_the_lock(app, request, smtp, tmp_path):
    with app.app_context():
        world = request.getfixturevalue("world")
        db.session.commit()
        send_referrals(app, world, 2, days_ago=4)
        smtp.recorder.messages.clear()
        env = command_env(app, tmp_path)
        with exclusive(db.engine, "job-referrals", wait=False) as taken:
            assert taken
            run = start_command(env, "referrals", "remind")
            out, err = run.communicate(timeout=60)
            assert run.returncode == 0, err
            assert "Another run of referrals is active" in out
            assert smtp.recorder.subjects() == []
        # Once the first copy is done, the job runs; run again, it has nothing left to do.
        for expected in ("Sent 2 reminders.", "Sent 0 reminders."):
            run = start_command(env, "referrals", "remind")
            out, err = run.communicate(timeout=60)
            assert run.returncode == 0, err
            assert expected in out
    assert len([s for s in smtp.recorder.subjects() if s.startswith("Reminder")]) == 2


@pytest.mark.committed  # the locks use connections of their own
def test_cron_runs_every_daily_job_in_order(app, runner, request):
    with app.app_context():
        request.getfixturevalue("world")
        db.session.commit()
        assert [job.name for job in daily_jobs(app)] == [
            "sources sync",
            "listings remind",
            "referrals remind",
            "team weekly-summary",
            "search prune",
            "referrals retention",
            "mail send",
        ]
    result = runner.invoke(args=["cron"])
    assert result.exit_code == 0, result.output
    headings = [line for line in result.output.splitlines() if line.startswith("== ")]
    assert headings == [
        "== sources sync",
        "== listings remind",
        "== referrals remind",
        "== team weekly-summary",
        "== search prune",
        "== referrals retention",
        "== mail send",
    ]
    # Idempotent: a second run changes nothing and sends nothing more.
    with app.app_context():
        before = len(db.session.scalars(select(OutboxMessage)).all())
    assert runner.invoke(args=["cron"]).exit_code == 0
    with app.app_context():
        assert len(db.session.scalars(select(OutboxMessage)).all()) == before
