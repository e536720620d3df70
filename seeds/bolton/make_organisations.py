"""Build organisations.json for the Bolton demo borough.

All organisations, people, numbers and descriptions are illustrative and were
written for Signpost's demo data. Charity numbers are invented (11xxxxx),
websites use *.example.org.uk. Deterministic: capacity and verification dates
that are not set by hand are filled from a fixed random seed.

    python3 make_organisations.py && python3 make_postcodes.py
"""

import json
import math
import os
import random

from geo import WARD_BY_NAME, ward_for_postcode

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(1204)
ORGS = []

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
D3 = {d[:3]: d for d in DAYS}

# accessibility presets for locations
FULL = ["wheelchair_access", "accessible_toilet", "step_free", "hearing_loop", "parking"]
STD = ["wheelchair_access", "accessible_toilet", "step_free"]
LOOP = ["wheelchair_access", "accessible_toilet", "step_free", "hearing_loop"]
PARK = ["wheelchair_access", "step_free", "parking"]
OLD = ["parking"]  # older building, steps at the entrance
NONE = []

SOUTH_ASIAN = ["English", "Urdu", "Gujarati", "Punjabi"]


def L(
    key,
    name,
    address_1,
    postcode,
    town="Bolton",
    address_2=None,
    confidential=False,
    description=None,
    acc=STD,
):
    if ward_for_postcode(postcode) is None:
        raise ValueError("postcode %s is not in a Bolton sector" % postcode)
    d = {
        "key": key,
        "name": name,
        "address_1": address_1,
        "address_2": address_2,
        "town": town,
        "postcode": postcode,
        "confidential": confidential,
    }
    if description:
        d["description"] = description
    d["_acc"] = list(acc)
    return d


def S(key, name, description, themes, terms, keywords, eligibility, **o):
    d = dict(
        key=key,
        name=name,
        description=description,
        themes=themes,
        taxonomy_terms=terms,
        keywords=keywords,
        eligibility=eligibility,
    )
    d.update(o)
    return d


def parse_sched(text, default_loc):
    out = []
    if not text:
        return out
    for part in text.split(";"):
        part = part.strip()
        loc = default_loc
        if "@" in part:
            part, loc = [x.strip() for x in part.split("@")]
            if loc == "-":
                loc = None
        days, times = part.split()
        opens, closes = times.split("-")
        if "-" in days:
            a, b = days.split("-")
            ds = DAYS[DAYS.index(D3[a]) : DAYS.index(D3[b]) + 1]
        else:
            ds = [D3[x] for x in days.split(",")]
        for d in ds:
            out.append({"day": d, "opens": opens, "closes": closes, "location": loc})
    return out


def haversine(a, b):
    r = 6371.0
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * r * math.asin(math.sqrt(h))


def ORG(key, name, kind, description, locations, services, **extra):
    org = {"key": key, "name": name, "kind": kind, "description": description}
    for f in ("charity_number", "company_number", "website", "email", "phone", "referral_email"):
        if extra.get(f):
            org[f] = extra[f]
    locmap = {l["key"]: l for l in locations}
    out_services = []
    for s in services:
        svc_locs = s.pop("locs", None)
        delivery = s.pop("delivery", None)
        if svc_locs is None:
            svc_locs = (
                [locations[0]["key"]]
                if locations and (delivery is None or "in_person" in delivery)
                else []
            )
        if delivery is None:
            delivery = ["in_person"] if svc_locs else ["phone"]
        for lk in svc_locs:
            assert lk in locmap, (key, s["key"], lk)
        acc = s.pop("acc", None)
        if acc is None:
            acc = sorted({a for lk in svc_locs for a in locmap[lk]["_acc"]}) if svc_locs else []
        cost = s.pop("cost", None)
        cost = {"free": True} if cost is None else {"free": False, "description": cost}
        contact = s.pop("contact", None)
        if contact is None:
            contact = {
                k: v
                for k, v in (
                    ("phone", org.get("phone")),
                    ("email", org.get("email")),
                    ("website", org.get("website")),
                )
                if v
            }
        area = s.pop("area", None)
        if area is None:
            if not svc_locs or kind in ("statutory", "nhs"):
                area = "B"
            elif kind in ("community_group", "faith"):
                area = "W"
            else:
                area = "R4"
        if area == "B":
            areas = [{"kind": "borough"}]
        elif area == "-":
            areas = []
        elif area == "W":
            codes = []
            for lk in svc_locs:
                c = ward_for_postcode(locmap[lk]["postcode"])
                if c not in codes:
                    codes.append(c)
            areas = [{"kind": "neighbourhoods", "codes": codes}]
        elif area.startswith("N:"):
            areas = [
                {
                    "kind": "neighbourhoods",
                    "codes": [WARD_BY_NAME[n.strip()][0] for n in area[2:].split("|")],
                }
            ]
        elif area.startswith("R"):
            km, _, lk = area[1:].partition("@")
            areas = [
                {
                    "kind": "radius",
                    "km": float(km) if "." in km else int(km),
                    "location": lk or svc_locs[0],
                }
            ]
        else:
            raise ValueError(area)
        default_loc = svc_locs[0] if svc_locs else None
        svc = {
            "key": s["key"],
            "name": s["name"],
            "description": s["description"],
            "status": s.pop("status", "active"),
            "themes": s["themes"],
            "taxonomy_terms": s["taxonomy_terms"],
            "keywords": s["keywords"],
            "eligibility": s["eligibility"],
            "min_age": s.pop("min_age", None),
            "max_age": s.pop("max_age", None),
            "cost": cost,
            "access": s.pop("access", ["self_referral"]),
            "languages": s.pop("lang", ["English"]),
            "accessibility": acc,
            "delivery": delivery,
            "contact": contact,
            "locations": svc_locs,
            "schedule": parse_sched(s.pop("sched", ""), default_loc),
        }
        note = s.pop("note", None)
        if note:
            svc["schedule_note"] = note
        svc["service_areas"] = areas
        svc["capacity"] = s.pop("cap", None)
        svc["last_verified_days_ago"] = s.pop("ver", "auto")
        svc["verified_by"] = None
        out_services.append(svc)
    org["locations"] = [{k: v for k, v in l.items() if k != "_acc"} for l in locations]
    org["services"] = out_services
    ORGS.append(org)


def site(slug):
    return "https://%s.example.org.uk" % slug


# =============================================================== VOLUNTARY
ORG(
    "bolton-carers-network",
    "Bolton Carers Network",
    "voluntary",
    "An independent charity for unpaid carers in Bolton: people who look after a partner, relative or friend "
    "who could not manage without them. We offer a listening ear, practical information, breaks and a chance "
    "to meet other carers. Carers do not need to have had a formal carers' assessment to use our services.",
    [
        L(
            "main",
            "Bolton Carers Centre",
            "42 Mawdsley Street",
            "BL1 1LF",
            acc=LOOP,
            description="Ground-floor centre two minutes from the bus station; ring the bell at the side door.",
        ),
        L(
            "farnworth",
            "Farnworth Carers Hub",
            "Market Street Community Rooms",
            "BL4 7NY",
            address_2="88 Market Street",
            town="Farnworth",
        ),
    ],
    [
        S(
            "carers-cafe",
            "Carers' Cafe",
            "A relaxed cafe morning where unpaid carers can have a brew, a biscuit and a chat with people who understand. "
            "A carers' support worker is always there if you want to ask about breaks, money or your rights as a carer. "
            "You can bring the person you care for if that is easier, and there is a quiet corner for private conversations. "
            "Just turn up; you do not need to book.",
            ["carer_support", "friends_and_family", "emotional_wellbeing"],
            ["peer support", "cafe", "carers group"],
            [
                "carers group",
                "respite",
                "someone to talk to",
                "caring for mum",
                "caring for husband",
            ],
            "Unpaid carers of any age living in Bolton, and the people they care for",
            min_age=18,
            access=["drop_in", "self_referral", "signpost_referral"],
            locs=["main", "farnworth"],
            sched="wed 10:00-12:00@main; fri 13:30-15:30@farnworth",
            note="Not on bank holidays. The Farnworth cafe runs in term time only.",
            area="B",
        ),
        S(
            "carers-support-line",
            "Carers' Support Line",
            "A phone line staffed by carers' support workers, many of whom have been carers themselves. "
            "Ring for a chat when things are hard, help working out what support you are entitled to, or to be put in "
            "touch with the right team at the council or the NHS. If we miss your call we ring back the same day.",
            ["carer_support", "emotional_wellbeing"],
            ["helpline", "information and advice"],
            ["carers helpline", "advice for carers", "stressed carer", "burnout"],
            "Unpaid carers living in Bolton or caring for someone who lives in Bolton",
            access=["self_referral", "signpost_referral"],
            delivery=["phone"],
            locs=[],
            sched="mon-fri 09:00-17:00@-",
            note="Answerphone outside these hours",
        ),
        S(
            "young-carers-club",
            "Young Carers Club",
            "A weekly after-school club for children and young people who help look after someone at home. "
            "There are games, trips in the holidays, help with homework and time to relax away from caring. "
            "Staff can also speak to the young person's school so teachers understand their situation. "
            "Parents or professionals can refer, and young people can ask to join themselves.",
            ["carer_support", "friends_and_family"],
            ["young carers", "youth club"],
            ["young carers", "children who care", "sibling carer", "after school club"],
            "Young carers aged 8 to 17 living in Bolton",
            min_age=8,
            max_age=17,
            access=["self_referral", "referral_needed", "signpost_referral"],
            sched="tue 16:00-18:00",
            area="B",
            cap={"status": "waitlist", "waitlist_weeks": 4},
        ),
        S(
            "caring-with-confidence",
            "Caring with Confidence course",
            "A free six-week course for carers covering looking after your own health, moving and handling, "
            "managing medicines, dealing with professionals and planning for emergencies. "
            "Groups are small and friendly, and sitting-in care can be arranged so you can attend. "
            "Each course ends with a certificate and a get-together.",
            ["carer_support", "medication", "health"],
            ["training", "course"],
            ["carers course", "moving and handling", "carer training"],
            "Adult unpaid carers in Bolton",
            min_age=18,
            access=["self_referral", "signpost_referral"],
            sched="thu 10:00-12:30",
            note="Runs in six-week blocks starting January, April, July and October",
            area="B",
            cap={"status": "waitlist", "waitlist_weeks": 6},
        ),
        S(
            "carers-emergency-card",
            "Carers' Emergency Card",
            "A wallet card that tells the emergency services someone relies on you, linked to a plan we help you write. "
            "If you are taken ill or have an accident, our 24-hour partner line will start the plan so the person "
            "you care for is not left alone. Setting it up takes about an hour by phone or at the centre.",
            ["carer_support", "house_and_home"],
            ["emergency planning", "contingency plan"],
            ["what if something happens to me", "carer card", "emergency plan"],
            "Adult unpaid carers in Bolton",
            min_age=18,
            delivery=["phone", "in_person"],
            locs=["main"],
            note="By appointment",
            area="B",
        ),
    ],
    charity_number="1138421",
    company_number="07214563",
    website=site("boltoncarers"),
    email="hello@boltoncarers.example.org.uk",
    phone="01204 386412",
    referral_email="referrals@boltoncarers.example.org.uk",
)

ORG(
    "later-life-bolton",
    "Later Life Bolton",
    "voluntary",
    "A local charity for people in later life and their families. We give free, independent advice, "
    "run befriending and home-from-hospital schemes, and organise groups that help older people stay "
    "connected. Most of our work is done by trained volunteers supported by a small staff team.",
    [
        L(
            "main",
            "Later Life Bolton Information Centre",
            "3 Silverwell Street",
            "BL1 1PP",
            acc=LOOP,
        ),
        L("lever-edge", "Lever Edge Community Hall", "Lever Edge Lane", "BL3 6QD", acc=FULL),
    ],
    [
        S(
            "information-advice",
            "Information and advice for older people",
            "Free, confidential advice for people over 60 and their families on benefits, paying for care, "
            "care homes, Lasting Power of Attorney, consumer problems and more. "
            "Call in, ring or book a home visit if you cannot get out. Our advisers will help fill in forms "
            "and can follow things up with you.",
            ["money", "house_and_home", "personal_care"],
            ["information and advice", "benefits advice"],
            [
                "attendance allowance",
                "pension credit",
                "care home fees",
                "power of attorney",
                "forms",
            ],
            "People aged 60 and over in Bolton, and family members helping them",
            min_age=60,
            access=["drop_in", "self_referral", "signpost_referral"],
            delivery=["in_person", "phone", "home_visit"],
            sched="mon-fri 09:30-16:00",
            area="B",
        ),
        S(
            "telephone-befriending",
            "Telephone befriending",
            "A friendly volunteer rings you at the same time each week for a chat. "
            "Volunteers are matched to you by interests where possible and can also keep an eye out for any "
            "problems you would like help with. Calls usually last 20-40 minutes and you can stop at any time.",
            ["friends_and_family", "emotional_wellbeing"],
            ["befriending", "telephone befriending"],
            ["lonely", "loneliness", "someone to talk to", "phone friend", "isolated"],
            "People aged 60 and over living in Bolton who feel lonely or isolated",
            min_age=60,
            access=["self_referral", "signpost_referral"],
            delivery=["phone"],
            locs=[],
            cap={"status": "waitlist", "waitlist_weeks": 3},
        ),
        S(
            "home-befriending",
            "Home visiting befriending",
            "A DBS-checked volunteer visits you at home for an hour or so each week. "
            "Some people like a cup of tea and a chat, others go for a short walk, play cards or go to the shops together. "
            "We visit first to get to know you and find the right match.",
            ["friends_and_family", "emotional_wellbeing"],
            ["befriending", "home visiting"],
            ["lonely", "visitor", "befriender", "company", "housebound"],
            "People aged 60 and over in Bolton who are mostly housebound or very isolated",
            min_age=60,
            access=["self_referral", "referral_needed", "signpost_referral"],
            delivery=["home_visit"],
            locs=[],
            cap={"status": "waitlist", "waitlist_weeks": 10},
        ),
        S(
            "home-from-hospital",
            "Home from Hospital",
            "Short-term practical and emotional support for up to six weeks after a stay in hospital. "
            "Support workers can settle you in, make sure there is food in the house, collect prescriptions, "
            "and help you get back to your usual routine. Referrals come mostly from ward staff but you or your "
            "family can ask too.",
            ["personal_care", "house_and_home", "health"],
            ["hospital discharge", "home from hospital"],
            ["coming out of hospital", "after hospital", "discharge", "shopping", "prescriptions"],
            "Adults aged 50+ going home from the Royal Bolton Hospital or a Bolton intermediate care bed",
            min_age=50,
            access=["referral_needed", "self_referral"],
            delivery=["home_visit", "phone"],
            locs=[],
        ),
        S(
            "lever-edge-lunch-club",
            "Lever Edge Thursday Lunch Club",
            "A sit-down two-course lunch, a quiz or a bit of music, and good company every Thursday. "
            "Volunteers can pick you up in the minibus if you live nearby and find it hard to get out. "
            "Special diets are catered for if you tell us in advance.",
            ["friends_and_family", "getting_out", "health"],
            ["lunch club", "community meal"],
            ["lunch club", "dinner", "hot meal", "meet people", "older people"],
            "People aged 60 and over",
            min_age=60,
            cost="£4.50 including lunch and a drink",
            access=["drop_in", "self_referral"],
            locs=["lever-edge"],
            sched="thu 11:45-14:30",
            area="N:Great Lever|Rumworth|Harper Green",
        ),
        S(
            "digital-buddies",
            "Digital Buddies",
            "One-to-one help with your smartphone, tablet or laptop from patient volunteers. "
            "Learn to make video calls to family, order repeat prescriptions through the NHS App, shop online safely "
            "or spot scam emails. Bring your own device; a few loan tablets are available to practise on.",
            ["communication", "hobbies"],
            ["digital skills", "digital inclusion"],
            [
                "smartphone help",
                "ipad",
                "tablet",
                "video call",
                "nhs app",
                "computer help",
                "internet",
            ],
            "Anyone over 50 in Bolton",
            min_age=50,
            access=["drop_in", "self_referral"],
            sched="tue 10:00-12:00; tue 13:30-15:30",
            area="R5",
        ),
    ],
    charity_number="1124587",
    company_number="06541239",
    website=site("laterlifebolton"),
    email="info@laterlifebolton.example.org.uk",
    phone="01204 382210",
    referral_email="referrals@laterlifebolton.example.org.uk",
)

ORG(
    "bolton-advice-hub",
    "Bolton Advice Hub",
    "voluntary",
    "Free, independent and confidential advice on money, debt, benefits, housing and work. "
    "We have advisers in the town centre every weekday, an advice line, and outreach sessions in Farnworth. "
    "Everyone is welcome regardless of age or circumstances.",
    [
        L("main", "Bolton Advice Hub", "26 Great Moor Street", "BL1 1NP", acc=LOOP),
        L(
            "farnworth-library",
            "Farnworth Library (advice room)",
            "Market Street",
            "BL4 7PG",
            town="Farnworth",
            acc=LOOP,
        ),
    ],
    [
        S(
            "debt-advice",
            "Debt advice",
            "Specialist debt advisers help you list what you owe, deal with bailiffs and priority debts such as rent, "
            "council tax and energy, and work out a budget you can stick to. We can negotiate with creditors and, "
            "where it is right for you, help with a Debt Relief Order or breathing space. "
            "Drop in for a first chat or book an appointment.",
            ["money"],
            ["debt advice", "money advice"],
            [
                "debt",
                "bailiffs",
                "arrears",
                "council tax arrears",
                "bankruptcy",
                "debt relief order",
                "loan",
            ],
            "Anyone living in Bolton",
            access=["drop_in", "self_referral", "signpost_referral"],
            sched="mon 09:30-12:30; wed 09:30-12:30; fri 09:30-12:30",
            note="Appointments also available on Tuesday and Thursday",
            area="B",
        ),
        S(
            "benefits-advice",
            "Benefits advice",
            "Help to check what benefits you could claim, fill in forms for Universal Credit, PIP and Attendance Allowance, "
            "and challenge decisions you think are wrong. Advisers can help over the phone or face to face.",
            ["money"],
            ["benefits advice", "welfare benefits"],
            [
                "universal credit",
                "pip",
                "attendance allowance",
                "benefit check",
                "mandatory reconsideration",
                "esa",
            ],
            "Anyone living in Bolton",
            access=["drop_in", "self_referral", "signpost_referral"],
            delivery=["in_person", "phone"],
            sched="mon-fri 09:30-16:00",
            area="B",
        ),
        S(
            "energy-advice",
            "Energy and fuel poverty advice",
            "If you are struggling to heat your home or keep up with energy bills, an energy adviser can check your tariff, "
            "sort out problems with prepayment meters, apply for grants and hardship funds, and explain how to use "
            "heating more cheaply. We can also refer you for free insulation or boiler schemes.",
            ["money", "house_and_home"],
            ["energy advice", "fuel poverty"],
            [
                "gas bill",
                "electric bill",
                "prepayment meter",
                "cold home",
                "heating",
                "energy debt",
                "warm home discount",
            ],
            "Bolton residents worried about energy costs",
            access=["self_referral", "signpost_referral"],
            delivery=["phone", "in_person"],
            sched="tue 10:00-15:00; thu 10:00-15:00",
            area="B",
        ),
        S(
            "farnworth-outreach",
            "Farnworth advice drop-in",
            "An adviser from the Advice Hub is based at Farnworth Library twice a week for people who cannot get into town. "
            "Bring any letters or bills with you. Most questions about money, benefits, housing or work can be dealt with on the day.",
            ["money", "house_and_home"],
            ["outreach", "information and advice"],
            ["advice farnworth", "citizens advice", "benefits", "debt", "housing problem"],
            "Anyone, especially residents of Farnworth, Kearsley and Harper Green",
            access=["drop_in"],
            locs=["farnworth-library"],
            sched="tue 10:00-12:00; tue 13:30-15:30; thu 10:00-12:00",
            area="N:Farnworth|Kearsley|Harper Green",
        ),
        S(
            "advice-line",
            "Advice line",
            "A phone line for general advice on money, housing, consumer, family and work problems. "
            "Our advisers will either help you straight away or book you in with a specialist.",
            ["money", "house_and_home", "volunteering_and_work"],
            ["helpline", "information and advice"],
            ["advice line", "phone advice", "landlord problem", "employment rights"],
            "Anyone living in Bolton",
            delivery=["phone"],
            locs=[],
            sched="mon-fri 10:00-16:00@-",
        ),
    ],
    charity_number="1119034",
    company_number="04312877",
    website=site("boltonadvicehub"),
    email="advice@boltonadvicehub.example.org.uk",
    phone="01204 521077",
    referral_email="referrals@boltonadvicehub.example.org.uk",
)

ORG(
    "bolton-bereavement-network",
    "Bolton Bereavement Network",
    "voluntary",
    "Support for adults who have lost someone close to them, whenever the death happened and whatever the cause. "
    "Trained volunteers offer groups and one-to-one sessions in a calm, private setting near Great Lever.",
    [L("main", "The Willows Centre", "5 Lever Street", "BL3 2JD", acc=LOOP)],
    [
        S(
            "coffee-after-loss",
            "Coffee and Conversation after Loss",
            "A fortnightly group where bereaved people can talk, or just listen, over a cup of coffee. "
            "There is no pressure to share, and volunteers who have been bereaved themselves are on hand. "
            "Many people come for a few months and make friends who understand.",
            ["emotional_wellbeing", "friends_and_family"],
            ["bereavement support", "peer support"],
            ["bereavement", "grief", "lost my wife", "lost my husband", "widow", "widower"],
            "Adults who have been bereaved",
            min_age=18,
            access=["drop_in", "self_referral"],
            sched="mon 10:30-12:00",
            note="Every other Monday; ring to check the dates",
            area="B",
        ),
        S(
            "one-to-one-bereavement",
            "One-to-one bereavement support",
            "Six to eight weekly sessions with a trained bereavement volunteer, in person or by phone. "
            "Sessions give you space to talk about the person who died and how you are coping. "
            "We will talk to you first to check this is the right kind of support.",
            ["emotional_wellbeing"],
            ["bereavement counselling", "one to one support"],
            ["grief counselling", "bereavement counselling", "loss", "death"],
            "Adults living in Bolton, usually at least a month after the death",
            min_age=18,
            access=["self_referral", "signpost_referral"],
            delivery=["in_person", "phone"],
            note="By appointment, daytime and early evening",
            area="B",
            cap={"status": "waitlist", "waitlist_weeks": 8},
        ),
        S(
            "bereaved-by-suicide",
            "Bereaved by Suicide group",
            "A monthly evening group for people who have lost someone to suicide, facilitated by a trained worker and a volunteer "
            "with their own experience of this kind of loss. A safe place to talk about feelings that can be hard to share elsewhere.",
            ["emotional_wellbeing"],
            ["bereavement support", "suicide bereavement"],
            ["suicide", "lost someone to suicide", "grief support group"],
            "Adults bereaved by suicide",
            min_age=18,
            access=["self_referral", "signpost_referral"],
            sched="wed 18:30-20:30",
            note="First Wednesday of each month",
            area="B",
        ),
    ],
    charity_number="1152274",
    website=site("boltonbereavement"),
    email="support@boltonbereavement.example.org.uk",
    phone="01204 659031",
)

