"""Fixtures for directory tests: the accounts' users and sign-in (organisation membership)."""

from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401
