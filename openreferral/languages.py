"""ISO 639 codes for the language names Signpost stores, and names for codes a feed gives."""

from __future__ import annotations

from functools import cache

import pycountry

# Names people in the UK commonly use that ISO 639 spells differently.
ALIASES = {"punjabi": "pan", "farsi": "fas", "mirpuri": "pan", "sylheti": "syl", "bsl": "bfi"}


@cache
def code_for(name: str) -> str | None:
    """Return the ISO 639-1 code of a language name (639-3 when it has none), or None."""
    key = name.strip().casefold()
    try:
        found = pycountry.languages.get(alpha_3=ALIASES[key]) if key in ALIASES else None
        found = found or pycountry.languages.lookup(name.strip())
    except LookupError:
        return None
    return getattr(found, "alpha_2", None) or found.alpha_3


@cache
def name_for(code: str) -> str | None:
    """Return the English name of an ISO 639-1 or 639-3 code, or None."""
    text = code.strip().lower().split("-")[0]
    found = pycountry.languages.get(alpha_2=text) if len(text) == 2 else None
    found = found or (pycountry.languages.get(alpha_3=text) if len(text) == 3 else None)
    return found.name if found is not None else None
