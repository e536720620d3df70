"""LabelledEnum: labels, form choices and parsing that never raises for what people send."""

from __future__ import annotations

import ast
import json
import pickle
from pathlib import Path

import pytest

from core.enums import LabelledEnum
from directory.models import OrganisationKind, ServiceStatus
from directory.themes import Theme
from referrals.models import AgeBand
from referrals.safeguarding_models import RiskLevel, SafeguardingConcern

ROOT = Path(__file__).resolve().parents[2]
SOURCE_FOLDERS = (
    "core", "accounts", "directory", "search", "referrals", "openreferral", "frontdoors", "admin",
    "seeds", "scripts", "bench", "tests", "migrations",
)  # fmt: skip


class Colour(LabelledEnum):
    DARK_BLUE = "dark_blue"
    RED = "red", "Pillar-box red"
    GREEN = "green", "Green", "The colour of go"


def test_a_label_defaults_to_the_value_made_readable() -> None:
    assert Colour.DARK_BLUE.label == "Dark blue"
    assert ServiceStatus.TEMPORARILY_CLOSED.label == "Temporarily closed"


def test_a_declared_label_and_hint_are_kept_out_of_the_value() -> None:
    assert Colour.RED.value == "red"
    assert Colour.RED.label == "Pillar-box red"
    assert Colour.GREEN.hint == "The colour of go"
    assert Colour.RED.hint == ""
    assert Theme.GETTING_OUT.value == "getting_out"
    assert Theme.GETTING_OUT.label == "Getting out and about"
    assert Theme.GETTING_OUT.hint == "Transport, mobility and leaving the house"
    assert AgeBand.AGE_85_PLUS.label == "85 or over"
    assert OrganisationKind.NHS.label == "NHS"


def test_a_member_is_still_its_value_as_a_string() -> None:
    assert Colour("red") is Colour.RED
    assert Colour.RED == "red"
    assert str(Colour.RED) == f"{Colour.RED}" == "red"
    assert json.dumps([Colour.GREEN]) == '["green"]'
    assert list(Colour.__members__) == ["DARK_BLUE", "RED", "GREEN"]
    assert pickle.loads(pickle.dumps(Theme.MONEY)) is Theme.MONEY  # noqa: S301 - our own bytes


def test_columns_store_the_values_as_before() -> None:
    risk = SafeguardingConcern.__table__.c.risk.type
    assert list(risk.enums) == ["low", "medium", "high", "immediate"]
    assert risk.length == 40


def test_choices_are_value_and_label_in_member_order() -> None:
    assert Colour.choices() == [
        ("dark_blue", "Dark blue"),
        ("red", "Pillar-box red"),
        ("green", "Green"),
    ]
    assert RiskLevel.choices()[-1] == ("immediate", "Immediate danger")


def test_choices_can_start_with_a_blank_option() -> None:
    assert Colour.choices(blank="Choose a colour")[:2] == [
        ("", "Choose a colour"),
        ("dark_blue", "Dark blue"),
    ]
    assert len(Colour.choices(blank="")) == 4


def test_choices_can_offer_only_some_members_in_the_order_given() -> None:
    assert Colour.choices(only=[Colour.GREEN, Colour.RED]) == [
        ("green", "Green"),
        ("red", "Pillar-box red"),
    ]
    assert Colour.choices("-", only=iter([Colour.RED])) == [("", "-"), ("red", "Pillar-box red")]


def test_parse_finds_a_member_by_its_exact_value() -> None:
    assert Colour.parse("red") is Colour.RED
    assert Colour.parse(Colour.GREEN) is Colour.GREEN
    assert Theme.parse("house_and_home") is Theme.HOUSE_AND_HOME


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "RED",  # a name, not a value
        "Red",
        " red",
        "red\x00",
        "Pillar-box red",  # a label, not a value
        "x" * 100_000,
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "red,green",
        0,
        1.5,
        True,
        ["red"],
        {"red": "red"},
        ("red",),
        b"red",
        object(),
    ],
)
def test_parse_answers_the_default_for_anything_else(text: object) -> None:
    assert Colour.parse(text) is None
    assert Colour.parse(text, Colour.GREEN) is Colour.GREEN
    assert Colour.parse(text, "all") == "all"


def test_parse_many_keeps_known_values_in_order() -> None:
    sent: list[object] = ["green", "nope", None, ["red"], "red", "green", "", 3]
    assert Colour.parse_many(sent) == [Colour.GREEN, Colour.RED, Colour.GREEN]
    assert Colour.parse_many([]) == []
    assert Theme.parse_many(iter(["money", "MONEY"])) == [Theme.MONEY]


def _python_files() -> list[Path]:
    return [path for folder in SOURCE_FOLDERS for path in sorted((ROOT / folder).rglob("*.py"))]


def test_no_module_reads_the_enum_internals() -> None:
    """Only core/enums.py may look members up by value; everything else calls parse()."""
    allowed = {ROOT / "core" / "enums.py", Path(__file__).resolve()}
    users = [
        path.relative_to(ROOT).as_posix()
        for path in _python_files()
        if path not in allowed and "_value2member_map_" in path.read_text(encoding="utf-8")
    ]
    assert users == []


def test_no_enum_hand_writes_a_label() -> None:
    """An enum with labels subclasses LabelledEnum instead of writing its own `label`."""
    found = []
    for path in _python_files():
        if path == ROOT / "core" / "enums.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {ast.unparse(base) for base in node.bases}
            if not bases & {"enum.Enum", "enum.StrEnum", "Enum", "StrEnum"}:
                continue
            if any(getattr(item, "name", None) == "label" for item in node.body):
                found.append(f"{path.relative_to(ROOT).as_posix()}: {node.name}")
    assert found == []
