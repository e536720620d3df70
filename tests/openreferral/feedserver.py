"""A tiny ORUK 3.0 feed served over loopback HTTP (127.0.0.1, an ephemeral port) for tests."""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class Feed:
    """What the server answers: the full service records, and how it pages them."""

    services: list[dict[str, Any]]
    per_page: int = 2  # whatever the reader asks, as some real feeds do
    total_pages: bool = True  # False: leave `total_pages` out of the page envelope
    end_with_empty_page: bool = False  # without total_pages: last_page stays false
    repeat_on_next_page: bool = False  # the first id of each page shows again on the next
    requests: list[str] = field(default_factory=list)

    def page(self, number: int) -> dict[str, Any]:
        start = (number - 1) * self.per_page
        contents = self.services[start : start + self.per_page]
        if self.repeat_on_next_page and number > 1 and contents:
            contents = [self.services[start - 1], *contents]
        pages = max(1, math.ceil(len(self.services) / self.per_page))
        last = number >= pages and not self.end_with_empty_page
        envelope: dict[str, Any] = {
            "total_items": len(self.services),
            "page_number": number,
            "size": len(contents),
            "first_page": number == 1,
            "last_page": last if contents or not self.end_with_empty_page else True,
            "empty": not contents,
            "contents": [{"id": s["id"], "name": s["name"]} for s in contents],
        }
        if self.total_pages:
            envelope["total_pages"] = pages
        return envelope


@contextmanager
def serve(feed: Feed) -> Iterator[str]:
    """Serve `feed` at http://127.0.0.1:PORT/oruk and yield that base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            url = urlparse(self.path)
            feed.requests.append(self.path)
            body: Any = None
            if url.path == "/oruk/services":
                body = feed.page(int(parse_qs(url.query).get("page", ["1"])[0]))
            elif url.path.startswith("/oruk/services/"):
                wanted = url.path.removeprefix("/oruk/services/")
                body = next((s for s in feed.services if str(s["id"]) == wanted), None)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/oruk"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
