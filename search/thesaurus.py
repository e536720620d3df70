"""Care-language synonyms, applied at query time so what a person says finds what a service says.

Each group holds words and short phrases that a co-ordinator, a resident or a provider uses for
the same need. A query word found in a group also searches the group's other entries (at a lower
weight than the word itself). Entries are matched on their stems, so "bereaved" and "bereavement"
meet, and a phrase matches when all its words appear in the query in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from whoosh.lang.porter import stem

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # Loneliness and company
    (
        "lonely",
        "loneliness",
        "isolated",
        "isolation",
        "befriending",
        "befriender",
        "company",
        "companionship",
        "social group",
        "friendship",
        "on my own",
        "alone",
        "by myself",
        "no one to talk to",
        "nobody to talk to",
        "stuck indoors",
        "never see anyone",
        "social isolation",
    ),
    ("friend", "friends", "befriending", "buddy", "companion", "visitor"),
    ("chat", "talk", "conversation", "natter", "phone call", "telephone befriending"),
    ("coffee morning", "drop in", "cuppa", "tea", "coffee", "cafe"),
    ("lunch club", "luncheon club", "meal", "dinner", "lunch", "eat together", "community meal"),
    ("pray", "prayer", "worship", "faith", "church", "mosque", "gurdwara", "temple", "spiritual"),
    # Bereavement and emotional wellbeing
    (
        "bereavement",
        "bereaved",
        "grief",
        "grieving",
        "died",
        "death",
        "loss",
        "widow",
        "widower",
        "passed away",
        "lost my",
        "passed on",
        "funeral",
        "mourning",
        "lost someone",
        "lost a loved one",
    ),
    ("wife", "husband", "partner", "spouse"),
    ("depression", "depressed", "low mood", "sad", "down", "unhappy", "mental health"),
    ("anxiety", "anxious", "worried", "worry", "panic", "stress", "nerves"),
    ("counselling", "counsellor", "therapy", "talking therapy", "emotional support", "listening"),
    ("suicide", "suicidal", "crisis", "self harm", "helpline", "samaritans"),
    ("mental health", "wellbeing", "emotional wellbeing", "mind"),
    # Money and practical help
    (
        "money",
        "debt",
        "benefits",
        "bills",
        "finance",
        "financial",
        "income",
        "budgeting",
        "arrears",
        "skint",
        "broke",
        "cost of living",
        "money worries",
        "hard up",
        "struggling to pay",
        "cant pay",
        "cannot pay",
        "behind on",
        "pay the bills",
        "short of money",
        "make ends meet",
    ),
    (
        "benefits",
        "universal credit",
        "pension credit",
        "attendance allowance",
        "pip",
        "welfare rights",
        "entitlement",
    ),
    ("debt", "arrears", "owe", "loan", "bailiff", "creditor"),
    ("food", "food bank", "foodbank", "food parcel", "hungry", "pantry", "groceries", "meals"),
    (
        "energy",
        "fuel",
        "heating",
        "gas",
        "electricity",
        "warm",
        "cold home",
        "fuel poverty",
        "warm space",
        "warm bank",
    ),
    ("advice", "advise", "adviser", "information", "guidance", "help"),
    ("legal", "law", "solicitor", "rights", "tribunal", "appeal"),
    ("form", "forms", "paperwork", "letters", "filling in"),
    # Falls, mobility and getting out
    (
        "falls",
        "fall",
        "falling",
        "balance",
        "unsteady",
        "wobbly",
        "strength and balance",
        "fell over",
        "trip",
    ),
    (
        "stairs",
        "steps",
        "stair lift",
        "stairlift",
        "banister",
        "rail",
        "grab rail",
        "adaptation",
        "adaptations",
    ),
    (
        "mobility",
        "walking",
        "walk",
        "wheelchair",
        "walking frame",
        "scooter",
        "getting around",
        "housebound",
        "cant walk far",
        "bad legs",
        "walking stick",
        "zimmer frame",
        "mobility aids",
        "out and about",
        "stuck at home",
    ),
    (
        "transport",
        "lift",
        "lifts",
        "dial a ride",
        "ring and ride",
        "community transport",
        "bus",
        "driver",
        "travel",
    ),
    (
        "exercise",
        "fitness",
        "active",
        "physical activity",
        "gentle exercise",
        "chair exercise",
        "keep fit",
        "movement",
    ),
    ("walk", "walking group", "health walk", "ramble", "stroll"),
    ("swim", "swimming", "pool", "aqua"),
    ("dance", "dancing", "tea dance", "zumba"),
    ("garden", "gardening", "allotment", "growing", "green space", "nature"),
    # Carers
    (
        "carer",
        "carers",
        "caring",
        "looking after",
        "care for",
        "caregiver",
        "unpaid carer",
        "caring for",
        "carers allowance",
        "caring role",
    ),
    ("respite", "break", "short break", "sitting service", "day centre", "day care"),
    ("young carer", "young carers", "child carer"),
    # Memory and long-term conditions
    (
        "memory",
        "dementia",
        "alzheimer",
        "alzheimers",
        "forgetful",
        "forgetting",
        "confused",
        "confusion",
        "memory loss",
        "memory cafe",
        "memory problems",
        "losing my memory",
        "keeps forgetting",
        "muddled",
        "mixed up",
    ),
    ("stroke", "aphasia", "after a stroke"),
    ("parkinson", "parkinsons"),
    ("diabetes", "diabetic", "blood sugar"),
    ("heart", "cardiac", "blood pressure", "cardiac rehab"),
    ("breathing", "lungs", "copd", "asthma", "breathless", "breathe easy"),
    ("cancer", "macmillan", "chemotherapy", "oncology"),
    ("pain", "chronic pain", "arthritis", "joints", "back pain"),
    ("weight", "healthy eating", "diet", "nutrition", "slimming"),
    ("smoking", "stop smoking", "quit", "vaping", "cigarettes"),
    ("alcohol", "drinking", "drink", "addiction", "drugs", "substance", "recovery"),
    (
        "learning disability",
        "learning disabilities",
        "autism",
        "autistic",
        "adhd",
        "neurodivergent",
    ),
    ("disability", "disabled", "impairment", "long term condition"),
    # Medication and health services
    (
        "medication",
        "medicine",
        "medicines",
        "tablets",
        "pills",
        "prescription",
        "pharmacy",
        "chemist",
        "dosette",
        "blister pack",
    ),
    ("gp", "doctor", "surgery", "practice", "nurse", "health check"),
    ("hospital", "discharge", "coming home from hospital", "home from hospital", "reablement"),
    # Personal care and home
    (
        "personal care",
        "washing",
        "bathing",
        "dressing",
        "shower",
        "getting dressed",
        "daily living",
        "toilet",
    ),
    ("cleaning", "housework", "shopping", "errands", "chores", "laundry", "home help"),
    (
        "housing",
        "home",
        "tenancy",
        "landlord",
        "rent",
        "homeless",
        "homelessness",
        "eviction",
        "accommodation",
    ),
    ("repairs", "handyperson", "handyman", "odd jobs", "diy", "maintenance", "fix"),
    (
        "safety",
        "safe",
        "scam",
        "scams",
        "fraud",
        "doorstep",
        "security",
        "alarm",
        "careline",
        "pendant",
    ),
    ("domestic abuse", "domestic violence", "abuse", "refuge", "controlling", "violence"),
    ("hoarding", "clutter", "self neglect"),
    # Communication and senses
    ("hearing", "deaf", "hard of hearing", "hearing aid", "hearing loss", "bsl", "sign language"),
    ("sight", "blind", "sight loss", "visual impairment", "partially sighted", "eyes", "vision"),
    (
        "digital",
        "computer",
        "online",
        "internet",
        "tablet",
        "smartphone",
        "ipad",
        "email",
        "technology",
        "digital skills",
        "get online",
    ),
    ("english", "esol", "language", "interpreter", "translation", "conversation class"),
    ("reading", "writing", "literacy", "numeracy", "maths"),
    # Work, volunteering and learning
    ("volunteer", "volunteering", "volunteers", "give back", "helping others"),
    ("job", "jobs", "work", "employment", "career", "cv", "interview", "unemployed"),
    (
        "learning",
        "course",
        "courses",
        "class",
        "classes",
        "lesson",
        "lessons",
        "training",
        "skills",
        "education",
    ),
    # Hobbies and groups
    ("craft", "crafts", "knitting", "sewing", "crochet", "art", "painting", "creative"),
    ("music", "singing", "choir", "sing", "band", "songs"),
    ("men", "mens shed", "shed", "woodwork", "gentlemen", "male", "blokes"),
    ("women", "ladies", "womens group"),
    (
        "older people",
        "elderly",
        "pensioner",
        "pensioners",
        "over 50s",
        "over 60s",
        "senior",
        "retired",
        "later life",
        "age uk",
    ),
    ("young people", "youth", "teenagers", "teens", "young adults"),
    ("family", "families", "parents", "parenting", "children", "kids", "grandchildren"),
    ("veteran", "veterans", "armed forces", "ex forces", "military", "ex service"),
    ("refugee", "asylum", "asylum seeker", "migrant", "new to the area"),
    ("lgbt", "lgbtq", "gay", "lesbian", "transgender", "trans", "bisexual"),
    ("games", "bingo", "cards", "dominoes", "quiz", "board games"),
    ("book", "books", "library", "reading group", "book club"),
)

# Forms of one word that a stemmer does not join (irregular plurals, British and American
# spellings): a query word also searches its other forms at full weight, since the person said it.
WORD_FORMS: tuple[tuple[str, ...], ...] = (
    ("man", "men"),
    ("woman", "women"),
    ("gentleman", "gentlemen"),
    ("person", "people"),
    ("child", "children"),
    ("wife", "wives"),
    ("life", "lives"),
    ("foot", "feet"),
    ("lose", "losing", "lost", "loss"),
    ("tooth", "teeth"),
    ("mum", "mom", "mummy", "mother"),
    ("dad", "daddy", "father"),
    ("nan", "nana", "nanna", "gran", "granny", "grandma", "grandmother"),
    ("grandad", "grandpa", "grandfather"),
    ("elderly", "elder", "elders"),
    ("centre", "center"),
    ("neighbour", "neighbor", "neighbours", "neighbors"),
    ("counselling", "counseling", "counsellor", "counselor"),
    ("programme", "program"),
    ("organise", "organize", "organisation", "organization"),
    ("ageing", "aging"),
    ("behaviour", "behavior"),
    ("travelling", "traveling"),
    ("colour", "color"),
    ("anaemia", "anemia"),
    ("paediatric", "pediatric"),
    ("haemophilia", "hemophilia"),
)

# Words that carry no need of their own in what people say ("since my wife died").
STOPWORDS = frozenset(
    """a an and are as at be been but by can cant can't could do does for from get go going got
    had has have he her him his how i i'm im in into is it its just like me my myself need needs
    no not of on or our she since so some someone something that the their them there they this
    to too up us very want wants was we were what when where which who will with would you your
    any anything help please really still use using find somewhere others other who""".split()
)

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Split text into lower-case words the way queries and synonyms are compared."""
    return _WORD.findall(text.lower().replace("’", "'"))


