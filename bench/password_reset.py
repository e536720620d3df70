"""Time POST /password-reset for a known and an unknown address (the answer must not tell).

Builds an app on a fresh embedded SQLite database (or on --database URL) with one account,
then asks for resets alternately for that account and for unknown addresses, through the
test client with the outbox mail backend, and prints the median and 90th percentile time of
each and their ratio. The reset limits are raised so every request does the full work.

    .venv/bin/python bench/password_reset.py [--requests 200] [--database postgresql://...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, Python puts bench/ first on the path, where bench/search.py would hide the
# search package: put the project first instead.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from flask_migrate import upgrade  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from core.app import create_app  # noqa: E402
from core.extensions import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="signpost-bench-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": args.database or f"sqlite:///{folder / 'bench.db'}",
            "INSTANCE_DIR": str(folder),
            "SECRET_KEY": "bench-only",
            "BASE_URL": "http://localhost",
            "WTF_CSRF_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "RESET_MAX_PER_ADDRESS": 10**6,
            "RESET_MAX_PER_IP": 10**6,
        }
    )
    with app.app_context():
        upgrade()
        user = User(email="known@example.org", name="Known")
        user.roles = {Role.COORDINATOR}
        user.password_hash = generate_password_hash("a long password")
        db.session.add(user)
        db.session.commit()
    client = app.test_client()
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(args.requests):
        for kind in ("known", "unknown"):
            email = "known@example.org" if kind == "known" else f"nobody{n}@example.org"
            started = time.perf_counter()
            response = client.post("/password-reset", data={"email": email})
            times[kind].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
    for kind, values in times.items():
        values.sort()
        print(
            f"{kind:8} median {statistics.median(values):6.2f} ms  "
            f"p90 {values[int(len(values) * 0.9)]:6.2f} ms  ({len(values)} requests)"
        )
    ratio = statistics.median(times["unknown"]) / statistics.median(times["known"])
    print(f"unknown/known median ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
