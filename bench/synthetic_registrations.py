"""Varied synthetic registration-v1 records for the yearly-report benchmark (bench/bench_report.py).

The benchmark's default set repeats the 161 records of tests/unit/jaarcijfers_2022.py, so 100,000 records hold
only a few hundred distinct dates, ages and label combinations: every cache and Counter in workflow.figures
sees far fewer distinct values than real data would give it. `varied_records` draws every field at random
(seeded, so runs are repeatable) to give the report realistic diversity: closing dates over the whole year,
varied lead times, meeting days, ages, persons, label subsets, durations, attendee counts and municipalities.

    records = varied_records(100_000)                 # 2022, seed 1
    yearly_report(records, Filters.of(year=2022))

Every record passes workflow.registration.validate_registration. Shares (approximate): 85% closed in the
conferentiefase, 10% in the activeringsfase and fully registered, 5% not fully registered. The validator
leaves only one way to be valid yet incomplete (workflow.figures.record_missing): a case closed in the
activeringsfase without redenen_niet_doorgaan, so that 5% are such cases (15% activeringsfase in all); the
report counts them in T1 only. Standard library only.
"""

import csv
import datetime as dt
import random
from functools import lru_cache
from pathlib import Path
from typing import Any

from workflow import vocabulary as v
from workflow.registration.schema import MEETING, example

MUNICIPALITIES_CSV = Path(__file__).resolve().parents[1] / "storage" / "data" / "gemeenten.csv"

SHARE_INCOMPLETE = 0.05  # activeringsfase without reasons: valid, but not fully registered
SHARE_ACTIVATION = 0.10  # fully registered activeringsfase
MAX_LEAD_DAYS = 200  # application up to this many days before the first meeting (or the closing)

NOT_AGREED, CONTINUED = v.MEETING_RESULTS[2], v.MEETING_RESULTS[1]
PLAN_WITHOUT_MEETING = v.REASONS_NOT_HELD[0]
REMARKS = (
    "",
    "",
    "",
    "Plan loopt goed.",
    "Afspraken deels nagekomen.",
    "Familie wil een vervolgbijeenkomst.",
    "Geen contact kunnen krijgen.",
    "Hulpverlening is gestart.",
)


def weighted(values: tuple[Any, ...], weights: tuple[int, ...]) -> tuple[Any, ...]:
    """A lookup table holding each value `weight` times: a uniform pick from it is a weighted draw."""
    return tuple(value for value, weight in zip(values, weights, strict=True) for _ in range(weight))


# Weights loosely follow the 2022 report (mostly organisations, mostly one meeting with a plan ...).
VARIANTS = weighted(v.VARIANTS, (80, 12, 8))
REFERRERS = weighted(v.REFERRER_TYPES, (12, 12, 76))
ORGANISATIONS = weighted(v.ORGANISATION_TYPES, (37, 27, 8, 5, 3, 3, 3, 10, 4))
GRADES = weighted((None, *range(1, 11)), (35, 1, 1, 2, 3, 5, 8, 15, 18, 8, 4))
PERSONS_PER_CASE = weighted((1, 2, 3, 4, 5, 6), (30, 30, 20, 10, 6, 4))
MINOR_GENDERS = weighted(v.MINOR_GENDERS, (48, 48, 4))
MINOR_RESIDENCES = weighted((*v.MINOR_RESIDENCES, None), (70, 12, 6, 5, 3, 4))
KNOWN_PARENTS = weighted((0, 1, 2), (10, 60, 30))
ADULT_BACKGROUNDS = weighted((*v.CULTURAL_BACKGROUNDS, None), (45, 8, 8, 8, 5, 20, 6))
ADULT_RESIDENCES = weighted((*v.ADULT_RESIDENCES, None), (60, 15, 10, 10, 5))
LOCATIONS = weighted(v.MEETING_LOCATIONS, (40, 18, 12, 14, 5, 6, 5))
DAYPARTS = weighted(v.DAYPARTS, (55, 15, 30))
FORMS = weighted(("fysiek", "hybride"), (85, 15))
ATTENDEES = weighted(tuple(range(16)), (300, 250, 150, 90, 60, 40, 30, 20, 15, 10, 10, 8, 6, 5, 4, 3))
ABSENT = weighted(tuple(range(11)), (30, 20, 15, 10, 8, 6, 4, 3, 2, 1, 1))
RESULTS = weighted(v.MEETING_RESULTS, (86, 7, 7))
ACCEPTANCE = weighted(v.PLAN_ACCEPTANCE, (45, 45, 10))
RESIDENCE_CHANGES = weighted((0, 1, 2, 3), (45, 40, 10, 5))
DIRECTIONS = weighted(v.RESIDENCE_CHANGE_DIRECTIONS, (45, 35, 5, 15))
OUTCOMES = weighted(v.FOLLOW_UP_OUTCOMES, (80, 12, 8))


