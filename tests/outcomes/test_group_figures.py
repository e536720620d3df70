"""Every figure of the report by group, pinned on a year worked out by hand.

The period is the first half of 2026. Wheels score a few themes each (F friends and family,
M money, H health); W clients are White British in deprivation decile 1, I clients Indian in
decile 9, N clients answered no equality questions. X clients were added outside the period.
The same year pins the other reports that read each client's change (per service, and
outcome measures by theme), since they share the reading.

    client  wheels by the end of June (first -> latest)        wheel   ONS4 life, worth, happy, anx
    W1      F2 M1 H4 -> F4 M2 H4                                 +1     +2 +1 0 -2
    W2      F0 M0 -> F3 M1, the same day (entry order decides)   +2     -
    W3      F1 M1 H1 only                                        -      one ONS4 only
    W4      F1 M2 H3 -> F2 M2 H3 -> F3 M4 (August's left out)    +2     +2 +1 0 -2 (middle has none)
    W5      F2 M2 H2 -> F3 M2 H2                                 +1/3   -
    W6      none (added in the period's last hour)               -      -
    W7      F5 M5 H5 -> F4 M4 H5                                 -2/3   -
    I1..I5  see _INDIAN                                          +1 +0.5 +5 -1.5 +0.5
    N1      F1 -> F2                                             +1     -
    N2      none
    X1      added 31 Dec 2025: F0 M0 (Dec) -> F2 M4 (Feb)        +3     -
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from statistics import fmean

import pytest

from accounts.models import Role, User
from admin.reports.filters import ReportFilter
from admin.reports.outcomes import group_breakdown, measure_change_by_theme, service_outcomes
from core.extensions import db
from core.suppression import SUPPRESSED
from directory.gazetteer import Postcode
from directory.models import Service
from directory.themes import Theme
from referrals.equality_models import EqualityMonitoring
from referrals.measure_models import MeasureResult
from referrals.models import (
    Action,
    ActionKind,
    AgeBand,
    Assessment,
    AssessmentStage,
    Client,
    Referral,
    WheelScore,
)
from referrals.states import ReferralState

F, M, H = Theme.FRIENDS_AND_FAMILY, Theme.MONEY, Theme.HEALTH
PERIOD = {"from": "2026-01-01", "to": "2026-06-30"}
PERIOD_FILTER = ReportFilter(date(2026, 1, 1), date(2026, 6, 30))
DONE, SENT = ReferralState.COMPLETED, ReferralState.SENT
BRITISH = "White: English, Welsh, Scottish, Northern Irish or British"
INDIAN = "Asian, Asian British or Asian Welsh: Indian"

# Indian clients: (wheels as (day, scores, ONS4 or None)), SWEMWBS (day, score), referrals.
_INDIAN = [
    (
        [("2026-02-02", {F: 1, M: 3}, (5, 5, 5, 5)), ("2026-05-02", {F: 3, M: 3}, (6, 5, 7, 4))],
        [("2026-02-02", 15.32), ("2026-05-02", 17.43)],
        [("walking", "2026-02-10", DONE)],
    ),
    (
        [("2026-02-03", {F: 2, M: 3}, (2, 3, 4, 9)), ("2026-06-30", {F: 2, M: 4}, (4, 3, 4, 6))],
        [("2026-02-03", 12.0), ("2026-06-30", 12.0)],
        [("walking", "2026-02-11", DONE)],
    ),
    (
        [
            ("2026-03-03", {F: 0, M: 0}, (0, 0, 0, 10)),
            ("2026-04-03", {F: 5, M: 5}, (10,) * 3 + (0,)),
        ],
        [("2026-03-03", 7.0), ("2026-04-03", 35.0)],
        [("walking", "2026-03-10", DONE)],
    ),
    (
        [("2026-03-04", {F: 4, M: 4}, (8, 8, 8, 2)), ("2026-06-01", {F: 3, M: 2}, (7, 8, 6, 3))],
        [("2026-03-04", 20.0), ("2026-06-01", 18.59)],
        [("money", "2026-03-11", DONE)],
    ),
    (
        [
            ("2026-04-05", {F: 1, M: 1}, (5, 5, 5, 5)),
            ("2026-05-05", {F: 1, M: 1}, None),
            ("2026-06-05", {F: 2, M: 1}, (5, 6, 5, 5)),
        ],
        [("2026-04-05", 10.0), ("2026-05-05", 11.0), ("2026-06-05", 13.0)],
        [("walking", "2026-04-10", DONE), ("money", "2026-04-11", SENT)],
    ),
]


@dataclass
class Year:
    lead: User


def _at(day: str, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)


def _wheel(client: Client, day: str, scores: dict[Theme, int], ons4=None) -> None:
    life, worth, happy, anxious = ons4 or (None,) * 4
    assessment = Assessment(
        client=client,
        stage=AssessmentStage.START,
        taken_on=date.fromisoformat(day),
        ons4_life_satisfaction=life,
        ons4_worthwhile=worth,
        ons4_happiness=happy,
        ons4_anxiety=anxious,
    )
    for theme, score in scores.items():
        assessment.scores.append(WheelScore(theme=theme, score=score))
    db.session.add(assessment)
    db.session.flush()  # entry order: a later wheel the same day has the higher id


def _swemwbs(client: Client, day: str, score: float) -> None:
    db.session.add(
        MeasureResult(
            client=client,
            measure_key="swemwbs",
            stage=AssessmentStage.START,
            taken_on=date.fromisoformat(day),
            answers={},
            raw_score=round(score),
            score=score,
        )
    )
    db.session.flush()


def _referral(client: Client, service: Service, sent_at: datetime, state: ReferralState) -> None:
    action = Action(
        client=client,
        kind=ActionKind.REFERRAL,
        theme=F,
        description=f"Referral to {service.name}",
        service=service,
    )
    db.session.add(
        Referral(
            action=action,
            client=client,
            service=service,
            organisation_id=service.organisation_id,
            referral_reason="Would like company.",
            consent_to_share_on=date(2026, 1, 1),
            state=state,
            sent_at=sent_at,
        )
    )


@pytest.fixture
def year(make_service, make_user) -> Year:
    services = {
        "walking": make_service(name="Walking group"),
        "money": make_service(name="Money advice", themes=["money"]),
    }
    coordinator = make_user(roles=[Role.COORDINATOR])
    db.session.add_all(
        [
            Postcode(postcode="BL1 1AA", outward="BL1", latitude=53.58, longitude=-2.43,
                     imd_decile=1),
            Postcode(postcode="BL7 9ZZ", outward="BL7", latitude=53.62, longitude=-2.41,
                     imd_decile=9),
        ]
    )  # fmt: skip

    def person(name: str, added: datetime, ethnic_group: str | None, band: AgeBand | None):
        postcode = {"white_british": "BL1 1AA", "asian_indian": "BL7 9ZZ"}.get(ethnic_group or "")
        client = Client(
            first_name=name,
            last_name="Tester",
            consent_given_on=date(2025, 12, 1),
            owner=coordinator,
            postcode=postcode,
            age_band=band,
            created_at=added,
        )
        db.session.add(client)
        db.session.flush()
        if ethnic_group:
            db.session.add(EqualityMonitoring(client_id=client.id, ethnic_group=ethnic_group))
        return client

    def sent(client: Client, service: str, when: datetime, state: ReferralState) -> None:
        _referral(client, services[service], when, state)

    young, middle, old = AgeBand.AGE_25_49, AgeBand.AGE_50_64, AgeBand.AGE_65_74
    w1 = person("W1", _at("2026-01-05"), "white_british", young)
    _wheel(w1, "2026-01-10", {F: 2, M: 1, H: 4}, (5, 5, 5, 5))
    _wheel(w1, "2026-03-01", {F: 4, M: 2, H: 4}, (7, 6, 5, 3))
    _swemwbs(w1, "2026-01-10", 15.32)
    _swemwbs(w1, "2026-03-01", 19.25)
    sent(w1, "walking", _at("2026-02-01"), DONE)
    sent(w1, "money", _at("2026-03-01"), SENT)
    sent(w1, "money", _at("2026-03-15"), ReferralState.ACCEPTED)

    w2 = person("W2", _at("2026-01-20"), "white_british", young)
    _wheel(w2, "2026-02-01", {F: 0, M: 0})
    _wheel(w2, "2026-02-01", {F: 3, M: 1})
    _swemwbs(w2, "2026-02-01", 12.0)
    sent(w2, "walking", _at("2025-12-20"), DONE)  # before the period
    sent(w2, "walking", _at("2026-05-05"), DONE)

    w3 = person("W3", _at("2026-02-10"), "white_british", middle)
    _wheel(w3, "2026-02-15", {F: 1, M: 1, H: 1}, (3, 3, 3, 8))
    sent(w3, "walking", _at("2026-02-20"), ReferralState.DECLINED)

    w4 = person("W4", _at("2026-01-02"), "white_british", middle)
    _wheel(w4, "2026-01-05", {F: 1, M: 2, H: 3}, (4, 4, 4, 4))
    _wheel(w4, "2026-02-05", {F: 2, M: 2, H: 3})
    _wheel(w4, "2026-04-05", {F: 3, M: 4}, (6, 5, 4, 2))
    _wheel(w4, "2026-08-01", {F: 5, M: 5, H: 5}, (10, 10, 10, 0))  # after the period
    _swemwbs(w4, "2026-01-05", 14.08)
    _swemwbs(w4, "2026-04-05", 16.36)
    _swemwbs(w4, "2026-08-01", 28.13)  # after the period
    sent(w4, "walking", _at("2026-04-10"), DONE)
    sent(w4, "money", _at("2026-04-11"), DONE)

    w5 = person("W5", _at("2026-03-01"), "white_british", middle)
    _wheel(w5, "2026-03-01", {F: 2, M: 2, H: 2})
    _wheel(w5, "2026-05-01", {F: 3, M: 2, H: 2})
    sent(w5, "money", _at("2026-07-05"), SENT)  # after the period

    person("W6", _at("2026-06-30", 23), "white_british", middle)

    w7 = person("W7", _at("2026-04-01"), "white_british", middle)
    _wheel(w7, "2026-04-02", {F: 5, M: 5, H: 5})
    _wheel(w7, "2026-06-29", {F: 4, M: 4, H: 5})
    sent(w7, "walking", _at("2026-06-30", 23, 59), DONE)

    for number, (wheels, results, referrals) in enumerate(_INDIAN, start=1):
        client = person(f"I{number}", _at(f"2026-02-0{number}"), "asian_indian", old)
        for day, scores, ons4 in wheels:
            _wheel(client, day, scores, ons4)
        for day, score in results:
            _swemwbs(client, day, score)
        for service, day, state in referrals:
            sent(client, service, _at(day), state)

    n1 = person("N1", _at("2026-03-10"), None, None)
    _wheel(n1, "2026-03-11", {F: 1})
    _wheel(n1, "2026-03-20", {F: 2})
    sent(n1, "walking", _at("2026-03-12"), DONE)
    person("N2", _at("2026-05-10"), None, None)

    x1 = person("X1", _at("2025-12-31", 23, 59), "white_british", young)
    _wheel(x1, "2025-12-01", {F: 0, M: 0})
    _wheel(x1, "2026-02-01", {F: 2, M: 4})
    sent(x1, "walking", _at("2026-01-15"), DONE)
    x2 = person("X2", _at("2026-07-01", 0), "asian_indian", old)
    _wheel(x2, "2026-07-02", {F: 0, M: 0})
    sent(x2, "walking", _at("2026-07-02"), DONE)
    db.session.flush()
    return Year(lead=make_user(roles=[Role.CAPACITY_LEAD]))


def _csv(client, path: str, **query: str) -> list[dict[str, str]]:
    response = client.get(path, query_string={**PERIOD, **query})
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def _by_group(client, by: str) -> dict[str, dict[str, str]]:
    rows = _csv(client, "/admin/reports/groups/outcomes-by-group.csv", by=by)
    return {row.pop(next(iter(row))): row for row in rows}


BLANK_CHANGES = {
    "With a later wheel": "0",
    "Wheel change (points)": "",
    "With ONS4 twice": "0",
    "Life satisfaction change": "",
    "Worthwhile change": "",
    "Happiness change": "",
    "Anxiety (a fall is better) change": "",
    "With SWEMWBS twice": "0",
    "SWEMWBS change": "",
}
EMPTY = {"Clients": "0", "Referrals sent": "0", "Referrals completed": "0", **BLANK_CHANGES}


def test_the_csv_by_ethnic_group_shows_every_figure(app_ctx, client, login, year):
    db.session.commit()
    login(client, year.lead)
    rows = _by_group(client, "ethnic_group")
    assert rows.pop(BRITISH) == {
        "Clients": "7",
        "Referrals sent": "8",  # W1 3, W2 1 (one before the period), W3 1, W4 2, W7 1
        "Referrals completed": "5",
        "With a later wheel": "5",
        "Wheel change (points)": "0.933",  # (1 + 2 + 2 + 1/3 - 2/3) / 5
        "With ONS4 twice": SUPPRESSED,
        "Life satisfaction change": SUPPRESSED,
        "Worthwhile change": SUPPRESSED,
        "Happiness change": SUPPRESSED,
        "Anxiety (a fall is better) change": SUPPRESSED,
        "With SWEMWBS twice": SUPPRESSED,
        "SWEMWBS change": SUPPRESSED,
    }
    assert rows.pop(INDIAN) == {
        "Clients": "5",
        "Referrals sent": "6",
        "Referrals completed": "5",
        "With a later wheel": "5",
        "Wheel change (points)": "1.100",  # (1 + 0.5 + 5 - 1.5 + 0.5) / 5
        "With ONS4 twice": "5",
        "Life satisfaction change": "2.400",  # (1 + 2 + 10 - 1 + 0) / 5
        "Worthwhile change": "2.200",
        "Happiness change": "2.000",
        "Anxiety (a fall is better) change": "-2.600",
        "With SWEMWBS twice": "5",
        "SWEMWBS change": "6.340",  # (2.11 + 0 + 28 - 1.41 + 3) / 5
    }
    assert rows.pop("Not recorded") == {
        "Clients": SUPPRESSED,
        "Referrals sent": SUPPRESSED,
        "Referrals completed": SUPPRESSED,
        **BLANK_CHANGES,
        "With a later wheel": SUPPRESSED,
        "Wheel change (points)": SUPPRESSED,
    }
    assert rows and all(row == EMPTY for row in rows.values()), rows


def test_the_csv_by_age_deprivation_and_source_counts_each_client_once(
    app_ctx, client, login, year
):
    db.session.commit()
    login(client, year.lead)
    ages = _by_group(client, "age_band")
    # 25 to 49: W1, W2. 50 to 64: W3 to W7 (W4, W5 and W7 with a later wheel).
    assert [ages["25 to 49"][k] for k in ("Clients", "Referrals sent", "With a later wheel")] == [
        SUPPRESSED,
        SUPPRESSED,
        SUPPRESSED,
    ]
    middle = ages["50 to 64"]
    assert [middle["Clients"], middle["Referrals sent"], middle["Referrals completed"]] == [
        "5",
        SUPPRESSED,
        SUPPRESSED,
    ]
    assert (
        ages["65 to 74"]["Clients"] == "5" and ages["65 to 74"]["Wheel change (points)"] == "1.100"
    )
    assert ages["Not recorded"]["Clients"] == SUPPRESSED
    assert ages["Under 18"] == EMPTY
    deciles = _by_group(client, "deprivation")
    assert deciles["Decile 1 (most deprived)"]["Wheel change (points)"] == "0.933"
    assert deciles["Decile 9"]["SWEMWBS change"] == "6.340"
    assert deciles["Not recorded"]["Clients"] == SUPPRESSED
    sources = _by_group(client, "source")
    assert sources["Added by a co-ordinator"]["Clients"] == "14"
    assert sources["Added by a co-ordinator"]["Wheel change (points)"] == "1.015"  # 11 1/6 / 11


def test_the_breakdown_figures_before_suppression(app_ctx, year):
    report = replace(PERIOD_FILTER, breakdown="ethnic_group")
    rows = {row.code: row for row in group_breakdown(report).rows}
    british, indian, unknown = (
        rows.pop("white_british"),
        rows.pop("asian_indian"),
        rows.pop("not_recorded"),
    )
    assert (british.clients, british.referrals, british.completed) == (7, 8, 5)
    assert british.summary.people == 7
    assert british.summary.wheel.people == 5
    assert british.summary.wheel.change == fmean([1.0, 2.0, 2.0, 1 / 3, -2 / 3])
    assert {k: (a.people, a.change) for k, a in british.summary.ons4.items()} == {
        "ons4_life_satisfaction": (2, 2.0),
        "ons4_worthwhile": (2, 1.0),
        "ons4_happiness": (2, 0.0),
        "ons4_anxiety": (2, -2.0),
    }
    swemwbs = british.summary.measures["swemwbs"]
    assert swemwbs.people == 2
    assert swemwbs.change == fmean([19.25 - 15.32, 16.36 - 14.08])
    assert (indian.clients, indian.referrals, indian.completed) == (5, 6, 5)
    assert indian.summary.wheel.people == 5 and indian.summary.wheel.change == 1.1
    assert {k: (a.people, a.change) for k, a in indian.summary.ons4.items()} == {
        "ons4_life_satisfaction": (5, 2.4),
        "ons4_worthwhile": (5, 2.2),
        "ons4_happiness": (5, 2.0),
        "ons4_anxiety": (5, -2.6),
    }
    assert indian.summary.measures["swemwbs"].change == fmean(
        [17.43 - 15.32, 12.0 - 12.0, 35.0 - 7.0, 18.59 - 20.0, 13.0 - 10.0]
    )
    assert (unknown.clients, unknown.referrals, unknown.completed) == (2, 1, 1)
    assert (unknown.summary.wheel.people, unknown.summary.wheel.change) == (1, 1.0)
    assert all(a.people == 0 and a.change is None for a in unknown.summary.ons4.values())
    assert all(row.clients == 0 and row.summary.people == 0 for row in rows.values())


def test_the_reports_sharing_the_change_keep_their_figures(app_ctx, client, login, year):
    db.session.commit()
    login(client, year.lead)
    services = {
        row.pop("Service"): row
        for row in _csv(client, "/admin/reports/services/outcomes-by-service.csv")
    }
    # Completed walking referrals sent in the period: W1, W2, W4, W7, I1, I2, I3, I5, N1, X1.
    walking = services["Walking group"]
    assert walking["Referrals completed"] == "10" and walking["People"] == "10"
    assert walking["With a later wheel"] == "10"
    assert walking["Wheel change (points)"] == "1.533"  # 15 1/3 / 10
    assert walking["With ONS4 twice"] == "6"  # W1, W4, I1, I2, I3, I5
    assert walking["Life satisfaction change"] == "2.833"  # 17 / 6
    assert walking["Anxiety (a fall is better) change"] == "-3.000"  # (-2-2-1-3-10+0) / 6
    assert walking["With SWEMWBS twice"] == "6"
    assert walking["SWEMWBS change"] == "6.553"  # (3.93 + 2.28 + 2.11 + 0 + 28 + 3) / 6
    assert services["Money advice"]["Referrals completed"] == SUPPRESSED  # W4, I4
    themes = {
        row.pop("Theme first scored 0 to 2"): row
        for row in _csv(client, "/admin/reports/wheel/measures-by-theme.csv")
    }
    # First wheel in the period (not X1): F low for all but W7 and I4; M low for W1-W5, I3, I5.
    assert themes["Friends and family"] == {
        "Clients": "10",
        "With SWEMWBS twice": "6",
        "SWEMWBS change": "6.553",
    }
    assert themes["Money"] == {
        "Clients": "7",
        "With SWEMWBS twice": SUPPRESSED,
        "SWEMWBS change": SUPPRESSED,
    }
    assert themes["Health"] == {
        "Clients": SUPPRESSED,
        "With SWEMWBS twice": "0",
        "SWEMWBS change": "",
    }
    assert themes["Medication"]["Clients"] == "0"
    by_theme = measure_change_by_theme(PERIOD_FILTER)
    assert by_theme[Theme.MONEY].people == 7
    assert by_theme[Theme.MONEY].measures["swemwbs"].change == fmean(
        [19.25 - 15.32, 16.36 - 14.08, 35.0 - 7.0, 13.0 - 10.0]
    )
    walking_raw = next(s for s in service_outcomes(PERIOD_FILTER) if s.name == "Walking group")
    assert walking_raw.summary.wheel.change == fmean(
        [1.0, 2.0, 2.0, -2 / 3, 1.0, 0.5, 5.0, 0.5, 1.0, 3.0]
    )