ORG(
    "bolton-stroke-club",
    "Bolton Stroke Club",
    "voluntary",
    "A volunteer-run club for people who have had a stroke and their families. "
    "We meet every week for exercise, conversation practice and company, with a trip or two in the summer.",
    [L("main", "Deane Community Centre", "226 Deane Road", "BL3 5DL", acc=FULL)],
    [
        S(
            "stroke-club",
            "Stroke Club",
            "Weekly club with gentle seated exercise, games, speech and memory activities, and a hot drink and cake. "
            "Members are at every stage of recovery, and carers are welcome to stay or take a break. "
            "Transport can sometimes be arranged for people who cannot get there.",
            ["health", "friends_and_family", "communication"],
            ["stroke", "peer support", "social club"],
            ["stroke", "after a stroke", "stroke survivors", "rehabilitation"],
            "People who have had a stroke, and their carers",
            cost="£2 a week including refreshments",
            access=["drop_in", "self_referral", "signpost_referral"],
            sched="wed 13:00-15:30",
            area="B",
        ),
        S(
            "aphasia-conversation",
            "Aphasia conversation group",
            "A small, patient group for people whose speech or understanding has been affected by a stroke. "
            "We use pictures, gestures and written words as well as speech, and go at each person's pace.",
            ["communication", "emotional_wellbeing"],
            ["aphasia", "speech and language"],
            ["aphasia", "speech problems", "talking after stroke", "communication difficulties"],
            "Adults with aphasia after a stroke or brain injury",
            min_age=18,
            access=["self_referral", "referral_needed"],
            sched="mon 10:30-12:00",
            area="B",
        ),
    ],
    charity_number="1108873",
    website=site("boltonstrokeclub"),
    email="club@boltonstrokeclub.example.org.uk",
    phone="01204 457712",
)

ORG(
    "bolton-parkinsons-group",
    "Bolton and District Parkinson's Group",
    "voluntary",
    "A friendly local support group for people living with Parkinson's, their partners and families. "
    "Run by members, we share information, invite speakers and organise exercise that helps with symptoms.",
    [L("main", "Heaton Community Hall", "402 Chorley New Road", "BL1 5AX", acc=FULL)],
    [
        S(
            "monthly-meeting",
            "Monthly members' meeting",
            "An afternoon meeting with a speaker (often a nurse, physiotherapist or benefits adviser), time to chat and afternoon tea. "
            "New members are always made welcome and there is no need to book.",
            ["health", "friends_and_family", "carer_support"],
            ["parkinsons", "support group"],
            ["parkinsons", "parkinson's disease", "support group", "tremor"],
            "People with Parkinson's and their family carers",
            access=["drop_in", "self_referral"],
            sched="tue 14:00-16:00",
            note="First Tuesday of the month",
            area="B",
        ),
        S(
            "parkinsons-exercise",
            "Exercise for Parkinson's",
            "An hour of exercises designed by a physiotherapist to help with balance, walking, posture and voice. "
            "There is a standing and a seated option so everyone can join in.",
            ["health", "getting_out"],
            ["exercise class", "parkinsons"],
            ["parkinsons exercise", "balance", "physio", "movement class"],
            "People with Parkinson's or a similar condition",
            cost="£3 a session",
            access=["self_referral"],
            sched="thu 10:00-11:00",
            area="R4",
        ),
    ],
    charity_number="1101927",
    email="boltonparkinsons@example.org.uk",
    phone="01204 498103",
)
ORG(
    "bolton-sight-support",
    "Bolton Sight Support",
    "voluntary",
    "Help for anyone in Bolton living with sight loss, from a new diagnosis to lifelong blindness. "
    "We offer emotional support, practical equipment, technology training and social groups, "
    "and work alongside the council's sensory impairment team.",
    [L("main", "The Sight Centre", "17 Knowsley Street", "BL1 2AS", acc=LOOP + ["large_print"])],
    [
        S(
            "sight-loss-advice",
            "Sight loss advice and support",
            "Drop in or ring to talk to a sight loss adviser about your diagnosis, registering as sight impaired, "
            "benefits you may be entitled to, and how to keep doing the things you enjoy. "
            "Advisers also visit people at home who cannot get to the centre.",
            ["communication", "emotional_wellbeing", "money"],
            ["sight loss", "visual impairment", "information and advice"],
            [
                "sight loss",
                "blind",
                "partially sighted",
                "macular degeneration",
                "glaucoma",
                "eye condition",
            ],
            "Anyone in Bolton with sight loss, and their families",
            access=["drop_in", "self_referral", "signpost_referral"],
            delivery=["in_person", "phone", "home_visit"],
            sched="mon 10:00-15:00; thu 10:00-15:00",
            area="B",
        ),
        S(
            "equipment-demo",
            "Low vision equipment room",
            "Try out magnifiers, lamps, talking clocks, big-button phones and kitchen gadgets before you buy. "
            "Staff explain what might help and where to get it at the best price; some small items are sold at cost.",
            ["house_and_home", "communication"],
            ["equipment", "daily living aids"],
            ["magnifier", "talking clock", "low vision aids", "big button phone"],
            "People with sight loss and their carers",
            access=["drop_in", "self_referral"],
            sched="wed 10:00-12:00; wed 13:30-15:30",
            area="B",
        ),
        S(
            "talking-news",
            "Bolton Talking News",
            "A weekly recording of local news and features read by volunteers, sent free on a USB stick by post or as a podcast. "
            "Listeners say it keeps them in touch with what is going on in the town.",
            ["communication"],
            ["talking newspaper", "audio"],
            ["talking newspaper", "audio news", "blind", "podcast"],
            "People in Bolton who cannot easily read print",
            delivery=["online"],
            locs=[],
            area="B",
        ),
        S(
            "tech-for-sight",
            "Technology for sight loss",
            "One-to-one sessions on using the accessibility features built into phones, tablets and computers, such as "
            "magnification, speech and voice assistants. Bring your own device or try ours.",
            ["communication"],
            ["digital skills", "assistive technology"],
            ["voiceover", "smart speaker", "iphone for blind", "screen reader"],
            "People with sight loss",
            access=["self_referral"],
            sched="fri 10:00-12:00",
            note="Booking needed",
            area="B",
            status="temporarily_closed",
        ),
        S(
            "sight-social",
            "Friday social club",
            "A weekly social afternoon for people with sight loss with a quiz, music, talking books swap and occasional outings. "
            "Volunteer guides can meet you at the bus station.",
            ["friends_and_family", "getting_out"],
            ["social club", "visual impairment"],
            ["social group", "blind club", "meet people"],
            "Adults with sight loss",
            min_age=18,
            access=["drop_in"],
            sched="fri 13:30-15:30",
            area="R5",
        ),
    ],
    charity_number="1131108",
    website=site("boltonsight"),
    email="hello@boltonsight.example.org.uk",
    phone="01204 302256",
)

ORG(
    "bolton-deaf-centre",
    "Bolton Deaf and Hard of Hearing Centre",
    "voluntary",
    "A community centre run by and for Deaf people and people with hearing loss. "
    "We run a BSL social club, lipreading classes and advocacy for people who struggle to access services.",
    [L("main", "Bolton Deaf Centre", "55 Chorley Old Road", "BL1 3AT", acc=LOOP + ["bsl"])],
    [
        S(
            "bsl-social",
            "BSL social club",
            "A Friday evening social club in British Sign Language, with games, talks and a bar. "
            "Hearing people learning BSL are welcome too.",
            ["communication", "friends_and_family"],
            ["deaf community", "social club", "bsl"],
            ["deaf club", "bsl", "sign language", "deaf social"],
            "Deaf people, BSL users and learners",
            min_age=18,
            access=["drop_in"],
            lang=["British Sign Language", "English"],
            sched="fri 18:00-21:00",
            area="B",
        ),
        S(
            "lipreading-class",
            "Lipreading and managing hearing loss",
            "A weekly class for adults with acquired hearing loss, teaching lipreading skills and practical tips "
            "for coping in noisy places, on the phone and at appointments.",
            ["communication", "emotional_wellbeing"],
            ["lipreading", "hearing loss"],
            ["lipreading", "hard of hearing", "going deaf", "hearing loss class"],
            "Adults with hearing loss",
            min_age=18,
            cost="£3 a session (free for people on means-tested benefits)",
            access=["self_referral"],
            sched="tue 10:00-12:00",
            area="B",
        ),
        S(
            "bsl-advocacy",
            "BSL advocacy and advice",
            "Deaf advocates help BSL users with letters, phone calls, appointments and complaints, and can book interpreters. "
            "Sessions are by appointment and by video call.",
            ["communication", "money"],
            ["advocacy", "interpreting"],
            ["bsl interpreter", "deaf advocacy", "help with letters"],
            "Deaf BSL users living in Bolton",
            access=["self_referral", "signpost_referral"],
            lang=["British Sign Language", "English"],
            delivery=["in_person", "online"],
            sched="wed 10:00-16:00",
            area="B",
        ),
    ],
    charity_number="1116452",
    website=site("boltondeafcentre"),
    email="info@boltondeafcentre.example.org.uk",
    phone="01204 307711",
)

ORG(
    "bolton-minds-together",
    "Bolton Minds Together",
    "voluntary",
    "A mental health charity offering peer support, wellbeing activities and an evening crisis alternative. "
    "Our groups are led by people with lived experience of mental ill health, supported by trained staff.",
    [L("main", "Wellbeing House", "9 Wood Street", "BL1 1DY", acc=STD)],
    [
        S(
            "peer-support-groups",
            "Mental health peer support groups",
            "Small groups for people living with anxiety, depression, bipolar and other conditions to share what helps. "
            "Groups are facilitated by trained peer workers. You can come along without a referral.",
            ["emotional_wellbeing"],
            ["peer support", "mental health"],
            ["anxiety", "depression", "mental health group", "support group", "bipolar"],
            "Adults living in Bolton",
            min_age=18,
            access=["drop_in", "self_referral", "signpost_referral"],
            sched="mon 18:00-20:00; thu 13:30-15:30",
            area="B",
        ),
        S(
            "wellbeing-cafe",
            "Wellbeing Cafe",
            "A relaxed cafe afternoon with crafts, board games and a chance to talk to a peer worker if you want to. "
            "Good for people who are isolated or rebuilding confidence.",
            ["emotional_wellbeing", "friends_and_family", "hobbies"],
            ["cafe", "peer support"],
            ["mental health cafe", "low mood", "confidence", "crafts"],
            "Adults",
            min_age=18,
            access=["drop_in"],
            sched="tue 13:30-15:30",
            area="R5",
        ),
        S(
            "safe-haven",
            "Evening Safe Haven",
            "A calm, welcoming place to go in the evening if you are struggling with your mental health and feel you are "
            "heading for a crisis. Staff will listen, help you make a plan to stay safe and link you to other support. "
            "It is an alternative to A&E for people who are not physically hurt.",
            ["emotional_wellbeing"],
            ["crisis support", "safe haven"],
            ["crisis", "suicidal", "panic", "mental health emergency", "out of hours"],
            "Adults in Bolton experiencing emotional distress",
            min_age=18,
            access=["drop_in", "self_referral"],
            sched="mon-sun 18:00-23:00",
            note="Open every evening including bank holidays",
            area="B",
        ),
        S(
            "mens-talking-group",
            "Men's Talking Group",
            "A weekly group for men to talk about what is on their mind, from work and money worries to relationships and grief. "
            "No judgement and no need to speak until you are ready.",
            ["emotional_wellbeing", "friends_and_family"],
            ["mens mental health", "peer support"],
            ["men's mental health", "talk", "blokes", "stress"],
            "Men aged 18 and over",
            min_age=18,
            access=["drop_in"],
            sched="thu 19:00-21:00",
            area="B",
        ),
    ],
    charity_number="1127719",
    company_number="06891204",
    website=site("boltonmindstogether"),
    email="hello@boltonmindstogether.example.org.uk",
    phone="01204 338891",
    referral_email="referrals@boltonmindstogether.example.org.uk",
)

ORG(
    "harbour-bolton",
    "Harbour Bolton",
    "voluntary",
    "Harbour supports women, men and children affected by domestic abuse in Bolton. "
    "We run refuges at confidential addresses, a 24-hour helpline, community outreach and recovery groups. "
    "If you are in immediate danger call 999.",
    [
        L(
            "outreach",
            "Harbour Outreach Office",
            "Second floor, 71 Bradshawgate",
            "BL1 1QD",
            acc=STD,
            description="Appointments only; the office is not signed as a domestic abuse service.",
        ),
        L(
            "refuge-north",
            "Harbour Refuge (north)",
            "Address withheld",
            "BL1 3PX",
            confidential=True,
            acc=STD,
            description="Confidential refuge; the address is only given to residents.",
        ),
        L(
            "refuge-south",
            "Harbour Refuge (south)",
            "Address withheld",
            "BL3 5RW",
            confidential=True,
            acc=NONE,
            description="Confidential refuge; the address is only given to residents.",
        ),
        L(
            "move-on",
            "Harbour Move-on House",
            "Address withheld",
            "BL4 9QA",
            town="Farnworth",
            confidential=True,
            acc=NONE,
            description="Confidential second-stage housing for families leaving refuge.",
        ),
    ],
    [
        S(
            "refuge",
            "Refuge accommodation",
            "Safe, temporary accommodation for women and children escaping domestic abuse, with a key worker who helps with "
            "safety planning, benefits, health, schooling and finding a new home. One refuge room is fully accessible. "
            "Places are arranged through our helpline or the national domestic abuse helpline.",
            ["house_and_home", "emotional_wellbeing"],
            ["domestic abuse", "refuge"],
            ["refuge", "domestic violence", "fleeing abuse", "safe house", "women's refuge"],
            "Women (with or without children) fleeing domestic abuse",
            min_age=16,
            access=["referral_needed", "self_referral"],
            delivery=["in_person"],
            locs=["refuge-north", "refuge-south"],
            note="Staffed 24 hours; contact the helpline first",
            area="-",
            lang=["English", "Urdu", "Polish"],
        ),
        S(
            "move-on-housing",
            "Move-on housing",
            "Second-stage flats for families who are ready to leave refuge but need more time and support before living independently.",
            ["house_and_home"],
            ["domestic abuse", "supported housing"],
            ["move on accommodation", "after refuge"],
            "Current refuge residents",
            access=["referral_needed"],
            locs=["move-on"],
            area="-",
            cap={"status": "waitlist", "waitlist_weeks": 12},
        ),
        S(
            "da-helpline",
            "24-hour domestic abuse helpline",
            "Ring any time, day or night, to talk in confidence to a trained worker about what is happening at home. "
            "We can help you plan to stay safe, find refuge space and explain your options, including if you are not ready to leave.",
            ["emotional_wellbeing", "house_and_home"],
            ["domestic abuse", "helpline"],
            [
                "domestic abuse",
                "domestic violence",
                "coercive control",
                "abusive partner",
                "scared at home",
            ],
            "Anyone affected by domestic abuse in Bolton",
            access=["self_referral", "signpost_referral"],
            delivery=["phone"],
            locs=[],
            sched="mon-sun 00:00-23:59@-",
            note="24 hours a day, every day",
            contact={"phone": "01204 220990"},
        ),
        S(
            "community-outreach",
            "Community outreach (IDVA) support",
            "Independent domestic violence advisers support people living in the community, including those at high risk, "
            "through the police and courts, housing and child protection processes. Meetings are held somewhere safe for you.",
            ["emotional_wellbeing", "house_and_home"],
            ["domestic abuse", "idva", "advocacy"],
            ["idva", "court support", "non molestation order", "abuse"],
            "Adults experiencing domestic abuse in Bolton",
            min_age=16,
            access=["self_referral", "referral_needed", "signpost_referral"],
            delivery=["in_person", "phone"],
            locs=["outreach"],
            sched="wed 10:00-14:00",
            note="Other times by appointment",
            area="B",
        ),
        S(
            "children-recovery",
            "Children's recovery programme",
            "A ten-week group for children who have lived with domestic abuse, run alongside a group for their mum. "
            "Through play and talking, children learn it was not their fault and how to manage big feelings.",
            ["emotional_wellbeing", "friends_and_family"],
            ["domestic abuse", "children and families"],
            ["children", "kids", "domestic abuse recovery"],
            "Children aged 5 to 16 and their non-abusing parent",
            min_age=5,
            max_age=16,
            access=["referral_needed", "self_referral"],
            locs=["outreach"],
            sched="tue 16:00-17:30",
            area="B",
        ),
    ],
    charity_number="1146620",
    company_number="07903315",
    website=site("harbourbolton"),
    email="info@harbourbolton.example.org.uk",
    phone="01204 220990",
    referral_email="referrals@harbourbolton.example.org.uk",
)

ORG(
    "noor-womens-project",
    "Noor Women's Project",
    "voluntary",
    "A women's organisation rooted in Bolton's South Asian communities, offering domestic abuse support in community "
    "languages, a confidential safe house and a weekly women's group.",
    [
        L("centre", "Noor Centre", "98 St Helens Road", "BL3 3NS", acc=STD),
        L(
            "safe-house",
            "Noor Safe House",
            "Address withheld",
            "BL3 3RT",
            confidential=True,
            acc=NONE,
        ),
    ],
    [
        S(
            "da-support",
            "Domestic abuse support in community languages",
            "Caseworkers who speak Urdu, Punjabi, Gujarati and Bengali support women facing domestic abuse, forced marriage or "
            "so-called honour-based abuse. Help with safety planning, immigration and benefits worries, and going to court.",
            ["emotional_wellbeing", "house_and_home", "communication"],
            ["domestic abuse", "forced marriage"],
            [
                "domestic abuse asian women",
                "forced marriage",
                "honour based abuse",
                "no recourse to public funds",
            ],
            "Women in Bolton, particularly from South Asian communities",
            min_age=16,
            access=["self_referral", "referral_needed", "signpost_referral"],
            lang=["English", "Urdu", "Punjabi", "Gujarati", "Bengali"],
            delivery=["in_person", "phone"],
            sched="mon-fri 09:30-16:30",
            area="B",
        ),
        S(
            "safe-house",
            "Emergency safe house",
            "Short-stay emergency accommodation for women who need to leave home immediately, with support to plan the next step.",
            ["house_and_home"],
            ["domestic abuse", "refuge"],
            ["safe house", "emergency accommodation", "refuge"],
            "Women escaping abuse; referral through our caseworkers",
            min_age=16,
            access=["referral_needed"],
            lang=["English", "Urdu", "Punjabi", "Gujarati", "Bengali"],
            locs=["safe-house"],
            area="-",
        ),
        S(
            "womens-group",
            "Women's wellbeing and sewing group",
            "A weekly women-only group with sewing, crafts, chai and conversation. Many women come to improve their English "
            "and make friends; a creche is available.",
            ["friends_and_family", "hobbies", "emotional_wellbeing"],
            ["womens group", "sewing"],
            ["women only", "sewing", "asian women group", "make friends"],
            "Women of any age",
            access=["drop_in"],
            lang=["English", "Urdu", "Punjabi", "Gujarati", "Bengali"],
            locs=["centre"],
            sched="thu 10:00-12:30",
            area="N:Rumworth|Great Lever|Halliwell",
        ),
    ],
    charity_number="1159903",
    website=site("noorwomen"),
    email="contact@noorwomen.example.org.uk",
    phone="01204 655278",
)
EAST_CENTRAL = "N:Astley Bridge|Bradshaw|Breightmet|Crompton|Farnworth|Great Lever|Halliwell|Harper Green|Kearsley|Little Lever and Darcy Lever|Rumworth|Tonge with the Haulgh|Smithills"

ORG(
    "bolton-community-transport",
    "Bolton Community Transport",
    "voluntary",
    "Accessible minibuses and volunteer drivers for people who find it hard to use ordinary buses. "
    "We cover central and eastern Bolton; we are looking for volunteer drivers to extend the service west.",
    [L("depot", "Community Transport Depot", "Unit 4, Roscow Street Works", "BL2 6NB", acc=PARK)],
    [
        S(
            "dial-a-ride",
            "Dial-a-Ride",
            "Door-to-door minibus journeys for shopping, visiting friends, clubs and appointments. "
            "Book up to a week ahead by phone; drivers help you on and off the bus and with shopping bags. "
            "All buses have a wheelchair lift.",
            ["getting_out", "friends_and_family"],
            ["community transport", "dial a ride"],
            [
                "dial a ride",
                "transport",
                "minibus",
                "can't use the bus",
                "wheelchair transport",
                "lift",
            ],
            "People who cannot use public transport because of age, illness or disability",
            cost="£10 a year membership, then £2.50 per single journey",
            access=["self_referral", "signpost_referral"],
            delivery=["in_person"],
            locs=[],
            sched="mon-fri 09:00-16:30@-",
            note="Booking line open 9am-1pm",
            area=EAST_CENTRAL,
        ),
        S(
            "shopping-bus",
            "Shopping bus",
            "A weekly minibus trip from estates in the east of the borough to a large supermarket, with time for a cuppa in the cafe. "
            "The driver and a volunteer help with bags.",
            ["getting_out", "friends_and_family"],
            ["community transport", "shopping"],
            ["shopping trip", "supermarket", "bus"],
            "Members of Dial-a-Ride",
            cost="£3 return",
            access=["self_referral"],
            delivery=["in_person"],
            locs=[],
            sched="tue 09:30-13:00@-; thu 09:30-13:00@-",
            area="N:Breightmet|Tonge with the Haulgh|Little Lever and Darcy Lever|Crompton|Bradshaw",
        ),
        S(
            "volunteer-car-scheme",
            "Volunteer car scheme",
            "Volunteer drivers take people to hospital, GP and dentist appointments in their own cars. "
            "You pay a mileage contribution and the driver waits or comes back for you.",
            ["getting_out", "health"],
            ["community transport", "volunteer drivers"],
            ["lift to hospital", "hospital transport", "appointment transport", "driver"],
            "Adults without other transport to health appointments",
            cost="45p a mile, minimum £4",
            access=["self_referral", "signpost_referral"],
            delivery=["in_person"],
            locs=[],
            sched="mon-fri 09:00-16:00@-",
            note="Book at least 48 hours ahead",
            area=EAST_CENTRAL,
            cap={"status": "paused", "paused_for_days": 28},
        ),
    ],
    charity_number="1102276",
    company_number="04978812",
    website=site("boltoncommunitytransport"),
    email="bookings@boltoncommunitytransport.example.org.uk",
    phone="01204 395540",
)

ORG(
    "volunteer-bolton",
    "Volunteer Bolton",
    "voluntary",
    "Bolton's volunteer centre. We help people find volunteering that suits them and support local groups to recruit "
    "and look after volunteers.",
    [
        L(
            "main",
            "Volunteer Bolton, Bolton Central Library",
            "Le Mans Crescent",
            "BL1 1SE",
            acc=FULL,
        )
    ],
    [
        S(
            "volunteering-brokerage",
            "Find a volunteering role",
            "Talk to an adviser about what you enjoy, what time you have and what you hope to get out of volunteering, "
            "and we will suggest roles with local charities, groups and events. Volunteering can build confidence, skills and "
            "friendships, and can be a step towards paid work.",
            ["volunteering_and_work", "friends_and_family"],
            ["volunteering", "volunteer brokerage"],
            ["volunteer", "volunteering", "give something back", "work experience", "retired"],
            "Anyone aged 16 and over",
            min_age=16,
            access=["self_referral", "signpost_referral"],
            delivery=["in_person", "phone", "online"],
            sched="mon-fri 09:30-16:30",
            area="B",
        ),
        S(
            "volunteer-drop-in",
            "Volunteering drop-in",
            "Drop in to browse current opportunities and chat through the options with an adviser. No appointment needed.",
            ["volunteering_and_work"],
            ["volunteering", "drop in"],
            ["volunteer opportunities", "volunteering near me"],
            "Anyone aged 16 and over",
            min_age=16,
            access=["drop_in"],
            sched="tue 10:00-12:00; thu 13:30-15:30",
            area="B",
        ),
        S(
            "supported-volunteering",
            "Supported volunteering",
            "A volunteer coordinator works alongside people who need extra help to start volunteering, for example because of "
            "mental ill health, a learning disability or long-term unemployment, and stays in touch for the first few months.",
            ["volunteering_and_work", "emotional_wellbeing"],
            ["supported volunteering"],
            ["confidence", "back to work", "learning disability volunteering"],
            "Adults who would benefit from extra support",
            min_age=18,
            access=["referral_needed", "self_referral"],
            delivery=["in_person", "phone"],
            note="By appointment",
            area="B",
            cap={"status": "waitlist", "waitlist_weeks": 5},
        ),
    ],
    charity_number="1097788",
    website=site("volunteerbolton"),
    email="volunteer@volunteerbolton.example.org.uk",
    phone="01204 541223",
)

