"""Load mix against two gunicorn workers: 50 simulated people for 60 s, half of them writing.

Builds a fresh database holding the demo borough (SQLite in a temporary folder, or a new
PostgreSQL database with --postgres URL), serves it with gunicorn, then runs the people as
threads: readers open the home page and search; writers sign in as a demo co-ordinator and add
clients (a form with its CSRF token, like a browser), looking at their caseload between.
Prints requests, 5xx errors, other errors, p50/p95/max latency for reads and writes, and lost
writes (clients the app said it saved, 302, that are not in the database afterwards).

    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--workers 2]
        [--postgres postgresql://127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEARCHES = ["lunch club", "debt advice", "befriending", "carers", "walking", "food bank"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    saved: int = 0  # clients the app answered 302 for

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            (self.writes if kind == "write" else self.reads).append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


class Person:
    def __init__(self, base: str, tally: Tally) -> None:
        self.base = base
        self.tally = tally
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect()
        )

    def request(self, kind: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode(errors="replace")
        except OSError:
            status, body = 599, ""  # no answer at all
        self.tally.add(kind, status, time.perf_counter() - started)
        return status, body

    def token(self, path: str) -> str:
        _, body = self.request("read", path)
        found = CSRF.search(body)
        return found.group(1) if found else ""


def reader(person: Person, until: float, rng: random.Random) -> None:
    while time.monotonic() < until:
        if rng.random() < 0.3:
            person.request("read", "/")
        else:
            person.request("read", "/search?" + urllib.parse.urlencode({"q": rng.choice(SEARCHES)}))


def writer(person: Person, until: float, number: int, password: str) -> None:
    token = person.token("/login")
    person.request(
        "write",
        "/login",
        {"csrf_token": token, "email": "sam.taylor@example.org", "password": password},
    )
    sequence = 0
    while time.monotonic() < until:
        sequence += 1
        token = person.token("/clients/new")
        status, _ = person.request(
            "write",
            "/clients/new",
            {
                "csrf_token": token,
                "first_name": f"Load{number}",
                "last_name": f"Person{sequence}x{secrets.token_hex(3)}",
                "date_of_birth-day": str(1 + sequence % 28),
                "date_of_birth-month": str(1 + number % 12),
                "date_of_birth-year": "1950",
                "contact_preference": "phone",
                "phone": "01204 555 0199",
                "what_matters": "Seeing people again",
                "consent_given_on-day": "1",
                "consent_given_on-month": "2",
                "consent_given_on-year": "2026",
            },
        )
        if status == 302:
            with person.tally.lock:
                person.tally.saved += 1
        person.request("read", "/clients")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def signpost(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "signpost"), *args], env=env, check=True, capture_output=True)  # noqa: S603


def count_clients(url: str) -> int:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute("SELECT count(*) FROM client").fetchone()[0]
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return conn.execute("SELECT count(*) FROM client").fetchone()[0]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(label: str, url: str, args: argparse.Namespace, folder: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNPOST_")}
    env.pop("DATABASE_URL", None)
    env |= {
        "SIGNPOST_SQLALCHEMY_DATABASE_URI": url,
        "SIGNPOST_INSTANCE_DIR": str(folder / "instance"),
        "SIGNPOST_SECRET_KEY": secrets.token_hex(16),
        "SIGNPOST_MAIL_BACKEND": "outbox",
    }
    # Imported here, once main() has put the project first on sys.path: bench/search.py would
    # otherwise stand in for the `search` package that seeds imports.
    from seeds.users import DEMO_PASSWORD

    print(f"== {label}: preparing the demo borough", flush=True)
    signpost(env, "db", "upgrade")
    signpost(env, "seed", "demo")
    signpost(env, "search", "reindex")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(args.workers),
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "core:create_app()",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login", timeout=2).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        before = count_clients(url)
        tally = Tally()
        until = time.monotonic() + args.seconds
        people = []
        for number in range(args.users):
            person = Person(base, tally)
            if number % 2:
                target, extra = writer, (number, DEMO_PASSWORD)
            else:
                target, extra = reader, (random.Random(number),)  # noqa: S311
            people.append(threading.Thread(target=target, args=(person, until, *extra)))
        started = time.monotonic()
        for thread in people:
            thread.start()
        for thread in people:
            thread.join()
        elapsed = time.monotonic() - started
        stored = count_clients(url) - before
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    total = sum(tally.statuses.values())
    errors_5xx = sum(n for status, n in tally.statuses.items() if 500 <= status < 600)
    other = sum(n for status, n in tally.statuses.items() if 400 <= status < 500)
    everything = tally.reads + tally.writes
    print(
        f"{label}: {args.users} users ({args.users // 2} writing) for {elapsed:.0f} s "
        f"against {args.workers} gunicorn workers"
    )
    statuses = dict(sorted(tally.statuses.items()))
    print(f"  requests {total} ({total / elapsed:.1f}/s); statuses {statuses}")
    print(f"  5xx errors {errors_5xx}; 4xx {other}")
    print(
        f"  latency all: p50 {statistics.median(everything) * 1000:.0f} ms, "
        f"p95 {percentile(everything, 0.95) * 1000:.0f} ms, max {max(everything) * 1000:.0f} ms"
    )
    print(
        f"  reads p95 {percentile(tally.reads, 0.95) * 1000:.0f} ms; "
        f"writes p95 {percentile(tally.writes, 0.95) * 1000:.0f} ms"
    )
    print(
        f"  clients saved (302) {tally.saved}; stored {stored}; lost writes {tally.saved - stored}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", help="a PostgreSQL server URL: test it instead of SQLite")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp(prefix="signpost-load-"))
    try:
        if args.postgres:
            server = args.postgres.replace("postgresql+psycopg://", "postgresql://")
            name = f"signpost_load_{secrets.token_hex(3)}"
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            parts = urllib.parse.urlsplit(server)
            url = urllib.parse.urlunsplit(("postgresql+psycopg", parts.netloc, f"/{name}", "", ""))
            try:
                run("PostgreSQL", url, args, folder)
            finally:
                with psycopg.connect(server, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            run("SQLite", f"sqlite:///{folder / 'signpost.db'}", args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
