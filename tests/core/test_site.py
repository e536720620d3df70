"""Production start-up and the host allow-list: BASE_URL is required, other hosts are refused."""

from __future__ import annotations

import pytest

from core import cli
from core.app import create_app
from core.site import ConfigurationError

SITE = "https://signpost.example.org"


def _production(tmp_path, **config):
    return create_app({"INSTANCE_DIR": str(tmp_path), "TESTING": False, "DEBUG": False, **config})


def test_production_without_base_url_refuses_to_start(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("SIGNPOST_BASE_URL", raising=False)
    with pytest.raises(ConfigurationError, match="SIGNPOST_BASE_URL is not set"):
        _production(tmp_path)


@pytest.mark.parametrize("bad", ["signpost.example.org", "ftp://x.example", "https://x?y=1"])
def test_a_base_url_that_is_not_a_site_address_is_refused(tmp_path, bad) -> None:
    with pytest.raises(ConfigurationError, match="must look like"):
        _production(tmp_path, BASE_URL=bad)


def test_debug_and_test_runs_default_to_the_local_demo(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("SIGNPOST_BASE_URL", raising=False)
    app = create_app({"INSTANCE_DIR": str(tmp_path), "TESTING": False, "DEBUG": True})
    assert app.config["BASE_URL"] == "http://127.0.0.1:5000"
    assert app.config["TRUSTED_HOSTS"] is None


def test_base_url_comes_from_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("SIGNPOST_BASE_URL", SITE + "/")
    app = _production(tmp_path)
    assert app.config["BASE_URL"] == SITE
    assert app.config["TRUSTED_HOSTS"] == ["signpost.example.org"]


def test_production_refuses_requests_for_unknown_hosts(tmp_path) -> None:
    client = _production(
        tmp_path, BASE_URL=SITE, ALLOWED_HOSTS="www.signpost.example.org"
    ).test_client()
    assert client.get("/accessibility", base_url=SITE).status_code == 200
    assert (
        client.get("/accessibility", base_url="https://www.signpost.example.org").status_code == 200
    )
    refused = client.get("/accessibility", base_url="https://evil.example")
    assert refused.status_code == 400
    assert client.post("/password-reset", base_url="https://evil.example").status_code == 400


def test_behind_a_proxy_a_forwarded_unknown_host_is_refused(tmp_path) -> None:
    client = _production(tmp_path, BASE_URL=SITE, TRUSTED_PROXIES=1).test_client()
    forwarded = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    assert client.get("/accessibility", base_url=SITE, headers=forwarded).status_code == 400
    own = {"X-Forwarded-Host": "signpost.example.org", "X-Forwarded-Proto": "https"}
    assert (
        client.get("/accessibility", base_url="http://127.0.0.1:8000", headers=own).status_code
        == 200
    )


def test_the_signpost_command_says_what_is_missing(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("SIGNPOST_BASE_URL", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("SIGNPOST_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setattr("sys.argv", ["signpost", "referrals", "remind"])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert str(stopped.value).startswith("Error: SIGNPOST_BASE_URL is not set")