ORG(
    "memory-lane-bolton",
    "Memory Lane Bolton",
    "voluntary",
    "A dementia charity supporting people living with dementia and the family and friends who care for them, "
    "from diagnosis onwards. We run cafes, memory groups and a support worker service.",
    [
        L("hub", "Memory Lane Hub", "14 Adelaide Street", "BL3 3NY", acc=LOOP),
        L(
            "farnworth",
            "Queen Street Community Rooms",
            "2 Queen Street",
            "BL4 7AS",
            town="Farnworth",
            acc=STD,
        ),
        L("astley-bridge", "Astley Bridge Cricket Club", "Moss Bank Way", "BL1 8NS", acc=PARK),
    ],
    [
        S(
            "dementia-cafe",
            "Dementia Cafe",
            "A friendly afternoon for people with dementia and their carers, with tea and cake, music or reminiscence activities "
            "and staff who can answer questions about the diagnosis and what support is out there. "
            "Carers often say it is the one place they can relax.",
            ["emotional_wellbeing", "carer_support", "friends_and_family"],
            ["dementia cafe", "memory cafe"],
            ["dementia", "alzheimers", "memory cafe", "memory loss", "forgetful"],
            "People living with dementia or memory problems and their carers",
            access=["drop_in", "self_referral", "signpost_referral"],
            locs=["hub"],
            sched="mon 13:30-15:30",
            area="B",
        ),
        S(
            "memory-group",
            "Memory group (cognitive stimulation)",
            "A small weekly group using themed activities, word games and discussion to keep the mind active, "
            "based on cognitive stimulation therapy. Carers can have a break or join the carers' chat next door.",
            ["health", "carer_support", "friends_and_family"],
            ["dementia", "cognitive stimulation"],
            ["memory group", "brain training", "dementia activities", "mild dementia"],
            "People with a diagnosis of mild to moderate dementia",
            access=["self_referral", "referral_needed"],
            locs=["farnworth"],
            sched="wed 10:00-12:00",
            area="R5",
            cap={"status": "waitlist", "waitlist_weeks": 6},
        ),
        S(
            "songs-and-memories",
            "Songs and Memories",
            "A singing group for people with dementia and the people who care for them. "
            "We sing well-known songs from across the decades; nobody needs to be able to sing well.",
            ["hobbies", "friends_and_family", "carer_support"],
            ["singing", "dementia", "music"],
            ["singing for dementia", "music group", "sing along"],
            "People with dementia and their carers",
            cost="£2 per pair",
            access=["drop_in"],
            locs=["astley-bridge"],
            sched="thu 14:00-15:30",
            area="R5",
        ),
        S(
            "dementia-support-worker",
            "Dementia support worker",
            "A named support worker for people who have recently been diagnosed, and their families. "
            "They explain the diagnosis, help with Lasting Power of Attorney and benefits, and stay in touch as things change.",
            ["carer_support", "emotional_wellbeing", "money"],
            ["dementia", "dementia adviser"],
            ["dementia diagnosis", "dementia support", "alzheimer's advice"],
            "People diagnosed with dementia in Bolton and their carers",
            access=["referral_needed", "self_referral", "signpost_referral"],
            delivery=["home_visit", "phone"],
            locs=[],
            area="B",
        ),
    ],
    charity_number="1144563",
    website=site("memorylanebolton"),
    email="hello@memorylanebolton.example.org.uk",
    phone="01204 448120",
    referral_email="referrals@memorylanebolton.example.org.uk",
)

ORG(
    "warm-homes-bolton",
    "Warm Homes Bolton",
    "voluntary",
    "A small charity helping people who struggle to keep warm and pay for energy. "
    "Energy champions visit homes, arrange emergency help and give out warm home packs in winter.",
    [L("main", "The Haulgh Centre", "Radcliffe Road", "BL2 1NU", acc=STD)],
    [
        S(
            "energy-home-visits",
            "Home energy visits",
            "An energy champion visits to look at your heating, meter and bills, shows you how to use controls more cheaply, "
            "and helps apply for grants such as insulation, boiler replacement and the Warm Home Discount.",
            ["house_and_home", "money"],
            ["energy advice", "home visit"],
            ["cold house", "heating costs", "energy bills", "insulation grant", "boiler"],
            "Bolton residents on a low income, or with a health condition made worse by the cold",
            access=["self_referral", "signpost_referral"],
            delivery=["home_visit", "phone"],
            locs=[],
            area="B",
        ),
        S(
            "fuel-support",
            "Emergency fuel support",
            "One-off top-ups for prepayment meters and help to stop disconnection for households in crisis. "
            "Usually needs a referral from an adviser, link worker or support worker.",
            ["money"],
            ["fuel vouchers", "crisis support"],
            ["no gas", "no electric", "meter top up", "fuel voucher", "emergency credit"],
            "Bolton households in fuel crisis",
            access=["referral_needed"],
            delivery=["phone"],
            locs=[],
            area="B",
        ),
        S(
            "warm-packs",
            "Winter warm packs",
            "Free packs with a heated throw, thermal socks, a flask and a room thermometer, given out from our centre "
            "or delivered to people who cannot collect.",
            ["house_and_home", "health"],
            ["warm packs", "winter support"],
            ["blanket", "heated throw", "keeping warm", "winter"],
            "Older or disabled people and families with young children who are struggling with the cold",
            access=["drop_in", "signpost_referral"],
            sched="wed 10:00-13:00",
            note="November to March only",
            status="temporarily_closed",
            area="B",
        ),
    ],
    charity_number="1172035",
    website=site("warmhomesbolton"),
    email="help@warmhomesbolton.example.org.uk",
    phone="01204 669054",
)

ORG(
    "bolton-lgbt-hub",
    "Bolton LGBT+ Community Hub",
    "voluntary",
    "A community hub for lesbian, gay, bisexual, trans and queer people in Bolton, with groups for all ages "
    "and a support line.",
    [L("main", "Rainbow Rooms", "12 Churchgate", "BL1 1HS", acc=STD)],
    [
        S(
            "silver-rainbows",
            "Silver Rainbows (LGBT+ over 50s)",
            "A social group for LGBT+ people over 50 who want to meet others, share experiences and have fun. "
            "Afternoon tea, talks, film afternoons and occasional trips.",
            ["friends_and_family", "emotional_wellbeing"],
            ["lgbt", "older people", "social group"],
            ["gay", "lesbian", "trans", "lgbt older people", "over 50s"],
            "LGBT+ people aged 50 and over",
            min_age=50,
            access=["drop_in", "self_referral"],
            sched="thu 14:00-16:00",
            note="Second and fourth Thursday",
            area="B",
        ),
        S(
            "lgbt-coffee",
            "Coffee afternoon",
            "A weekly drop-in coffee afternoon open to LGBT+ adults of all ages and their friends.",
            ["friends_and_family"],
            ["lgbt", "drop in"],
            ["lgbt social", "coffee", "queer"],
            "LGBT+ adults",
            min_age=18,
            access=["drop_in"],
            sched="sat 13:00-15:00",
            area="B",
        ),
        S(
            "lgbt-support-line",
            "LGBT+ support line",
            "A confidential phone line staffed by trained LGBT+ volunteers for anyone who wants to talk about sexuality, gender "
            "identity, coming out, discrimination or feeling isolated.",
            ["emotional_wellbeing"],
            ["lgbt", "helpline"],
            ["coming out", "gender identity", "lgbt helpline"],
            "Anyone",
            delivery=["phone"],
            locs=[],
            sched="tue 18:00-21:00@-; thu 18:00-21:00@-",
            area="B",
        ),
    ],
    charity_number="1180045",
    website=site("boltonlgbthub"),
    email="hello@boltonlgbthub.example.org.uk",
    phone="01204 774019",
)

ORG(
    "bolton-veterans-hub",
    "Bolton Armed Forces Veterans' Hub",
    "voluntary",
    "A welcoming place for ex-service men and women and their families, run by veterans. "
    "We offer company, practical help and links to specialist armed forces charities.",
    [L("main", "Veterans' Hub", "310 Bury Road", "BL2 6AY", acc=PARK)],
    [
        S(
            "breakfast-club",
            "Veterans' breakfast club",
            "A full breakfast and a brew with other veterans every Saturday morning. "
            "Good banter, no pressure, and someone to talk to about anything from pensions to feeling low.",
            ["friends_and_family", "getting_out", "emotional_wellbeing"],
            ["veterans", "breakfast club"],
            ["veterans", "ex forces", "army", "navy", "raf", "breakfast"],
            "Veterans of any age and their partners",
            cost="£3 for breakfast",
            access=["drop_in"],
            sched="sat 09:00-11:00",
            area="R6",
        ),
        S(
            "veterans-advice",
            "Veterans' welfare drop-in",
            "Help with armed forces pensions, compensation claims, housing and benefits, and referrals to specialist charities "
            "for mental health and addiction support.",
            ["money", "house_and_home", "emotional_wellbeing"],
            ["veterans", "welfare advice"],
            ["war pension", "armed forces compensation", "veteran housing"],
            "Veterans and their families",
            access=["drop_in", "signpost_referral"],
            sched="wed 10:00-13:00",
            area="B",
        ),
    ],
    charity_number="1168329",
    email="hub@boltonveterans.example.org.uk",
    phone="01204 527390",
)

ORG(
    "bolton-welcome-network",
    "Bolton Welcome Network",
    "voluntary",
    "Support for refugees, people seeking asylum and other new arrivals in Bolton: English practice, "
    "advice and friendship.",
    [L("main", "Welcome Centre", "60 St Helens Road", "BL3 3PS", acc=STD)],
    [
        S(
            "esol-conversation",
            "English conversation club",
            "Informal English practice for adults at any level, led by volunteer tutors. "
            "We talk about everyday situations such as the doctor, shops and buses. Free tea, coffee and a creche on Mondays.",
            ["communication", "volunteering_and_work", "friends_and_family"],
            ["esol", "english classes"],
            ["learn english", "esol", "english lessons", "conversation class"],
            "Adults whose first language is not English",
            min_age=16,
            access=["drop_in"],
            lang=["English", "Arabic", "Farsi", "Kurdish", "Tigrinya"],
            sched="mon 10:00-12:00; wed 10:00-12:00; wed 13:30-15:00",
            area="B",
        ),
        S(
            "welcome-advice",
            "Welcome advice drop-in",
            "Help with letters, registering with a GP, school places and asylum support, with referrals to immigration solicitors.",
            ["money", "communication", "health"],
            ["refugee support", "asylum support"],
            ["asylum", "refugee", "immigration help", "register with gp"],
            "Refugees, asylum seekers and new arrivals",
            access=["drop_in", "signpost_referral"],
            lang=["English", "Arabic", "Farsi", "Kurdish", "Tigrinya"],
            sched="tue 10:00-13:00",
            area="B",
        ),
        S(
            "welcome-buddies",
            "Welcome buddies",
            "A volunteer buddy meets a newly arrived person or family a few times to show them around the town, "
            "use the buses and find places of worship, shops and parks.",
            ["friends_and_family", "getting_out"],
            ["befriending", "refugee support"],
            ["buddy", "new to bolton", "show me around"],
            "New arrivals in Bolton",
            access=["self_referral", "referral_needed"],
            delivery=["in_person"],
            area="R4",
        ),
    ],
    charity_number="1175502",
    website=site("boltonwelcome"),
    email="welcome@boltonwelcome.example.org.uk",
    phone="01204 380617",
)

ORG(
    "bolton-asian-elders",
    "Bolton South Asian Elders Association",
    "voluntary",
    "A day centre and community association for older people from South Asian backgrounds, "
    "with activities, hot meals and help in Urdu, Gujarati, Punjabi and Bengali.",
    [L("main", "Sahara Centre", "144 Lever Edge Lane", "BL3 6NR", acc=FULL)],
    [
        S(
            "elders-day-centre",
            "Elders' day centre",
            "Three days a week older people meet for conversation, light exercise, Qur'an and scripture readings, health talks "
            "and a freshly cooked halal or vegetarian lunch. Men's and women's areas are available.",
            ["friends_and_family", "getting_out", "health"],
            ["day centre", "south asian elders", "lunch club"],
            ["asian elders", "day centre", "lunch", "halal", "urdu", "gujarati"],
            "People aged 55 and over",
            min_age=55,
            cost="£3.50 a day including lunch",
            access=["drop_in", "self_referral", "signpost_referral"],
            lang=SOUTH_ASIAN + ["Bengali"],
            sched="mon 10:00-14:00; wed 10:00-14:00; fri 10:00-14:00",
            area="N:Great Lever|Rumworth|Halliwell|Harper Green|Farnworth|Tonge with the Haulgh|Crompton",
        ),
        S(
            "chair-yoga",
            "Chair yoga for elders",
            "A gentle seated yoga and breathing class taught in Gujarati and English, helping with stiffness, balance and sleep.",
            ["health"],
            ["chair based exercise", "yoga"],
            ["chair yoga", "seated exercise", "gentle exercise"],
            "Older adults",
            min_age=55,
            cost="£2",
            access=["drop_in"],
            lang=["English", "Gujarati", "Hindi"],
            sched="tue 10:30-11:30",
            area="R4",
        ),
        S(
            "elders-advice",
            "Help with forms and appointments",
            "Bilingual workers help elders read letters, fill in forms, book appointments and can come to GP or hospital "
            "appointments to interpret.",
            ["money", "communication", "health"],
            ["interpreting", "advocacy", "information and advice"],
            ["interpreter", "help with forms", "urdu speaker", "gujarati speaker", "letters"],
            "South Asian elders and their families",
            access=["self_referral", "signpost_referral"],
            lang=SOUTH_ASIAN + ["Bengali", "Hindi"],
            delivery=["in_person", "phone"],
            sched="thu 10:00-15:00",
            area="B",
        ),
    ],
    charity_number="1113384",
    email="office@saharabolton.example.org.uk",
    phone="01204 362951",
)
ORG(
    "bolton-health-walks",
    "Bolton Health Walks",
    "voluntary",
    "Free, friendly short walks led by trained volunteers in parks around Bolton. "
    "Walks go at the pace of the slowest walker and finish with a cuppa.",
    [
        L(
            "moss-bank",
            "Moss Bank Park (main gates)",
            "Moss Bank Way",
            "BL1 6NQ",
            acc=["parking", "accessible_toilet"],
        ),
        L(
            "queens-park",
            "Queen's Park (Chorley New Road gates)",
            "Park Road",
            "BL1 4RY",
            acc=["accessible_toilet"],
        ),
        L(
            "farnworth-park",
            "Farnworth Park (bowling green entrance)",
            "Church Street",
            "BL4 9AP",
            town="Farnworth",
            acc=["parking"],
        ),
        L(
            "leverhulme",
            "Leverhulme Park (Bury Road car park)",
            "Bury Road",
            "BL2 6AJ",
            acc=["parking", "accessible_toilet"],
        ),
    ],
    [
        S(
            "moss-bank-walk",
            "Moss Bank Park health walk",
            "A 45-minute walk on firm paths around Moss Bank Park. The route is mostly flat with an optional hill. "
            "Good for beginners and people getting back into exercise after illness.",
            ["getting_out", "health", "friends_and_family"],
            ["walking group", "health walk"],
            ["walking group", "walks", "exercise", "park walk", "get fit"],
            "Adults of all abilities",
            access=["drop_in"],
            locs=["moss-bank"],
            sched="mon 10:30-11:30",
            area="R3",
        ),
        S(
            "queens-park-walk",
            "Queen's Park health walk",
            "A gentle one-hour stroll round Queen's Park with plenty of benches. Wheelchair users and people with walking aids welcome.",
            ["getting_out", "health", "friends_and_family"],
            ["walking group", "health walk"],
            ["walking group", "gentle walk", "walks near town centre"],
            "Adults of all abilities",
            access=["drop_in"],
            locs=["queens-park"],
            sched="wed 10:00-11:00",
            area="R3",
        ),
        S(
            "farnworth-park-walk",
            "Farnworth Park health walk",
            "A sociable 40-minute walk round Farnworth Park and back, followed by a drink at the cafe.",
            ["getting_out", "health", "friends_and_family"],
            ["walking group", "health walk"],
            ["walking group", "farnworth walks"],
            "Adults",
            access=["drop_in"],
            locs=["farnworth-park"],
            sched="thu 10:30-11:30",
            area="R3",
        ),
        S(
            "leverhulme-walk",
            "Leverhulme Park health walk",
            "Two walks from the same start: a short 30-minute loop and a longer hour-long route by the river.",
            ["getting_out", "health"],
            ["walking group", "health walk"],
            ["walking group", "river walk", "breightmet"],
            "Adults",
            access=["drop_in"],
            locs=["leverhulme"],
            sched="fri 10:00-11:00",
            area="R3",
            ver=None,
        ),
        S(
            "walk-leader-volunteering",
            "Become a walk leader",
            "Volunteer to lead or back-mark walks. Free one-day training, first aid and a bright jacket provided.",
            ["volunteering_and_work", "health"],
            ["volunteering", "walking"],
            ["volunteer", "walk leader"],
            "Adults who can walk for an hour",
            min_age=18,
            access=["self_referral"],
            delivery=["phone"],
            locs=[],
            area="B",
        ),
    ],
    charity_number="1120418",
    website=site("boltonhealthwalks"),
    email="walks@boltonhealthwalks.example.org.uk",
    phone="01204 391876",
)

ORG(
    "together-bolton",
    "Together Bolton",
    "voluntary",
    "A charity run with and for adults with learning disabilities and autistic adults. "
    "We run social clubs, travel training and self-advocacy groups.",
    [L("main", "Tonge Moor Community Hall", "Tonge Moor Road", "BL2 2DS", acc=FULL)],
    [
        S(
            "friday-social",
            "Friday Night Social",
            "A disco, karaoke and games night with a tuck shop, run by members with support from staff and volunteers. "
            "Support workers are welcome to come too.",
            ["hobbies", "friends_and_family", "getting_out"],
            ["learning disability", "social club"],
            ["learning disability", "disco", "social club", "friday night"],
            "Adults with a learning disability",
            min_age=18,
            cost="£3 entry",
            access=["drop_in"],
            sched="fri 18:30-21:00",
            area=EAST_CENTRAL,
        ),
        S(
            "travel-training",
            "Travel training",
            "One-to-one training to help people learn a bus or train route safely and with confidence, "
            "for example to college, work or a day activity.",
            ["getting_out", "communication"],
            ["travel training", "independence"],
            ["travel training", "using the bus", "independence"],
            "Adults with a learning disability or autism",
            min_age=16,
            access=["referral_needed"],
            delivery=["in_person"],
            locs=[],
            area=EAST_CENTRAL,
            cap={"status": "waitlist", "waitlist_weeks": 12},
        ),
    ],
    charity_number="1134907",
    website=site("togetherbolton"),
    email="info@togetherbolton.example.org.uk",
    phone="01204 528830",
)

ORG(
    "kearsley-good-neighbours",
    "Kearsley Good Neighbours",
    "voluntary",
    "Neighbours helping neighbours in Kearsley and Prestolee: small jobs, company and a weekly lunch.",
    [
        L(
            "main",
            "Kearsley Community Centre",
            "Manchester Road",
            "BL4 8RP",
            town="Kearsley",
            acc=FULL,
        )
    ],
    [
        S(
            "good-neighbours",
            "Good Neighbours help",
            "Volunteers help with small practical things such as collecting prescriptions, changing a light bulb, "
            "posting letters or a lift to the shops, and often stay for a chat.",
            ["house_and_home", "friends_and_family", "medication"],
            ["good neighbours", "practical help"],
            ["odd jobs", "prescription collection", "shopping help", "help at home"],
            "Older and disabled residents of Kearsley and Prestolee",
            access=["self_referral", "signpost_referral"],
            delivery=["home_visit", "phone"],
            locs=[],
            area="N:Kearsley",
        ),
        S(
            "kearsley-lunch",
            "Tuesday lunch club",
            "Home-cooked lunch, pudding and a raffle in the community centre every Tuesday.",
            ["friends_and_family", "getting_out", "health"],
            ["lunch club"],
            ["lunch club", "hot dinner", "kearsley"],
            "Over 55s",
            min_age=55,
            cost="£3.50",
            access=["drop_in"],
            sched="tue 12:00-14:00",
            area="W",
        ),
        S(
            "chatty-cafe",
            "Chatty Cafe",
            "A Friday morning cafe with a 'chatter and natter' table for anyone who fancies a conversation.",
            ["friends_and_family"],
            ["cafe", "loneliness"],
            ["chat", "coffee morning", "lonely"],
            "Everyone",
            access=["drop_in"],
            sched="fri 10:00-12:00",
            area="W",
        ),
    ],
    charity_number="1149952",
    email="kearsleygn@example.org.uk",
    phone="01204 573318",
)

ORG(
    "little-lever-friendship",
    "Little Lever Friendship Group",
    "voluntary",
    "A volunteer group in Little Lever and Darcy Lever offering a weekly friendship afternoon and lifts to appointments.",
    [
        L(
            "main",
            "Little Lever Civic Hall",
            "Coronation Square",
            "BL3 1LY",
            town="Little Lever",
            acc=STD,
        )
    ],
    [
        S(
            "friendship-afternoon",
            "Monday friendship afternoon",
            "Bingo, a quiz, a sing-song and plenty of tea. Friendly volunteers welcome new faces at the door.",
            ["friends_and_family", "hobbies"],
            ["friendship group", "social club"],
            ["bingo", "social afternoon", "friends", "little lever"],
            "Older residents",
            min_age=55,
            cost="£2",
            access=["drop_in"],
            sched="mon 13:30-15:30",
            area="W",
        ),
        S(
            "volunteer-lifts",
            "Volunteer lifts",
            "Volunteer drivers take local people to GP, dentist and hospital appointments and to the friendship afternoon.",
            ["getting_out", "health"],
            ["volunteer drivers", "transport"],
            ["lift", "transport", "hospital appointment"],
            "Residents of Little Lever and Darcy Lever",
            cost="Donation",
            access=["self_referral"],
            delivery=["in_person"],
            locs=[],
            area="N:Little Lever and Darcy Lever",
        ),
    ],
    charity_number="1126190",
    email="llfriendship@example.org.uk",
    phone="01204 707466",
)

ORG(
    "horwich-community-link",
    "Horwich Community Link",
    "voluntary",
    "A community charity for Horwich and Blackrod with a community cafe, befriending and a lunch club.",
    [
        L("main", "The Link Centre", "27 Church Street", "BL6 6AA", town="Horwich", acc=STD),
        L("blackrod", "Blackrod Village Hall", "Station Road", "BL6 5BW", town="Blackrod", acc=OLD),
    ],
    [
        S(
            "horwich-befriending",
            "Befriending in Horwich and Blackrod",
            "Volunteers visit or phone people who are lonely, for a chat and to help them get back into local activities.",
            ["friends_and_family", "emotional_wellbeing"],
            ["befriending"],
            ["befriending horwich", "lonely", "visitor"],
            "Adults living in Horwich or Blackrod",
            min_age=18,
            access=["self_referral", "signpost_referral"],
            delivery=["home_visit", "phone"],
            locs=[],
            area="N:Horwich and Blackrod|Horwich North East",
        ),
        S(
            "community-cafe",
            "Link Community Cafe",
            "A pay-as-you-feel cafe serving soup, toasties and cakes made with surplus food. Everyone welcome.",
            ["friends_and_family", "money"],
            ["community cafe", "pay as you feel"],
            ["cafe", "cheap food", "soup"],
            "Everyone",
            access=["drop_in"],
            locs=["main"],
            sched="wed 10:00-14:00; fri 10:00-14:00",
            area="R3",
        ),
        S(
            "blackrod-lunch-club",
            "Blackrod lunch club",
            "A two-course lunch and entertainment once a week in the village hall. Volunteers can collect people who "
            "cannot walk there.",
            ["friends_and_family", "getting_out"],
            ["lunch club"],
            ["lunch club blackrod", "dinner"],
            "Over 60s",
            min_age=60,
            cost="£4",
            access=["drop_in"],
            locs=["blackrod"],
            sched="thu 12:00-14:00",
            area="R3",
            ver=None,
        ),
        S(
            "horwich-carers-coffee",
            "Carers' coffee morning",
            "A monthly coffee morning for unpaid carers in Horwich and Blackrod, with a visiting worker from Bolton Carers Network.",
            ["carer_support", "friends_and_family"],
            ["carers group"],
            ["carers group horwich", "carers"],
            "Unpaid carers",
            access=["drop_in"],
            locs=["main"],
            sched="mon 10:00-11:30",
            note="Last Monday of the month",
            area="R3",
        ),
    ],
    charity_number="1141276",
    website=site("horwichlink"),
    email="hello@horwichlink.example.org.uk",
    phone="01204 697225",
)

