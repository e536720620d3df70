"""One transaction per request, ended in one place.

Views and the services they call change the session and flush; none of them commits. When a view
returns, `Signpost.dispatch_request` ends the request's transaction before the response is
finished (so a redirect, a "saved" message or an email in the outbox never reports a change that
did not commit):

- a success (status below 400) commits;
- an error answer (400 and above) rolls back, unless the view called `keep_changes()` because
  what it wrote must stand although it refuses the request (the audit of reading a record whose
  stale save was refused, an attempt counted against a rate limit);
- an exception rolls back (the teardown removes the session), again unless the view called
  `keep_changes()` before raising, and the app's error handlers answer it: a conflict found by
  the commit itself is a 409 (and what the view flashed is withdrawn), an unreachable database
  a 503.

Indico's request handler does the same; Flask-SQLAlchemy leaves it to the application.
"""

from __future__ import annotations

from flask import Flask, g, session
from flask.typing import ResponseReturnValue

from core.extensions import db

_KEEP = "transaction_keep_changes"


def keep_changes() -> None:
    """Commit this request's changes even though its answer is an error status."""
    setattr(g, _KEEP, True)


def end(status: int) -> None:
    """Commit or roll back the request's transaction according to its answer."""
    if status < 400 or g.pop(_KEEP, False):
        try:
            db.session.commit()
        except Exception:
            session.pop("_flashes", None)  # "Saved" and the like: it was not
            raise
    else:
        db.session.rollback()


class Signpost(Flask):
    """Flask, ending each request's transaction as its view returns (see module docstring)."""

    def dispatch_request(self) -> ResponseReturnValue:
        try:
            answer = super().dispatch_request()
        except Exception:
            if g.pop(_KEEP, False):  # kept, though the view refuses by raising
                db.session.commit()
            raise
        response = self.make_response(answer)
        end(response.status_code)
        return response