class Draw:
    """Seeded random draws costing one `random()` each (random.choices and randint are several times slower,
    which matters at 100,000 records of some 150 draws)."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed).random

    def chance(self, p: float) -> bool:
        return self.random() < p

    def between(self, low: int, high: int) -> int:
        """An int from low to high inclusive."""
        return low + int(self.random() * (high - low + 1))

    def pick(self, table: tuple[Any, ...]) -> Any:
        return table[int(self.random() * len(table))]

    def subset(self, labels: tuple[str, ...], low: int, high: int) -> list[str]:
        """low to high distinct labels in random order (a partial Fisher-Yates shuffle)."""
        pool, size = list(labels), len(labels)
        k = self.between(low, min(high, size))
        for i in range(k):
            j = i + int(self.random() * (size - i))
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]


def varied_records(count: int, year: int = 2022, seed: int = 1) -> list[dict[str, Any]]:
    """`count` registration-v1 records closed in `year`, every field drawn at random (seeded, so the same
    arguments always give the same records). Refs are "EK-<year>-<i:06d>" from 1. About 85% close in the
    conferentiefase, 10% in the activeringsfase, and 5% in the activeringsfase without reasons: valid, but not
    fully registered (T1 only)."""
    draw = Draw(seed)
    first_day = dt.date(year, 1, 1).toordinal()
    last_day = dt.date(year, 12, 31).toordinal()
    return [_record(draw, f"EK-{year}-{i:06d}", draw.between(first_day, last_day)) for i in range(1, count + 1)]


def _record(draw: Draw, ref: str, closed: int) -> dict[str, Any]:
    """One case closed on day `closed` (a date ordinal)."""
    gemeente, provincie = _municipality(draw)
    referrer = draw.pick(REFERRERS)
    record = {
        "ref": ref,
        "variant": draw.pick(VARIANTS),
        "aanmelddatum": None,
        "afsluitdatum": _iso(closed),
        "provincie": provincie,
        "gemeente": gemeente,
        "type_aanmelder": referrer,
        "type_organisatie": draw.pick(ORGANISATIONS) if referrer == "Organisatie" else None,
        "gedwongen_kader": draw.chance(0.3),
        "eerdere_ekc": draw.chance(0.1),
        "hoofdpersonen": _main_persons(draw),
        "achtergrondproblemen": draw.subset(v.BACKGROUND_PROBLEMS, 1, 6),
        "onderwerpen": draw.subset(v.TOPICS, 1, 6),
        "professionele_hulp": draw.pick(v.PROFESSIONAL_HELP),
        "fase": None,
        "plan_of_afspraken": False,
        "redenen_niet_doorgaan": [],
        "bijeenkomsten": [],
        "plan": None,
        "cijfer_samenwerking_aanmelder": draw.pick(GRADES),
        "cijfer_samenwerking_regiomanager": draw.pick(GRADES),
        "follow_up": [],
    }
    phase = draw.random()
    if phase < SHARE_INCOMPLETE + SHARE_ACTIVATION:
        last_contact = _close_in_activation(draw, record, closed, with_reasons=phase >= SHARE_INCOMPLETE)
    else:
        last_contact = _close_in_conference(draw, record, closed)
    record["follow_up"] = _follow_up(draw, max(last_contact, closed - 42), closed)
    return record


@lru_cache(maxsize=4096)
def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


@lru_cache(maxsize=1)
def _municipalities() -> tuple[tuple[str, str], ...]:
    """(gemeente, provincie) of every Dutch municipality (storage/data/gemeenten.csv)."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple((row["gemeente"], row["provincie"]) for row in csv.DictReader(handle))


def _municipality(draw: Draw) -> tuple[str | None, str]:
    """A real municipality with its province; in 5% of the cases only the province is known."""
    gemeente, provincie = draw.pick(_municipalities())
    return (None, provincie) if draw.chance(0.05) else (gemeente, provincie)


# --- main persons ------------------------------------------------------------------------------------------


def _main_persons(draw: Draw) -> list[dict[str, Any]]:
    """1 to 6 main persons; about two thirds of the cases have minors, most of those also an adult."""
    size = draw.pick(PERSONS_PER_CASE)
    if draw.chance(0.3):  # only adults
        return [_adult(draw) for _ in range(size)]
    adults = draw.between(0, min(2, size - 1))
    return [_minor(draw) for _ in range(size - adults)] + [_adult(draw) for _ in range(adults)]


def _minor(draw: Draw) -> dict[str, Any]:
    unborn = draw.chance(0.02)
    age = None if unborn or draw.chance(0.01) else draw.between(0, 17)
    return {
        "soort": "minderjarig",
        "geslacht": draw.pick(MINOR_GENDERS),
        "leeftijd": age,
        "ongeboren": unborn,
        "herkomst_ouders": _parent_origins(draw),
        "verblijfplaats": draw.pick(MINOR_RESIDENCES),
    }