ORG(
    "westhoughton-neighbours",
    "Westhoughton Neighbours",
    "voluntary",
    "A volunteer group supporting older residents in Westhoughton and Chew Moor with a lunch club and shopping help.",
    [
        L(
            "main",
            "Westhoughton Methodist Hall",
            "Market Street",
            "BL5 3AZ",
            town="Westhoughton",
            acc=STD,
        )
    ],
    [
        S(
            "westhoughton-lunch",
            "Thursday lunch club",
            "A hot two-course lunch and a chat every Thursday, with occasional speakers and entertainers.",
            ["friends_and_family", "health"],
            ["lunch club"],
            ["lunch club westhoughton", "hot meal"],
            "Over 60s",
            min_age=60,
            cost="£4",
            access=["drop_in"],
            sched="thu 12:00-14:00",
            area="N:Westhoughton North and Chew Moor|Westhoughton South",
        ),
        S(
            "shopping-help",
            "Shopping help",
            "Volunteers do a weekly shop for people who cannot get out, or go with them to the shops.",
            ["house_and_home"],
            ["shopping", "practical help"],
            ["shopping", "groceries", "housebound"],
            "Older or disabled residents of Westhoughton",
            access=["self_referral"],
            delivery=["home_visit", "phone"],
            locs=[],
            area="N:Westhoughton North and Chew Moor|Westhoughton South",
            cap={"status": "paused", "paused_for_days": 30},
        ),
    ],
    email="westhoughtonneighbours@example.org.uk",
    phone="01204 813307",
)

ORG(
    "bolton-money-mentors",
    "Bolton Money Mentors",
    "voluntary",
    "Trained volunteer money mentors help people get on top of budgeting, bills and banking, so problems do not become debts.",
    [L("main", "Money Mentors", "14 King Street", "BL4 7AF", town="Farnworth", acc=STD)],
    [
        S(
            "budgeting-course",
            "Making Money Go Further course",
            "A four-week group course on budgeting, cutting bills, avoiding loan sharks and using online banking safely.",
            ["money", "communication"],
            ["budgeting", "financial capability"],
            ["budgeting", "money management", "bills"],
            "Adults in Bolton",
            min_age=18,
            access=["self_referral", "signpost_referral"],
            sched="mon 10:00-12:00",
            area="B",
        ),
        S(
            "money-mentoring",
            "One-to-one money mentoring",
            "A volunteer mentor meets you a few times to build a budget, set up bill payments and open a basic bank account if needed.",
            ["money"],
            ["budgeting", "mentoring"],
            ["bank account", "budget", "money help"],
            "Adults in Bolton",
            min_age=18,
            access=["self_referral", "signpost_referral"],
            delivery=["in_person", "phone"],
            note="By appointment",
            area="B",
        ),
    ],
    charity_number="1163377",
    email="mentors@boltonmoney.example.org.uk",
    phone="01204 574402",
)

ORG(
    "bolton-listening-line",
    "Bolton Listening Line",
    "voluntary",
    "A confidential listening service staffed by trained volunteers, for anyone who is struggling or lonely.",
    [],
    [
        S(
            "listening-line",
            "Listening Line",
            "Call any time to talk to someone who will listen without judging or telling you what to do. "
            "Many callers are lonely, worried or finding it hard to cope, and some are thinking about suicide.",
            ["emotional_wellbeing", "friends_and_family"],
            ["listening service", "helpline"],
            ["someone to talk to", "suicidal", "lonely at night", "helpline", "samaritans"],
            "Anyone",
            delivery=["phone"],
            sched="mon-sun 00:00-23:59@-",
            note="24 hours, every day",
        ),
        S(
            "listening-text",
            "Listening by text",
            "The same listening service by text message, for people who find it hard to talk on the phone.",
            ["emotional_wellbeing", "communication"],
            ["text service", "listening service"],
            ["text support", "deaf", "can't talk on the phone"],
            "Anyone",
            delivery=["online"],
            sched="mon-sun 18:00-23:00@-",
        ),
    ],
    charity_number="1110925",
    phone="01204 800900",
)

ORG(
    "clear-spaces-bolton",
    "Clear Spaces Bolton",
    "voluntary",
    "Non-judgemental support for people who hoard or find it hard to keep their home safe and manageable.",
    [L("main", "Clear Spaces", "Unit 2, Bark Street", "BL1 2AX", acc=NONE)],
    [
        S(
            "hoarding-support",
            "Hoarding support at home",
            "A support worker visits regularly to help you sort, decide and let go of things at your own pace, "
            "and works with the fire service and landlords to make the home safe.",
            ["house_and_home", "emotional_wellbeing"],
            ["hoarding", "home support"],
            ["hoarding", "cluttered house", "self neglect", "clutter"],
            "Adults in Bolton",
            min_age=18,
            access=["referral_needed", "self_referral"],
            delivery=["home_visit"],
            locs=[],
            area="B",
            cap={"status": "waitlist", "waitlist_weeks": 9},
        ),
        S(
            "hoarding-peer-group",
            "Hoarding peer support group",
            "A monthly group for people who recognise they have a problem with clutter and want to share strategies with others.",
            ["emotional_wellbeing", "house_and_home"],
            ["hoarding", "peer support"],
            ["hoarding group"],
            "Adults",
            min_age=18,
            access=["self_referral"],
            sched="wed 18:00-19:30",
            note="Third Wednesday of the month",
            area="B",
        ),
    ],
    charity_number="1184410",
    email="support@clearspaces.example.org.uk",
    phone="01204 308246",
)

ORG(
    "bolton-food-bank-network",
    "Bolton Food Bank Network",
    "voluntary",
    "A network of churches, mosques and community groups running food banks across Bolton. "
    "Most people come with a voucher from an adviser, GP, school or link worker, but nobody in crisis is turned away.",
    [
        L("central", "Central Food Bank", "Bolton Citadel, 1 Howell Croft", "BL1 1QY", acc=STD),
        L(
            "farnworth",
            "Farnworth Food Bank",
            "Farnworth Methodist Church, Albert Road",
            "BL4 7BW",
            town="Farnworth",
            acc=STD,
        ),
        L(
            "westhoughton",
            "Westhoughton Food Bank",
            "Wingates Community Church, Chequerbent",
            "BL5 2BT",
            town="Westhoughton",
            acc=PARK,
        ),
    ],
    [
        S(
            "central-foodbank",
            "Town centre food bank",
            "Three days' emergency food for you and your household, plus toiletries and household basics. "
            "Volunteers offer a hot drink and can put you in touch with debt, benefits and energy advice.",
            ["money", "health"],
            ["food bank", "emergency food"],
            ["food bank", "food parcel", "no money for food", "hungry"],
            "People in food crisis in Bolton",
            access=["referral_needed", "drop_in"],
            locs=["central"],
            sched="mon 11:00-14:00; wed 11:00-14:00; fri 11:00-14:00",
            area="B",
        ),
        S(
            "farnworth-foodbank",
            "Farnworth food bank",
            "Emergency food parcels and a warm welcome at Farnworth Methodist Church.",
            ["money"],
            ["food bank", "emergency food"],
            ["food bank farnworth", "food parcel"],
            "People in food crisis",
            access=["referral_needed", "drop_in"],
            locs=["farnworth"],
            sched="tue 10:00-12:00; tue 13:30-15:30",
            area="N:Farnworth|Kearsley|Harper Green|Great Lever",
        ),
        S(
            "westhoughton-foodbank",
            "Westhoughton food bank",
            "Emergency food parcels for people in the west of the borough. Ring ahead if you cannot come in person.",
            ["money"],
            ["food bank", "emergency food"],
            ["food bank westhoughton", "food parcel"],
            "People in food crisis",
            access=["referral_needed"],
            locs=["westhoughton"],
            sched="thu 10:00-12:00",
            area="N:Westhoughton South|Westhoughton North and Chew Moor|Hulton|Horwich and Blackrod|Horwich North East",
        ),
    ],
    charity_number="1153920",
    website=site("boltonfoodbanks"),
    email="info@boltonfoodbanks.example.org.uk",
    phone="01204 399461",
    referral_email="vouchers@boltonfoodbanks.example.org.uk",
)

ORG(
    "bolton-compassionate-communities",
    "Bolton Compassionate Communities",
    "voluntary",
    "A charity helping people at the end of life, and those close to them, to feel less alone. "
    "Volunteer companions, a death cafe and help planning ahead.",
    [L("main", "Smithills Community Rooms", "Smithills Dean Road", "BL1 6JT", acc=STD)],
    [
        S(
            "end-of-life-companions",
            "End of life companions",
            "Trained volunteers visit people with a life-limiting illness at home for company, a chat or to give family a break.",
            ["emotional_wellbeing", "friends_and_family", "carer_support"],
            ["end of life", "befriending"],
            ["terminal illness", "palliative", "dying", "end of life support"],
            "Adults with a life-limiting illness and their families",
            min_age=18,
            access=["referral_needed", "self_referral", "signpost_referral"],
            delivery=["home_visit"],
            locs=[],
            area="B",
        ),
        S(
            "death-cafe",
            "Death Cafe",
            "An informal monthly gathering where people talk openly about death and dying over tea and cake. "
            "It is not a bereavement group or counselling, just a space for conversation.",
            ["emotional_wellbeing"],
            ["death cafe"],
            ["death", "dying", "planning ahead", "funeral"],
            "Adults",
            min_age=18,
            access=["drop_in"],
            sched="sat 14:00-16:00",
            note="First Saturday of the month",
            area="R5",
        ),
        S(
            "advance-planning",
            "Planning ahead sessions",
            "Volunteers help you think about and write down your wishes for future care, a will and a funeral plan, and explain "
            "Lasting Power of Attorney.",
            ["personal_care", "money"],
            ["advance care planning"],
            ["power of attorney", "will", "advance care plan"],
            "Adults",
            min_age=18,
            access=["self_referral"],
            delivery=["in_person", "phone"],
            note="By appointment",
            area="B",
            status="inactive",
        ),
    ],
    charity_number="1187764",
    email="hello@boltoncompassion.example.org.uk",
    phone="01204 849320",
)
ORG(
    "bolton-advocacy",
    "Bolton Independent Advocacy",
    "voluntary",
    "Independent advocates help people have their say in decisions about their care, health and housing, "
    "including statutory Care Act and mental health advocacy.",
    [L("main", "Advocacy House", "8 Nelson Square", "BL1 1JT", acc=LOOP)],
    [
        S(
            "care-act-advocacy",
            "Care Act and general advocacy",
            "An advocate helps you understand your options, prepare for meetings with social workers or health staff, "
            "and make sure your views are heard. They work for you, not for the council or NHS.",
            ["communication", "personal_care"],
            ["advocacy"],
            ["advocate", "social worker meeting", "having a say", "complaint"],
            "Adults in Bolton who find it hard to speak up for themselves",
            min_age=18,
            access=["referral_needed", "self_referral", "signpost_referral"],
            delivery=["in_person", "phone", "home_visit"],
            locs=[],
            area="B",
        ),
        S(
            "self-advocacy-group",
            "Speak Up group",
            "A monthly group where people with learning disabilities practise speaking up and feed back to the council about services.",
            ["communication", "friends_and_family"],
            ["self advocacy", "learning disability"],
            ["speak up", "learning disability group", "self advocacy"],
            "Adults with a learning disability",
            min_age=18,
            access=["self_referral"],
            sched="tue 13:30-15:30",
            note="Second Tuesday of the month",
            area="B",
        ),
    ],
    charity_number="1129641",
    website=site("boltonadvocacy"),
    email="referrals@boltonadvocacy.example.org.uk",
    phone="01204 532177",
    referral_email="referrals@boltonadvocacy.example.org.uk",
)

ORG(
    "bolton-diabetes-peer-support",
    "Bolton Diabetes Peer Support",
    "voluntary",
    "A peer support group for people living with type 1 or type 2 diabetes, run by volunteers with diabetes.",
    [
        L(
            "main",
            "Kearsley Community Centre",
            "Manchester Road",
            "BL4 8RP",
            town="Kearsley",
            acc=FULL,
        )
    ],
    [
        S(
            "diabetes-group",
            "Diabetes support group",
            "Monthly evening meetings with guest speakers such as dietitians and podiatrists, and time to swap tips on "
            "food, medication and living well with diabetes.",
            ["health", "medication"],
            ["diabetes", "peer support"],
            ["diabetes", "type 2", "blood sugar", "insulin"],
            "People with diabetes and their families",
            access=["drop_in"],
            sched="tue 19:00-20:30",
            note="Third Tuesday of the month",
            area="B",
        )
    ],
    charity_number="1117256",
    email="boltondiabetesgroup@example.org.uk",
)

ORG(
    "bolton-arthritis-self-help",
    "Bolton Arthritis Self-Help",
    "voluntary",
    "A members' group for people with arthritis and joint pain, offering gentle exercise and a chance to meet others.",
    [
        L(
            "main",
            "Harper Green Community Centre",
            "Harper Green Road",
            "BL4 0DH",
            town="Farnworth",
            acc=FULL,
        )
    ],
    [
        S(
            "arthritis-exercise",
            "Gentle exercise for joints",
            "A chair-based exercise class for stiff and painful joints, followed by a chat over tea. Led by a qualified instructor.",
            ["health", "friends_and_family"],
            ["chair based exercise", "arthritis"],
            ["arthritis", "joint pain", "chair exercise"],
            "Adults with arthritis or joint pain",
            cost="£3",
            access=["drop_in"],
            sched="mon 10:00-11:00; mon 11:15-12:15",
            area="R4",
        )
    ],
    charity_number="1109462",
    phone="01204 792263",
)

ORG(
    "bolton-breathe-easy",
    "Bolton Breathe Easy",
    "voluntary",
    "A support group for people with lung conditions such as COPD, asthma and pulmonary fibrosis.",
    [L("main", "The Haulgh Centre", "Radcliffe Road", "BL2 1NU", acc=STD)],
    [
        S(
            "breathe-easy-group",
            "Breathe Easy support group",
            "A monthly meeting with speakers, information about inhalers and oxygen, and a friendly chat.",
            ["health", "medication", "friends_and_family"],
            ["copd", "lung health", "support group"],
            ["copd", "breathless", "lung disease", "emphysema", "inhaler"],
            "People with a lung condition and their carers",
            access=["drop_in"],
            sched="wed 13:30-15:30",
            note="Second Wednesday of the month",
            area="B",
        ),
        S(
            "singing-for-lungs",
            "Singing for lung health",
            "A weekly singing group that teaches breathing control through songs. No singing experience needed.",
            ["health", "hobbies"],
            ["singing", "lung health"],
            ["singing", "breathing exercises", "choir"],
            "Adults with a lung condition",
            cost="£2",
            access=["drop_in"],
            sched="fri 11:00-12:00",
            area="R5",
        ),
    ],
    charity_number="1138650",
    phone="01204 381944",
)

# =============================================================== COMMUNITY GROUPS
ORG(
    "farnworth-mens-shed",
    "Farnworth Men's Shed",
    "community_group",
    "A community workshop where men (and a few women) meet to make, mend and chat. "
    "Members have built benches, planters and bird boxes for local schools and parks.",
    [
        L(
            "main",
            "Farnworth Men's Shed",
            "Unit 3, Moses Gate Works, Egerton Street",
            "BL4 9BN",
            town="Farnworth",
            acc=PARK,
        )
    ],
    [
        S(
            "shed-sessions",
            "Shed sessions",
            "Drop in to use the workshop, learn woodwork and metalwork from other members, or just have a brew. "
            "Tools and safety kit are provided.",
            ["hobbies", "friends_and_family", "emotional_wellbeing"],
            ["mens shed", "woodwork"],
            ["men's shed", "mens shed", "woodwork", "diy", "retired men"],
            "Adults, mainly older men",
            min_age=18,
            cost="£2 a session",
            access=["drop_in"],
            sched="tue 10:00-15:00; thu 10:00-15:00",
            area="N:Farnworth|Kearsley|Harper Green",
        ),
        S(
            "shed-projects",
            "Community projects team",
            "Members take on small projects for local groups, such as raised beds or repairs, which is a good way to use "
            "trade skills and volunteer.",
            ["volunteering_and_work", "hobbies"],
            ["volunteering", "mens shed"],
            ["volunteering", "joinery", "projects"],
            "Shed members",
            access=["self_referral"],
            sched="sat 10:00-13:00",
            area="W",
        ),
    ],
    email="farnworthshed@example.org.uk",
    phone="01204 705512",
)

ORG(
    "breightmet-mens-shed",
    "Breightmet Men's Shed",
    "community_group",
    "A shed for making, fixing and friendship in Breightmet, based in an old garage behind the community centre.",
    [
        L(
            "main",
            "Breightmet Men's Shed",
            "rear of Roading Brook Community Centre",
            "BL2 5LF",
            acc=PARK,
        )
    ],
    [
        S(
            "breightmet-shed",
            "Shed mornings",
            "Woodwork, bike repairs, gardening and a lot of tea. Members range from 30 to 90 and newcomers are paired with someone "
            "to show them around.",
            ["hobbies", "friends_and_family", "emotional_wellbeing"],
            ["mens shed"],
            ["men's shed", "woodwork", "bike repair", "breightmet"],
            "Adults",
            min_age=18,
            cost="£1.50",
            access=["drop_in"],
            sched="mon 09:30-13:00; wed 09:30-13:00",
        )
    ],
    email="breightmetshed@example.org.uk",
)

ORG(
    "halliwell-knit-and-natter",
    "Halliwell Knit and Natter",
    "community_group",
    "A friendly craft group that has met in Halliwell for over ten years.",
    [L("main", "Halliwell Community Centre", "Shepherd Cross Street", "BL1 3DP", acc=STD)],
    [
        S(
            "knit-natter",
            "Knit and Natter",
            "Bring your knitting, crochet or sewing, or learn from scratch with spare needles and wool. "
            "The group makes blankets for the neonatal unit and hats for the homeless.",
            ["hobbies", "friends_and_family"],
            ["craft group", "knitting"],
            ["knitting", "crochet", "craft", "sewing"],
            "Anyone",
            access=["drop_in"],
            sched="wed 13:00-15:00",
        )
    ],
)

ORG(
    "great-lever-growers",
    "Great Lever Growers",
    "community_group",
    "A community gardening club on a shared allotment site, growing fruit and vegetables and cooking together.",
    [L("main", "Great Lever Community Allotments", "Green Lane", "BL3 2PD", acc=["parking"])],
    [
        S(
            "growing-sessions",
            "Community growing sessions",
            "Help dig, sow and harvest on a shared plot with experienced growers. Raised beds mean you do not have to bend. "
            "Take home a share of the produce.",
            ["hobbies", "getting_out", "health"],
            ["gardening", "allotment"],
            ["gardening club", "allotment", "growing vegetables"],
            "Anyone",
            access=["drop_in"],
            sched="tue 10:00-12:00; sat 10:00-12:00",
        ),
        S(
            "grow-and-cook",
            "Grow and Cook",
            "A monthly session cooking a simple healthy meal from what has been grown, and eating it together.",
            ["health", "friends_and_family", "hobbies"],
            ["cooking", "healthy eating"],
            ["cooking class", "healthy eating"],
            "Anyone",
            access=["self_referral"],
            sched="sat 12:00-14:00",
            note="Last Saturday of the month",
        ),
    ],
    email="greatlevergrowers@example.org.uk",
    phone="01204 366175",
)

ORG(
    "tonge-voices",
    "Tonge Voices Community Choir",
    "community_group",
    "A no-audition community choir singing pop, folk and gospel songs.",
    [L("main", "St Augustine's Parish Hall", "Tonge Moor Road", "BL2 2JB", acc=LOOP)],
    [
        S(
            "choir",
            "Community choir rehearsals",
            "Weekly rehearsals for anyone who loves to sing. No need to read music; we learn by ear. "
            "The choir performs at Christmas markets and care homes.",
            ["hobbies", "friends_and_family", "emotional_wellbeing"],
            ["choir", "singing"],
            ["choir", "singing", "music"],
            "Adults",
            min_age=16,
            cost="£2 a week",
            access=["drop_in"],
            sched="mon 19:00-21:00",
            area="R5",
        )
    ],
)

ORG(
    "astley-bridge-crafters",
    "Astley Bridge Craft Circle",
    "community_group",
    "A small craft and art group for adults in Astley Bridge and Sharples.",
    [L("main", "Astley Bridge Library", "Moss Bank Way", "BL1 8AL", acc=LOOP)],
    [
        S(
            "craft-circle",
            "Craft Circle",
            "Card making, painting, felting and a different project each month, with materials provided.",
            ["hobbies", "friends_and_family"],
            ["craft group", "art"],
            ["crafts", "art group", "painting", "card making"],
            "Adults",
            cost="£2.50 including materials",
            access=["drop_in"],
            sched="thu 10:00-12:00",
        )
    ],
)

ORG(
    "smithills-friendship-club",
    "Smithills Friendship Club",
    "community_group",
    "A long-running friendship club for older people on the Smithills estates.",
    [L("main", "Smithills Community Rooms", "Smithills Dean Road", "BL1 6JT", acc=STD)],
    [
        S(
            "friendship-club",
            "Wednesday friendship club",
            "Tea, biscuits, games, a monthly trip and birthday cakes for members.",
            ["friends_and_family", "getting_out"],
            ["friendship group"],
            ["social club", "friends", "older people"],
            "Over 55s",
            min_age=55,
            cost="£1.50",
            access=["drop_in"],
            sched="wed 13:30-15:30",
        ),
        S(
            "smithills-bingo",
            "Friday bingo and tea",
            "Bingo with small prizes and a sandwich tea.",
            ["friends_and_family", "hobbies"],
            ["bingo"],
            ["bingo", "social"],
            "Adults",
            cost="£2",
            access=["drop_in"],
            sched="fri 13:30-15:30",
            status="temporarily_closed",
        ),
    ],
)

ORG(
    "harper-green-tea-dance",
    "Harper Green Tea Dance",
    "community_group",
    "A volunteer-run Sunday tea dance.",
    [
        L(
            "main",
            "Harper Green Community Centre",
            "Harper Green Road",
            "BL4 0DH",
            town="Farnworth",
            acc=FULL,
        )
    ],
    [
        S(
            "tea-dance",
            "Sunday tea dance",
            "Ballroom, sequence and line dancing to live music, with a proper afternoon tea. Beginners and solo dancers welcome.",
            ["hobbies", "getting_out", "friends_and_family"],
            ["dance"],
            ["tea dance", "ballroom", "dancing"],
            "Adults",
            cost="£4 including tea",
            access=["drop_in"],
            sched="sun 14:00-16:30",
            area="R6",
        )
    ],
)

ORG(
    "bradshaw-luncheon-club",
    "Bradshaw and Harwood Luncheon Club",
    "community_group",
    "A lunch club run by volunteers for older people in Bradshaw and Harwood.",
    [L("main", "Harwood Community Centre", "Hardy Mill Road", "BL2 4EU", acc=STD)],
    [
        S(
            "luncheon-club",
            "Luncheon club",
            "A hot meal, a raffle and good company every Wednesday. Lifts available for people who do not drive.",
            ["friends_and_family", "health"],
            ["lunch club"],
            ["lunch club", "harwood", "bradshaw", "hot dinner"],
            "Over 60s",
            min_age=60,
            cost="£4.50",
            access=["drop_in", "self_referral"],
            sched="wed 12:00-14:00",
        )
    ],
)

ORG(
    "little-lever-ramblers",
    "Little Lever Ramblers",
    "community_group",
    "A walking group exploring the Croal valley and canal paths.",
    [
        L(
            "main",
            "Little Lever Civic Hall (meeting point)",
            "Coronation Square",
            "BL3 1LY",
            town="Little Lever",
            acc=NONE,
        )
    ],
    [
        S(
            "weekly-walk",
            "Weekly walk",
            "A three to five mile walk on paths and canal towpaths, stopping for a drink on the way. Sturdy footwear needed.",
            ["getting_out", "health", "friends_and_family"],
            ["walking group"],
            ["walking", "rambling", "canal walk"],
            "Adults who can walk for two hours",
            access=["drop_in"],
            sched="sun 10:00-12:30",
        )
    ],
)

