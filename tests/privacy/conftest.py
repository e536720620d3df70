"""Fixtures for data protection: the caseload world, with a full record on its client."""

from tests.accounts.conftest import login, make_user, password_hash  # noqa: F401
from tests.browser import browser_type_launch_args, live_server, screenshot_dir  # noqa: F401
from tests.referrals.conftest import make_client, outbox, site, world  # noqa: F401
