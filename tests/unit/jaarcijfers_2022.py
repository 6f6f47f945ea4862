"""Synthetic registration-v1 records whose marginal counts equal the printed 2022 tables (research
jaarcijfers-2022.md §3 and §7): 146 fully registered closed cases (51 activeringsfase, 95 conferentiefase) and
15 that were not (9 incomplete, 6 in the wrong format), 161 closed cases in all.

Counts are dealt out deterministically: a multi-select label with count c goes to c consecutive cases
(cycling), so no case gets the same label twice.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from workflow import vocabulary as v

PROVINCES = {
    "Noord-Holland": 70,
    "Zuid-Holland": 18,
    "Gelderland": 15,
    "Groningen": 13,
    "Utrecht": 13,
    "Flevoland": 7,
    "Friesland": 6,
    "Drenthe": 2,
    "Overijssel": 1,
    "Limburg": 1,
}
REFERRERS = {
    "activeringsfase": {"Familielid of sociaal netwerk": 8, "Hoofdpersoon zelf": 6, "Organisatie": 37},
    "conferentiefase": {"Familielid of sociaal netwerk": 9, "Hoofdpersoon zelf": 12, "Organisatie": 74},
}
ORGANISATIONS = dict(zip(v.ORGANISATION_TYPES, (41, 30, 9, 5, 2, 3, 3, 12, 6), strict=True))
PROBLEMS = dict(
    zip(v.BACKGROUND_PROBLEMS, (56, 54, 45, 35, 33, 30, 25, 24, 19, 14, 12, 10, 10, 10, 9, 7, 1, 23), strict=True)
)
TOPICS = dict(zip(v.TOPICS, (50, 46, 38, 37, 30, 25, 23, 23, 21, 16, 15, 15, 13, 5, 20), strict=True))
PROFESSIONAL_HELP = {
    "activeringsfase": dict(zip(v.PROFESSIONAL_HELP, (11, 12, 4, 9, 3, 0, 12), strict=True)),
    "conferentiefase": dict(zip(v.PROFESSIONAL_HELP, (7, 14, 15, 22, 9, 11, 17), strict=True)),
}
REASONS = dict(zip(v.REASONS_NOT_HELD, (13, 13, 12, 5, 5, 0, 11), strict=True))
LOCATIONS = dict(zip(v.MEETING_LOCATIONS, (47, 17, 13, 8, 3, 1, 6), strict=True))
DAYS = {"weekday": 81, "weekend": 14}
DAYPARTS = dict(zip(v.DAYPARTS, (53, 13, 29), strict=True))
TOTAL_HOURS = {2.0: 34, 4.5: 50, 6.0: 8, 9.0: 3}  # 1-3, 3-5, 5-8, 8-10 hours
PRIVATE_HOURS = {0.75: 28, 1.0: 26, 2.5: 26, 3.0: 12, 7.5: 3}  # 0-1, 1-3 (52), 3-5, 5-8 hours
ATTENDEES = dict(zip(v.ATTENDEE_CATEGORIES, (52, 94, 82, 67, 80, 86, 28, 99, 151, 8, 56, 12, 75, 11), strict=True))
RESULTS = dict(zip(v.MEETING_RESULTS, (89, 3, 3), strict=True))
LEAD_DAYS = {4: 1, 20: 33, 40: 45, 70: 8, 100: 8}  # 34 under a month, 45 in 1-2, 8 in 2-3, 8 over 3
MINOR_GENDERS = {"jongen": 84, "meisje": 86, "onbekend": 2}
MINOR_AGES = {None: 3, 2: 48, 8: 77, 15: 44}  # None = unborn
MINOR_ORIGINS = {"Surinaams": 25, "Antilliaans": 17, "Marokkaans": 15, "Turks": 9, "overig": 21}
MINOR_RESIDENCES = dict(zip(v.MINOR_RESIDENCES, (131, 25, 3, 5, 2), strict=True))
ADULT_GENDERS = {"man": 41, "vrouw": 71}
ADULT_AGES = {22: 15, 30: 46, 50: 38, 70: 13}
ADULT_BACKGROUNDS = dict(zip(v.CULTURAL_BACKGROUNDS, (53, 9, 9, 10, 5, 26), strict=True))
ADULT_RESIDENCES = dict(zip(v.ADULT_RESIDENCES, (69, 16, 11, 14), strict=True))
FOLLOW_UP = {
    "coordinator": {"positief": 31, "neutraal": 3, "negatief": 3},
    "regiomanager": {"positief": 54, "neutraal": 6, "negatief": 1},
}


def expand(counts: dict[Any, int]) -> list[Any]:
    """Each key repeated by its count, in order."""
    return [key for key, n in counts.items() for _ in range(n)]


def deal(counts: dict[str, int], size: int) -> list[list[str]]:
    """Multi-select labels over `size` items: label with count c on c consecutive items (cycling)."""
    items: list[list[str]] = [[] for _ in range(size)]
    cursor = 0
    for label, n in counts.items():
        for step in range(n):
            items[(cursor + step) % size].append(label)
        cursor = (cursor + n) % size
    return items


def _meeting_dates(year: int) -> list[dt.date]:
    """81 weekdays (Tuesdays) and 14 weekend days (Saturdays), spread over February–October."""
    first_tuesday = dt.date(year, 2, 1) + dt.timedelta(days=(1 - dt.date(year, 2, 1).weekday()) % 7)
    weekdays = [first_tuesday + dt.timedelta(weeks=i % 36) for i in range(DAYS["weekday"])]
    saturdays = [first_tuesday + dt.timedelta(days=4, weeks=i % 36) for i in range(DAYS["weekend"])]
    return weekdays + saturdays


def records_2022(year: int = 2022, prefix: str = "EK") -> list[dict[str, Any]]:
    """The 161 closed cases of `year`: 146 fully registered (first 51 activeringsfase), then 15 not."""
    phases = ["activeringsfase"] * 51 + ["conferentiefase"] * 95
    provinces = expand(PROVINCES)
    referrers = expand(REFERRERS["activeringsfase"]) + expand(REFERRERS["conferentiefase"])
    organisations = iter(expand(ORGANISATIONS))
    help_ = expand(PROFESSIONAL_HELP["activeringsfase"]) + expand(PROFESSIONAL_HELP["conferentiefase"])
    problems, topics = deal(PROBLEMS, 146), deal(TOPICS, 146)
    reasons = deal(REASONS, 51)
    persons = _main_persons()
    records = []
    for i in range(146):
        closed = dt.date(year, 3, 1) + dt.timedelta(days=(i * 2) % 280)
        record = {
            "ref": f"{prefix}-{year}-{i + 1:04d}",
            "variant": "familie",
            "aanmelddatum": (closed - dt.timedelta(days=90)).isoformat(),
            "afsluitdatum": closed.isoformat(),
            "provincie": provinces[i],
            "gemeente": None,
            "type_aanmelder": referrers[i],
            "type_organisatie": next(organisations) if referrers[i] == "Organisatie" else None,
            "gedwongen_kader": False,
            "eerdere_ekc": i % 10 == 3 and i < 140,
            "hoofdpersonen": persons[i],
            "achtergrondproblemen": problems[i],
            "onderwerpen": topics[i],
            "professionele_hulp": help_[i],
            "fase": phases[i],
            "plan_of_afspraken": False,
            "redenen_niet_doorgaan": reasons[i] if i < 51 else [],
            "bijeenkomsten": [],
            "plan": None,
            "cijfer_samenwerking_aanmelder": None,
            "cijfer_samenwerking_regiomanager": None,
            "follow_up": [],
        }
        if i < 51:
            record["plan_of_afspraken"] = i < 26
        records.append(record)
    _add_meetings(records[51:], year)
    _add_grades_and_follow_up(records)
    records += _not_fully_registered(year, prefix)
    for record in records[:49]:
        record["gedwongen_kader"] = True
    return records


def _main_persons() -> list[list[dict[str, Any]]]:
    """172 minors in 103 cases (one with 6), 112 adults: one in each of the 43 adult-only cases, 69 more."""
    minors_per_case = [6] + [2] * 64 + [1] * 38
    genders, ages = expand(MINOR_GENDERS), expand(MINOR_AGES)
    residences = expand(MINOR_RESIDENCES) + [None] * 6
    non_dutch = deal(MINOR_ORIGINS, 75)
    minors = []
    for j in range(172):
        origins = ["Nederlands"] if j < 97 else non_dutch[j - 97]
        minors.append(
            {
                "soort": "minderjarig",
                "geslacht": genders[j],
                "leeftijd": ages[j],
                "ongeboren": ages[j] is None,
                "herkomst_ouders": origins,
                "verblijfplaats": residences[j],
            }
        )
    adult_genders, adult_ages = expand(ADULT_GENDERS), expand(ADULT_AGES)
    backgrounds, adult_residences = expand(ADULT_BACKGROUNDS), expand(ADULT_RESIDENCES) + [None] * 2
    adults = [
        {
            "soort": "volwassen",
            "geslacht": adult_genders[j],
            "leeftijd": adult_ages[j],
            "culturele_achtergrond": backgrounds[j],
            "verblijfplaats": adult_residences[j],
        }
        for j in range(112)
    ]
    cases: list[list[dict[str, Any]]] = []
    minors_iter, adults_iter = iter(minors), iter(adults)
    # cases 0..102 have minors (the first 69 also an adult), cases 103..145 only an adult
    for i in range(146):
        people = []
        if i < 103:
            people += [next(minors_iter) for _ in range(minors_per_case[i])]
            if i < 69:
                people.append(next(adults_iter))
        else:
            people.append(next(adults_iter))
        cases.append(people)
    # interleave so the minors' cases are spread over both phases
    return [cases[(k * 37) % 146] for k in range(146)]


def _add_meetings(conferences: Sequence[dict[str, Any]], year: int) -> None:
    locations, dayparts, results = expand(LOCATIONS), expand(DAYPARTS), expand(RESULTS)
    totals, privates, leads = expand(TOTAL_HOURS), expand(PRIVATE_HOURS), expand(LEAD_DAYS)
    dates = _meeting_dates(year)
    sizes = [31, 3] + [10] * 30 + [9] * 63
    flat = expand(ATTENDEES)
    start = 0
    plans = 0
    for k, record in enumerate(conferences):
        chunk = flat[start : start + sizes[k]]
        start += sizes[k]
        present = {label: chunk.count(label) for label in v.ATTENDEE_CATEGORIES}
        meeting_day = dates[k]
        record["aanmelddatum"] = (meeting_day - dt.timedelta(days=leads[k])).isoformat()
        record["afsluitdatum"] = (meeting_day + dt.timedelta(days=35)).isoformat()
        record["bijeenkomsten"] = [
            {
                "datum": meeting_day.isoformat(),
                "locatie": locations[k],
                "dagdeel": dayparts[k],
                "duur_totaal_uur": totals[k],
                "duur_besloten_uur": privates[k],
                "vorm": "digitaal" if locations[k] == "Volledig digitaal" else "fysiek",
                "aanwezigen": present,
                "uitgenodigd_niet_aanwezig": 2 if k < 85 else 1,
                "resultaat": results[k],
            }
        ]
        if results[k] != v.MEETING_RESULTS[2]:
            plans += 1
            acceptance = "niet nodig" if plans > 42 else "nog af te stemmen" if plans == 42 else "direct geaccepteerd"
            changes = ["zelfde niveau"] * 21 + ["minder intensief"] * 17 + ["meer intensief"] * 2 + ["onbekend"] * 7
            record["plan"] = {
                "acceptatie_professional": acceptance,
                "evaluatieafspraken": True,
                "noodplan": True,
                "vraag_professionele_hulp": True,
                "verblijfplaatswijzigingen": [{"richting": changes[plans - 1]}] if plans <= 47 else [],
            }


def _add_grades_and_follow_up(records: Sequence[dict[str, Any]]) -> None:
    referrer_grades = [4] * 7 + [8] * 31 + [7] * 12  # 50 grades, mean 7.2, 7 fails
    regiomanager_grades = [8] * 20 + [9] * 20 + [10] * 20  # 60 grades, mean 9.0
    organisation_cases = [r for r in records if r["type_aanmelder"] == "Organisatie"]
    for record, grade in zip(organisation_cases, referrer_grades, strict=False):
        record["cijfer_samenwerking_aanmelder"] = grade
    for record, grade in zip(records, regiomanager_grades, strict=False):
        record["cijfer_samenwerking_regiomanager"] = grade
    for who, counts in FOLLOW_UP.items():
        for record, outcome in zip(records[::-1] if who == "coordinator" else records, expand(counts), strict=False):
            record["follow_up"].append(
                {"wie": who, "datum": record["afsluitdatum"], "uitkomst": outcome, "toelichting": ""}
            )


def _not_fully_registered(year: int, prefix: str) -> list[dict[str, Any]]:
    """9 incomplete and 6 'wrong format' registrations: 3 closed in the activeringsfase (2 with agreements),
    12 after a meeting with a plan. None of them counts in the 146-base tables."""
    records = []
    for j in range(15):
        closed = dt.date(year, 6, 1) + dt.timedelta(days=j)
        activation = j < 3
        records.append(
            {
                "ref": f"{prefix}-{year}-{147 + j:04d}",
                "variant": "familie",
                "aanmelddatum": (closed - dt.timedelta(days=60)).isoformat(),
                "afsluitdatum": closed.isoformat(),
                "provincie": "Utrecht",
                "gemeente": None,
                "type_aanmelder": "Organisatie" if j < 9 else None,
                "type_organisatie": None,
                "gedwongen_kader": False,
                "eerdere_ekc": False,
                "hoofdpersonen": [],
                "achtergrondproblemen": [],
                "onderwerpen": [],
                "professionele_hulp": None,
                "fase": "activeringsfase" if activation else "conferentiefase",
                "plan_of_afspraken": j < 2,
                "redenen_niet_doorgaan": [],
                "plan": None,
                "follow_up": [],
                "cijfer_samenwerking_aanmelder": None,
                "cijfer_samenwerking_regiomanager": None,
                "bijeenkomsten": []
                if activation
                else [{"datum": (closed - dt.timedelta(days=30)).isoformat(), "resultaat": v.MEETING_RESULTS[0]}],
            }
        )
    return records
