"""Shared geography for the Bolton demo seed (illustrative, not surveyed data)."""

# code, name, centroid lat, centroid long, postcode sectors mapped to the ward
WARDS = [
    ("E05000650", "Astley Bridge", 53.6010, -2.4330, ["BL1 7", "BL1 8"]),
    ("E05000651", "Bradshaw", 53.6040, -2.3930, ["BL2 3", "BL2 4"]),
    ("E05000652", "Breightmet", 53.5810, -2.3840, ["BL2 5", "BL2 6"]),
    ("E05000653", "Bromley Cross", 53.6260, -2.4100, ["BL7 0", "BL7 8", "BL7 9"]),
    ("E05000654", "Crompton", 53.5920, -2.4150, ["BL2 2"]),
    ("E05000655", "Farnworth", 53.5480, -2.3980, ["BL4 7", "BL4 9"]),
    ("E05000656", "Great Lever", 53.5650, -2.4230, ["BL3 2", "BL3 6"]),
    ("E05000657", "Halliwell", 53.5870, -2.4440, ["BL1 1", "BL1 2", "BL1 3"]),
    ("E05000658", "Harper Green", 53.5520, -2.4200, ["BL4 0"]),
    ("E05000659", "Heaton and Lostock", 53.5860, -2.4870, ["BL1 5", "BL6 4"]),
    ("E05000660", "Horwich and Blackrod", 53.5990, -2.5640, ["BL6 5", "BL6 6"]),
    ("E05000661", "Horwich North East", 53.6110, -2.5300, ["BL6 7"]),
    ("E05000662", "Hulton", 53.5600, -2.4700, ["BL3 4", "BL5 1"]),
    ("E05000663", "Kearsley", 53.5400, -2.3740, ["BL4 8"]),
    ("E05000664", "Little Lever and Darcy Lever", 53.5620, -2.3760, ["BL3 1"]),
    ("E05000665", "Rumworth", 53.5720, -2.4480, ["BL1 4", "BL3 3", "BL3 5"]),
    ("E05000666", "Smithills", 53.5990, -2.4620, ["BL1 6"]),
    ("E05000667", "Tonge with the Haulgh", 53.5770, -2.4040, ["BL2 1"]),
    ("E05000668", "Westhoughton North and Chew Moor", 53.5560, -2.5130, ["BL5 3"]),
    ("E05000669", "Westhoughton South", 53.5400, -2.5260, ["BL5 2"]),
]

WARD_BY_CODE = {w[0]: w for w in WARDS}
WARD_BY_NAME = {w[1]: w for w in WARDS}
SECTOR_TO_WARD = {s: w[0] for w in WARDS for s in w[4]}

# Outside the borough: rows with an empty osward in postcodes.csv
NEIGHBOUR_SECTORS = [
    ("M26 1", 53.5610, -2.3270),  # Radcliffe
    ("M26 2", 53.5530, -2.3380),  # Radcliffe / Stoneclough edge
    ("M38 9", 53.5260, -2.4200),  # Little Hulton
    ("M38 0", 53.5310, -2.4310),  # Walkden / Little Hulton
    ("BB3 0", 53.6660, -2.4530),  # Darwen
    ("WN2 4", 53.5400, -2.5780),  # Hindley
    ("BL8 1", 53.5970, -2.3150),  # Bury (Tottington Road side)
]

LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # valid final two letters of a unit postcode


def ward_for_postcode(pc):
    return SECTOR_TO_WARD.get(pc.strip().upper()[:-2].strip())


# FICTIONAL deprivation for the demo: a plausible Index of Multiple Deprivation decile per ward
# (1 most deprived, 10 least), varied by one either way per postcode. Not the published IMD.
DEMO_WARD_DECILE = {
    "E05000650": 6, "E05000651": 8, "E05000652": 3, "E05000653": 9, "E05000654": 2,
    "E05000655": 2, "E05000656": 1, "E05000657": 1, "E05000658": 3, "E05000659": 8,
    "E05000660": 6, "E05000661": 5, "E05000662": 5, "E05000663": 4, "E05000664": 4,
    "E05000665": 1, "E05000666": 6, "E05000667": 2, "E05000668": 7, "E05000669": 7,
}  # fmt: skip


def demo_decile(osward: str, postcode: str) -> str:
    """The fictional decile of a demo postcode (blank outside the borough)."""
    import zlib

    base = DEMO_WARD_DECILE.get(osward)
    if base is None:
        return ""
    return str(min(10, max(1, base + zlib.crc32(postcode.encode()) % 3 - 1)))
