"""One transaction per request: a view's answer decides whether its changes commit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, flash
from sqlalchemy import create_engine, delete, func, select

from accounts.models import User
from core.errors import DomainError
from core.extensions import db
from core.transaction import keep_changes
from tests.conftest import make_app
from tests.isolation import dispose

committed = pytest.mark.committed


@pytest.fixture
def routes(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """An app on the test's database with views that write a user and answer in each way."""
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "transaction")

    def add(email: str) -> None:
        db.session.add(User(email=email))
        db.session.flush()

    @other.post("/t/<answer>")
    def answer(answer: str) -> tuple[str, int]:
        add(f"{answer}@example.org")
        if answer == "refused":
            return "no", 422
        if answer == "kept":
            keep_changes()
            return "no, but noted", 409
        if answer == "raised":
            raise DomainError("Not like that.")
        if answer == "kept-raised":  # an audit that stands though the view refuses by raising
            keep_changes()
            raise DomainError("Not like that, but noted.")
        if answer == "vanished":  # the row goes before the commit: the commit finds a conflict
            user = db.session.scalars(
                select(User).where(User.email == "vanished@example.org")
            ).one()
            gone = delete(User).where(User.id == user.id)
            db.session.execute(gone.execution_options(synchronize_session=False))
            user.name = "Changed meanwhile"
            flash("Saved", "success")
        return "saved", 200

    yield other
    dispose(other)


def _stored(app: Flask, email: str) -> int:
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.connect() as connection:
            return connection.scalar(
                select(func.count()).select_from(User).where(User.email == email)
            )
    finally:
        engine.dispose()


@committed
@pytest.mark.parametrize(
    ("answer", "status", "kept"),
    [
        ("saved", 200, 1),
        ("refused", 422, 0),
        ("kept", 409, 1),
        ("raised", 400, 0),
        ("kept-raised", 400, 1),
    ],
)
def test_a_success_commits_and_an_error_rolls_back_unless_kept(
    routes: Flask, answer: str, status: int, kept: int
) -> None:
    response = routes.test_client().post(f"/t/{answer}")
    assert response.status_code == status
    assert _stored(routes, f"{answer}@example.org") == kept


@committed
def test_a_conflict_found_by_the_commit_answers_409_not_500(routes: Flask) -> None:
    client = routes.test_client()
    response = client.post("/t/vanished")
    assert response.status_code == 409
    assert "Saved" not in response.get_data(as_text=True)  # it was not so: it is not shown
    with client.session_transaction() as session:
        assert "_flashes" not in session
    assert _stored(routes, "vanished@example.org") == 0


# Commits that are not a view's: each says why it must be a transaction of its own.
OWN_TRANSACTIONS = {
    # Flask-Login's request loader records a bearer token's last use, which stands whatever
    # the request then does (its own transaction may roll back).
    "accounts/api.py",
}


def test_no_view_commits_its_own_transaction() -> None:
    """Views and API modules leave committing to the request boundary (core.transaction)."""
    root = Path(__file__).resolve().parents[2]
    packages = [p for p in root.iterdir() if (p / "__init__.py").exists() and p.name != "tests"]
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for package in packages
        for path in sorted(package.rglob("*.py"))
        if path.stem in ("views", "api") or path.stem.endswith(("_views", "_api"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "db.session.commit()" in line and str(path.relative_to(root)) not in OWN_TRANSACTIONS
    ]
    assert offenders == [], "commit at the boundary instead (core/transaction.py)"
