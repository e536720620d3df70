"""What may reach a log line or a header: one line, and no live secret or personal search.

Text typed by people (a service's name, an email subject) is refused at input when it holds a
line break (`core.fields.SingleLineText`), and made harmless again here, where it meets a log line
or an email header, in case it came another way (an import, an older record).

Access logs (the development server's and gunicorn's) name the URL of every request. A URL may
carry a live secret in its path (the emailed links below) or a personal search in its query
(`/clients?q=<surname>`), so both are redacted before they are written: secret path segments
become `[redacted]`, and every query value except a few harmless paging ones does too.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, quote, unquote, urlsplit

REDACTED = "[redacted]"
# Paths whose last segment is a working secret (an emailed link); see test_logs.py, which
# checks every route taking a <token> is listed.
SECRET_PATH_PREFIXES = ("/r/", "/invitations/", "/password-reset/", "/manage/confirm/", "/refer/")
# Query arguments whose values say nothing about anyone, kept so logs stay useful.
HARMLESS_QUERY_KEYS = frozenset(
    {"page", "per_page", "view", "format", "profile", "minimal", "full", "full_service"}
)
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SLASHES = re.compile(r"/{2,}")


def one_line(text: str, replacement: str = " ") -> str:
    """`text` with every line break (and other control character) replaced."""
    return _CONTROL.sub(replacement, _LINE_BREAKS.sub(replacement, text))


def escape_line_breaks(text: str) -> str:
    """`text` with line breaks shown as \\r / \\n, so one log record stays one line."""
    return _LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], text)


def is_secret_path(path: str) -> bool:
    """Whether the path ends in a working secret (an emailed link)."""
    return redact_path(path) != path


def redact_path(path: str) -> str:
    """A path with its secret segment replaced (`/r/abc123` -> `/r/[redacted]`).

    Read as the router reads it (percent-escapes decoded, repeated slashes merged), so `/%72/…`
    or `//r/…`, which still reach the link's page, are redacted too.
    """
    plain = _SLASHES.sub("/", unquote(path))
    for prefix in SECRET_PATH_PREFIXES:
        if plain.startswith(prefix) and len(plain) > len(prefix):
            rest = plain[len(prefix) :]
            tail = rest[rest.index("/") :] if "/" in rest else ""
            return prefix + REDACTED + tail
    return path


def redact_query(query: str) -> str:
    """A query string with every value but the harmless ones replaced."""
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    return "&".join(
        f"{quote(key, safe='')}={quote(value, safe='') if key in HARMLESS_QUERY_KEYS else REDACTED}"
        for key, value in pairs
    )


def redact_url(url: str) -> str:
    """A path with its query (or a whole URL) as it may be logged."""
    parts = urlsplit(url)
    if not parts.scheme:  # a path, even one starting `//` (no host in a request line)
        parts = parts._replace(netloc="", path=url.partition("?")[0].partition("#")[0])
    path = redact_path(parts.path)
    query = redact_query(parts.query)
    prefix = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return prefix + path + (f"?{query}" if query else "")


# A request target in a request line ("GET /r/abc HTTP/1.1"), possibly wrapped in colour codes.
_TARGET = re.compile(r"(?<=\s)(?:https?://\S+|/\S*)")


def redact_request_line(line: str) -> str:
    """`GET /r/abc HTTP/1.1` -> `GET /r/[redacted] HTTP/1.1`, on one line."""
    return escape_line_breaks(_TARGET.sub(lambda found: redact_url(found.group()), line))


class AccessLogRedactor(logging.Filter):
    """Redact secrets and searches from the development server's (werkzeug's) access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            first, *rest = record.args
            if isinstance(first, str):
                record.args = (redact_request_line(first), *rest)
        elif isinstance(record.msg, str):
            record.msg = escape_line_breaks(record.msg)
        return True


class OneLineFilter(logging.Filter):
    """Escape line breaks in the app's own log records, whatever handler writes them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = escape_line_breaks(str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(
                escape_line_breaks(a) if isinstance(a, str) else a for a in record.args
            )
        return True


def _add_once(logger: logging.Logger, kind: type[logging.Filter]) -> None:
    if not any(isinstance(existing, kind) for existing in logger.filters):
        logger.addFilter(kind())


def configure_logging() -> None:
    """Keep the access log free of secrets, and every app log record on one line.

    A logger's filters see only records logged to that very logger, so each of the app's
    loggers (all made at import, before the factory runs this) gets its own.
    """
    _add_once(logging.getLogger("werkzeug"), AccessLogRedactor)
    names = [name for name in logging.Logger.manager.loggerDict if name.startswith("signpost")]
    for name in ("signpost", *names):
        _add_once(logging.getLogger(name), OneLineFilter)