ORG(
    "kearsley-heritage-group",
    "Kearsley Local History and Photography Group",
    "community_group",
    "Local people researching and photographing Kearsley and Prestolee past and present.",
    [L("main", "Kearsley Library", "Manchester Road", "BL4 8RJ", town="Kearsley", acc=LOOP)],
    [
        S(
            "history-group",
            "History and photography evening",
            "Talks, photo walks and help scanning old family photographs. New members of any experience welcome.",
            ["hobbies", "friends_and_family"],
            ["local history", "photography"],
            ["local history", "photography", "family history"],
            "Adults",
            cost="£1",
            access=["drop_in"],
            sched="thu 19:00-21:00",
            note="First and third Thursday",
        )
    ],
)

ORG(
    "chew-moor-gardeners",
    "Chew Moor Gardening Club",
    "community_group",
    "A village gardening club with talks, plant swaps and a summer show.",
    [
        L(
            "main",
            "Chew Moor Village Institute",
            "Chew Moor Lane",
            "BL5 3JU",
            town="Westhoughton",
            acc=OLD,
        )
    ],
    [
        S(
            "gardening-club",
            "Gardening club meetings",
            "Monthly talks from local growers, seed and plant swaps and visits to gardens.",
            ["hobbies", "friends_and_family"],
            ["gardening club"],
            ["gardening", "plants", "garden club"],
            "Anyone",
            cost="£10 a year",
            access=["drop_in"],
            sched="tue 19:30-21:00",
            note="Second Tuesday of the month",
        )
    ],
)

ORG(
    "blackrod-model-railway",
    "Blackrod Model Railway and Social Club",
    "community_group",
    "Model railway enthusiasts who meet in Blackrod and welcome beginners.",
    [L("main", "Blackrod Scout Hut", "Church Street", "BL6 5EQ", town="Blackrod", acc=OLD)],
    [
        S(
            "model-railway",
            "Club nights",
            "Help build and run the club layout, learn modelling skills and chat about railways.",
            ["hobbies", "friends_and_family"],
            ["model railway"],
            ["model railway", "trains", "hobby"],
            "Adults and accompanied young people",
            cost="£2 a night",
            access=["drop_in"],
            sched="fri 19:00-22:00",
        )
    ],
)

ORG(
    "turton-good-neighbours",
    "Turton and Bromley Cross Good Neighbours",
    "community_group",
    "Volunteers in Bromley Cross, Egerton, Edgworth and Turton who help older neighbours with small jobs and company.",
    [L("main", "Bromley Cross Village Hall", "Chapeltown Road", "BL7 9LT", acc=STD)],
    [
        S(
            "turton-neighbours",
            "Good neighbour visits",
            "Volunteers pop in for a chat, help with shopping or prescriptions, and keep an eye on people living alone.",
            ["friends_and_family", "house_and_home", "medication"],
            ["good neighbours", "befriending"],
            ["good neighbour", "shopping", "prescriptions", "bromley cross"],
            "Older residents",
            min_age=60,
            access=["self_referral", "signpost_referral"],
            delivery=["home_visit", "phone"],
            locs=[],
            area="N:Bromley Cross",
        ),
        S(
            "turton-coffee-morning",
            "Village coffee morning",
            "A Saturday coffee morning in the village hall with a book stall and homemade cakes.",
            ["friends_and_family"],
            ["coffee morning"],
            ["coffee morning", "cake"],
            "Everyone",
            access=["drop_in"],
            sched="sat 10:00-12:00",
            area="W",
        ),
    ],
    email="turtonneighbours@example.org.uk",
)

ORG(
    "over-hulton-community",
    "Over Hulton Community Association",
    "community_group",
    "A residents' association running a community lunch and activities in Over Hulton and Hunger Hill.",
    [L("main", "Over Hulton Community Centre", "Newbrook Road", "BL5 1ES", acc=STD)],
    [
        S(
            "community-lunch",
            "Community lunch",
            "A cheap, filling lunch every Friday cooked by volunteers, with a table for people eating on their own.",
            ["friends_and_family", "health"],
            ["lunch club", "community meal"],
            ["lunch", "over hulton", "community meal"],
            "Everyone, especially older people",
            cost="£3",
            access=["drop_in"],
            sched="fri 12:00-13:30",
            ver=None,
        )
    ],
)

ORG(
    "wallsuches-residents",
    "Wallsuches and Brazley Residents' Association",
    "community_group",
    "A residents' association for the Wallsuches and Brazley estates in north-east Horwich.",
    [L("main", "Wallsuches Residents' Hut", "Wallsuches", "BL6 7PA", town="Horwich", acc=STD)],
    [
        S(
            "resident-pantry",
            "Residents' pantry",
            "A small shelf of donated food and toiletries, and a friendly face, every Monday.",
            ["money", "friends_and_family"],
            ["food pantry"],
            ["food", "pantry", "horwich"],
            "Local residents",
            access=["drop_in"],
            sched="mon 10:00-12:00",
        )
    ],
)

ORG(
    "bolton-chinese-community",
    "Bolton Chinese Community Association",
    "community_group",
    "A community association for Chinese and East Asian people in Bolton, with Cantonese and Mandarin speakers.",
    [L("main", "Chinese Community Centre", "33 Lever Street", "BL3 2AB", acc=STD)],
    [
        S(
            "elders-lunch",
            "Elders' lunch and tai chi",
            "Tai chi in the morning followed by a Chinese lunch and mahjong. Help with letters in Cantonese and Mandarin.",
            ["friends_and_family", "health", "communication"],
            ["tai chi", "lunch club"],
            ["chinese", "tai chi", "cantonese", "mandarin", "mahjong"],
            "Older people",
            min_age=55,
            cost="£3",
            access=["drop_in"],
            lang=["Cantonese", "Mandarin", "English"],
            sched="thu 10:00-14:00",
            area="B",
        )
    ],
    email="boltonchinese@example.org.uk",
    phone="01204 394428",
)
# =============================================================== FAITH
ORG(
    "st-marks-halliwell",
    "St Mark's Church, Halliwell",
    "faith",
    "A Church of England parish church that opens its hall to the whole community for meals, a warm space and quiet prayer.",
    [L("main", "St Mark's Church Hall", "Halliwell Road", "BL1 3NG", acc=LOOP)],
    [
        S(
            "community-meal",
            "Tuesday community meal",
            "A free hot meal served at tables, with seconds and a pudding. Everyone is welcome whatever their faith or none, "
            "and nobody will preach at you. Somewhere to eat with others and have a chat.",
            ["friends_and_family", "money", "health"],
            ["community meal", "faith group"],
            ["free meal", "hot meal", "community meal", "lunch", "church"],
            "Everyone",
            access=["drop_in"],
            sched="tue 12:00-13:30",
            area="R3",
        ),
        S(
            "warm-space",
            "Warm welcome space",
            "A warm room with hot drinks, soup, newspapers, board games and phone charging on winter weekdays.",
            ["house_and_home", "friends_and_family"],
            ["warm space"],
            ["warm space", "warm bank", "keep warm", "free soup"],
            "Everyone",
            access=["drop_in"],
            sched="mon-thu 10:00-15:00",
            note="October to March",
            area="R3",
        ),
        S(
            "prayer-and-coffee",
            "Coffee and prayer",
            "Coffee and cake after a short midweek service, with the chance to ask for prayer or just sit quietly.",
            ["emotional_wellbeing", "friends_and_family"],
            ["prayer group", "fellowship"],
            ["church", "prayer", "fellowship"],
            "Everyone",
            access=["drop_in"],
            sched="wed 10:00-11:30",
        ),
    ],
    charity_number="1132004",
    email="office@stmarkshalliwell.example.org.uk",
    phone="01204 842376",
)

ORG(
    "masjid-noor-bolton",
    "Masjid-e-Noor Bolton",
    "faith",
    "A mosque and community centre in Great Lever serving worshippers and neighbours of all backgrounds.",
    [L("main", "Masjid-e-Noor", "120 Lever Street", "BL3 2QH", acc=FULL)],
    [
        S(
            "community-kitchen",
            "Community kitchen",
            "Free hot meals after Friday prayers and on Sunday evenings, open to anyone who is hungry or lonely. "
            "Somewhere to pray and eat with others; visitors of any faith are welcome in the dining hall.",
            ["friends_and_family", "money", "health"],
            ["community meal", "faith group"],
            ["free meal", "halal food", "mosque meal", "langar", "community dinner"],
            "Everyone",
            access=["drop_in"],
            lang=["English", "Urdu", "Gujarati", "Arabic"],
            sched="fri 13:30-15:00; sun 18:00-19:30",
            area="B",
        ),
        S(
            "elders-lunch",
            "Elders' Wednesday lunch",
            "A lunch and talk for older men and women, with separate seating areas, health checks from visiting nurses "
            "and a Qur'an circle.",
            ["friends_and_family", "health", "getting_out"],
            ["lunch club", "south asian elders"],
            ["asian elders", "lunch club", "older muslims"],
            "People aged 60+",
            min_age=60,
            cost="£2",
            access=["drop_in"],
            lang=["Urdu", "Gujarati", "English"],
            sched="wed 11:30-14:00",
        ),
        S(
            "mosque-foodbank",
            "Food bank",
            "Emergency food parcels, including halal and culturally familiar food, for any household in need.",
            ["money"],
            ["food bank"],
            ["food bank", "halal food parcel", "emergency food"],
            "Any household in need",
            access=["drop_in", "referral_needed"],
            lang=["English", "Urdu", "Gujarati"],
            sched="sat 10:00-12:00",
            area="B",
        ),
        S(
            "sisters-circle",
            "Sisters' circle",
            "A weekly women's group with talks, exercise and support for new mothers and older women.",
            ["friends_and_family", "emotional_wellbeing"],
            ["womens group", "faith group"],
            ["women only", "sisters", "muslim women"],
            "Women",
            access=["drop_in"],
            lang=["English", "Urdu", "Gujarati"],
            sched="mon 10:30-12:30",
        ),
    ],
    charity_number="1127355",
    email="info@masjidnoorbolton.example.org.uk",
    phone="01204 361892",
)

ORG(
    "deane-road-masjid",
    "Deane Road Masjid Welfare Committee",
    "faith",
    "The welfare committee of a neighbourhood mosque in Daubhill, offering a warm space, an elders' fellowship and advice surgeries.",
    [L("main", "Deane Road Masjid Hall", "301 Deane Road", "BL3 5HJ", acc=STD)],
    [
        S(
            "masjid-warm-space",
            "Warm space and tea",
            "A warm, quiet room with tea and snacks for anyone who needs to get out of the cold.",
            ["house_and_home", "friends_and_family"],
            ["warm space"],
            ["warm space", "warm room"],
            "Everyone",
            access=["drop_in"],
            lang=SOUTH_ASIAN,
            sched="mon-fri 11:00-15:00",
            note="November to March",
        ),
        S(
            "brothers-fellowship",
            "Brothers' elders fellowship",
            "A Thursday get-together for older men with a talk, tea and a walk to the park when it is fine.",
            ["friends_and_family", "emotional_wellbeing", "getting_out"],
            ["faith group", "fellowship"],
            ["older men", "muslim elders", "fellowship"],
            "Men aged 55+",
            min_age=55,
            access=["drop_in"],
            lang=SOUTH_ASIAN,
            sched="thu 11:00-13:00",
        ),
        S(
            "masjid-advice",
            "Advice surgery",
            "A volunteer adviser helps with benefits forms, council letters and utility bills, in Urdu, Gujarati or English.",
            ["money", "communication"],
            ["information and advice"],
            ["help with forms", "benefits", "urdu"],
            "Anyone",
            access=["drop_in"],
            lang=SOUTH_ASIAN,
            sched="sat 11:00-13:00",
        ),
    ],
    charity_number="1145118",
    phone="01204 658407",
)

ORG(
    "guru-nanak-gurdwara-bolton",
    "Guru Nanak Gurdwara Bolton",
    "faith",
    "A Sikh gurdwara whose langar kitchen serves a free vegetarian meal to anyone, every day.",
    [L("main", "Guru Nanak Gurdwara", "Deane Church Lane", "BL1 4SN", acc=FULL)],
    [
        S(
            "langar",
            "Langar (free community kitchen)",
            "A free vegetarian meal served every day to anyone who comes, whatever their faith. "
            "Cover your head (scarves are provided) and remove your shoes. Chairs are available for people who cannot sit on the floor.",
            ["friends_and_family", "money", "health"],
            ["community meal", "faith group"],
            ["langar", "free meal", "vegetarian", "gurdwara", "sikh"],
            "Everyone",
            access=["drop_in"],
            lang=["Punjabi", "English", "Hindi"],
            sched="mon-sun 11:00-14:00; sun 17:00-19:00",
            area="B",
        ),
        S(
            "seniors-group",
            "Seniors' sangat",
            "Older members meet for kirtan, conversation, chair exercise and tea.",
            ["friends_and_family", "health"],
            ["south asian elders", "faith group"],
            ["sikh elders", "punjabi", "seniors"],
            "Adults over 60",
            min_age=60,
            access=["drop_in"],
            lang=["Punjabi", "English"],
            sched="tue 10:00-12:30",
        ),
        S(
            "punjabi-classes",
            "Punjabi and English classes for adults",
            "Beginners' Punjabi for younger family members and English conversation for older members, taught by volunteers.",
            ["communication", "hobbies"],
            ["language classes", "esol"],
            ["learn punjabi", "english class", "esol"],
            "Adults",
            min_age=16,
            access=["self_referral"],
            lang=["Punjabi", "English"],
            sched="sat 14:00-16:00",
        ),
    ],
    charity_number="1114290",
    email="sewa@gurdwarabolton.example.org.uk",
    phone="01204 495310",
)

ORG(
    "shree-krishna-mandir-bolton",
    "Shree Krishna Mandir Bolton",
    "faith",
    "A Hindu temple and community centre in Great Lever with activities for elders and families.",
    [L("main", "Shree Krishna Mandir", "Adelaide Street Community Hall", "BL3 6JS", acc=STD)],
    [
        S(
            "elders-satsang",
            "Elders' satsang and lunch",
            "Prayers, bhajans and a vegetarian lunch for older people, with a visiting health worker once a month.",
            ["friends_and_family", "emotional_wellbeing", "getting_out"],
            ["faith group", "south asian elders"],
            ["hindu elders", "satsang", "bhajan", "gujarati"],
            "Older people",
            min_age=55,
            cost="Donation",
            access=["drop_in"],
            lang=["Gujarati", "Hindi", "English"],
            sched="tue 10:30-13:30",
        ),
        S(
            "mandir-yoga",
            "Yoga for all",
            "A gentle hatha yoga class with chair options, open to everyone in the community.",
            ["health"],
            ["yoga"],
            ["yoga", "stretching", "gentle exercise"],
            "Adults",
            cost="£3",
            access=["drop_in"],
            lang=["English", "Gujarati"],
            sched="thu 18:30-19:30; sat 09:00-10:00",
            area="B",
        ),
    ],
    charity_number="1121883",
    email="mandir@shreekrishnabolton.example.org.uk",
    phone="01204 370846",
)

ORG(
    "bolton-jewish-friendship-circle",
    "Bolton Hebrew Congregation Friendship Circle",
    "faith",
    "The friendship circle of Bolton's small synagogue community, open to older Jewish people across the borough and their friends.",
    [L("main", "Synagogue Community Room", "Chorley New Road", "BL1 5DR", acc=LOOP)],
    [
        S(
            "friendship-lunch",
            "Friendship Circle kosher lunch",
            "A kosher lunch, a speaker or entertainer and a chance to catch up. Lifts can be arranged for members.",
            ["friends_and_family", "emotional_wellbeing"],
            ["lunch club", "faith group"],
            ["jewish", "kosher lunch", "synagogue"],
            "Older members of the Jewish community and their friends",
            min_age=60,
            cost="£5",
            access=["self_referral"],
            sched="sun 12:30-14:30",
            note="Fortnightly",
            area="B",
        )
    ],
)

ORG(
    "farnworth-methodist",
    "Farnworth Methodist Church",
    "faith",
    "A town-centre church in Farnworth hosting a food bank, lunch club and warm space.",
    [L("main", "Farnworth Methodist Church", "Albert Road", "BL4 7BW", town="Farnworth", acc=STD)],
    [
        S(
            "farnworth-lunch",
            "Wednesday lunch club",
            "A two-course lunch with a cup of tea, followed by dominoes and cards for those who want to stay.",
            ["friends_and_family", "health"],
            ["lunch club"],
            ["lunch club farnworth", "hot meal"],
            "Over 55s",
            min_age=55,
            cost="£3.50",
            access=["drop_in"],
            sched="wed 12:00-14:00",
        ),
        S(
            "farnworth-warm-space",
            "Warm Hub",
            "A warm, welcoming place with free soup, Wi-Fi, jigsaws and someone to talk to, on winter weekdays.",
            ["house_and_home", "friends_and_family", "money"],
            ["warm space"],
            ["warm space", "warm bank", "free soup"],
            "Everyone",
            access=["drop_in"],
            sched="mon 10:00-14:00; thu 10:00-14:00",
            note="November to March",
        ),
        S(
            "farnworth-fellowship",
            "Men's fellowship breakfast",
            "Bacon butties and conversation for men of all ages on the first Saturday of each month.",
            ["friends_and_family", "emotional_wellbeing"],
            ["fellowship", "faith group"],
            ["men's breakfast", "fellowship"],
            "Men",
            access=["drop_in"],
            sched="sat 08:30-10:00",
            note="First Saturday of the month",
        ),
    ],
    charity_number="1130551",
    phone="01204 793004",
)

ORG(
    "breightmet-baptist",
    "Breightmet Baptist Church",
    "faith",
    "A friendly church on Bury Road running a friendship lunch and a bereavement cafe.",
    [L("main", "Breightmet Baptist Church", "Bury Road", "BL2 6QE", acc=STD)],
    [
        S(
            "friendship-lunch",
            "Tuesday Friendship Lunch",
            "Soup, sandwiches and cake followed by a chat, a quiz or a visiting speaker. Everyone welcome.",
            ["friends_and_family", "getting_out"],
            ["lunch club", "faith group"],
            ["lunch", "breightmet", "friendship"],
            "Everyone",
            cost="£2.50",
            access=["drop_in"],
            sched="tue 12:00-13:30",
        ),
        S(
            "bereavement-cafe",
            "Bereavement cafe",
            "A gentle monthly cafe for people who have lost a loved one, with trained listeners available.",
            ["emotional_wellbeing", "friends_and_family"],
            ["bereavement support"],
            ["bereavement", "grief", "loss"],
            "Adults",
            access=["drop_in"],
            sched="thu 14:00-15:30",
            note="First Thursday of the month",
        ),
    ],
    charity_number="1125608",
    phone="01204 521690",
)

ORG(
    "horwich-parish-church",
    "Holy Trinity Horwich",
    "faith",
    "The parish church in the centre of Horwich, with a warm space and a dementia-friendly service.",
    [L("main", "Holy Trinity Church Centre", "Church Street", "BL6 6AE", town="Horwich", acc=LOOP)],
    [
        S(
            "horwich-warm-space",
            "Warm space",
            "A warm room with hot drinks, toast and company on winter weekdays.",
            ["house_and_home", "friends_and_family"],
            ["warm space"],
            ["warm space horwich", "keep warm"],
            "Everyone",
            access=["drop_in"],
            sched="tue 10:00-14:00; fri 10:00-14:00",
            note="November to March",
        ),
        S(
            "dementia-friendly-service",
            "Dementia-friendly service",
            "A short, relaxed monthly service with familiar hymns, followed by tea, for people living with dementia and their carers.",
            ["emotional_wellbeing", "friends_and_family"],
            ["faith group", "dementia friendly"],
            ["dementia", "church service"],
            "People living with dementia, carers and friends",
            access=["drop_in"],
            sched="sun 14:30-15:30",
            note="Third Sunday of the month",
        ),
    ],
    charity_number="1133297",
    phone="01204 697018",
)

ORG(
    "bolton-citadel",
    "Bolton Citadel Christian Centre",
    "faith",
    "A Christian church and community centre in the town centre supporting people facing poverty and homelessness.",
    [L("main", "Bolton Citadel", "1 Howell Croft", "BL1 1QY", acc=STD)],
    [
        S(
            "citadel-lunch",
            "Drop-in lunch",
            "A free cooked lunch, hot showers and clean clothes for people who are homeless or struggling.",
            ["money", "personal_care", "friends_and_family"],
            ["community meal", "homelessness"],
            ["homeless", "free lunch", "showers", "clothes"],
            "Anyone in need",
            access=["drop_in"],
            sched="mon 11:30-13:30; thu 11:30-13:30",
            area="B",
        ),
        S(
            "citadel-money",
            "Money and debt help",
            "Trained debt coaches help people get on top of bills and debts, with follow-up support.",
            ["money"],
            ["debt advice"],
            ["debt help", "christian debt", "bills"],
            "Anyone in Bolton",
            access=["self_referral", "signpost_referral"],
            note="By appointment",
            area="B",
        ),
        S(
            "citadel-friendship",
            "Friendship club",
            "A weekly afternoon of games, hymn singing and tea for older people.",
            ["friends_and_family"],
            ["friendship group", "faith group"],
            ["social club", "church", "older people"],
            "Older people",
            min_age=60,
            access=["drop_in"],
            sched="wed 14:00-16:00",
            status="inactive",
        ),
    ],
    charity_number="1158331",
    phone="01204 380125",
)

ORG(
    "st-bartholomews-westhoughton",
    "St Bartholomew's Church, Westhoughton",
    "faith",
    "The parish church in Westhoughton, with a Saturday coffee morning and a winter warm space.",
    [
        L(
            "main",
            "St Bartholomew's Parish Centre",
            "Market Street",
            "BL5 3AX",
            town="Westhoughton",
            acc=STD,
        )
    ],
    [
        S(
            "westhoughton-coffee",
            "Saturday coffee morning",
            "Coffee, cakes and a bric-a-brac stall, with a prayer corner for anyone who would like it.",
            ["friends_and_family"],
            ["coffee morning"],
            ["coffee morning westhoughton", "church"],
            "Everyone",
            access=["drop_in"],
            sched="sat 10:00-12:00",
            area="R3",
        ),
        S(
            "westhoughton-warm-space",
            "Warm space",
            "A warm room with tea, soup and company on weekday afternoons in winter.",
            ["house_and_home", "friends_and_family"],
            ["warm space"],
            ["warm space westhoughton"],
            "Everyone",
            access=["drop_in"],
            sched="mon 12:00-15:00; wed 12:00-15:00",
            note="November to March",
            area="R3",
        ),
    ],
    charity_number="1136604",
    phone="01204 812559",
)

ORG(
    "st-stephens-kearsley",
    "St Stephen's Church, Kearsley Moor",
    "faith",
    "A parish church in Kearsley running a low-cost food pantry.",
    [
        L(
            "main",
            "St Stephen's Church Hall",
            "Springfield Road",
            "BL4 8HY",
            town="Kearsley",
            acc=STD,
        )
    ],
    [
        S(
            "kearsley-pantry",
            "Kearsley food pantry",
            "Members pay a small weekly amount and choose groceries worth much more, including fresh fruit and vegetables.",
            ["money", "health"],
            ["food pantry"],
            ["food pantry", "cheap food", "kearsley"],
            "Residents of Kearsley and Farnworth",
            cost="£3.50 a week",
            access=["drop_in"],
            sched="fri 13:00-15:00",
            area="N:Kearsley|Farnworth",
        )
    ],
    charity_number="1140287",
    phone="01204 573990",
)

