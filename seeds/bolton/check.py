"""Sanity checks and coverage tables for the Bolton seed. Run: python3 check.py"""

import csv
import json
import math
import os
import re
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
load = lambda n: json.load(open(os.path.join(HERE, n), encoding="utf-8"))
orgs, hoods, places = load("organisations.json"), load("neighbourhoods.json"), load("places.json")
pcs = {
    r["pcds"]: r
    for r in csv.DictReader(open(os.path.join(HERE, "postcodes.csv"), encoding="utf-8"))
}

THEMES = [
    "health",
    "carer_support",
    "emotional_wellbeing",
    "getting_out",
    "personal_care",
    "house_and_home",
    "medication",
    "money",
    "friends_and_family",
    "communication",
    "volunteering_and_work",
    "hobbies",
]
KINDS = [
    "voluntary",
    "community_group",
    "faith",
    "statutory",
    "nhs",
    "social_enterprise",
    "private",
]
ACCESS = {"drop_in", "self_referral", "referral_needed", "signpost_referral"}
ACC = {
    "wheelchair_access",
    "accessible_toilet",
    "hearing_loop",
    "step_free",
    "parking",
    "large_print",
    "bsl",
}
DELIV = {"in_person", "home_visit", "phone", "online"}
DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
PC_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABDEFGHJLNPQRSTUWXYZ]{2}$")
errors = []
err = errors.append

codes = {h["code"]: h for h in hoods}
assert len(hoods) == 20 and [h["code"] for h in hoods] == ["E0500%04d" % i for i in range(650, 670)]
assert [h["name"] for h in hoods] == sorted((h["name"] for h in hoods), key=str.lower)
for p in places:
    if p["neighbourhood"] not in codes:
        err("place %s bad neighbourhood" % p["name"])
with open(os.path.join(HERE, "postcodes.csv"), encoding="utf-8") as f:
    header = f.readline().strip()
assert header == "pcd,pcd2,pcds,dointr,doterm,osward,lat,long", header
rows = list(csv.DictReader(open(os.path.join(HERE, "postcodes.csv"), encoding="utf-8")))
if len(rows) != len(pcs):
    err("duplicate pcds")
for r in rows:
    if not PC_RE.match(r["pcds"]):
        err("bad postcode shape " + r["pcds"])
    if r["osward"] and r["osward"] not in codes:
        err("bad osward " + r["pcds"])
ward_pc = Counter(r["osward"] for r in rows)

org_keys = Counter(o["key"] for o in orgs)
for k, c in org_keys.items():
    if c > 1:
        err("duplicate org key " + k)
n_services = 0
theme_count = Counter()
kind_count = Counter(o["kind"] for o in orgs)
status, cap, ver, signpost, confidential = Counter(), Counter(), Counter(), 0, 0
located = defaultdict(Counter)  # ward -> theme -> services with a location in that ward
available = defaultdict(Counter)  # ward -> theme -> services whose service area covers the ward
located_wards = set()


