"""gunicorn's logger with Signpost's redaction (used by gunicorn.conf.py; needs the prod extra).

gunicorn writes its own access log, outside the app, so the app cannot filter it: this logger
class redacts each request's URL, query and referrer before the log line is formatted.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from core.logs import escape_line_breaks, redact_path, redact_query, redact_request_line, redact_url

# Header and environ atoms ({name}i, {name}e) that repeat the URL or point at another one.
_URL_ATOMS = ("{referer}i", "{raw_uri}e", "{request_uri}e", "{path_info}e", "{http_referer}e")


class RedactingLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type hints
    """Access-log atoms with secrets and searches redacted (see core/logs.py)."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        atoms["r"] = redact_request_line(atoms["r"])
        atoms["U"] = redact_path(atoms["U"] or "")
        atoms["q"] = redact_query(atoms["q"] or "")
        atoms["f"] = redact_url(atoms["f"]) if atoms["f"] != "-" else "-"
        for key in _URL_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_url(atoms[key])
        atoms["a"] = escape_line_breaks(atoms["a"])
        return atoms