ORG(
    "wingates-community-church",
    "Wingates Community Church",
    "faith",
    "An independent evangelical church in Wingates that hosts Westhoughton food bank and a weekly pantry.",
    [
        L(
            "main",
            "Wingates Community Church",
            "Chequerbent",
            "BL5 2BT",
            town="Westhoughton",
            acc=PARK,
        )
    ],
    [
        S(
            "wingates-pantry",
            "Wingates pantry",
            "A weekly low-cost pantry with groceries, household goods and sometimes fresh bread.",
            ["money"],
            ["food pantry"],
            ["pantry", "cheap food", "westhoughton"],
            "Westhoughton residents",
            cost="£3 a visit",
            access=["drop_in"],
            sched="tue 14:00-16:00",
        )
    ],
    phone="01204 814772",
)
# =============================================================== STATUTORY
COUNCIL = dict(website="https://www.bolton.example.gov.uk")

ORG(
    "bolton-adult-social-care",
    "Bolton Council Adult Social Care",
    "statutory",
    "The council's adult social care service. The contact team is the front door for anyone who needs help "
    "to live independently, for carers, and for people worried about the safety of an adult.",
    [
        L(
            "town-hall",
            "Bolton Town Hall (Adult Social Care contact point)",
            "Victoria Square",
            "BL1 1RU",
            acc=FULL + ["bsl"],
        )
    ],
    [
        S(
            "asc-front-door",
            "Adult social care contact team",
            "Ring or email if you, or someone you know, is finding it hard to manage day-to-day tasks like washing, dressing, "
            "cooking or getting about. The team will talk through what is going on, suggest local support and, where needed, "
            "arrange a care and support assessment. Professionals can refer online.",
            ["personal_care", "house_and_home", "health"],
            ["social care", "needs assessment", "front door"],
            [
                "social services",
                "social worker",
                "care assessment",
                "help at home",
                "carers at home",
                "care package",
            ],
            "Adults aged 18 and over living in Bolton",
            min_age=18,
            access=["self_referral", "referral_needed", "signpost_referral"],
            delivery=["phone", "in_person", "home_visit"],
            locs=["town-hall"],
            sched="mon-thu 08:30-17:00; fri 08:30-16:30",
            note="Out of hours emergencies: call the emergency duty team",
        ),
        S(
            "carers-assessment",
            "Carers' assessment",
            "A conversation with a carers' assessor about how caring affects your life, your health and your work, and what "
            "would help. It can lead to a personal budget for breaks, a carers' emergency plan or other support. "
            "You can have one even if the person you look after does not get council help.",
            ["carer_support", "emotional_wellbeing", "money"],
            ["carers assessment", "statutory assessment"],
            [
                "carers assessment",
                "carer's assessment",
                "respite",
                "carers break",
                "carers personal budget",
            ],
            "Adult unpaid carers of someone living in Bolton",
            min_age=18,
            access=["self_referral", "referral_needed", "signpost_referral"],
            delivery=["phone", "home_visit"],
            locs=[],
            cap={"status": "waitlist", "waitlist_weeks": 7},
        ),
        S(
            "safeguarding-adults",
            "Report a concern about an adult",
            "If you are worried that an adult with care needs is being abused, neglected or exploited, ring the safeguarding line. "
            "In an emergency, call 999.",
            ["emotional_wellbeing", "personal_care"],
            ["safeguarding"],
            ["abuse", "neglect", "safeguarding", "scam", "exploitation"],
            "Anyone concerned about an adult in Bolton",
            access=["self_referral"],
            delivery=["phone", "online"],
            locs=[],
            sched="mon-fri 08:30-17:00@-",
            note="Outside these hours call the emergency duty team",
        ),
        S(
            "community-equipment",
            "Community equipment loans",
            "Free loan of equipment such as bath seats, raised toilet seats, bed rails, walking frames and hoists after an "
            "assessment by an occupational therapist or trusted assessor. Equipment is delivered and fitted.",
            ["house_and_home", "personal_care", "health"],
            ["equipment", "occupational therapy"],
            ["equipment loan", "walking frame", "commode", "bath seat", "hoist", "mobility aids"],
            "Bolton residents assessed as needing equipment",
            access=["referral_needed"],
            delivery=["home_visit"],
            locs=[],
        ),
    ],
    email="adultsocialcare@bolton.example.gov.uk",
    phone="01204 337600",
    **COUNCIL,
)

ORG(
    "bolton-falls-prevention",
    "Bolton Council Falls Prevention Team",
    "statutory",
    "A public health team that helps older people reduce their risk of falling, with strength and balance classes "
    "across the borough and home exercise programmes.",
    [
        L("halliwell", "Halliwell Community Centre", "Shepherd Cross Street", "BL1 3DP", acc=STD),
        L(
            "farnworth",
            "Farnworth Leisure Centre",
            "Brackley Street",
            "BL4 9DS",
            town="Farnworth",
            acc=FULL,
        ),
        L(
            "breightmet",
            "Roading Brook Community Centre",
            "Roading Brook Road",
            "BL2 5LF",
            acc=FULL,
        ),
        L(
            "westhoughton",
            "Westhoughton Leisure Centre",
            "Bolton Road",
            "BL5 3BH",
            town="Westhoughton",
            acc=FULL,
        ),
        L("bromley-cross", "Bromley Cross Village Hall", "Chapeltown Road", "BL7 9LT", acc=STD),
    ],
    [
        S(
            "strength-and-balance",
            "Strength and balance classes",
            "A 24-week programme of exercise classes proven to reduce falls, led by specialist instructors. "
            "Classes start seated and build up gradually, with exercises to practise at home between sessions. "
            "You will have a short assessment first to make sure the class is right for you.",
            ["health", "getting_out"],
            ["falls prevention", "strength and balance"],
            [
                "falls",
                "falls prevention",
                "balance class",
                "unsteady on feet",
                "strength and balance",
                "otago",
            ],
            "People aged 65+ (or 50+ with a health condition) who have fallen or are worried about falling",
            min_age=50,
            access=["referral_needed", "self_referral"],
            locs=["halliwell", "farnworth", "breightmet", "westhoughton"],
            sched="mon 10:00-11:00@halliwell; mon 13:30-14:30@halliwell; tue 10:30-11:30@farnworth; "
            "wed 10:00-11:00@breightmet; thu 14:00-15:00@westhoughton",
            cap={"status": "waitlist", "waitlist_weeks": 4},
        ),
        S(
            "bromley-cross-falls-class",
            "Steady Steps follow-on class",
            "A follow-on class for people who have finished the strength and balance programme and want to keep going.",
            ["health"],
            ["falls prevention", "chair based exercise"],
            ["falls class", "balance", "exercise class"],
            "People who have completed a falls prevention programme",
            min_age=50,
            cost="£2.50",
            access=["self_referral"],
            locs=["bromley-cross"],
            sched="fri 10:00-11:00",
            area="N:Bromley Cross|Bradshaw|Astley Bridge",
        ),
        S(
            "home-exercise",
            "Home exercise programme",
            "For people who cannot get to a class, an instructor visits at home six times to teach a personal exercise plan and "
            "check your home for trip hazards.",
            ["health", "house_and_home"],
            ["falls prevention", "home exercise"],
            ["falls at home", "exercise at home", "trip hazards"],
            "Housebound people aged 65+ at risk of falling",
            min_age=65,
            access=["referral_needed"],
            delivery=["home_visit"],
            locs=[],
            cap={"status": "paused", "paused_for_days": 21},
        ),
    ],
    email="fallsprevention@bolton.example.gov.uk",
    phone="01204 337845",
    **COUNCIL,
)

ORG(
    "bolton-reablement",
    "Bolton Council Reablement Service",
    "statutory",
    "Short-term support at home to help people regain skills and confidence after illness, injury or a hospital stay.",
    [],
    [
        S(
            "reablement",
            "Reablement at home",
            "For up to six weeks, reablement support workers and therapists visit to help you relearn everyday tasks such as washing, "
            "dressing and making meals, with the aim of managing as independently as possible. There is no charge.",
            ["personal_care", "house_and_home", "health"],
            ["reablement", "intermediate care"],
            [
                "reablement",
                "after hospital",
                "help getting dressed",
                "home care",
                "regain independence",
            ],
            "Adults in Bolton assessed as likely to benefit",
            min_age=18,
            access=["referral_needed"],
            delivery=["home_visit"],
        ),
        S(
            "discharge-to-assess",
            "Discharge to assess",
            "Supports people leaving hospital to go home with care in place, so their longer-term needs can be assessed in their own home.",
            ["personal_care", "health"],
            ["hospital discharge"],
            ["hospital discharge", "coming home from hospital"],
            "Patients being discharged from the Royal Bolton Hospital",
            min_age=18,
            access=["referral_needed"],
            delivery=["home_visit"],
        ),
    ],
    email="reablement@bolton.example.gov.uk",
    phone="01204 337720",
    **COUNCIL,
)

ORG(
    "bolton-welfare-rights",
    "Bolton Council Welfare Rights Service",
    "statutory",
    "Specialist benefits advice from the council, including help with complex claims and appeals to tribunal.",
    [L("main", "Welfare Rights, Bolton Town Hall", "Victoria Square", "BL1 1RU", acc=FULL)],
    [
        S(
            "benefit-checks",
            "Benefit checks and claims",
            "Welfare rights officers check you are getting everything you are entitled to and help with claims for "
            "Attendance Allowance, PIP, Pension Credit and Council Tax Support. Home visits for people who cannot get out.",
            ["money"],
            ["welfare rights", "benefits advice"],
            [
                "benefit check",
                "attendance allowance",
                "pension credit",
                "pip",
                "council tax support",
            ],
            "Bolton residents, particularly older, disabled and seriously ill people",
            access=["self_referral", "signpost_referral"],
            delivery=["phone", "home_visit", "in_person"],
            note="By appointment",
        ),
        S(
            "tribunal-representation",
            "Appeals and tribunal representation",
            "Representation at benefit appeal tribunals for people whose case is complex.",
            ["money"],
            ["welfare rights", "appeals"],
            ["tribunal", "appeal", "pip appeal"],
            "Bolton residents with a benefit appeal",
            access=["referral_needed"],
            delivery=["in_person", "phone"],
            locs=["main"],
            cap={"status": "waitlist", "waitlist_weeks": 3},
        ),
    ],
    email="welfarerights@bolton.example.gov.uk",
    phone="01204 337310",
    **COUNCIL,
)

ORG(
    "bolton-housing-options",
    "Bolton Council Housing Options",
    "statutory",
    "Advice for anyone who is homeless or at risk of losing their home, help to join the housing register, "
    "and emergency accommodation.",
    [
        L(
            "main",
            "Housing Options Centre",
            "Wellington House, Silverwell Street",
            "BL1 1PP",
            acc=FULL,
        ),
        L(
            "emergency",
            "Emergency accommodation",
            "Address withheld",
            "BL2 1QJ",
            confidential=True,
            acc=STD,
            description="Confidential emergency accommodation for households placed by the council.",
        ),
    ],
    [
        S(
            "homelessness-advice",
            "Homelessness advice and prevention",
            "If you have been asked to leave, are behind with rent or have nowhere to stay tonight, Housing Options will look at "
            "ways to keep you in your home or find somewhere else to live.",
            ["house_and_home"],
            ["homelessness", "housing advice"],
            [
                "homeless",
                "eviction",
                "nowhere to live",
                "section 21",
                "rent arrears",
                "sofa surfing",
            ],
            "Anyone homeless or threatened with homelessness in Bolton",
            access=["drop_in", "self_referral", "signpost_referral"],
            delivery=["in_person", "phone"],
            locs=["main"],
            sched="mon-fri 09:00-16:30",
        ),
        S(
            "housing-register",
            "Help with the housing register",
            "Staff help you apply for council and housing association homes, and explain priority bands and bidding.",
            ["house_and_home"],
            ["social housing"],
            ["council house", "housing register", "bungalow", "rehousing"],
            "Adults wanting social housing in Bolton",
            min_age=16,
            access=["self_referral"],
            delivery=["online", "phone", "in_person"],
            locs=["main"],
            sched="tue 10:00-12:00; thu 10:00-12:00",
        ),
        S(
            "emergency-accommodation",
            "Emergency accommodation",
            "Temporary accommodation at a confidential address for people the council has a duty to house, "
            "including people fleeing violence.",
            ["house_and_home"],
            ["temporary accommodation"],
            ["emergency housing", "temporary accommodation", "hostel"],
            "People placed by Housing Options",
            access=["referral_needed"],
            locs=["emergency"],
            area="-",
        ),
    ],
    email="housingoptions@bolton.example.gov.uk",
    phone="01204 337950",
    **COUNCIL,
)

ORG(
    "bolton-libraries",
    "Bolton Libraries",
    "statutory",
    "Bolton's public library service: free books, computers and Wi-Fi, reading groups, digital help and a "
    "home library service.",
    [
        L(
            "central",
            "Bolton Central Library",
            "Le Mans Crescent",
            "BL1 1SE",
            acc=FULL + ["large_print"],
        ),
        L(
            "farnworth",
            "Farnworth Library",
            "Market Street",
            "BL4 7PG",
            town="Farnworth",
            acc=LOOP + ["large_print"],
        ),
        L(
            "westhoughton",
            "Westhoughton Library",
            "Library Street",
            "BL5 3AU",
            town="Westhoughton",
            acc=LOOP,
        ),
        L("horwich", "Horwich Library", "Jones Street", "BL6 6AS", town="Horwich", acc=LOOP),
        L("breightmet", "Breightmet Library", "Bury Road", "BL2 6PJ", acc=STD),
    ],
    [
        S(
            "central-reading-group",
            "Central Library reading group",
            "A monthly book group choosing a mix of novels, memoirs and local writers. Books are supplied free, including large-print "
            "and audio copies.",
            ["hobbies", "friends_and_family"],
            ["reading group", "library"],
            ["book club", "reading group", "books"],
            "Adults",
            access=["drop_in"],
            locs=["central"],
            sched="tue 14:00-15:30",
            note="First Tuesday of the month",
            area="N:Halliwell|Great Lever|Rumworth|Crompton|Tonge with the Haulgh",
        ),
        S(
            "farnworth-reading-group",
            "Farnworth reading and chat group",
            "A relaxed group where members read short stories and poems aloud together and talk about them. No preparation needed.",
            ["hobbies", "friends_and_family", "communication"],
            ["reading group", "shared reading"],
            ["shared reading", "book group", "poetry"],
            "Adults",
            access=["drop_in"],
            locs=["farnworth"],
            sched="fri 10:30-12:00",
            area="N:Farnworth|Kearsley|Harper Green",
        ),
        S(
            "digital-drop-in",
            "Digital help drop-in",
            "Staff and volunteers help with using computers, email, the NHS App, online forms and Universal Credit journals. "
            "Free computers and Wi-Fi.",
            ["communication", "money"],
            ["digital skills", "library"],
            ["computer help", "email", "online forms", "universal credit journal", "wifi"],
            "Anyone",
            access=["drop_in"],
            locs=["central", "breightmet"],
            sched="mon 10:00-12:00@central; mon 13:30-15:30@central; wed 10:00-12:00@breightmet",
        ),
        S(
            "home-library",
            "Home library service",
            "Volunteers deliver books, audiobooks and large-print titles every three weeks to people who cannot get to a library, "
            "chosen to suit your tastes, and stay for a chat.",
            ["communication", "friends_and_family"],
            ["home library", "library"],
            ["books delivered", "housebound", "large print", "audiobooks"],
            "Bolton residents unable to visit a library",
            access=["self_referral", "signpost_referral"],
            delivery=["home_visit"],
            locs=[],
        ),
        S(
            "books-on-prescription",
            "Reading Well books on prescription",
            "Self-help books on anxiety, depression, dementia and long-term conditions, recommended by health professionals "
            "and available to borrow at every library.",
            ["emotional_wellbeing", "health"],
            ["self help", "library"],
            ["self help books", "anxiety book", "bibliotherapy"],
            "Anyone",
            access=["self_referral", "signpost_referral"],
            locs=["central", "farnworth", "westhoughton", "horwich", "breightmet"],
            sched="mon-fri 09:30-17:00@central; sat 10:00-16:00@central",
        ),
        S(
            "westhoughton-knit",
            "Westhoughton library knit and chat",
            "Knitters and crocheters of all abilities meet among the shelves.",
            ["hobbies", "friends_and_family"],
            ["craft group", "library"],
            ["knitting westhoughton"],
            "Adults",
            access=["drop_in"],
            locs=["westhoughton"],
            sched="thu 14:00-16:00",
            area="N:Westhoughton North and Chew Moor",
        ),
        S(
            "horwich-history-talks",
            "Horwich heritage talks",
            "Monthly talks on local history, railways and the loco works, with old photographs and maps.",
            ["hobbies"],
            ["local history", "library"],
            ["local history", "horwich loco works"],
            "Adults",
            access=["drop_in"],
            locs=["horwich"],
            sched="wed 18:30-20:00",
            note="Last Wednesday of the month",
            area="N:Horwich and Blackrod",
        ),
    ],
    email="libraries@bolton.example.gov.uk",
    phone="01204 337200",
    **COUNCIL,
)

ORG(
    "bolton-home-improvement-agency",
    "Bolton Council Home Improvement Agency",
    "statutory",
    "Helps older, disabled and vulnerable people stay safe and independent at home through adaptations, "
    "repairs and a handyperson service.",
    [],
    [
        S(
            "disabled-facilities-grant",
            "Home adaptations (Disabled Facilities Grant)",
            "Funding and project management for larger adaptations such as level-access showers, stairlifts, ramps and "
            "extensions, following an occupational therapy assessment. A caseworker handles builders and paperwork.",
            ["house_and_home", "personal_care"],
            ["home adaptations", "disabled facilities grant"],
            ["stairlift", "walk in shower", "wet room", "ramp", "adaptations", "dfg"],
            "Disabled people living in Bolton (owners and tenants)",
            access=["referral_needed"],
            delivery=["home_visit"],
            cap={"status": "waitlist", "waitlist_weeks": 12},
        ),
        S(
            "handyperson",
            "Handyperson service",
            "A trusted handyperson fits grab rails, key safes, smoke alarms and does small repairs. Labour is free for people over 65 "
            "or on disability benefits; you pay for materials.",
            ["house_and_home"],
            ["handyperson", "minor adaptations"],
            ["handyman", "grab rail", "key safe", "small repairs", "odd jobs"],
            "Bolton residents aged 65+ or disabled",
            cost="Free labour; materials charged at cost",
            access=["self_referral", "signpost_referral"],
            delivery=["home_visit"],
        ),
        S(
            "home-safety-check",
            "Healthy homes check",
            "A visit to spot hazards such as damp, cold, trip risks and faulty wiring, with help to get them put right.",
            ["house_and_home", "health"],
            ["home safety"],
            ["damp", "mould", "cold home", "home safety"],
            "Bolton residents over 60 or with a long-term health condition",
            access=["self_referral", "signpost_referral"],
            delivery=["home_visit"],
        ),
    ],
    email="hia@bolton.example.gov.uk",
    phone="01204 337455",
    **COUNCIL,
)

ORG(
    "bolton-family-hubs",
    "Bolton Family Hubs",
    "statutory",
    "Council family hubs offering help for families, from parenting support to groups for grandparents and kinship carers.",
    [
        L("great-lever", "Great Lever Family Hub", "Rupert Street", "BL3 6RN", acc=FULL),
        L("breightmet", "Breightmet Family Hub", "Roading Brook Road", "BL2 5LG", acc=FULL),
    ],
    [
        S(
            "kinship-carers",
            "Kinship carers group",
            "A group for grandparents and other relatives bringing up a child whose parents cannot care for them. "
            "Support, advice about legal arrangements and allowances, and a creche.",
            ["carer_support", "friends_and_family", "money"],
            ["kinship care", "family support"],
            ["grandparents raising grandchildren", "kinship care", "special guardianship"],
            "Kinship carers in Bolton",
            access=["drop_in", "self_referral", "signpost_referral"],
            locs=["great-lever"],
            sched="thu 09:30-11:30",
        ),
        S(
            "family-support",
            "Early help family support",
            "A family support worker helps parents with routines, behaviour, money and housing worries, and links the family to "
            "other services.",
            ["friends_and_family", "emotional_wellbeing"],
            ["early help", "family support"],
            ["parenting", "family support", "struggling with kids"],
            "Families with children aged 0-19 in Bolton",
            max_age=19,
            access=["self_referral", "referral_needed"],
            locs=["great-lever", "breightmet"],
            delivery=["in_person", "home_visit"],
            sched="mon-fri 09:00-17:00@great-lever",
        ),
    ],
    email="familyhubs@bolton.example.gov.uk",
    phone="01204 337055",
    **COUNCIL,
)

ORG(
    "bolton-sensory-team",
    "Bolton Council Sensory Impairment Team",
    "statutory",
    "Specialist social care workers for people who are blind, partially sighted, Deaf, hard of hearing or deafblind.",
    [
        L(
            "main",
            "Castle Hill Centre",
            "Castleton Street",
            "BL2 1JX",
            acc=FULL + ["bsl", "large_print"],
        )
    ],
    [
        S(
            "vision-rehab",
            "Vision rehabilitation",
            "Rehabilitation officers visit at home to teach skills such as getting around safely with a cane, cooking and "
            "managing money with sight loss, and to register you as sight impaired.",
            ["communication", "house_and_home", "personal_care"],
            ["visual impairment", "rehabilitation"],
            ["white cane", "mobility training", "sight loss", "register as blind"],
            "Adults in Bolton with sight loss",
            min_age=18,
            access=["self_referral", "referral_needed", "signpost_referral"],
            delivery=["home_visit"],
            locs=[],
            cap={"status": "waitlist", "waitlist_weeks": 8},
        ),
        S(
            "hearing-equipment",
            "Equipment for Deaf and hard of hearing people",
            "Assessment for and free loan of equipment such as flashing doorbells, vibrating smoke alarms and amplified phones.",
            ["communication", "house_and_home"],
            ["hearing loss", "equipment"],
            ["flashing doorbell", "amplified phone", "vibrating alarm", "deaf equipment"],
            "Adults in Bolton with hearing loss",
            min_age=18,
            access=["self_referral", "signpost_referral"],
            delivery=["home_visit", "in_person"],
            lang=["English", "British Sign Language"],
            locs=["main"],
            sched="tue 10:00-12:00",
            note="Equipment demonstration drop-in",
        ),
    ],
    email="sensory@bolton.example.gov.uk",
    phone="01204 337688",
    **COUNCIL,
)

ORG(
    "bolton-trading-standards",
    "Bolton Council Trading Standards",
    "statutory",
    "Protects residents from scams, rogue traders and unsafe goods.",
    [],
    [
        S(
            "scams-support",
            "Scams support and call blockers",
            "Advice for people targeted by scam mail, phone calls or doorstep traders, and free call-blocking units for people "
            "who are repeatedly targeted. Officers also give talks to community groups.",
            ["house_and_home", "money", "communication"],
            ["scams", "consumer protection"],
            ["scam", "fraud", "cold callers", "call blocker", "rogue trader", "doorstep"],
            "Bolton residents",
            access=["self_referral", "signpost_referral"],
            delivery=["phone", "home_visit"],
        )
    ],
    email="tradingstandards@bolton.example.gov.uk",
    phone="01204 337410",
    **COUNCIL,
)

ORG(
    "bolton-adult-learning",
    "Bolton Adult Learning",
    "statutory",
    "The council's adult education service, with English, maths, digital and creative courses across Bolton.",
    [
        L("castle-hill", "Castle Hill Centre", "Castleton Street", "BL2 1JX", acc=FULL),
        L("deane", "Deane Adult Learning Centre", "Deane Road", "BL3 5AR", acc=FULL),
    ],
    [
        S(
            "esol-classes",
            "ESOL classes (English for speakers of other languages)",
            "Accredited English courses from beginner to advanced, with speaking, listening, reading and writing. "
            "An assessment day places you in the right level.",
            ["communication", "volunteering_and_work"],
            ["esol", "english classes", "adult education"],
            ["esol", "english classes", "learn english", "english course"],
            "Adults aged 19+ living in Bolton",
            min_age=19,
            access=["self_referral"],
            locs=["deane", "castle-hill"],
            sched="mon 09:30-12:00@deane; wed 09:30-12:00@deane; tue 13:00-15:30@castle-hill",
            lang=["English"],
            cap={"status": "waitlist", "waitlist_weeks": 10},
        ),
        S(
            "computers-for-beginners",
            "Computers for beginners",
            "A ten-week course for people who have never used a computer, covering the mouse and keyboard, email, "
            "the internet and staying safe online.",
            ["communication", "volunteering_and_work"],
            ["digital skills", "adult education"],
            ["computer course", "beginners computer", "learn computers"],
            "Adults aged 19+",
            min_age=19,
            cost="Free for people on benefits or a low income; £45 otherwise",
            access=["self_referral"],
            locs=["castle-hill"],
            sched="thu 10:00-12:00",
        ),
        S(
            "creative-courses",
            "Creative courses",
            "Short courses in watercolour painting, pottery, creative writing and sewing for adults of all abilities.",
            ["hobbies", "emotional_wellbeing"],
            ["art", "adult education"],
            ["art class", "pottery", "painting", "sewing class"],
            "Adults aged 19+",
            min_age=19,
            cost="£30-£60 per course, reductions available",
            access=["self_referral"],
            locs=["castle-hill"],
            sched="tue 18:00-20:00; sat 10:00-12:00",
            area="R6",
        ),
    ],
    email="adultlearning@bolton.example.gov.uk",
    phone="01204 337520",
    **COUNCIL,
)

