"""Demo: historic registrations of the two years before the demo's own, as if read in from the old SPSS files,
so that "Door de jaren" shows a trend from the first start. Seeded, so every demo holds the same."""

import datetime as dt
import json
import random
from typing import Any

from storage.messagebus import MessageBus
from storage.registrations import import_registration_lines
from storage.uow import SqlUnitOfWork
from workflow import vocabulary as v
from workflow.clock import FrozenClock
from workflow.registration import schema

PER_YEAR = 40


def historic_records(year: int, count: int = PER_YEAR) -> list[dict[str, Any]]:
    """`count` valid registration-v1 records closed in `year`: mostly conferences, a few without."""
    draw = random.Random(year)
    return [_record(draw, year, number) for number in range(1, count + 1)]


def _record(draw: random.Random, year: int, number: int) -> dict[str, Any]:
    applied = dt.date(year, 1, 2) + dt.timedelta(days=draw.randrange(200))
    lead = draw.randrange(15, 120)
    met = applied + dt.timedelta(days=lead)
    closed = min(met + dt.timedelta(days=draw.randrange(20, 90)), dt.date(year, 12, 30))
    conference = draw.random() < 0.8
    with_plan = conference and draw.random() < 0.9 or not conference and draw.random() < 0.3
    referrer = draw.choice(v.REFERRER_TYPES + ("Organisatie",) * 4)
    meeting = schema.example(
        schema.MEETING,
        datum=met.isoformat(),
        locatie=draw.choice(v.MEETING_LOCATIONS),
        resultaat=v.MEETING_RESULTS[0] if with_plan else v.MEETING_RESULTS[2],
    )
    return {
        "ref": f"HIST-{year}-{number:03d}",
        "variant": "familie",
        "aanmelddatum": applied.isoformat(),
        "afsluitdatum": closed.isoformat(),
        "provincie": draw.choice(v.PROVINCES),
        "gemeente": None,
        "type_aanmelder": referrer,
        "type_organisatie": draw.choice(v.ORGANISATION_TYPES) if referrer == "Organisatie" else None,
        "gedwongen_kader": draw.random() < 0.3,
        "eerdere_ekc": draw.random() < 0.1,
        "hoofdpersonen": [
            {
                "soort": "minderjarig",
                "geslacht": draw.choice(v.MINOR_GENDERS[:2]),
                "leeftijd": draw.randrange(0, 18),
                "ongeboren": False,
                "herkomst_ouders": [draw.choice(v.PARENT_ORIGINS)],
                "culturele_achtergrond": None,
                "verblijfplaats": draw.choice(v.MINOR_RESIDENCES),
            }
        ],
        "achtergrondproblemen": sorted(draw.sample(v.BACKGROUND_PROBLEMS, 2), key=v.BACKGROUND_PROBLEMS.index),
        "onderwerpen": sorted(draw.sample(v.TOPICS, 2), key=v.TOPICS.index),
        "professionele_hulp": draw.choice(v.PROFESSIONAL_HELP),
        "fase": "conferentiefase" if conference else "activeringsfase",
        "plan_of_afspraken": with_plan,
        "redenen_niet_doorgaan": [] if conference else [draw.choice(v.REASONS_NOT_HELD[1:])],
        "bijeenkomsten": [meeting] if conference else [],
        "plan": _plan(draw) if with_plan else None,
        "cijfer_samenwerking_aanmelder": draw.randrange(5, 11) if referrer == "Organisatie" else None,
        "cijfer_samenwerking_regiomanager": draw.randrange(6, 11),
        "follow_up": [],
    }


def _plan(draw: random.Random) -> dict[str, Any]:
    return {
        "acceptatie_professional": draw.choice(v.PLAN_ACCEPTANCE),
        "evaluatieafspraken": draw.random() < 0.8,
        "noodplan": draw.random() < 0.6,
        "vraag_professionele_hulp": draw.random() < 0.5,
        "verblijfplaatswijzigingen": [],
    }


def load_history(engine, now: dt.datetime, bus: MessageBus) -> int:
    """Import the two earlier years (idempotent by ref); the number of records read."""
    records = [r for year in (now.year - 2, now.year - 1) for r in historic_records(year)]
    report = import_registration_lines(SqlUnitOfWork(engine, FrozenClock(now), bus), map(json.dumps, records))
    assert not report.errors, report.errors[:3]
    return report.imported
