"""Organisations, as accounts needs them: the directory supplies the look-ups.

People belong to organisations (`models.Membership`), but organisations are the directory's
records and the directory sits above accounts (tests/core/test_layers.py), so accounts never
imports them. The directory registers how to list and find them when the app starts
(`directory.membership.register_lookups`), as features register their policies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:
    from directory.models import Organisation

EXTENSION = "signpost.organisations"


@dataclass(frozen=True)
class OrganisationLookups:
    # (id, name) of every organisation, by name: the choices of a form's select.
    choices: Callable[[], list[tuple[int, str]]]
    # The organisation with this id; NotFound on the form's organisation_id field if none.
    get: Callable[[int], Organisation]
    # The organisation an external id (bolton:age-uk), UUID or exact name names, or None.
    find: Callable[[str], Organisation | None]


def register(app: Flask, lookups: OrganisationLookups) -> None:
    app.extensions[EXTENSION] = lookups


def organisations() -> OrganisationLookups:
    """The current app's organisation look-ups."""
    found: OrganisationLookups | None = current_app.extensions.get(EXTENSION)
    if found is None:
        raise RuntimeError("No organisation look-ups: the directory registers them in init_app")
    return found
