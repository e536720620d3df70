"""Accounts: users, roles, teams, sign-in, audit log, API tokens and who may do what to them."""

from flask import Flask

from accounts import policies  # noqa: F401 - registers the accounts policies
from accounts.api import load_session_user, load_token_user
from accounts.auth import register_session_hooks
from accounts.cli import users_cli
from accounts.navigation import register_navigation
from accounts.views import api, bp
from core.extensions import login_manager


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(api)
    app.cli.add_command(users_cli)
    login_manager.user_loader(load_session_user)
    login_manager.request_loader(load_token_user)
    login_manager.login_view = "accounts.login"
    register_session_hooks(app)
    register_navigation(app)
