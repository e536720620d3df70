"""Browser-test plumbing: Debian's Chromium for Playwright and an in-process live server."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip browser tests visibly when Chromium is missing, except in CI where they must run."""
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Debian's chromium at {CHROMIUM} (make test installs it)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


def _buffered(app: Flask) -> WSGIApplication:
    """Wrap the app so every response body is read, and closed, before it is sent.

    Werkzeug's development server can lose the open file behind a static-file response when
    the browser drops the connection mid-download; under filterwarnings=error that stray
    ResourceWarning would fail whichever test happened to be running.
    """

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wsgi


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve the app on a free loopback port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    previous = app.config.get("SERVER_NAME"), app.config["BASE_URL"]
    app.config["SERVER_NAME"] = f"127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"  # for emailed links
    # A short poll: shutdown() waits for the loop to notice (0.5 s by default, every test).
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.config["SERVER_NAME"], app.config["BASE_URL"] = previous


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The per-test app, served over HTTP for a real browser."""
    with serve(app) as url:
        yield url


@pytest.fixture
def demo_live_server(demo_app: Flask) -> Iterator[str]:
    """The shared demo-borough app, served over HTTP (tests must only read)."""
    with serve(demo_app) as url:
        yield url


@pytest.fixture
def screenshot_dir() -> Path:
    """Where browser tests save screenshots for people to look at (gitignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


DESKTOP, PHONE = 1280, 375
# WCAG 2.2 A and AA rules (axe's best-practice rules are advice, not conformance).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "rules": {"target-size": {"enabled": False}},  # run on its own below
    "resultTypes": ["violations"],
}
TARGET_SIZE_ONLY = {
    "runOnly": {"type": "rule", "values": ["target-size"]},
    "resultTypes": ["violations"],
}
MARKERS_EXCLUDED = {"include": [["body"]], "exclude": [[".leaflet-marker-pane"]]}

TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# The innermost elements whose right edge passes the viewport's, to say what to fix.
STICKING_OUT = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => ![...e.children].some(c =>
      c.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
  .slice(0, 8)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
       + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
  .join(', ')"""


# Both axe runs in one round trip: the WCAG rules (when asked) and target size without markers.
RUN_AXE = """async ([wcag, targetSize, markersExcluded]) => ({
  wcag: wcag ? await axe.run(document, wcag) : {violations: []},
  targets: await axe.run(markersExcluded, targetSize),
})"""


def _inject_axe(page: Any) -> None:
    """Put axe-core into the page once (it stays while the page is resized)."""
    from axe_playwright_python.base import AXE_SCRIPT

    if page.evaluate("typeof window.axe === 'undefined'"):
        page.evaluate(AXE_SCRIPT)


def check_page(page: Any, name: str, screenshots: Path, widths: Iterable[int] = (DESKTOP, PHONE)):
    """At each width: axe finds no violation, nothing scrolls sideways, and a screenshot is kept.

    The WCAG rules run at the desktop and phone widths; a narrower width (320 px, where WCAG
    1.4.10 measures reflow) is checked for sideways scrolling and target size. The page
    scrolling sideways fails reflow; a wide table may scroll inside its own box, which does not
    widen the document.
    """
    from axe_playwright_python.base import AxeResults

    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        # Let the resize reach media queries and layout before anything is measured.
        page.wait_for_function(f"window.innerWidth === {width}")
        page.wait_for_load_state("load")
        page.evaluate(TWO_FRAMES)
        _inject_axe(page)
        # Target size (WCAG 2.5.8) runs without map markers: two services a street apart draw
        # touching pins at some zoom levels. Every page that shows a map lists the same
        # services as links beside it, which is 2.5.8's "equivalent control" exception.
        found = page.evaluate(
            RUN_AXE,
            [
                AXE_OPTIONS if width in (DESKTOP, PHONE) else None,
                TARGET_SIZE_ONLY,
                MARKERS_EXCLUDED,
            ],
        )
        for kind in ("wcag", "targets"):
            results = AxeResults(found[kind])
            assert results.violations_count == 0, (
                f"{name} at {width} px:\n{results.generate_report()}"
            )
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, (
            f"{name} scrolls sideways at {width} px ({scroll_width} px); sticking out: "
            + page.evaluate(STICKING_OUT)
        )
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
