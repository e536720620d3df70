"""Sign-in and reset-email throttling kept in the database, so every worker sees the same counts."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, text

from accounts.models import LoginAttempt, ResetRequest
from core.extensions import db
from core.models import utcnow


def normalise_email(email: str) -> str:
    return email.strip().lower()


def account_key(email: str) -> str:
    """Key attempts by a hash of the address typed, whether or not an account has it."""
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


@dataclass(frozen=True)
class Lockout:
    minutes: int


def _window() -> timedelta:
    return timedelta(minutes=int(current_app.config["LOGIN_THROTTLE_MINUTES"]))


def check(email: str, ip: str, now: datetime | None = None) -> Lockout | None:
    """Return a Lockout when the account or the IP address has failed too often lately."""
    now = now or utcnow()
    since = now - _window()
    config = current_app.config
    waits = []
    for column, value, limit in (
        (LoginAttempt.account_key, account_key(email), config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        (LoginAttempt.ip, ip, config["LOGIN_MAX_FAILURES_PER_IP"]),
    ):
        failures = list(
            db.session.scalars(
                select(LoginAttempt.at)
                .where(column == value, LoginAttempt.at > since, LoginAttempt.succeeded.is_(False))
                .order_by(LoginAttempt.at.desc())
                .limit(int(limit))
            )
        )
        if len(failures) >= int(limit):
            # Unlocked once the oldest of the last `limit` failures leaves the window.
            waits.append(failures[-1] + _window() - now)
    if not waits:
        return None
    return Lockout(minutes=max(1, math.ceil(max(waits).total_seconds() / 60)))


def record(email: str, ip: str, succeeded: bool) -> None:
    """Record an attempt; a success clears the account's failures. Flushes only."""
    key = account_key(email)
    if succeeded:
        db.session.execute(
            delete(LoginAttempt).where(
                LoginAttempt.account_key == key, LoginAttempt.succeeded.is_(False)
            )
        )
    db.session.add(LoginAttempt(account_key=key, ip=ip, succeeded=succeeded))
    # Old attempts count for nothing; dropping them keeps the table small.
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - 4 * _window()))
    db.session.flush()


def failure_count(email: str) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(
                LoginAttempt.account_key == account_key(email), LoginAttempt.succeeded.is_(False)
            )
        )
        or 0
    )


def _reset_window() -> timedelta:
    return timedelta(minutes=int(current_app.config["RESET_THROTTLE_MINUTES"]))


def _serialise(*keys: str) -> None:
    """Make concurrent requests on the same keys take turns until their transactions end.

    Without this, simultaneous requests would all count the same earlier rows and all pass.
    PostgreSQL takes an advisory lock per key (in sorted order, so two requests never wait on
    each other); SQLite already lets one writer in at a time.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def reset_allowed(email: str, ip: str) -> bool:
    """Whether another reset email may go to this address, asked for from this IP address.

    Holds the address's and the IP's turn until the caller's transaction ends.
    """
    _serialise(f"reset-address:{account_key(email)}", f"reset-ip:{ip}")
    since = utcnow() - _reset_window()
    config = current_app.config
    for column, value, limit in (
        (ResetRequest.account_key, account_key(email), config["RESET_MAX_PER_ADDRESS"]),
        (ResetRequest.ip, ip, config["RESET_MAX_PER_IP"]),
    ):
        count = db.session.scalar(
            select(func.count())
            .select_from(ResetRequest)
            .where(column == value, ResetRequest.at > since)
        )
        if int(count or 0) >= int(limit):
            return False
    return True


def record_reset(email: str, ip: str) -> None:
    """Count a reset request against the address and the IP address. Flushes only."""
    db.session.add(ResetRequest(account_key=account_key(email), ip=ip))
    db.session.execute(delete(ResetRequest).where(ResetRequest.at < utcnow() - _reset_window()))
    db.session.flush()