def stem_all(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(stem(word.replace("'", "")) for word in items)


@dataclass(frozen=True)
class Expansion:
    """One need found in a query: the words typed, and what else to search for them."""

    typed: tuple[str, ...]
    synonyms: tuple[tuple[str, ...], ...]
    forms: tuple[str, ...] = ()  # the typed word's other forms (men for man), as strong as it


@cache
def _entries() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Map each entry's stems to the other entries (as word tuples) of every group holding it."""
    table: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for group in SYNONYM_GROUPS:
        members = [tuple(words(entry)) for entry in group]
        for member in members:
            others = table.setdefault(stem_all(member), [])
            others.extend(m for m in members if m != member and m not in others)
    return {key: tuple(value) for key, value in table.items()}


@cache
def _longest_entry() -> int:
    return max(len(key) for key in _entries())


@cache
def _forms() -> dict[str, tuple[str, ...]]:
    """Map each word form's stem to the word's other forms."""
    table: dict[str, tuple[str, ...]] = {}
    for group in WORD_FORMS:
        for form in group:
            table[stem_all((form,))[0]] = tuple(other for other in group if other != form)
    return table


def forms_of(word: str) -> tuple[str, ...]:
    """The other forms of a word (women for woman, center for centre); () when it has none."""
    return _forms().get(stem_all((word,))[0], ())


@cache
def vocabulary() -> frozenset[str]:
    """Every word the thesaurus knows, for repairing a misspelt query word."""
    known = {word for group in SYNONYM_GROUPS for entry in group for word in words(entry)}
    known.update(form for group in WORD_FORMS for form in group)
    return frozenset(word for word in known if word not in STOPWORDS and word.isalpha())


def expand(text: str) -> list[Expansion]:
    """Find the needs in a query, longest phrase first, dropping filler words."""
    tokens = words(text)
    stems = stem_all(tokens)
    entries = _entries()
    found: list[Expansion] = []
    i = 0
    while i < len(tokens):
        for size in range(min(_longest_entry(), len(tokens) - i), 0, -1):
            key = stems[i : i + size]
            if size > 1 and key in entries:
                found.append(Expansion(tuple(tokens[i : i + size]), entries[key]))
                i += size
                break
        else:
            word = tokens[i]
            if word not in STOPWORDS and len(word) > 1:
                forms = forms_of(word)
                synonyms = entries.get(stems[i : i + 1], ())
                for form in forms:  # "man" finds the "men" group
                    if synonyms:
                        break
                    synonyms = entries.get(stem_all((form,)), ())
                found.append(Expansion((word,), synonyms, forms))
            i += 1
    return found
