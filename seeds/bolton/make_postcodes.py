"""Generate neighbourhoods.json, places.json and postcodes.csv for the Bolton demo.

Deterministic (fixed seed). Run after make_organisations.py so that every
location postcode in organisations.json is guaranteed a row in the gazetteer:
    python3 make_organisations.py && python3 make_postcodes.py
The data is illustrative: coordinates are scattered around rough ward centroids.
"""

import csv
import json
import math
import os
import random

from geo import LETTERS, NEIGHBOUR_SECTORS, WARD_BY_NAME, WARDS, demo_decile, ward_for_postcode

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20240611)

KM_LAT = 1 / 111.2
KM_LON = 1 / (111.2 * math.cos(math.radians(53.58)))


def scatter(lat, lon, km):
    r = km * math.sqrt(rng.random())
    a = rng.random() * 2 * math.pi
    return round(lat + r * math.sin(a) * KM_LAT, 6), round(lon + r * math.cos(a) * KM_LON, 6)


# ---------------------------------------------------------------- neighbourhoods
WITH_BOUNDARY = {
    "Bromley Cross",
    "Horwich and Blackrod",
    "Westhoughton South",
    "Westhoughton North and Chew Moor",
    "Kearsley",
    "Halliwell",
    "Breightmet",
    "Smithills",
    "Heaton and Lostock",
    "Farnworth",
}


def polygon(lat, lon, radius_km):
    n = rng.choice([6, 7, 8])
    ring = []
    for i in range(n):
        a = 2 * math.pi * i / n + rng.uniform(-0.15, 0.15)
        r = radius_km * rng.uniform(0.8, 1.1)
        ring.append(
            [round(lon + r * math.cos(a) * KM_LON, 6), round(lat + r * math.sin(a) * KM_LAT, 6)]
        )
    ring.append(list(ring[0]))
    return {"type": "Polygon", "coordinates": [ring]}


neighbourhoods = []
for code, name, lat, lon, _ in WARDS:
    neighbourhoods.append(
        {
            "code": code,
            "name": name,
            "latitude": lat,
            "longitude": lon,
            "boundary": polygon(lat, lon, 0.95) if name in WITH_BOUNDARY else None,
        }
    )

# ---------------------------------------------------------------- places
P = [
    ("Bolton", 53.5780, -2.4290, "Halliwell"),
    ("Bolton town centre", 53.5785, -2.4295, "Halliwell"),
    ("Horwich", 53.6010, -2.5500, "Horwich North East"),
    ("Blackrod", 53.5920, -2.5820, "Horwich and Blackrod"),
    ("Westhoughton", 53.5490, -2.5230, "Westhoughton South"),
    ("Chew Moor", 53.5640, -2.5050, "Westhoughton North and Chew Moor"),
    ("Over Hulton", 53.5520, -2.4790, "Hulton"),
    ("Hunger Hill", 53.5610, -2.4690, "Hulton"),
    ("Deane", 53.5670, -2.4570, "Rumworth"),
    ("Daubhill", 53.5670, -2.4430, "Rumworth"),
    ("Great Lever", 53.5650, -2.4230, "Great Lever"),
    ("Burnden", 53.5710, -2.4130, "Great Lever"),
    ("Farnworth", 53.5500, -2.4000, "Farnworth"),
    ("Moses Gate", 53.5560, -2.4010, "Farnworth"),
    ("Highfield", 53.5450, -2.4200, "Harper Green"),
    ("Kearsley", 53.5400, -2.3750, "Kearsley"),
    ("Prestolee", 53.5490, -2.3600, "Kearsley"),
    ("Little Lever", 53.5620, -2.3690, "Little Lever and Darcy Lever"),
    ("Darcy Lever", 53.5700, -2.3890, "Little Lever and Darcy Lever"),
    ("The Haulgh", 53.5760, -2.4080, "Tonge with the Haulgh"),
    ("Tonge Moor", 53.5910, -2.4130, "Crompton"),
    ("Breightmet", 53.5810, -2.3840, "Breightmet"),
    ("Harwood", 53.6000, -2.3850, "Bradshaw"),
    ("Bradshaw", 53.6080, -2.4000, "Bradshaw"),
    ("Bromley Cross", 53.6190, -2.4110, "Bromley Cross"),
    ("Egerton", 53.6310, -2.4330, "Bromley Cross"),
    ("Edgworth", 53.6480, -2.3960, "Bromley Cross"),
    ("Turton", 53.6330, -2.4070, "Bromley Cross"),
    ("Astley Bridge", 53.6010, -2.4330, "Astley Bridge"),
    ("Sharples", 53.6080, -2.4370, "Astley Bridge"),
    ("Halliwell", 53.5900, -2.4420, "Halliwell"),
    ("Smithills", 53.6000, -2.4650, "Smithills"),
    ("Heaton", 53.5850, -2.4720, "Heaton and Lostock"),
    ("Lostock", 53.5840, -2.5000, "Heaton and Lostock"),
]
places = [
    {"name": n, "latitude": la, "longitude": lo, "neighbourhood": WARD_BY_NAME[w][0]}
    for n, la, lo, w in P
]


