"""README.md is the contract with a new user: its configuration table lists every setting."""

from __future__ import annotations

import re
from pathlib import Path

from core.config import Config

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_documents_every_setting_with_its_default() -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)`", table, flags=re.MULTILINE))
    settings = {name for name in vars(Config) if name.isupper()}
    assert settings - documented == set(), "settings missing from README's configuration table"
    assert documented - settings - {"DATABASE_URL", "SERVER_NAME", "PREFERRED_URL_SCHEME"} == set()


def test_readme_leads_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first_block = text.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block and "make test" in first_block
