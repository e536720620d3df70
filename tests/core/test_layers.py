"""Arrows point one way: a package imports only packages below it.

The order, lowest first, is LAYERS; packages on one rung do not import each other. An import
inside `if TYPE_CHECKING:` is only a type annotation and does not count. KNOWN_UPWARD lists the
imports that still point up, each with its reason; it may only shrink: an entry that is no
longer needed fails too, so it is removed when its import goes.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = (
    ("core",),
    ("accounts",),
    ("directory",),
    ("search",),
    ("referrals",),
    ("openreferral", "frontdoors"),
    ("admin",),
    ("seeds",),
)
RANK = {package: rank for rank, rung in enumerate(LAYERS) for package in rung}

# (importing file, imported package) pairs that still point up, each with its reason.
KNOWN_UPWARD: set[tuple[str, str]] = set()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            inside.update(id(child) for child in ast.walk(node))
    return inside


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & set(RANK)


def upward_imports() -> set[tuple[str, str]]:
    found = set()
    for package, rank in RANK.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            if "bolton" in path.parts:  # the demo's generator scripts, run on their own
                continue
            for imported in imported_packages(path):
                if imported != package and RANK[imported] >= rank:
                    found.add((path.relative_to(ROOT).as_posix(), imported))
    return found


def test_no_package_imports_one_above_it_or_beside_it() -> None:
    found = upward_imports()
    assert found - KNOWN_UPWARD == set(), "imports that point up or sideways"
    assert KNOWN_UPWARD - found == set(), "these no longer import upward: remove them here"


def test_every_package_has_a_rung() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages == set(RANK)