# ---------------------------------------------------------------- postcodes
def fmt(pcds):
    out, inw = pcds.split(" ")
    return out.ljust(4)[:4] + inw if len(out) < 4 else out + inw, out.ljust(4) + " " + inw


rows = {}


def add(pcds, lat, lon, ward, dointr=None, doterm=""):
    if pcds in rows:
        return
    pcd, pcd2 = fmt(pcds)
    rows[pcds] = {
        "pcd": pcd,
        "pcd2": pcd2,
        "pcds": pcds,
        "dointr": dointr or "%d%02d" % (rng.choice(range(1980, 2021)), rng.randint(1, 12)),
        "doterm": doterm,
        "osward": ward or "",
        "lat": "" if lat is None else "%.6f" % lat,
        "long": "" if lon is None else "%.6f" % lon,
    }


def random_unit(sector):
    return "%s%s%s" % (sector, rng.choice(LETTERS), rng.choice(LETTERS))


# 1. location postcodes from organisations.json (must exist, with coordinates)
org_path = os.path.join(HERE, "organisations.json")
if os.path.exists(org_path):
    with open(org_path, encoding="utf-8") as f:
        for org in json.load(f):
            for loc in org["locations"]:
                pc = loc["postcode"]
                ward = ward_for_postcode(pc)
                if ward is None:
                    raise SystemExit("No ward for location postcode %s (%s)" % (pc, org["key"]))
                w = next(x for x in WARDS if x[0] == ward)
                lat, lon = scatter(w[2], w[3], 0.8)
                add(pc, lat, lon, ward)

# 2. general coverage, 75-110 per ward spread over its sectors
for code, name, lat, lon, sectors in WARDS:
    target = rng.randint(75, 110)
    made = 0
    while made < target:
        pc = random_unit(rng.choice(sectors))
        if pc in rows:
            continue
        la, lo = scatter(lat, lon, 1.0)
        add(pc, la, lo, code)
        made += 1

# 3. neighbouring areas outside Bolton: no osward
for sector, lat, lon in NEIGHBOUR_SECTORS:
    for _ in range(3):
        while True:
            pc = random_unit(sector)
            if pc not in rows:
                break
        la, lo = scatter(lat, lon, 0.8)
        add(pc, la, lo, None)

# 4. terminated / non-geographic postcodes without coordinates
for i in range(10):
    code, name, lat, lon, sectors = WARDS[(i * 7) % len(WARDS)]
    while True:
        pc = random_unit(rng.choice(sectors))
        if pc not in rows:
            break
    term = "%d%02d" % (rng.randint(2005, 2022), rng.randint(1, 12))
    add(pc, None, None, code if i % 2 == 0 else None, dointr="198001", doterm=term)


def sort_key(pcds):
    out, inw = pcds.split(" ")
    area = out.rstrip("0123456789")
    return (area, int(out[len(area) :]), inw)


with open(os.path.join(HERE, "neighbourhoods.json"), "w", encoding="utf-8") as f:
    json.dump(neighbourhoods, f, indent=2, ensure_ascii=False)
    f.write("\n")
with open(os.path.join(HERE, "places.json"), "w", encoding="utf-8") as f:
    json.dump(places, f, indent=2, ensure_ascii=False)
    f.write("\n")
with open(os.path.join(HERE, "postcodes.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(
        f,
        fieldnames=[
            "pcd",
            "pcd2",
            "pcds",
            "dointr",
            "doterm",
            "osward",
            "lat",
            "long",
            "imd_decile",
        ],
        lineterminator="\n",
    )
    w.writeheader()
    for pc in sorted(rows, key=sort_key):
        w.writerow({**rows[pc], "imd_decile": demo_decile(rows[pc]["osward"], rows[pc]["pcds"])})
print("neighbourhoods:", len(neighbourhoods), "places:", len(places), "postcodes:", len(rows))