def dist(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


for o in orgs:
    if o["kind"] not in KINDS:
        err("kind " + o["key"])
    locs = {}
    for l in o["locations"]:
        if l["key"] in locs:
            err("dup location key %s/%s" % (o["key"], l["key"]))
        locs[l["key"]] = l
        confidential += l["confidential"]
        r = pcs.get(l["postcode"])
        if not r or not r["lat"] or not r["osward"]:
            err("location postcode missing/no coords %s %s" % (o["key"], l["postcode"]))
    skeys = Counter(s["key"] for s in o["services"])
    for k, c in skeys.items():
        if c > 1:
            err("dup service key %s/%s" % (o["key"], k))
    for s in o["services"]:
        n_services += 1
        sid = "%s/%s" % (o["key"], s["key"])
        for t in s["themes"]:
            if t not in THEMES:
                err("theme %s %s" % (sid, t))
        theme_count.update(s["themes"])
        if not set(s["access"]) <= ACCESS or not s["access"]:
            err("access " + sid)
        if not set(s["accessibility"]) <= ACC:
            err("accessibility " + sid)
        if not set(s["delivery"]) <= DELIV or not s["delivery"]:
            err("delivery " + sid)
        for lk in s["locations"]:
            if lk not in locs:
                err("service location key %s %s" % (sid, lk))
        for p in s["schedule"]:
            if (
                p["day"] not in DAYS
                or not (p["opens"] < p["closes"])
                or (p["location"] and p["location"] not in locs)
            ):
                err("schedule %s %s" % (sid, p))
        status[s["status"]] += 1
        cap[s["capacity"]["status"]] += 1
        d = s["last_verified_days_ago"]
        ver[
            "never"
            if d is None
            else "<=9m"
            if d <= 275
            else "13-30m"
            if 395 <= d <= 913
            else "other"
        ] += 1
        if (d is None) != (s["verified_by"] is None):
            err("verified_by " + sid)
        signpost += "signpost_referral" in s["access"]
        if s["cost"]["free"] is False and not s["cost"].get("description"):
            err("cost " + sid)
        sw = set()
        for lk in s["locations"]:
            w = pcs[locs[lk]["postcode"]]["osward"]
            sw.add(w)
        located_wards |= sw
        for w in sw:
            for t in s["themes"]:
                located[w][t] += 1
        cover = set()
        for a in s["service_areas"]:
            if a["kind"] == "borough":
                cover |= set(codes)
            elif a["kind"] == "neighbourhoods":
                for c in a["codes"]:
                    if c not in codes:
                        err("area code %s %s" % (sid, c))
                cover |= set(a["codes"])
            elif a["kind"] == "radius":
                if a["location"] not in locs:
                    err("radius location " + sid)
                r = pcs[locs[a["location"]]["postcode"]]
                pt = (float(r["lat"]), float(r["long"]))
                cover |= {
                    c
                    for c, h in codes.items()
                    if dist(pt, (h["latitude"], h["longitude"])) <= a["km"]
                }
        cover |= sw  # a service is always available where it is held
        for w in cover:
            for t in s["themes"]:
                available[w][t] += 1

print(
    "organisations %d, services %d, locations %d, confidential locations %d"
    % (len(orgs), n_services, sum(len(o["locations"]) for o in orgs), confidential)
)
print(
    "postcodes %d (no osward %d, no coords %d), places %d, boundaries %d"
    % (
        len(rows),
        ward_pc[""],
        sum(1 for r in rows if not r["lat"]),
        len(places),
        sum(1 for h in hoods if h["boundary"]),
    )
)
print(
    "kinds:",
    ", ".join(
        "%s %d (%.0f%%)" % (k, kind_count[k], 100 * kind_count[k] / len(orgs)) for k in KINDS
    ),
)
print("status:", dict(status), " capacity:", dict(cap))
print(
    "verification:",
    dict(ver),
    " signpost_referral: %d (%.0f%%)" % (signpost, 100 * signpost / n_services),
)
print(
    "themes used: %d/12; wards with a located service: %d/20"
    % (len(theme_count), len(located_wards))
)

ab = {
    "health": "hlth",
    "carer_support": "carr",
    "emotional_wellbeing": "emot",
    "getting_out": "gout",
    "personal_care": "pcar",
    "house_and_home": "home",
    "medication": "meds",
    "money": "mony",
    "friends_and_family": "frnd",
    "communication": "comm",
    "volunteering_and_work": "volw",
    "hobbies": "hobb",
}


def table(title, data):
    print("\n" + title)
    print("%-34s" % "ward" + "".join("%5s" % ab[t] for t in THEMES) + "  pcs")
    for c, h in codes.items():
        print(
            "%-34s" % h["name"][:34]
            + "".join("%5s" % (data[c][t] or ".") for t in THEMES)
            + "%5d" % ward_pc[c]
        )


print("\nservices per theme: " + ", ".join("%s %d" % (t, theme_count[t]) for t in THEMES))
table("Services LOCATED in each ward, by theme ('.' = none)", located)
table(
    "Services AVAILABLE to each ward (location, borough-wide, neighbourhood or radius area)",
    available,
)
if errors:
    print("\nERRORS:")
    print("\n".join(errors))
    raise SystemExit(1)
assert (
    len(orgs) >= 85
    and n_services >= 210
    and len(theme_count) == 12
    and len(located_wards) >= 15
    and confidential >= 4
)
print("\nall checks passed")
