"""A ranking read a page at a time gives the same order as sorting every match."""

from __future__ import annotations

import numpy as np
import pytest

from search.engine import Ranking


def full_order(groups):
    return [
        int(doc)
        for docs, keys in groups
        for doc in docs[np.lexsort(keys) if len(keys) > 1 else np.argsort(keys[0], kind="stable")]
    ]


@pytest.mark.parametrize("seed", range(5))
def test_pages_and_the_whole_order_match_a_full_stable_sort(seed):
    rng = np.random.default_rng(seed)
    docs = np.sort(rng.choice(5000, size=3000, replace=False))
    near, far = docs[:2000], docs[2000:]
    # Few distinct values, so ties are everywhere and must keep doc order.
    km = rng.integers(0, 40, size=len(near)).astype(np.float64) / 4
    groups = [
        (near, (km.view(np.int64),)),
        (far, (rng.permutation(len(far)), -rng.integers(0, 5, size=len(far)) / 5)),
    ]
    expected = full_order(groups)
    ranking = Ranking(groups)
    assert len(ranking) == len(expected)
    for count in (0, 1, 20, 1999, 2000, 2001, 2500, 5000):
        assert Ranking(groups).head(count) == expected[:count]
    assert list(ranking) == expected
    assert ranking[10:30] == expected[10:30]
