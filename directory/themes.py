"""The 12 quality-of-life wheel themes, the shared vocabulary of every Signpost feature."""

from __future__ import annotations

import enum


class Theme(enum.StrEnum):
    HEALTH = "health"
    CARER_SUPPORT = "carer_support"
    EMOTIONAL_WELLBEING = "emotional_wellbeing"
    GETTING_OUT = "getting_out"
    PERSONAL_CARE = "personal_care"
    HOUSE_AND_HOME = "house_and_home"
    MEDICATION = "medication"
    MONEY = "money"
    FRIENDS_AND_FAMILY = "friends_and_family"
    COMMUNICATION = "communication"
    VOLUNTEERING_AND_WORK = "volunteering_and_work"
    HOBBIES = "hobbies"

    @property
    def label(self) -> str:
        return THEME_LABELS[self][0]

    @property
    def hint(self) -> str:
        return THEME_LABELS[self][1]


THEME_LABELS: dict[Theme, tuple[str, str]] = {
    Theme.HEALTH: ("Health", "Staying well, long-term conditions, exercise and falls"),
    Theme.CARER_SUPPORT: ("Carer support", "Help for people looking after someone"),
    Theme.EMOTIONAL_WELLBEING: ("Emotional wellbeing", "Mood, anxiety, bereavement, loneliness"),
    Theme.GETTING_OUT: ("Getting out and about", "Transport, mobility and leaving the house"),
    Theme.PERSONAL_CARE: ("Personal care", "Washing, dressing, eating and daily living"),
    Theme.HOUSE_AND_HOME: ("House and home", "Housing, repairs, adaptations, warmth and safety"),
    Theme.MEDICATION: ("Medication", "Managing medicines and prescriptions"),
    Theme.MONEY: ("Money", "Benefits, debt, bills and food"),
    Theme.FRIENDS_AND_FAMILY: ("Friends and family", "Company, relationships and befriending"),
    Theme.COMMUNICATION: ("Communication", "Hearing, sight, language and getting online"),
    Theme.VOLUNTEERING_AND_WORK: ("Volunteering and work", "Jobs, skills and volunteering"),
    Theme.HOBBIES: ("Hobbies", "Interests, groups, learning and having fun"),
}
