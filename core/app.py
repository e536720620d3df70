"""The application factory."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from core import backup, database, errors, jobs, logs, mail, numbers, security, templating
from core.config import PROJECT_ROOT, Config, database_url_from_environment
from core.extensions import csrf, db, login_manager, migrate
from core.site import configure_site
from core.transaction import Signpost

# Feature packages, each exposing init_app(app) to register its blueprints, CLI commands
# and hooks. Order matters only for template/blueprint precedence, which none rely on.
FEATURES = (
    "directory",
    "accounts",
    "search",
    "seeds",
    "openreferral",
    "referrals",
    "admin",
    "frontdoors",
)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure a Signpost application."""
    app = Signpost(
        "signpost",
        root_path=str(PROJECT_ROOT),
        template_folder="templates",
        static_folder="static",
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
    )
    configure(app, test_config)
    configure_site(app)
    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    register_extensions(app)
    numbers.register_converters(app)  # before any route is added
    mail.register_mail(app)  # `mail send`, its daily run and the after-commit delivery
    register_features(app)
    logs.configure_logging()  # after the features made their loggers
    errors.register_errorhandlers(app)
    jobs.register_jobs(app)
    backup.register_backup_commands(app)
    security.register_security_headers(app)
    templating.register_template_helpers(app)
    return app


def configure(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Load defaults, then SIGNPOST_* environment variables, then test overrides."""
    app.config.from_object(Config)
    app.config.from_prefixed_env("SIGNPOST")
    database_url = database_url_from_environment()
    if database_url and not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    if test_config:
        app.config.update(test_config)

    instance = Path(app.config["INSTANCE_DIR"])
    app.instance_path = str(instance)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        instance.mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'signpost.db'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)
    logging.getLogger("signpost").setLevel(app.config["LOG_LEVEL"])


def _instance_secret(instance: Path) -> str:
    """Read (or create once) a random secret kept in the instance folder."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    database.register_database_settings(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)


def register_features(app: Flask) -> None:
    for name in FEATURES:
        import_module(name).init_app(app)
