"""The 12 quality-of-life wheel themes, the shared vocabulary of every Signpost feature."""

from __future__ import annotations

from core.enums import LabelledEnum


class Theme(LabelledEnum):
    """A theme of the wellbeing wheel: its value, its label and a hint of what it covers."""

    HEALTH = (
        "health",
        "Health",
        "Staying well, long-term conditions, exercise and falls",
    )
    CARER_SUPPORT = (
        "carer_support",
        "Carer support",
        "Help for people looking after someone",
    )
    EMOTIONAL_WELLBEING = (
        "emotional_wellbeing",
        "Emotional wellbeing",
        "Mood, anxiety, bereavement, loneliness",
    )
    GETTING_OUT = (
        "getting_out",
        "Getting out and about",
        "Transport, mobility and leaving the house",
    )
    PERSONAL_CARE = (
        "personal_care",
        "Personal care",
        "Washing, dressing, eating and daily living",
    )
    HOUSE_AND_HOME = (
        "house_and_home",
        "House and home",
        "Housing, repairs, adaptations, warmth and safety",
    )
    MEDICATION = (
        "medication",
        "Medication",
        "Managing medicines and prescriptions",
    )
    MONEY = (
        "money",
        "Money",
        "Benefits, debt, bills and food",
    )
    FRIENDS_AND_FAMILY = (
        "friends_and_family",
        "Friends and family",
        "Company, relationships and befriending",
    )
    COMMUNICATION = (
        "communication",
        "Communication",
        "Hearing, sight, language and getting online",
    )
    VOLUNTEERING_AND_WORK = (
        "volunteering_and_work",
        "Volunteering and work",
        "Jobs, skills and volunteering",
    )
    HOBBIES = (
        "hobbies",
        "Hobbies",
        "Interests, groups, learning and having fun",
    )
