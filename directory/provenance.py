"""Where a listing came from, and the one rule for editing imported listings.

The rule: another directory owns the listings it publishes. Their details (name, description,
opening times, places, areas...) are refused as local edits, because the next daily sync
would silently undo them; the page says where to ask for a correction instead. What is
Signpost's own stays editable: capacity (taking new people, waiting list, pause) and a
person confirming the listing is still accurate.
"""

from __future__ import annotations

from typing import Any

from core.errors import Conflict
from directory.models import ListingSource, Location, Organisation, Service


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


def require_local(record: Any) -> None:
    """Refuse an edit to the details of a listing another directory owns."""
    source = source_of(record)
    if source is not None:
        raise OwnedBySource(
            f"This listing comes from {source.name}, which keeps it up to date: Signpost reads "
            "their directory every day, so a change made here would be undone. Ask them to "
            "correct it there. You can still update its capacity and confirm it is accurate."
        )
