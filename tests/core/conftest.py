"""Fixtures for the app-wide tests: the referral tracker's small world of every role."""

from __future__ import annotations

from tests.referrals.conftest import (  # noqa: F401
    login,
    make_client,
    make_user,
    password_hash,
    site,
    world,
)
