"""Fixtures for operations tests: a recording SMTP server, referrals waiting, commands run as
separate processes against the test's database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from core.extensions import db
from core.models import utcnow
from referrals import services
from referrals.models import Referral
from tests.accounts.conftest import make_user, password_hash  # noqa: F401
from tests.operations.smtp_recorder import SMTPRecorder
from tests.referrals.conftest import make_client, outbox, world  # noqa: F401

SIGNPOST = Path(sys.executable).with_name("signpost")


@pytest.fixture
def smtp() -> Iterator[SMTPRecorder]:
    with SMTPRecorder() as server:
        yield server


@pytest.fixture
def app_config(smtp: SMTPRecorder) -> dict[str, Any]:
    return smtp.config()


def send_one(people: Any) -> Referral:
    """The coordinator refers the client to the service (flushes only)."""
    return services.send_referral(
        people.coordinator,
        people.client,
        people.service,
        theme=people.service.themes[0],
        reason="Lonely since her husband died",
        consent_to_share_on=people.client.consent_given_on,
    )


def send_referrals(app: Flask, people: Any, count: int, days_ago: int) -> list[int]:
    """Send `count` referrals and backdate them; commits. Needs an app context."""
    ids = [send_one(people).id for _ in range(count)]
    db.session.commit()
    db.session.execute(
        update(Referral)
        .where(Referral.id.in_(ids))
        .values(sent_at=utcnow() - timedelta(days=days_ago))
    )
    db.session.commit()
    return ids


def clean_env(**settings: Any) -> dict[str, str]:
    """This environment without Signpost settings, plus `settings` as SIGNPOST_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNPOST_")}
    env.pop("DATABASE_URL", None)
    env["SIGNPOST_BASE_URL"] = "http://localhost"  # production-like: it must be set
    for key, value in settings.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        env[f"SIGNPOST_{key}"] = str(value)
    return env


def command_env(app: Flask, tmp_path: Path, **settings: Any) -> dict[str, str]:
    """Environment for `signpost` run as a separate process on the test's database."""
    return clean_env(
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY=app.config["SECRET_KEY"],
        INSTANCE_DIR=str(tmp_path / "instance"),
        **{k: app.config[k] for k in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS")},
        **settings,
    )


def start_command(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - our own console script, fixed arguments
        [str(SIGNPOST), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
