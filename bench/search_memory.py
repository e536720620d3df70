"""Peak memory of a process tree (this process and every process it started), per phase.

`ru_maxrss` sees one process only: the index build's writer processes, or gunicorn's workers,
are not in it. A sampler thread instead sums the resident set of the whole tree from /proc every
few milliseconds and keeps the peak of each named phase. Resident pages a forked child still
shares with its parent would be counted in both by RSS, so the sum is of proportional set sizes
(PSS: each shared page divided among its sharers), which adds up to the tree's real footprint.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as listing:
                found += [int(child) for child in listing.read().split()]
        except OSError:
            continue
    return found


def tree_pids(root: int) -> list[int]:
    """A process and all its descendants."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo += _children(pid)
    return pids


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE / 1e6
    except (OSError, IndexError, ValueError):
        return 0.0


def pss_mb(pid: int) -> float:
    """Proportional set size: resident pages, each shared one divided among its sharers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1e3
    except (OSError, IndexError, ValueError):
        pass
    return rss_mb(pid)


def tree_pss_mb(root: int) -> float:
    return sum(pss_mb(pid) for pid in tree_pids(root))


class TreePeak:
    """Sample a process tree's summed PSS in a thread; remember the peak of each phase."""

    def __init__(self, root: int | None = None, interval: float = 0.05) -> None:
        self.root = root or os.getpid()
        self.interval = interval
        self.peaks: dict[str, float] = {}
        self.overall = 0.0
        self._phase: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-peak", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def _sample(self) -> float:
        now = tree_pss_mb(self.root)
        self.overall = max(self.overall, now)
        if self._phase is not None:
            self.peaks[self._phase] = max(self.peaks.get(self._phase, 0.0), now)
        return now

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Record the peak of the tree while the block runs under `name`."""
        self._phase = name
        self._sample()
        try:
            yield
        finally:
            self._sample()
            time.sleep(self.interval)
            self._phase = None

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
