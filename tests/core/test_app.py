from __future__ import annotations

from flask import request

from core.app import create_app
from core.config import database_url_from_environment
from core.security import content_security_policy


def test_database_url_is_normalised_to_psycopg(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/signpost")
    assert database_url_from_environment() == "postgresql+psycopg://u:p@db:5432/signpost"
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/x.db")
    assert database_url_from_environment() == "sqlite:////tmp/x.db"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url_from_environment() is None


def test_environment_overrides_defaults(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SIGNPOST_BOROUGH_NAME", "Wigan")
    monkeypatch.setenv("SIGNPOST_STALE_AFTER_DAYS", "90")
    monkeypatch.setenv("SIGNPOST_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("SIGNPOST_BASE_URL", "https://signpost.example.org")
    app = create_app()
    assert app.config["BOROUGH_NAME"] == "Wigan"
    assert app.config["STALE_AFTER_DAYS"] == 90
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'signpost.db'}"


def test_generated_secret_is_kept_between_starts(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("SIGNPOST_SECRET_KEY", raising=False)
    monkeypatch.setenv("SIGNPOST_BASE_URL", "https://signpost.example.org")
    first = create_app({"INSTANCE_DIR": str(tmp_path)}).config["SECRET_KEY"]
    second = create_app({"INSTANCE_DIR": str(tmp_path)}).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_content_security_policy_allows_only_own_scripts_and_the_tile_host() -> None:
    policy = content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "img-src 'self' data: https://*.tile.example.org" in policy
    assert "unsafe-inline" not in policy
    assert "img-src 'self' data:;" in content_security_policy("") + ";"


def test_every_response_carries_security_headers(client) -> None:
    response = client.get("/accessibility")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_unknown_pages_get_a_page_and_api_callers_get_json(client) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert b"Page not found" in page.data
    api = client.get("/api/v1/no-such-endpoint")
    assert api.status_code == 404
    assert api.get_json()["status"] == 404


def test_client_address_comes_from_the_proxy_only_when_trusted(app_config, tmp_path) -> None:
    seen: list[str | None] = []

    def build(proxies: int):
        app = create_app(
            {"INSTANCE_DIR": str(tmp_path), "TRUSTED_PROXIES": proxies, "TESTING": True}
        )

        @app.get("/_remote")
        def remote() -> str:
            seen.append(request.remote_addr)
            return ""

        return app

    headers = {"X-Forwarded-For": "203.0.113.9"}
    build(0).test_client().get("/_remote", headers=headers)
    build(1).test_client().get("/_remote", headers=headers)
    assert seen == ["127.0.0.1", "203.0.113.9"]