ORG(
    "bolton-interpretation-service",
    "Bolton Council Interpretation and Translation Unit",
    "statutory",
    "Face-to-face, phone and video interpreters and document translation for council and partner services.",
    [],
    [
        S(
            "interpreting",
            "Interpreting for appointments",
            "Residents can ask any council service, and many health and voluntary services, to book an interpreter for appointments. "
            "Interpreters are available in more than 40 languages including British Sign Language.",
            ["communication"],
            ["interpreting", "translation"],
            ["interpreter", "translation", "language line", "bsl interpreter", "urdu interpreter"],
            "Bolton residents using council and partner services",
            access=["signpost_referral", "referral_needed"],
            lang=[
                "English",
                "Urdu",
                "Gujarati",
                "Punjabi",
                "Bengali",
                "Arabic",
                "Polish",
                "Farsi",
                "Kurdish",
                "British Sign Language",
            ],
            delivery=["in_person", "phone", "online"],
        )
    ],
    email="interpreting@bolton.example.gov.uk",
    phone="01204 337280",
    **COUNCIL,
)
# =============================================================== NHS
NHS = dict(website="https://www.boltonft.example.nhs.uk")

ORG(
    "bolton-community-falls-clinic",
    "Bolton Community Falls Service (NHS)",
    "nhs",
    "An NHS multidisciplinary clinic for people who have fallen or are at high risk, run by physiotherapists, "
    "nurses and a consultant in older people's medicine.",
    [
        L(
            "clinic",
            "Community Falls Clinic, Minerva Road Outpatients",
            "Minerva Road",
            "BL4 0JX",
            town="Farnworth",
            acc=FULL,
        )
    ],
    [
        S(
            "falls-clinic",
            "Falls assessment clinic",
            "A detailed assessment looking at balance, blood pressure, medicines, eyesight, bone health and the home. "
            "You leave with a plan that may include exercise, a medication change or a referral to other services. "
            "Allow about two hours.",
            ["health", "medication"],
            ["falls clinic", "falls assessment"],
            ["falls clinic", "fallen", "dizzy", "falls assessment", "osteoporosis", "keep falling"],
            "Adults aged 65+ registered with a Bolton GP who have fallen, or younger adults at high risk",
            min_age=65,
            access=["referral_needed"],
            sched="tue 09:00-12:30; tue 13:30-16:30; fri 09:00-12:30",
            note="Appointments only; referral from GP, paramedic or therapist",
        ),
        S(
            "falls-response",
            "Falls response and home assessment",
            "A therapist visits within 72 hours of a fall where an ambulance was called but the person stayed at home, to reduce "
            "the chance of it happening again.",
            ["health", "house_and_home"],
            ["falls prevention", "community therapy"],
            ["fall at home", "after a fall"],
            "Bolton residents who have fallen at home",
            access=["referral_needed"],
            delivery=["home_visit"],
            locs=[],
        ),
    ],
    email="falls.service@boltonft.example.nhs.uk",
    phone="01204 390710",
    **NHS,
)

ORG(
    "bolton-memory-assessment",
    "Bolton Memory Assessment Service (NHS)",
    "nhs",
    "The NHS service that assesses memory problems and diagnoses dementia, and supports people afterwards.",
    [L("main", "Breightmet Health Centre", "Breightmet Fold Lane", "BL2 6NT", acc=FULL)],
    [
        S(
            "memory-assessment",
            "Memory assessment",
            "Memory nurses and doctors assess memory and thinking, usually over two appointments, and explain the results. "
            "If dementia is diagnosed they discuss treatment and make sure you are linked to support. Home visits are possible.",
            ["health", "medication"],
            ["memory assessment", "dementia diagnosis"],
            ["memory clinic", "memory test", "dementia diagnosis", "forgetful", "alzheimer's"],
            "Adults registered with a Bolton GP",
            min_age=18,
            access=["referral_needed"],
            delivery=["in_person", "home_visit"],
            cap={"status": "waitlist", "waitlist_weeks": 11},
        ),
        S(
            "living-well-course",
            "Living well with dementia course",
            "A five-week course after diagnosis covering understanding dementia, medication, staying well, legal matters and "
            "support for carers. People attend with a family member.",
            ["health", "carer_support", "emotional_wellbeing"],
            ["post diagnostic support", "dementia"],
            ["after dementia diagnosis", "dementia course", "carers"],
            "People recently diagnosed with dementia and their carers",
            access=["referral_needed"],
            sched="thu 13:30-15:30",
        ),
    ],
    email="memory.service@boltonft.example.nhs.uk",
    phone="01204 390820",
    **NHS,
)

ORG(
    "bolton-talking-therapies",
    "Bolton Talking Therapies (NHS)",
    "nhs",
    "Free NHS talking therapies for adults with common mental health problems such as anxiety and depression.",
    [L("main", "Ashburner Street Health Centre", "Ashburner Street", "BL1 1SQ", acc=LOOP)],
    [
        S(
            "talking-therapies",
            "Talking therapies (self-referral)",
            "Refer yourself online or by phone for therapy such as cognitive behavioural therapy, counselling or guided self-help. "
            "Sessions can be by phone, video or face to face, with evening appointments. Interpreters are available.",
            ["emotional_wellbeing"],
            ["talking therapies", "cbt", "counselling"],
            [
                "counselling",
                "cbt",
                "anxiety",
                "depression",
                "stress",
                "therapy",
                "iapt",
                "panic attacks",
            ],
            "Adults aged 16+ registered with a Bolton GP",
            min_age=16,
            access=["self_referral", "signpost_referral"],
            delivery=["phone", "online", "in_person"],
            sched="mon-thu 08:30-20:00; fri 08:30-17:00",
            cap={"status": "waitlist", "waitlist_weeks": 6},
        ),
        S(
            "long-term-conditions",
            "Talking therapies for long-term conditions",
            "Therapy for people whose physical health condition, such as diabetes, COPD or heart disease, is affecting their mood.",
            ["emotional_wellbeing", "health"],
            ["talking therapies", "long term conditions"],
            ["living with illness", "health anxiety", "chronic pain", "low mood"],
            "Adults with a long-term condition",
            min_age=16,
            access=["self_referral", "referral_needed"],
            delivery=["phone", "online", "in_person"],
        ),
        S(
            "stress-control",
            "Stress control classes",
            "A six-session evening course teaching practical ways to manage stress, sleep and worry. Come along without talking.",
            ["emotional_wellbeing"],
            ["psychoeducation", "group course"],
            ["stress", "sleep", "worry", "course"],
            "Adults",
            min_age=16,
            access=["self_referral"],
            delivery=["online", "in_person"],
            sched="tue 18:00-19:30",
        ),
    ],
    email="talkingtherapies@boltonft.example.nhs.uk",
    phone="01204 390900",
    **NHS,
)

ORG(
    "bolton-district-nursing",
    "Bolton District Nursing (NHS)",
    "nhs",
    "Community nurses who care for housebound patients at home and run clinics in health centres.",
    [
        L(
            "horwich",
            "Horwich Health Centre",
            "Longworth Road",
            "BL6 7BA",
            town="Horwich",
            acc=FULL,
        ),
        L(
            "westhoughton",
            "Westhoughton Health Centre",
            "Peace Street",
            "BL5 2DU",
            town="Westhoughton",
            acc=FULL,
        ),
        L(
            "farnworth",
            "Farnworth Health Centre",
            "Frances Street",
            "BL4 7HY",
            town="Farnworth",
            acc=FULL,
        ),
    ],
    [
        S(
            "district-nursing",
            "District nursing at home",
            "Nurses visit housebound patients for wound care, injections, catheter care, end-of-life care and support with long-term "
            "conditions. Referral is through your GP or hospital team.",
            ["health", "medication", "personal_care"],
            ["district nursing", "community nursing"],
            ["district nurse", "nurse visit", "wound care", "injections", "housebound"],
            "Housebound patients registered with a Bolton GP",
            access=["referral_needed"],
            delivery=["home_visit"],
            locs=[],
            sched="mon-sun 08:00-22:00@-",
        ),
        S(
            "leg-ulcer-clinic",
            "Leg ulcer and wound clinic",
            "Nurse-led clinics for people who can get out, for dressings, compression bandaging and leg ulcer assessment.",
            ["health"],
            ["wound care", "leg ulcers"],
            ["leg ulcer", "dressings", "wound clinic"],
            "Patients registered with a Bolton GP",
            access=["referral_needed"],
            locs=["horwich", "westhoughton", "farnworth"],
            sched="mon 09:00-12:00@horwich; wed 09:00-12:00@westhoughton; thu 13:30-16:30@farnworth",
        ),
        S(
            "continence-advice",
            "Continence advice clinic",
            "Confidential help with bladder and bowel problems, including pelvic floor advice and continence products.",
            ["health", "personal_care"],
            ["continence"],
            ["incontinence", "bladder", "pads", "continence products"],
            "Adults registered with a Bolton GP",
            min_age=18,
            access=["self_referral", "referral_needed"],
            locs=["horwich"],
            sched="fri 09:30-12:30",
        ),
    ],
    email="districtnursing@boltonft.example.nhs.uk",
    phone="01204 390300",
    **NHS,
)

ORG(
    "bolton-community-pharmacies",
    "Bolton Community Pharmacy Network",
    "nhs",
    "Local community pharmacies providing NHS services such as medicines reviews, blood pressure checks and deliveries.",
    [
        L(
            "westhoughton",
            "Wingates Pharmacy",
            "Chorley Road",
            "BL5 2AJ",
            town="Westhoughton",
            acc=STD,
        ),
        L("breightmet", "Breightmet Pharmacy", "Breightmet Drive", "BL2 5AE", acc=STD),
        L("astley-bridge", "Blackburn Road Pharmacy", "Blackburn Road", "BL1 8DL", acc=STD),
        L("great-lever", "Lever Street Pharmacy", "Lever Street", "BL3 2AW", acc=STD),
        L("bromley-cross", "Bromley Cross Pharmacy", "Toppings Green", "BL7 9NB", acc=STD),
        L("heaton", "Chorley New Road Pharmacy", "Chorley New Road", "BL1 5BT", acc=STD),
        L("hulton", "Wigan Road Pharmacy", "Wigan Road", "BL3 4RB", acc=STD),
    ],
    [
        S(
            "medicines-review",
            "Medicines check and New Medicine Service",
            "A private chat with the pharmacist about the medicines you take, any side effects and how to take them safely. "
            "If you have just started a new medicine for a long-term condition, the pharmacist will follow up over the next few weeks.",
            ["medication", "health"],
            ["medicines review", "pharmacy"],
            [
                "medication review",
                "tablets",
                "side effects",
                "too many tablets",
                "pharmacist",
                "new medicine",
            ],
            "Anyone who takes regular medicines",
            access=["drop_in", "self_referral"],
            locs=[
                "westhoughton",
                "breightmet",
                "astley-bridge",
                "great-lever",
                "bromley-cross",
                "heaton",
                "hulton",
            ],
            sched="mon-fri 09:00-18:00@westhoughton; mon-fri 09:00-18:00@breightmet; mon-fri 09:00-18:30@astley-bridge; "
            "mon-sat 09:00-18:00@great-lever; mon-fri 09:00-17:30@bromley-cross; mon-fri 09:00-18:00@heaton; "
            "mon-fri 09:00-13:00@hulton; mon-fri 14:00-18:00@hulton",
        ),
        S(
            "prescription-delivery",
            "Prescription delivery",
            "Free delivery of repeat prescriptions to people who are housebound or cannot collect. "
            "Ask your pharmacy to set it up.",
            ["medication"],
            ["pharmacy delivery"],
            ["prescription delivery", "medicines delivered", "housebound"],
            "Housebound people and those who cannot collect medicines",
            access=["self_referral"],
            delivery=["home_visit"],
            locs=[],
        ),
        S(
            "blood-pressure-check",
            "Blood pressure check",
            "A free blood pressure check for adults over 40 without an appointment, with advice and a referral to the GP if needed.",
            ["health"],
            ["blood pressure", "health check"],
            ["blood pressure", "bp check", "hypertension"],
            "Adults aged 40+",
            min_age=40,
            access=["drop_in"],
            locs=["westhoughton", "breightmet", "great-lever", "hulton"],
            sched="mon-fri 10:00-16:00@westhoughton; mon-fri 10:00-16:00@breightmet; mon-fri 10:00-16:00@great-lever; "
            "tue 10:00-12:00@hulton",
        ),
    ],
    email="pharmacy.network@bolton.example.nhs.uk",
    phone="01204 390555",
)

ORG(
    "bolton-diabetes-education",
    "Bolton Diabetes Education Programme (NHS)",
    "nhs",
    "NHS structured education and foot health sessions for adults with diabetes.",
    [
        L("halliwell", "Ashburner Street Health Centre", "Ashburner Street", "BL1 1SQ", acc=LOOP),
        L(
            "westhoughton",
            "Westhoughton Health Centre",
            "Peace Street",
            "BL5 2DU",
            town="Westhoughton",
            acc=FULL,
        ),
    ],
    [
        S(
            "diabetes-course",
            "Type 2 diabetes education course",
            "A free group course over two half-days about what type 2 diabetes is, food and activity, medicines and preventing "
            "complications. Sessions are also run in Urdu and Gujarati.",
            ["health", "medication"],
            ["diabetes education", "structured education"],
            ["type 2 diabetes", "diabetes course", "blood sugar", "desmond"],
            "Adults with type 2 diabetes registered with a Bolton GP",
            min_age=18,
            access=["referral_needed", "self_referral"],
            lang=SOUTH_ASIAN,
            locs=["halliwell", "westhoughton"],
            sched="tue 09:30-13:00@halliwell; thu 09:30-13:00@westhoughton",
        ),
        S(
            "foot-health",
            "Diabetes foot health clinic",
            "Foot checks and advice to prevent ulcers and amputations, with fast referral to podiatry if there is a problem.",
            ["health", "personal_care"],
            ["podiatry", "diabetes"],
            ["diabetic foot", "foot check", "podiatry", "chiropody"],
            "Adults with diabetes",
            min_age=18,
            access=["referral_needed"],
            locs=["westhoughton"],
            sched="fri 09:00-12:00",
        ),
    ],
    email="diabetes.education@boltonft.example.nhs.uk",
    phone="01204 390640",
    **NHS,
)

ORG(
    "bolton-stop-smoking",
    "Bolton Stop Smoking Service",
    "nhs",
    "Free NHS support to stop smoking, with stop smoking medicines and vapes.",
    [
        L(
            "farnworth",
            "Farnworth Health Centre",
            "Frances Street",
            "BL4 7HY",
            town="Farnworth",
            acc=FULL,
        ),
        L("rumworth", "Deane Clinic", "Deane Road", "BL3 5HL", acc=FULL),
    ],
    [
        S(
            "stop-smoking",
            "Stop smoking support",
            "Twelve weeks of support from an adviser by phone or face to face, with free nicotine replacement, medication or a vape "
            "starter kit. You are up to three times more likely to quit with support.",
            ["health", "medication"],
            ["stop smoking", "tobacco"],
            ["quit smoking", "stop smoking", "vape", "nicotine patches"],
            "Smokers aged 12+ living or registered with a GP in Bolton",
            min_age=12,
            access=["self_referral", "signpost_referral"],
            lang=SOUTH_ASIAN,
            delivery=["phone", "in_person"],
            locs=["farnworth", "rumworth"],
            sched="mon 09:00-17:00@-; wed 13:00-18:00@farnworth; thu 09:30-12:30@rumworth",
        )
    ],
    email="stopsmoking@boltonft.example.nhs.uk",
    phone="01204 390466",
    **NHS,
)

ORG(
    "bolton-mental-health-crisis",
    "Bolton Mental Health Crisis Line (NHS)",
    "nhs",
    "The NHS 24-hour mental health line and home treatment team for Bolton.",
    [],
    [
        S(
            "crisis-line",
            "24/7 mental health crisis line",
            "Ring any time if you or someone you care about is in a mental health crisis. Trained staff will talk things through "
            "and can arrange an urgent assessment or home treatment. If life is at immediate risk call 999.",
            ["emotional_wellbeing"],
            ["crisis line", "mental health crisis"],
            [
                "crisis",
                "suicidal",
                "mental health emergency",
                "psychosis",
                "self harm",
                "urgent help",
            ],
            "Anyone of any age in Bolton",
            access=["self_referral"],
            delivery=["phone"],
            sched="mon-sun 00:00-23:59@-",
            note="24 hours a day, 365 days a year",
        ),
        S(
            "home-treatment",
            "Home treatment team",
            "Intensive short-term support at home as an alternative to hospital admission, with daily visits if needed.",
            ["emotional_wellbeing", "medication"],
            ["crisis resolution", "home treatment"],
            ["home treatment", "mental health crisis team"],
            "Adults in mental health crisis assessed by the crisis team",
            min_age=18,
            access=["referral_needed"],
            delivery=["home_visit", "phone"],
        ),
    ],
    phone="01204 390999",
    **NHS,
)

ORG(
    "bolton-audiology",
    "Bolton Community Audiology (NHS)",
    "nhs",
    "NHS hearing services, including drop-in hearing aid maintenance sessions in libraries and community centres.",
    [
        L("central", "Bolton Central Library", "Le Mans Crescent", "BL1 1SE", acc=FULL),
        L("farnworth", "Farnworth Library", "Market Street", "BL4 7PG", town="Farnworth", acc=LOOP),
        L("breightmet", "Breightmet Library", "Bury Road", "BL2 6PJ", acc=STD),
        L("horwich", "Horwich Library", "Jones Street", "BL6 6AS", town="Horwich", acc=LOOP),
        L(
            "little-lever",
            "Little Lever Library",
            "Coronation Square",
            "BL3 1LX",
            town="Little Lever",
            acc=STD,
        ),
    ],
    [
        S(
            "hearing-aid-maintenance",
            "Hearing aid maintenance drop-in",
            "Bring your NHS hearing aids for new tubing, batteries, cleaning and small repairs while you wait. "
            "No appointment needed. Batteries can also be posted out.",
            ["communication", "health"],
            ["hearing aids", "audiology"],
            [
                "hearing aid",
                "hearing aid batteries",
                "retubing",
                "hearing aid repair",
                "deaf",
                "hard of hearing",
            ],
            "People with NHS hearing aids",
            access=["drop_in"],
            locs=["central", "farnworth", "breightmet", "horwich", "little-lever"],
            sched="mon 10:00-12:00@central; wed 10:00-12:00@farnworth; thu 13:30-15:30@breightmet; "
            "fri 10:00-12:00@horwich; fri 13:30-15:00@little-lever",
            note="Farnworth and Little Lever sessions are monthly; check dates",
        ),
        S(
            "hearing-assessment",
            "Adult hearing assessment",
            "Hearing tests and fitting of NHS hearing aids for adults, following a GP referral.",
            ["communication", "health"],
            ["audiology", "hearing test"],
            ["hearing test", "hearing aids", "going deaf"],
            "Adults registered with a Bolton GP",
            min_age=18,
            access=["referral_needed"],
            locs=["central"],
            note="By appointment",
            cap={"status": "waitlist", "waitlist_weeks": 9},
        ),
    ],
    email="audiology@boltonft.example.nhs.uk",
    phone="01204 390280",
    **NHS,
)
# =============================================================== SOCIAL ENTERPRISES
ORG(
    "bolton-community-pantry",
    "Bolton Community Pantry CIC",
    "social_enterprise",
    "A community interest company running membership food pantries that stretch household budgets and cut food waste.",
    [
        L("haulgh", "Haulgh Pantry", "The Haulgh Centre, Radcliffe Road", "BL2 1NU", acc=STD),
        L("breightmet", "Breightmet Pantry", "Roading Brook Community Centre", "BL2 5LF", acc=FULL),
    ],
    [
        S(
            "pantry-membership",
            "Community food pantry",
            "Members pay a small weekly fee and choose at least ten items of food, including fresh fruit, vegetables and chilled "
            "goods, worth several times as much. No referral is needed, but you need to live nearby.",
            ["money", "health"],
            ["food pantry", "affordable food"],
            ["food pantry", "cheap food", "food club", "cost of living", "groceries"],
            "Residents of central and east Bolton",
            cost="£4 a week",
            access=["self_referral", "drop_in", "signpost_referral"],
            locs=["haulgh", "breightmet"],
            sched="tue 12:00-15:00@haulgh; fri 10:00-13:00@breightmet",
            area="N:Tonge with the Haulgh|Breightmet|Crompton|Little Lever and Darcy Lever|Great Lever",
        ),
        S(
            "cook-on-a-budget",
            "Cook on a budget",
            "A four-week cooking course making cheap, healthy family meals with pantry food, using a slow cooker or air fryer. "
            "Everyone takes home the meal and the recipe.",
            ["health", "money", "hobbies"],
            ["cooking", "healthy eating"],
            ["cooking class", "slow cooker", "cheap meals"],
            "Pantry members",
            cost="Free to pantry members",
            access=["self_referral"],
            locs=["breightmet"],
            sched="wed 10:00-12:30",
            area="W",
        ),
    ],
    company_number="11836452",
    website=site("boltonpantry"),
    email="hello@boltonpantry.example.org.uk",
    phone="01204 362208",
)

ORG(
    "bolton-repair-cafe",
    "Bolton Repair Cafe CIC",
    "social_enterprise",
    "Volunteer fixers repair household items for free so they stay out of landfill, and teach people to fix things themselves.",
    [L("main", "The Workshop", "3 Bark Street", "BL1 2AX", acc=STD)],
    [
        S(
            "repair-cafe",
            "Repair cafe",
            "Bring broken lamps, toasters, clothes, bikes and toys and fix them with a volunteer over a cup of tea. "
            "Donations welcome.",
            ["house_and_home", "hobbies", "friends_and_family"],
            ["repair cafe", "reuse"],
            ["repair", "fix it", "mend clothes"],
            "Everyone",
            cost="Pay what you can",
            access=["drop_in"],
            sched="sat 10:00-13:00",
            note="Second Saturday of the month",
            area="R5",
        ),
        S(
            "bike-workshop",
            "Community bike workshop",
            "Learn basic bike maintenance, get a low-cost refurbished bike, or volunteer as a mechanic.",
            ["getting_out", "volunteering_and_work", "hobbies"],
            ["cycling", "bike repair"],
            ["bike", "cycling", "bike repair"],
            "Adults and young people 14+",
            min_age=14,
            cost="Bikes from £40",
            access=["drop_in"],
            sched="thu 17:00-20:00",
            area="R5",
        ),
    ],
    company_number="12094418",
    website=site("boltonrepaircafe"),
    email="fix@boltonrepaircafe.example.org.uk",
)

