"""A snapshot merges its segments' own orders into the order a sort of the whole would give.

Each segment's table keeps its names and locations sorted, so a one-service edit (a new small
segment) does not re-sort every name and point; these tests hold the merged orders to the sort
of everything, ties included.
"""

from __future__ import annotations

import random

import numpy as np

from search.table import SegmentTable, Snapshot


def _record(name: str, lat: float) -> dict:
    return {
        "name": name,
        "themes": [],
        "accessibility": [],
        "delivery": [],
        "kind": "",
        "free": False,
        "access": [],
        "min_age": None,
        "max_age": None,
        "verified": None,
        "status": "active",
        "schedule": [],
        "languages": [],
        "locations": [(lat, -1.5), (lat + 0.001, -1.5)],
        "areas": [],
    }


def _segments(sizes: list[int], seed: int) -> list[tuple[SegmentTable, int, frozenset[int]]]:
    chance = random.Random(seed)
    # Few distinct names and latitudes, so ties across and within segments are common.
    segments, offset = [], 0
    for size in sizes:
        records = [
            _record(
                chance.choice(["Lunch club", "lunch club", "Age UK", "Zumba", "age uk"]),
                chance.choice([53.1, 53.2, 53.3, 53.25]),
            )
            if chance.random() > 0.1
            else None  # a deleted document's slot
            for _ in range(size)
        ]
        deleted = frozenset(d for d in range(size) if chance.random() < 0.1)
        segments.append((SegmentTable(records), offset, deleted))
        offset += size
    return segments


def test_names_rank_as_one_stable_sort_of_every_segment_would():
    for seed, sizes in enumerate([[40], [40, 1], [1, 40, 3, 0, 2], [5, 5, 5, 5]]):
        segments = _segments(sizes, seed)
        everything = np.concatenate([table.name_array for table, _, _ in segments])
        expected = np.empty(len(everything), dtype=np.int64)
        expected[np.argsort(everything, kind="stable")] = np.arange(len(everything))
        assert Snapshot(segments).name_rank.tolist() == expected.tolist()


def test_locations_keep_the_latitude_order_of_one_stable_sort():
    for seed, sizes in enumerate([[40, 1], [1, 40, 3, 2]]):
        segments = _segments(sizes, seed)
        snapshot = Snapshot(segments)
        doc = np.concatenate([t.locations[0] + offset for t, offset, _ in segments])
        lat = np.concatenate([t.locations[1] for t, _, _ in segments])
        keep = np.flatnonzero(snapshot.live[doc])
        order = keep[np.argsort(lat[keep], kind="stable")]
        assert snapshot.loc_doc.tolist() == doc[order].tolist()
        assert snapshot.loc_lat.tolist() == lat[order].tolist()
