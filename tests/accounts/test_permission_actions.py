"""Permission actions are a closed vocabulary: a misspelt one fails loudly, never denies quietly."""

from __future__ import annotations

import pytest

from core.permissions import ACTIONS, can, require
from referrals.models import Client


def test_an_unknown_action_is_an_error_not_a_silent_refusal() -> None:
    with pytest.raises(ValueError, match="Unknown permission action 'veiw'"):
        can(None, "veiw", Client)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Unknown permission action"):
        require(None, "edti", Client)  # type: ignore[arg-type]


def test_every_known_action_is_answered() -> None:
    for action in ACTIONS:
        assert can(None, action, Client) is False  # type: ignore[arg-type]
