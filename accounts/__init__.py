"""Accounts: users, roles, teams, sign-in, permissions, audit log, email and API tokens."""

from flask import Flask

from accounts import policies  # noqa: F401 - registers the accounts policies
from accounts.api import load_session_user, load_token_user
from accounts.auth import register_session_hooks
from accounts.cli import mail_cli, send_mail_command, users_cli
from accounts.mail import register_outbox_nudge
from accounts.navigation import register_navigation
from accounts.views import api, bp
from core.extensions import login_manager
from core.jobs import add_daily_job


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(api)
    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    add_daily_job(app, "mail send", send_mail_command, order=90)
    register_outbox_nudge()
    login_manager.user_loader(load_session_user)
    login_manager.request_loader(load_token_user)
    login_manager.login_view = "accounts.login"
    register_session_hooks(app)
    register_navigation(app)
