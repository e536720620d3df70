"""Deprivation deciles from the postcode directory, so reports can group without personal data.

The NSPL carries each postcode's small area (`lsoa21`, or `lsoa11` in older releases) and `imd`,
the rank of that area in its nation's Index of Multiple Deprivation (1 = most deprived). A
file may instead carry `imd_decile` directly (the demo gazetteer does). A rank becomes a decile
by the number of areas each nation's index ranks, read from the area code's prefix.
"""

from __future__ import annotations

import math

from sqlalchemy import select

from core.extensions import db
from directory.gazetteer import Postcode

# Areas ranked by each nation's index as the NSPL uses it: English IMD 2019 (32,844 LSOAs),
# Welsh IMD 2019 (1,909 LSOAs), Scottish IMD 2020 (6,976 data zones) and Northern Ireland
# MDM 2017 (890 super output areas).
AREAS_RANKED = {"E01": 32_844, "W01": 1_909, "S01": 6_976, "95": 890}
DECILES = range(1, 11)


def decile_from_rank(rank: int, lsoa_code: str | None) -> int | None:
    """The decile of an IMD rank (1 most deprived); None when the nation is not known."""
    prefix = (lsoa_code or "")[:3]
    total = AREAS_RANKED.get(prefix) or AREAS_RANKED.get(prefix[:2])
    if total is None:
        return None
    if not 1 <= rank <= total:
        raise ValueError(f"IMD rank {rank} is outside 1 to {total}")
    return min(10, math.ceil(rank * 10 / total))


def read_deprivation(row: dict[str, str]) -> tuple[str | None, int | None]:
    """(LSOA code, IMD decile) from one NSPL row; raises ValueError for a malformed value."""
    lsoa = row.get("lsoa21") or row.get("lsoa11") or None
    if lsoa is not None and (len(lsoa) > 9 or not lsoa.isalnum()):
        raise ValueError(f"{lsoa!r} is not an LSOA code")
    decile_text = row.get("imd_decile", "")
    if decile_text:
        if not decile_text.isdigit() or int(decile_text) not in DECILES:
            raise ValueError(f"IMD decile {decile_text!r} is not a whole number from 1 to 10")
        return lsoa, int(decile_text)
    rank_text = row.get("imd", "")
    if rank_text:
        if not rank_text.isdigit():
            raise ValueError(f"IMD rank {rank_text!r} is not a whole number")
        return lsoa, decile_from_rank(int(rank_text), lsoa)
    return lsoa, None


def decile_of_postcode(postcode: str | None) -> int | None:
    """The IMD decile of a normalised postcode in the gazetteer, if known."""
    if not postcode:
        return None
    return db.session.scalar(select(Postcode.imd_decile).where(Postcode.postcode == postcode))


def nearest_decile(latitude: float, longitude: float) -> int | None:
    """The decile of the gazetteer postcode nearest a point (for place names people type)."""
    # Squared degrees are fine for choosing the nearest within one town.
    distance = (Postcode.latitude - latitude) * (Postcode.latitude - latitude) + (
        Postcode.longitude - longitude
    ) * (Postcode.longitude - longitude)
    return db.session.scalar(
        select(Postcode.imd_decile)
        .where(Postcode.imd_decile.is_not(None))
        .order_by(distance)
        .limit(1)
    )
