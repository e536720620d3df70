"""The demo borough's data files are generated: running the generators reproduces them exactly.

`seeds/bolton/make_organisations.py`, `make_postcodes.py` and `make_boundaries.py` are the
source; the JSON and CSV beside them are their committed output, which `signpost seed demo`
loads. An edit made to an output by hand, or to a generator without regenerating, fails here
(regenerate with the command in seeds/bolton/README.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

BOLTON = Path(__file__).resolve().parents[2] / "seeds" / "bolton"
GENERATED = ("organisations.json", "neighbourhoods.json", "places.json", "postcodes.csv")


def test_the_committed_demo_files_are_what_the_generators_write(tmp_path: Path) -> None:
    for script in BOLTON.glob("*.py"):
        shutil.copy(script, tmp_path)
    # make_boundaries.py clips the wards with directory/boundaries.py, so it needs the project.
    env = {**os.environ, "PYTHONPATH": str(BOLTON.parents[1])}
    for generator in ("make_organisations.py", "make_postcodes.py", "make_boundaries.py"):
        run = subprocess.run(  # noqa: S603 - our own generator scripts
            [sys.executable, generator],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert run.returncode == 0, run.stderr
    for name in GENERATED:
        written = (tmp_path / name).read_bytes()
        committed = (BOLTON / name).read_bytes()
        assert written == committed, (
            f"seeds/bolton/{name} differs from what its generator writes: edit the generator "
            "and regenerate (seeds/bolton/README.md), never the output"
        )