ORG(
    "greenspace-bolton",
    "Greenspace Bolton CIC",
    "social_enterprise",
    "A social enterprise using gardening and nature to improve wellbeing, working from a walled garden near Smithills.",
    [
        L(
            "main",
            "Smithills Walled Garden",
            "Smithills Dean Road",
            "BL1 6JS",
            acc=["parking", "accessible_toilet"],
        )
    ],
    [
        S(
            "therapeutic-gardening",
            "Therapeutic gardening (green prescription)",
            "Small, supported gardening groups for people with low mood, anxiety, long-term conditions or loneliness. "
            "No experience is needed; tools, gloves and a hot lunch are provided.",
            ["emotional_wellbeing", "hobbies", "getting_out"],
            ["therapeutic gardening", "green social prescribing"],
            ["gardening", "green prescription", "nature", "outdoors", "allotment"],
            "Adults referred by a link worker, GP or mental health team",
            min_age=18,
            access=["referral_needed", "signpost_referral"],
            sched="tue 10:00-14:00; fri 10:00-14:00",
            area="R8",
            cap={"status": "waitlist", "waitlist_weeks": 2},
        ),
        S(
            "conservation-volunteers",
            "Conservation volunteering",
            "Outdoor volunteering in the moors and woods: hedge laying, path repairs and tree planting with a friendly team.",
            ["volunteering_and_work", "getting_out", "health"],
            ["conservation", "volunteering"],
            ["volunteering outdoors", "conservation", "tree planting"],
            "Adults",
            min_age=18,
            access=["self_referral"],
            sched="wed 09:30-15:00",
            area="R8",
        ),
    ],
    company_number="10773915",
    website=site("greenspacebolton"),
    email="grow@greenspacebolton.example.org.uk",
    phone="01204 849115",
)

ORG(
    "get-online-bolton",
    "Get Online Bolton CIC",
    "social_enterprise",
    "Helping people in Bolton get online with free devices, data and friendly training.",
    [
        L("deane", "Get Online Hub", "Unit 5, 112 St Helens Road", "BL3 3PE", acc=STD),
        L(
            "farnworth",
            "Farnworth Get Online Point",
            "52 Market Street",
            "BL4 7NT",
            town="Farnworth",
            acc=STD,
        ),
    ],
    [
        S(
            "smartphone-help",
            "Help with your smartphone",
            "Short, friendly sessions for people who want to learn to use their phone or tablet: texts, photos, WhatsApp, "
            "online banking, the NHS App and staying safe from scams.",
            ["communication", "hobbies"],
            ["digital skills", "digital inclusion"],
            ["smartphone help", "mobile phone", "whatsapp", "facetime", "nhs app", "tablet help"],
            "Adults",
            min_age=18,
            access=["drop_in", "self_referral"],
            lang=["English", "Urdu", "Polish"],
            locs=["deane", "farnworth"],
            sched="mon 10:00-12:00@deane; mon 13:30-15:30@deane; thu 10:00-12:00@farnworth",
            area="R4",
        ),
        S(
            "device-loan",
            "Device and data loans",
            "Free loan of a tablet or laptop with mobile data for up to six months, with training to use it.",
            ["communication", "money"],
            ["device loan", "digital inclusion"],
            ["free tablet", "free laptop", "data sim", "no internet"],
            "Adults on a low income without a device",
            min_age=18,
            access=["referral_needed", "signpost_referral"],
            delivery=["in_person", "phone"],
            locs=["deane"],
            note="By appointment",
            area="B",
            cap={"status": "paused", "paused_for_days": 45},
        ),
        S(
            "online-safety",
            "Staying safe online workshop",
            "A one-off workshop on spotting scam texts, emails and phone calls and keeping passwords safe.",
            ["communication", "money"],
            ["online safety", "scams"],
            ["scams", "online safety", "passwords"],
            "Adults",
            min_age=18,
            access=["self_referral"],
            locs=["farnworth"],
            sched="fri 10:00-12:00",
            note="Monthly",
            area="R4",
        ),
    ],
    company_number="11204563",
    website=site("getonlinebolton"),
    email="hello@getonlinebolton.example.org.uk",
    phone="01204 399002",
)

ORG(
    "heritage-kitchen",
    "Heritage Kitchen CIC",
    "social_enterprise",
    "A community cafe and cookery school in Farnworth that trains local people for jobs in catering.",
    [L("main", "Heritage Kitchen", "19 Peel Street", "BL4 9EX", town="Farnworth", acc=STD)],
    [
        S(
            "pay-as-you-feel-lunch",
            "Pay-as-you-feel lunch",
            "A hot lunch made from surplus food, served at shared tables. Pay what you can afford, or nothing.",
            ["friends_and_family", "money", "health"],
            ["community cafe", "pay as you feel"],
            ["cheap lunch", "free meal", "pay as you feel", "cafe"],
            "Everyone",
            cost="Pay as you feel",
            access=["drop_in"],
            sched="mon-fri 12:00-14:00",
        ),
        S(
            "catering-traineeship",
            "Catering traineeship",
            "A 12-week traineeship with food hygiene certificates and work experience in the cafe kitchen, leading to job interviews.",
            ["volunteering_and_work"],
            ["employment support", "training"],
            ["job training", "catering", "kitchen job"],
            "Unemployed adults in Bolton",
            min_age=18,
            access=["self_referral", "referral_needed"],
            sched="tue-thu 09:00-14:00",
            area="B",
        ),
    ],
    company_number="10562230",
    website=site("heritagekitchen"),
    email="cafe@heritagekitchen.example.org.uk",
    phone="01204 792881",
)

ORG(
    "bolton-employment-pathways",
    "Bolton Employment Pathways CIC",
    "social_enterprise",
    "Employment support for people who face barriers to work, including people over 50 and people with health conditions.",
    [L("main", "Pathways Centre", "Bridgeman Place", "BL1 1HJ", acc=LOOP)],
    [
        S(
            "fifty-plus-work",
            "Back to work at 50+",
            "One-to-one coaching for people over 50 looking for work, with help to update CVs, use job sites and prepare for interviews.",
            ["volunteering_and_work", "money"],
            ["employment support"],
            ["job search", "cv help", "over 50 work", "back to work"],
            "Unemployed people aged 50+ in Bolton",
            min_age=50,
            access=["self_referral", "signpost_referral"],
            delivery=["in_person", "phone"],
            note="By appointment",
            area="B",
        ),
        S(
            "job-club",
            "Job club",
            "A weekly drop-in with computers, job listings and an adviser for quick help with applications.",
            ["volunteering_and_work"],
            ["job club"],
            ["jobs", "job club", "applications"],
            "Adults looking for work",
            min_age=18,
            access=["drop_in"],
            sched="wed 13:00-16:00",
            area="B",
        ),
    ],
    company_number="09981276",
    website=site("boltonpathways"),
    email="info@boltonpathways.example.org.uk",
    phone="01204 388364",
)

ORG(
    "moving-minds-bolton",
    "Moving Minds Bolton CIC",
    "social_enterprise",
    "Dance and movement sessions designed for older people and people living with long-term conditions.",
    [
        L("great-lever", "Lever Edge Community Hall", "Lever Edge Lane", "BL3 6QD", acc=FULL),
        L("crompton", "Crompton Community Centre", "Crompton Way", "BL2 2RZ", acc=STD),
    ],
    [
        S(
            "chair-based-exercise",
            "Chair-based exercise to music",
            "A fun, seated workout to music from the 50s to the 80s that builds strength and stamina. Everyone can join in.",
            ["health", "friends_and_family", "getting_out"],
            ["chair based exercise", "dance"],
            ["chair exercise", "seated exercise", "exercise for older people", "keep fit"],
            "Adults of all abilities",
            cost="£3",
            access=["drop_in"],
            locs=["great-lever", "crompton"],
            sched="mon 10:30-11:30@great-lever; thu 10:30-11:30@crompton",
            area="R3",
        ),
        S(
            "dance-for-health",
            "Dance for health",
            "A standing and seated dance class for people living with Parkinson's, MS, stroke or arthritis.",
            ["health", "hobbies"],
            ["dance"],
            ["dance class", "movement", "parkinsons dance"],
            "Adults with long-term conditions",
            cost="£3.50",
            access=["drop_in", "signpost_referral"],
            locs=["crompton"],
            sched="fri 13:30-14:30",
            area="R4",
        ),
    ],
    company_number="11490037",
    website=site("movingminds"),
    email="dance@movingminds.example.org.uk",
    phone="01204 370951",
)

ORG(
    "wellspring-furniture",
    "Wellspring Furniture Reuse",
    "social_enterprise",
    "Collects donated furniture and appliances and sells them at low prices, with free items for people setting up home.",
    [
        L(
            "main",
            "Wellspring Warehouse",
            "Unit 9, Manchester Road Trading Estate",
            "BL2 1ES",
            acc=PARK,
        )
    ],
    [
        S(
            "furniture-scheme",
            "Furniture for people setting up home",
            "Free or heavily discounted beds, sofas, cookers and fridges for people leaving homelessness, refuge or care, "
            "delivered to the door.",
            ["house_and_home", "money"],
            ["furniture reuse", "crisis support"],
            ["free furniture", "bed", "cooker", "fridge", "white goods", "setting up home"],
            "Referred households on a low income",
            access=["referral_needed", "signpost_referral"],
            sched="mon-sat 09:30-16:30",
            area="B",
        ),
        S(
            "furniture-shop",
            "Low-cost furniture shop",
            "A warehouse shop selling good-quality second-hand furniture at low prices, with 50% off for people on benefits.",
            ["house_and_home", "money"],
            ["furniture reuse"],
            ["cheap furniture", "second hand furniture"],
            "Everyone",
            cost="Items priced individually",
            access=["drop_in"],
            sched="mon-sat 09:30-16:30",
            area="B",
        ),
    ],
    company_number="08641725",
    email="shop@wellspringreuse.example.org.uk",
    phone="01204 383417",
)

# =============================================================== PRIVATE
ORG(
    "active-life-lostock",
    "Active Life Lostock",
    "private",
    "A private gym and pool in Lostock with daytime classes for people over 60.",
    [L("main", "Active Life Lostock", "Lostock Lane", "BL6 4BR", acc=FULL)],
    [
        S(
            "over-60s-classes",
            "Over 60s activity mornings",
            "Chair-based exercise, gentle circuits and walking football followed by tea in the cafe. No membership needed.",
            ["health", "getting_out", "friends_and_family"],
            ["exercise class", "older people"],
            ["over 60s exercise", "walking football", "gym for older people"],
            "Adults aged 60+",
            min_age=60,
            cost="£3.50 a session",
            access=["drop_in"],
            sched="tue 10:00-12:00; thu 10:00-12:00",
            area="R6",
        ),
        S(
            "aqua-fit",
            "Gentle aqua fit",
            "A gentle exercise class in the warm pool, good for arthritis and joint pain. Hoist available.",
            ["health"],
            ["aqua aerobics"],
            ["swimming", "aqua", "water exercise", "arthritis"],
            "Adults",
            cost="£4.50 a session",
            access=["drop_in"],
            sched="wed 11:00-12:00",
            area="R6",
        ),
    ],
    company_number="07745193",
    website=site("activelifelostock"),
    phone="01204 694411",
)

ORG(
    "homehelp-bolton",
    "HomeHelp Bolton Ltd",
    "private",
    "A local company providing cleaning, shopping and companionship visits for older people.",
    [],
    [
        S(
            "home-help",
            "Home help and cleaning",
            "Regular visits to clean, change beds, do laundry and shop. All staff are DBS checked and you keep the same helper "
            "wherever possible.",
            ["house_and_home"],
            ["domestic help", "cleaning"],
            ["cleaner", "home help", "housework", "laundry"],
            "Adults in Bolton",
            cost="£21 an hour, minimum one hour",
            access=["self_referral"],
            delivery=["home_visit"],
        ),
        S(
            "companionship",
            "Companionship visits",
            "A companion visits for a chat, a game of cards or a walk, and can accompany you to appointments.",
            ["friends_and_family"],
            ["companionship"],
            ["companion", "sitting service", "visits"],
            "Adults in Bolton",
            cost="£21 an hour",
            access=["self_referral"],
            delivery=["home_visit"],
            ver=None,
        ),
    ],
    company_number="10384457",
    website=site("homehelpbolton"),
    email="office@homehelpbolton.example.org.uk",
    phone="01204 865210",
)

ORG(
    "bolton-access-taxis",
    "Bolton Access Taxis Ltd",
    "private",
    "A taxi firm with wheelchair-accessible vehicles and drivers trained in disability awareness.",
    [
        L(
            "office",
            "Bolton Access Taxis",
            "Unit 1, Egerton Street",
            "BL4 9BS",
            town="Farnworth",
            acc=PARK,
        )
    ],
    [
        S(
            "accessible-taxi",
            "Wheelchair-accessible taxis",
            "Taxis that take a wheelchair user without transferring, bookable by phone or app. Regular bookings for appointments "
            "and day centres can be set up.",
            ["getting_out"],
            ["accessible transport", "taxi"],
            ["wheelchair taxi", "accessible taxi", "taxi"],
            "Anyone",
            cost="Metered fares; 10% off for regular bookings",
            access=["self_referral"],
            delivery=["in_person"],
            locs=[],
            sched="mon-sun 06:00-23:00@-",
            area="R7@office",
        )
    ],
    company_number="06329017",
    phone="01204 792600",
)

ORG(
    "carecall-bolton",
    "CareCall Bolton Ltd",
    "private",
    "Personal alarm and telecare monitoring for people living alone.",
    [],
    [
        S(
            "personal-alarm",
            "Personal alarm and falls detector",
            "A pendant or wrist alarm connected to a 24-hour control centre, with an optional automatic falls detector. "
            "A responder or family member is called if you need help.",
            ["house_and_home", "health"],
            ["telecare", "personal alarm"],
            ["personal alarm", "pendant alarm", "lifeline", "falls alarm", "living alone"],
            "Adults in Bolton",
            cost="£4.75 a week, installation free",
            access=["self_referral", "signpost_referral"],
            delivery=["home_visit", "phone"],
        )
    ],
    company_number="09217784",
    website=site("carecallbolton"),
    email="info@carecallbolton.example.org.uk",
    phone="01204 865990",
)

ORG(
    "hearing-point-astley-bridge",
    "Hearing Point Astley Bridge",
    "private",
    "An independent hearing care practice that runs a free hearing aid clinic for anyone, whether their aids are NHS or private.",
    [L("main", "Hearing Point", "681 Blackburn Road", "BL1 7JE", acc=STD)],
    [
        S(
            "free-hearing-aid-clinic",
            "Free hearing aid cleaning clinic",
            "Wax guards and domes changed, aids cleaned and checked, and batteries supplied at cost. No obligation to buy.",
            ["communication", "health"],
            ["hearing aids"],
            ["hearing aid cleaning", "hearing aid batteries", "wax"],
            "Anyone who wears hearing aids",
            access=["drop_in"],
            sched="sat 09:30-12:30",
            area="R4",
        )
    ],
    company_number="08815532",
    website=site("hearingpointab"),
    phone="01204 597333",
)
# =============================================================== FINISHING
STATUS_OVERRIDES = {("bolton-repair-cafe", "bike-workshop"): "temporarily_closed"}
CHECKERS = [
    "Aisha Patel, social prescribing link worker",
    "Dave Whittle, community connector",
    "Grace Okafor, directory officer",
    "Sarah Hughes, care co-ordinator",
    "Imran Hussain, community development worker",
    "Linda Holt, Signpost volunteer data checker",
    "Tom Brierley, social prescribing link worker",
    "Priya Mistry, carers support worker",
    "Joanne Kay, neighbourhood care co-ordinator",
]


# small groups without an office: a named volunteer contact on each service
GROUP_CONTACTS = {
    "halliwell-knit-and-natter": {"name": "Maureen (group organiser)", "phone": "01204 842190"},
    "tonge-voices": {"name": "Chris, choir secretary", "email": "tongevoices@example.org.uk"},
    "astley-bridge-crafters": {"name": "Pat, group leader", "phone": "01204 591873"},
    "smithills-friendship-club": {"name": "Jean, club secretary", "phone": "01204 844026"},
    "harper-green-tea-dance": {"name": "Alan and Brenda", "phone": "01204 796315"},
    "bradshaw-luncheon-club": {"name": "Margaret, club organiser", "phone": "01204 303478"},
    "little-lever-ramblers": {"name": "Walk co-ordinator", "email": "llramblers@example.org.uk"},
    "kearsley-heritage-group": {
        "name": "Group secretary",
        "email": "kearsleyhistory@example.org.uk",
    },
    "chew-moor-gardeners": {"name": "Club secretary", "phone": "01204 811642"},
    "blackrod-model-railway": {"name": "Club chairman", "email": "blackrodrailway@example.org.uk"},
    "over-hulton-community": {"name": "Association chair", "phone": "01204 651930"},
    "wallsuches-residents": {
        "name": "Residents' association",
        "email": "wallsuchesra@example.org.uk",
    },
    "bolton-jewish-friendship-circle": {
        "name": "Friendship Circle co-ordinator",
        "phone": "01204 492067",
    },
}


def finish():
    services = [(o, s) for o in ORGS for s in o["services"]]
    for o, s in services:
        if not s["contact"] and o["key"] in GROUP_CONTACTS:
            s["contact"] = dict(GROUP_CONTACTS[o["key"]])
    for o, s in services:
        if (o["key"], s["key"]) in STATUS_OVERRIDES:
            s["status"] = STATUS_OVERRIDES[(o["key"], s["key"])]
        if s["status"] != "active":
            s["capacity"] = {"status": "paused", "paused_for_days": rng.choice([30, 60, 90])}
    # capacity: top up waitlists to ~10%; the rest accepting
    n = len(services)
    open_cap = [s for _, s in services if s["capacity"] is None]
    have_wait = sum(
        1 for _, s in services if s["capacity"] and s["capacity"]["status"] == "waitlist"
    )
    for s in rng.sample(open_cap, max(0, round(0.10 * n) - have_wait)):
        s["capacity"] = {"status": "waitlist", "waitlist_weeks": rng.randint(2, 12)}
    for s in open_cap:
        if s["capacity"] is None:
            s["capacity"] = {"status": "accepting"}
    # verification: ~5% never, ~20% stale (13-30 months), rest within 9 months
    auto = [s for _, s in services if s["last_verified_days_ago"] == "auto"]
    never_have = sum(1 for _, s in services if s["last_verified_days_ago"] is None)
    rng.shuffle(auto)
    n_never = max(0, round(0.05 * n) - never_have)
    n_stale = round(0.20 * n)
    for i, s in enumerate(auto):
        if i < n_never:
            s["last_verified_days_ago"] = None
        elif i < n_never + n_stale:
            s["last_verified_days_ago"] = rng.randint(395, 910)
        else:
            s["last_verified_days_ago"] = rng.randint(2, 265)
    for _, s in services:
        if s["last_verified_days_ago"] is not None:
            s["verified_by"] = rng.choice(CHECKERS)
    # signposting: ~25% of services accept signpost referrals
    target = round(0.25 * n)
    have = [s for _, s in services if "signpost_referral" in s["access"]]
    cands = [
        s
        for _, s in services
        if "signpost_referral" not in s["access"]
        and s["status"] == "active"
        and "referral_needed" not in s["access"]
    ]
    for s in rng.sample(cands, max(0, target - len(have))):
        s["access"].append("signpost_referral")


# Short hand-written descriptions are topped up to at least three sentences
# with plain-English "what to expect" sentences built from the structured data.
import re as _re

ORDER = {d: i for i, d in enumerate(DAYS)}
KIND_LINES = {
    "voluntary": [
        "It is a registered charity run with the help of local volunteers.",
        "Most of its support is delivered by trained volunteers.",
        "It is an independent local charity.",
    ],
    "community_group": [
        "The group is run entirely by volunteers and new members are always welcome.",
        "It is a small, friendly group run by local people.",
        "It is run by volunteers on a shoestring, so donations are always appreciated.",
    ],
    "faith": [
        "Activities are open to people of all faiths and none.",
        "Everyone is welcome, whatever their background or beliefs.",
        "You do not need to belong to the congregation to take part.",
    ],
    "statutory": ["It is part of Bolton Council.", "It is a Bolton Council service."],
    "nhs": [
        "It is part of the local NHS and its services are free at the point of use.",
        "It is an NHS service for people registered with a Bolton GP.",
    ],
    "social_enterprise": [
        "Any surplus is reinvested in its community work.",
        "It is a not-for-profit business that reinvests its income locally.",
    ],
    "private": [
        "It is a private business; prices are shown for each service.",
        "It is a local private company.",
    ],
}


def n_sentences(t):
    return len([x for x in _re.split(r"(?<=[.!?])\s+", t.strip()) if x])


def plural_days(ds):
    ds = sorted(set(ds), key=ORDER.get)
    if len(ds) == 7:
        return "every day"
    if ds == DAYS[:5]:
        return "on weekdays"
    names = [d.capitalize() + "s" for d in ds]
    return "on " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])


def extra_sentences(org, s):
    locmap = {l["key"]: l for l in org["locations"]}
    out = []
    sched = s["schedule"]
    locs = [locmap[k] for k in s["locations"]]
    if sched:
        days = plural_days(p["day"] for p in sched)
        times = {(p["opens"], p["closes"]) for p in sched}
        when = days
        if times == {("00:00", "23:59")}:
            when = "24 hours a day, every day"
        elif len(times) == 1:
            o, c = next(iter(times))
            when += " from %s to %s" % (o, c)
        note = s.get("schedule_note", "")
        if note and "." not in note and "24 hours" not in note:
            when += " (%s)" % (note[0].lower() + note[1:])
        if locs and not all(l["confidential"] for l in locs):
            pub = [l for l in locs if not l["confidential"]]
            where = (
                pub[0]["name"]
                if len(pub) == 1
                else "%d venues, including %s" % (len(pub), pub[0]["name"])
            )
            out.append("It runs %s at %s." % (when, where))
        elif "phone" in s["delivery"]:
            out.append("The phone line is open %s." % when)
        else:
            out.append("It runs %s." % when)
    elif "home_visit" in s["delivery"]:
        out.append(
            rng.choice(
                [
                    "Support is given in your own home.",
                    "Visits take place in your own home.",
                    "Workers come to you at home at a time agreed with you.",
                ]
            )
        )
    elif s["delivery"] == ["phone"]:
        out.append("Everything is done over the phone.")
    else:
        out.append("Appointments are arranged at a time that suits you.")
    a = s["access"]
    if "drop_in" in a:
        out.append(
            rng.choice(
                [
                    "There is no need to book; just come along.",
                    "You can simply turn up.",
                    "No booking is needed.",
                ]
            )
        )
    elif a == ["referral_needed"]:
        out.append(
            "You need a referral from a professional such as your GP, a social worker or a link worker."
        )
    elif "self_referral" in a:
        out.append(
            rng.choice(
                [
                    "You can get in touch yourself, or ask someone to do it for you.",
                    "You can contact the service directly; no referral is needed.",
                ]
            )
        )
    if "signpost_referral" in a:
        out.append("Link workers and care co-ordinators can also pass on your details.")
    if s["cost"]["free"]:
        out.append(rng.choice(["There is no charge.", "It is free.", "It is free of charge."]))
    else:
        c = s["cost"]["description"]
        if c[0] in "£0123456789":
            out.append("The cost is %s." % c)
        else:
            out.append("Cost: %s." % (c[0].lower() + c[1:] if c[1:2].islower() else c))
    langs = [l for l in s["languages"] if l != "English"]
    if langs:
        out.append(
            "Help is available in %s."
            % (langs[0] if len(langs) == 1 else ", ".join(langs[:-1]) + " and " + langs[-1])
        )
    acc = set(s["accessibility"])
    if locs and {"wheelchair_access", "accessible_toilet"} <= acc:
        out.append(
            "The venue is wheelchair accessible with an accessible toilet%s."
            % (" and a hearing loop" if "hearing_loop" in acc else "")
        )
    return out


def augment():
    for org in ORGS:
        if n_sentences(org["description"]) < 2:
            org["description"] += " " + rng.choice(KIND_LINES[org["kind"]])
        for s in org["services"]:
            extra = extra_sentences(org, s)
            while n_sentences(s["description"]) < 3 and extra:
                s["description"] += " " + extra.pop(0)


if __name__ == "__main__":
    finish()
    augment()
    with open(os.path.join(HERE, "organisations.json"), "w", encoding="utf-8") as f:
        json.dump(ORGS, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("organisations:", len(ORGS), "services:", sum(len(o["services"]) for o in ORGS))
