"""Line breaks never reach a header or a log line; access logs hold no secret or search."""

from __future__ import annotations

import http.client
import io
import json
import logging
import os
import re
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from gunicorn.config import Config as GunicornConfig
from sqlalchemy import select
from werkzeug.serving import make_server

from core.extensions import db
from core.fields import ONE_LINE_MESSAGE
from core.gunicorn_logging import RedactingLogger
from core.logs import REDACTED, redact_request_line
from core.mail import _build_message
from directory.models import Service
from tests.listings.test_pages import LIST_YOUR_GROUP
from tests.openreferral.test_import import exported_file  # noqa: F401
from tests.referrals.test_views import sign_in

FORGED = "Warm space\r\nBcc: attacker@evil.example"
SECRET = "s3cr3tT0kenXYZ"
SURNAME = "Hargreaves"
ROOT = Path(__file__).resolve().parents[2]

NEW_LISTING = {**LIST_YOUR_GROUP, "description": "Come and grow things.\r\nBring boots."}


# Line breaks: refused at input ------------------------------------------------------------


def test_a_service_name_with_a_line_break_is_refused_on_the_public_form(client) -> None:
    for field in ("service_name", "organisation_name", "your_name"):
        answer = client.post("/list-your-group", data={**NEW_LISTING, field: FORGED})
        assert answer.status_code == 400, field
        assert ONE_LINE_MESSAGE in answer.get_data(as_text=True)
    # A description is a textarea: its lines are kept.
    assert client.post("/list-your-group", data=NEW_LISTING).status_code == 200


def test_api_text_fields_with_line_breaks_are_field_errors(client, site) -> None:
    sign_in(client, site.coordinator)
    body = {
        "first_name": "Bert\nINFO forged",
        "last_name": "Ramsden",
        "age_band": "75_84",
        "contact_preference": "email",
        "email": "bert@example.net",
        "consent_given_on": "2026-01-10",
        "what_matters": "Two\nlines are fine here",
    }
    answer = client.post("/api/v1/clients", json=body)
    assert answer.status_code == 400
    assert answer.get_json()["errors"] == {"first_name": [ONE_LINE_MESSAGE]}
    assert client.post("/api/v1/clients", json={**body, "first_name": "Bert"}).status_code == 201


# Line breaks: made harmless where they meet a header or a log ------------------------------


def test_email_headers_are_one_line_whatever_the_subject() -> None:
    message = _build_message(
        "Signpost <no-reply@x.example>", "a@x.example", f"Referral to {FORGED}", "body", None
    )
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert message["Subject"].startswith("Referral to Warm space")
    message.as_bytes()  # a header holding a line break fails here, as an SMTP send would


def test_app_log_records_stay_on_one_line(app: Flask, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="signpost"):
        logging.getLogger("signpost.mail").info("email queued subject=%s", FORGED)
        logging.getLogger("signpost.search").info(FORGED)
    assert len(caplog.records) == 2
    for record in caplog.records:
        assert "\n" not in record.getMessage() and "\r" not in record.getMessage()
        assert "Warm space\\r\\nBcc" in record.getMessage()


# Access logs ---------------------------------------------------------------------------------


def _fill(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SECRET if m[1] == "token" else "1", rule)


def test_every_route_taking_a_token_is_redacted(app: Flask) -> None:
    token_rules = [r.rule for r in app.url_map.iter_rules() if "token" in r.arguments]
    assert "/r/<token>" in token_rules and len(token_rules) >= 4
    for rule in token_rules:
        line = redact_request_line(f"GET {_fill(rule)}?token={SECRET} HTTP/1.1")
        assert SECRET not in line, rule
        assert REDACTED in line


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        (f"/clients?q={SURNAME}&page=2", "/clients?q=[redacted]&page=2"),
        ("/search?q=refuge&postcode=BL1+8AA", "/search?q=[redacted]&postcode=[redacted]"),
        (f"/password-reset/{SECRET}", "/password-reset/[redacted]"),
        (f"/invitations/{SECRET}", "/invitations/[redacted]"),
        (f"/manage/confirm/{SECRET}", "/manage/confirm/[redacted]"),
        ("/services/abc-def", "/services/abc-def"),
        # Spellings the router still sends to an emailed link's page.
        (f"/%72/{SECRET}", "/r/[redacted]"),
        (f"//r/{SECRET}", "/r/[redacted]"),
        (f"/%2Fr/{SECRET}", "/r/[redacted]"),
    ],
)
def test_request_lines_are_redacted(target: str, kept: str) -> None:
    assert redact_request_line(f"GET {target} HTTP/1.1") == f"GET {kept} HTTP/1.1"
    coloured = f"\x1b[1m\x1b[31mGET {target} HTTP/1.1\x1b[0m"
    assert redact_request_line(coloured) == f"\x1b[1m\x1b[31mGET {kept} HTTP/1.1\x1b[0m"


