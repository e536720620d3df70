"""Read another directory's ORUK 3.0 feed: from its base URL (every page), or a saved JSON file."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from directory.importing import SourceRecord

Fetch = Callable[[str], Any]
FETCH_TIMEOUT_SECONDS = 30
PAGE_SIZE = 200
# Pages read from one feed at most, in case one never says it is done (OPENREFERRAL_MAX_PAGES).
MAX_PAGES = 1000


class Reading:
    """What reading a source found out besides its records: is it whole, and any warnings."""

    def __init__(self) -> None:
        self.complete = True  # False: records may be missing, so nothing may be retired
        self.warnings: list[str] = []

    def incomplete(self, why: str) -> None:
        self.complete = False
        self.warnings.append(why)


USER_AGENT = "signpost-directory (Open Referral UK importer)"


class FeedError(Exception):
    """The feed could not be read at all (as opposed to records in it being invalid)."""


def fetch_json(url: str) -> Any:
    """GET a URL and parse its JSON body."""
    if not url.startswith(("http://", "https://")):
        raise FeedError(f"Only http and https feeds can be read, not {url}")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise FeedError(f"{url} answered {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        raise FeedError(f"Could not reach {url}: {error.reason}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FeedError(f"{url} did not answer JSON: {error}") from error


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_source(
    source: str,
    fetch: Fetch = fetch_json,
    on_total: Callable[[int], None] | None = None,
    reading: Reading | None = None,
    max_pages: int = MAX_PAGES,
) -> Iterator[SourceRecord]:
    """Yield every service record of a feed URL or a saved file, fully nested."""
    reading = reading if reading is not None else Reading()
    if is_url(source):
        return read_url(source, fetch, on_total, reading, max_pages)
    return read_file(Path(source), on_total, reading)


def _looks_partial(document: Any, reading: Reading) -> None:
    """Warn when a saved file is one page of a longer list."""
    if not isinstance(document, dict) or not isinstance(document.get("contents"), list):
        return
    pages = document.get("total_pages")
    if isinstance(pages, int) and pages > 1:
        reading.incomplete(
            f"The file is page {document.get('page_number', '?')} of {pages} of a feed: only its "
            "services were read, and none were retired. Import from the feed's URL to read "
            "every page."
        )
    elif document.get("last_page") is False:
        reading.incomplete(
            "The file is one page of a longer feed (last_page is false): only its services "
            "were read, and none were retired. Import from the feed's URL to read every page."
        )


def _records_in(document: Any) -> list[Any]:
    """Accept a list of services, a page envelope, {"services": [...]} or one service."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in ("contents", "services"):
            if isinstance(document.get(key), list):
                return document[key]
        if "id" in document:
            return [document]
    raise FeedError(
        "The file holds no services: expected a list of services, a page with 'contents', "
        "or a single service"
    )


def _source_record(row: int, data: Any) -> SourceRecord:
    record = str(data.get("id")) if isinstance(data, dict) and data.get("id") else None
    return SourceRecord(
        row=row, record=record, data=data if isinstance(data, dict) else {"_": data}
    )


def read_file(
    path: Path, on_total: Callable[[int], None] | None = None, reading: Reading | None = None
) -> Iterator[SourceRecord]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise FeedError(f"There is no file {path}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FeedError(f"{path} is not valid JSON: {error}") from error
    records = _records_in(document)
    _looks_partial(document, reading if reading is not None else Reading())
    if on_total:
        on_total(len(records))
    return (_source_record(row, data) for row, data in enumerate(records, 1))


def _get_page(fetch: Fetch, base: str, number: int) -> dict[str, Any]:
    url = f"{base}/services?{urlencode({'page': number, 'per_page': PAGE_SIZE})}"
    page = fetch(url)
    if not isinstance(page, dict) or not isinstance(page.get("contents"), list):
        raise FeedError(f"{url} is not an ORUK page of services (no 'contents' list)")
    return page


def _done(page: dict[str, Any], number: int) -> bool:
    """Whether `page` (number `number`) is the feed's last, by what the feed says of itself.

    `total_pages` is optional in ORUK: without it, the last page is the one marked
    `last_page`, or the first empty one.
    """
    if not page["contents"] or page.get("last_page") is True:
        return True
    total = page.get("total_pages")
    if isinstance(total, int) and not isinstance(total, bool) and total >= 1:
        return number >= total
    return False


def read_url(
    base_url: str,
    fetch: Fetch = fetch_json,
    on_total: Callable[[int], None] | None = None,
    reading: Reading | None = None,
    max_pages: int = MAX_PAGES,
) -> Iterator[SourceRecord]:
    """Walk /services page by page, then read each service's full record from /services/{id}.

    Pages are read until the feed says it is done (see `_done`), at most `max_pages`. A
    service's full record normally nests its organization; when it only names the
    organization_id, the organization is read from /organizations/{id} (once per organization).
    """
    reading = reading if reading is not None else Reading()
    base = base_url.rstrip("/")
    first = _get_page(fetch, base, 1)
    if on_total and isinstance(first.get("total_items"), int):
        on_total(first["total_items"])
    organisations: dict[str, Any] = {}
    row = 0
    page = first
    number = 1
    while True:
        if number > 1:
            page = _get_page(fetch, base, number)
        for summary in page["contents"]:
            row += 1
            service_id = summary.get("id") if isinstance(summary, dict) else None
            if not service_id:
                yield _source_record(row, summary)
                continue
            full = fetch(f"{base}/services/{quote(str(service_id), safe='')}")
            if (
                isinstance(full, dict)
                and "organization" not in full
                and full.get("organization_id")
            ):
                org_id = str(full["organization_id"])
                if org_id not in organisations:
                    organisations[org_id] = fetch(f"{base}/organizations/{quote(org_id, safe='')}")
                full = full | {"organization": organisations[org_id]}
            yield _source_record(row, full)
        if _done(page, number):
            break
        if number >= max_pages:
            reading.incomplete(
                f"Stopped after {max_pages} pages although the feed did not say it was done: "
                "nothing was retired. Raise OPENREFERRAL_MAX_PAGES if the feed is that long."
            )
            break
        number += 1