def _parent_origins(draw: Draw) -> list[str]:
    """0 (unknown) to 2 distinct origins, one per known parent; mostly Nederlands."""
    known = draw.pick(KNOWN_PARENTS)
    if draw.chance(0.55):
        return ["Nederlands"] if known else []
    return draw.subset(v.PARENT_ORIGINS, known, known)


def _adult(draw: Draw) -> dict[str, Any]:
    return {
        "soort": "volwassen",
        "geslacht": "vrouw" if draw.chance(0.62) else "man",
        "leeftijd": None if draw.chance(0.02) else draw.between(18, 90),
        "culturele_achtergrond": draw.pick(ADULT_BACKGROUNDS),
        "verblijfplaats": draw.pick(ADULT_RESIDENCES),
    }


# --- phases --------------------------------------------------------------------------------------------------


def _close_in_activation(draw: Draw, record: dict[str, Any], closed: int, with_reasons: bool) -> int:
    """Closed before a meeting; without reasons the registration is incomplete (counted in T1 only).
    Returns the application day."""
    record["fase"] = "activeringsfase"
    applied = closed - draw.between(0, MAX_LEAD_DAYS)
    record["aanmelddatum"] = _iso(applied)
    agreed = draw.chance(0.5)
    record["plan_of_afspraken"] = agreed
    if with_reasons:
        reasons = draw.subset(v.REASONS_NOT_HELD[1:], 0 if agreed else 1, 3)
        record["redenen_niet_doorgaan"] = [PLAN_WITHOUT_MEETING, *reasons] if agreed else reasons
    return applied


def _close_in_conference(draw: Draw, record: dict[str, Any], closed: int) -> int:
    """One meeting (a few more when the conference was split up), closed 0-120 days after the first one.
    Returns the day of the last meeting."""
    record["fase"] = "conferentiefase"
    first = closed - draw.between(0, 90) - draw.between(0, 30)
    meetings = [_meeting(draw, first)]
    day = first
    while meetings[-1]["resultaat"] == CONTINUED and len(meetings) < 4 and day < closed:
        day = draw.between(day + 1, min(day + 30, closed))
        meetings.append(_meeting(draw, day))
    record["bijeenkomsten"] = meetings
    record["aanmelddatum"] = _iso(first - draw.between(0, MAX_LEAD_DAYS))
    if meetings[-1]["resultaat"] != NOT_AGREED and draw.chance(0.95):
        record["plan"] = _plan(draw)
    return day


def _meeting(draw: Draw, day: int) -> dict[str, Any]:
    location = draw.pick(LOCATIONS)
    total = draw.between(2, 20) / 2  # 1 to 10 hours in halves
    # Fields drawn below vary; any other field of the meeting carries the schema's example.
    return example(exported_fields(MEETING)) | {
        "datum": _iso(day),
        "locatie": location,
        "dagdeel": draw.pick(DAYPARTS),
        "duur_totaal_uur": total,
        "duur_besloten_uur": draw.between(0, int(total * 4)) / 4,  # quarters, never longer than the whole
        "vorm": "digitaal" if location == "Volledig digitaal" else draw.pick(FORMS),
        "aanwezigen": {category: draw.pick(ATTENDEES) for category in v.ATTENDEE_CATEGORIES},
        "uitgenodigd_niet_aanwezig": draw.pick(ABSENT),
        "resultaat": draw.pick(RESULTS),
    }


def exported_fields(fields):
    """The fields registration-v1 writes."""
    return tuple(f for f in fields if f.exported)


def _plan(draw: Draw) -> dict[str, Any]:
    return {
        "acceptatie_professional": draw.pick(ACCEPTANCE),
        "evaluatieafspraken": draw.chance(0.85),
        "noodplan": draw.chance(0.6),
        "vraag_professionele_hulp": draw.chance(0.5),
        "verblijfplaatswijzigingen": [{"richting": draw.pick(DIRECTIONS)} for _ in range(draw.pick(RESIDENCE_CHANGES))],
    }


def _follow_up(draw: Draw, start: int, closed: int) -> list[dict[str, Any]]:
    """No follow-up, or a call by the coordinator and/or the regiomanager between `start` and the closing."""
    callers = [who for who, p in zip(v.FOLLOW_UP_CALLERS, (0.35, 0.55), strict=True) if draw.chance(p)]
    return [
        {
            "wie": who,
            "datum": _iso(draw.between(start, closed)),
            "uitkomst": draw.pick(OUTCOMES),
            "toelichting": draw.pick(REMARKS),
        }
        for who in callers
    ]