@pytest.mark.committed
def test_the_development_servers_access_log_holds_no_token_or_search(app: Flask) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    werkzeug_log = logging.getLogger("werkzeug")
    werkzeug_log.addHandler(handler)
    level = werkzeug_log.level
    werkzeug_log.setLevel(logging.INFO)
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        for path in (
            f"/r/{SECRET}",
            f"/password-reset/{SECRET}",
            f"/invitations/{SECRET}",
            f"/clients?q={SURNAME}",
            f"/accessibility?token={SECRET}",
        ):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
            connection.request("GET", path, headers={"Referer": f"http://x/r/{SECRET}"})
            connection.getresponse().read()
            connection.close()
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        werkzeug_log.removeHandler(handler)
        werkzeug_log.setLevel(level)
    log = stream.getvalue()
    assert log.count("\n") >= 5 and "/r/[redacted]" in log and "/clients?q=[redacted]" in log
    assert SECRET not in log and SURNAME not in log


def test_gunicorns_access_log_holds_no_token_or_search(tmp_path: Path) -> None:
    config = GunicornConfig()
    settings: dict[str, object] = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), settings)  # noqa: S102 (our own file)
    for name in ("logger_class", "access_log_format"):
        config.set(name, settings[name])
    log_file = tmp_path / "access.log"
    config.set("accesslog", str(log_file))
    logger = config.logger_class(config)
    assert isinstance(logger, RedactingLogger)
    for path, query in ((f"/r/{SECRET}", "page=1"), ("/clients", f"q={SURNAME}")):
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"{path}?{query}",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "203.0.113.9",
            "HTTP_REFERER": f"https://signpost.example/invitations/{SECRET}",
            "HTTP_USER_AGENT": "test\r\nforged line",
        }
        request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
        response = SimpleNamespace(status="200 OK", headers=[], sent=10)
        logger.access(response, request, environ, timedelta(milliseconds=3))
    for handler in logger.access_log.handlers:
        handler.flush()
    log = log_file.read_text()
    assert log.count("\n") == 2 and "/r/[redacted]?page=1" in log
    assert SECRET not in log and SURNAME not in log


def test_the_documented_gunicorn_command_uses_the_redacting_config() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = [line for line in readme.splitlines() if "bin/gunicorn " in line]
    assert commands and all("-c gunicorn.conf.py" in line for line in commands)


def test_an_imported_name_on_several_lines_is_joined(app, runner, exported_file) -> None:  # noqa: F811
    records = json.loads(exported_file.read_text())
    for record in records:
        record["name"] = "Walking\r\nBcc: attacker@evil.example " + record["name"]
        record["organization"]["name"] = "Age UK\nBolton"
    exported_file.write_text(json.dumps(records))
    result = runner.invoke(args=["import", "openreferral", str(exported_file)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        for service in db.session.scalars(select(Service)):
            assert service.name.startswith("Walking Bcc: attacker@evil.example ")
            assert service.organisation.name == "Age UK Bolton"


@pytest.mark.committed
def test_gunicorn_started_as_documented_logs_no_token_or_search(app: Flask, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SIGNPOST_SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SIGNPOST_SECRET_KEY": "gunicorn-test-secret",
        "SIGNPOST_INSTANCE_DIR": str(tmp_path),
        "SIGNPOST_BASE_URL": "http://127.0.0.1",  # production: it must be set
    }
    env.pop("DATABASE_URL", None)
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        *("-c", "gunicorn.conf.py", "--workers", "1", "--bind", "127.0.0.1:0"),
        "core:create_app()",
    ]
    server = subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        port = None
        assert server.stderr is not None
        for line in server.stderr:
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line)
            if found:
                port = int(found[1])
            if "Booting worker" in line:
                break
        assert port is not None
        # The master listens already: a request waits in the socket's queue for the worker.
        for path in (f"/r/{SECRET}", f"/invitations/{SECRET}", f"/clients?q={SURNAME}"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
    finally:
        server.terminate()
        output, _errors = server.communicate(timeout=30)
    assert output.count("GET ") == 3, output
    assert "/r/[redacted]" in output and "/clients?q=[redacted]" in output
    assert SECRET not in output and SURNAME not in output
