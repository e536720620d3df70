"""Run mypy over the project and hold it to a baseline that may only shrink.

`core` is checked strictly and must have no errors at all. Every other package is checked with
mypy's defaults; its errors as they stood when mypy was adopted are recorded in
`mypy-baseline.txt` (file, message and code, without line numbers, so moving code does not
disturb it). A new error fails; a fixed one asks for the baseline to be rewritten with
`--update`, so it can only shrink.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "mypy-baseline.txt"
PACKAGES = ("core", "accounts", "directory", "search", "referrals", "admin", "openreferral",
            "frontdoors", "seeds")  # fmt: skip
STRICT = ("core",)
ERROR = re.compile(r"^(?P<file>[^:\s]+\.py):\d+(?::\d+)?: error: (?P<message>.*)$")


def run_mypy() -> list[str]:
    """mypy's errors, each as 'file: message  [code]' without its line number."""
    result = subprocess.run(  # noqa: S603 - mypy on our own packages
        [sys.executable, "-m", "mypy", *PACKAGES],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 1):
        sys.exit(f"mypy did not run:\n{result.stdout}{result.stderr}")
    found = []
    for line in result.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            found.append(f"{match['file']}: {match['message']}")
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the baseline")
    args = parser.parse_args()
    errors = run_mypy()
    strict = [e for e in errors if e.split("/", 1)[0] in STRICT]
    if strict:
        print("mypy: these packages must have no errors:", ", ".join(STRICT))
        print("\n".join(strict))
        return 1
    if args.update:
        BASELINE.write_text("".join(f"{line}\n" for line in errors))
        print(f"mypy: baseline written with {len(errors)} errors")
        return 0
    known = Counter(BASELINE.read_text().splitlines()) if BASELINE.exists() else Counter()
    now = Counter(errors)
    new = now - known
    fixed = known - now
    if new:
        print(f"mypy: {sum(new.values())} new errors (not in mypy-baseline.txt); fix them:")
        print("\n".join(sorted(new.elements())))
        return 1
    if fixed:
        print(
            f"mypy: {sum(fixed.values())} baseline errors are fixed; shrink the baseline with "
            "`.venv/bin/python scripts/typecheck.py --update` and commit it"
        )
        return 1
    print(f"mypy: no new errors ({len(errors)} in the baseline, none in {', '.join(STRICT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
