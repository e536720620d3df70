"""Run saves in real threads, each on its own connection, after all of them have read."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from flask import Flask

from core.extensions import db
from core.versioning import StaleEdit

Save = Callable[[Callable[[], None]], None]


def all_at_once(app: Flask, saves: Sequence[Save]) -> list[str]:
    """Run each save in its own thread and app context; sorted "won"/"refused" outcomes.

    A save reads what it needs, calls the `wait` it is given, then writes: so every save has
    read the same version before any of them writes.
    """
    everyone_read = threading.Barrier(len(saves))
    outcomes: list[str] = []

    def run(save: Save) -> None:
        with app.app_context():
            try:
                save(lambda: everyone_read.wait(timeout=10))
                db.session.commit()
                outcomes.append("won")
            except StaleEdit:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(save,)) for save in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)
