"""Where a listing came from, and the one rule for editing imported listings.

The rule: another directory owns the listings it publishes. Their details (name, description,
opening times, places, areas...) are refused as local edits, because the next daily sync
would silently undo them; the page says where to ask for a correction instead. What is
Signpost's own stays editable: capacity (taking new people, waiting list, pause), a person
confirming the listing is still accurate, and whether a place is confidential: hiding a refuge
is a safety decision made here, which a sync never changes (openreferral/mapper.py keeps it).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from core.errors import Conflict
from directory.models import ListingSource, Location, Organisation, Service

# Fields of an imported record that are Signpost's own, by the record's class.
OWN_FIELDS: dict[type, frozenset[str]] = {Location: frozenset({"confidential"})}


class OwnedBySource(Conflict):
    """The listing's details belong to the directory it is imported from."""


def source_of(record: Any) -> ListingSource | None:
    """The directory a service, organisation or location is kept up to date from, if any."""
    if isinstance(record, Service):
        return record.listing_source or record.organisation.listing_source
    if isinstance(record, Organisation):
        return record.listing_source
    if isinstance(record, Location):
        return record.organisation.listing_source
    return None


def require_local(record: Any, changed: Collection[str] | None = None) -> None:
    """Refuse an edit to the details of a listing another directory owns.

    `changed` names the fields the edit changes; an edit of Signpost's own fields only passes.
    Without it (a revert, say) any edit of an imported listing is refused.
    """
    source = source_of(record)
    own = OWN_FIELDS.get(type(record), frozenset())
    if changed is not None and set(changed) <= own:
        return
    if source is not None:
        raise OwnedBySource(
            f"This listing comes from {source.name}, which keeps it up to date: Signpost reads "
            "their directory every day, so a change made here would be undone. Ask them to "
            "correct it there. You can still update its capacity and confirm it is accurate."
        )
