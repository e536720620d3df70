"""What an imported record said that Signpost does not model, kept so the feed says it again.

Each imported row (service, organisation, location, schedule, cost option, area) has an `extra`
JSON document holding:

- the feed's fields Signpost has no column for (`funding`, `accreditations`, an organisation's
  `logo`...), verbatim;
- under `_original`, the feed's value of a modelled field whose published form differs from
  what Signpost stored (a time written "9:00", a name cut to fit, postcode "N/A"), together
  with the published form Signpost had at import (`stored`).

Publishing merges them back: unmodelled fields are added, and an original replaces Signpost's
value only while Signpost's value is still the one stored at import. A change made here since
(an edit, a location made confidential) therefore always wins over what the feed once said.
Ids inside kept values that are not UUIDs are replaced by stable UUIDs derived from them, as
ORUK requires UUIDs and references between kept records must still agree.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

ORIGINALS = "_original"
EMPTY = (None, "", [], {})


def is_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def uuid_ids(value: Any, namespace: uuid.UUID, source: str) -> Any:
    """Replace every non-UUID `id` / `*_id` inside `value` with a UUID derived from it."""
    if isinstance(value, dict):
        return {
            key: (
                str(uuid.uuid5(namespace, f"{source}|{item}"))
                if (key == "id" or key.endswith("_id"))
                and isinstance(item, str | int)
                and not is_uuid(item)
                else uuid_ids(item, namespace, source)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [uuid_ids(item, namespace, source) for item in value]
    return value


def clean(value: Any) -> Any:
    """Drop nulls and empty lists at every depth: publishing leaves them out, so is keeping.

    Empty strings stay: ORUK requires some fields even when empty (`state_province`).
    """
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items() if item not in (None, [])}
    if isinstance(value, list):
        return [clean(item) for item in value if item not in (None, [])]
    return value


def keep(
    dumped: dict[str, Any],
    feed: dict[str, Any],
    *,
    modelled: Iterable[str] = (),
    skip: Iterable[str] = (),
    namespace: uuid.UUID,
    source: str,
) -> dict[str, Any]:
    """Build a row's `extra` from its feed record and what Signpost would publish for it now.

    `modelled` names fields Signpost publishes from its columns even when the dump left them
    out (empty); `skip` names fields never kept (the row's own id, nested rows kept apart).
    """
    skipped = set(skip) | {"id"}
    modelled_fields = set(modelled) | set(dumped)
    extra: dict[str, Any] = {}
    originals: dict[str, Any] = {}
    for key, value in feed.items():
        if key in skipped or value in EMPTY:
            continue
        value = uuid_ids(clean(value), namespace, source)
        if value in EMPTY:
            continue
        if key in modelled_fields:
            if dumped.get(key) != value:
                originals[key] = {"stored": dumped.get(key), "value": value}
        else:
            extra[key] = value
    if originals:
        extra[ORIGINALS] = originals
    return extra


def republish(data: dict[str, Any], extra: dict[str, Any] | None) -> dict[str, Any]:
    """Merge a row's kept fields into what Signpost publishes for it; see the module docstring."""
    if not extra:
        return data
    merged = dict(data)
    for key, value in extra.items():
        if key != ORIGINALS and key not in merged:
            merged[key] = value
    for key, kept in (extra.get(ORIGINALS) or {}).items():
        if merged.get(key) == kept.get("stored"):
            merged[key] = kept["value"]
    return merged
