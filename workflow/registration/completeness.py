"""What closing a case needs of its registration, derived from the schema's `needed_for`."""

from collections.abc import Sequence

from workflow.case import CaseLike, held_meetings, record_get
from workflow.errors import Missing
from workflow.phases import Outcome
from workflow.registration import schema
from workflow.registration.record import acceptance, agreements, person_extras
from workflow.registration.rules import filled


def completeness(case: CaseLike, outcome: Outcome) -> list[Missing]:
    """Everything the registration still misses to close the case with `outcome`."""
    return (
        _record_missing(case, schema.CASE_FIELDS, outcome)
        + _persons_missing(case)
        + _record_missing(case, schema.NOT_HELD_FIELDS, outcome)
        + _meetings_missing(case, outcome)
        + _plan_missing(case, outcome)
        + _grades_missing(case)
    )


def needed(fields: Sequence[schema.RecordField], outcome: Outcome) -> tuple[schema.RecordField, ...]:
    """The fields closing with `outcome` needs."""
    return tuple(f for f in fields if outcome in f.needed_for)


def _record_missing(case: CaseLike, fields: Sequence[schema.RecordField], outcome: Outcome) -> list[Missing]:
    missing = []
    for field in needed(fields, outcome):
        value = record_get(case, field.name)
        if not filled(value):
            missing.append(Missing(field.name, field.missing))
        for name, other, text in schema.OTHER_TEXTS:
            if name == field.name and other in (value or []) and not (record_get(case, text) or "").strip():
                missing.append(Missing(text, f"beschrijf '{other}' bij de {name}"))
    return missing


def _persons_missing(case: CaseLike) -> list[Missing]:
    missing = []
    for index, (person, extra) in enumerate(zip(case.main_persons, person_extras(case), strict=True)):
        who = f"hoofdpersoon {index + 1}"
        if not getattr(person, "kind", None):
            missing.append(Missing(f"hoofdpersonen.{index}.soort", f"{who}: kies minderjarig of volwassen"))
        if not getattr(person, "gender", None):
            missing.append(Missing(f"hoofdpersonen.{index}.geslacht", f"{who}: kies het geslacht"))
        known_age = extra.get("leeftijd") is not None or getattr(person, "birth_date", None)
        if not known_age and not getattr(person, "unborn", False):
            missing.append(
                Missing(
                    f"hoofdpersonen.{index}.leeftijd",
                    f"{who}: vul de leeftijd of geboortedatum in (of: nog niet geboren)",
                )
            )
    return missing


def _meetings_missing(case: CaseLike, outcome: Outcome) -> list[Missing]:
    names = [f.name for f in needed(schema.MEETING, outcome)]
    if not names:
        return []
    meetings = held_meetings(case)
    if not meetings:
        return [Missing("bijeenkomsten", "er is nog geen gehouden bijeenkomst vastgelegd")]
    missing = []
    for number, meeting in enumerate(meetings, 1):
        gaps = [name for name in names if not filled(meeting.get(name))]
        if gaps:
            missing.append(Missing(f"bijeenkomsten.{number}", f"bijeenkomst {number}: vul nog in: " + ", ".join(gaps)))
    return missing


def _plan_missing(case: CaseLike, outcome: Outcome) -> list[Missing]:
    questions = needed(schema.PLAN_QUESTIONS, outcome)
    if not questions:
        return []
    plan = record_get(case, "plan") or {}
    missing = [] if agreements(case) else [Missing("afspraken", "leg het plan of de afspraken vast")]
    missing += [Missing(f.name, f"plan: beantwoord '{f.label}'") for f in questions if plan.get(f.name) is None]
    if not acceptance(case):
        missing.append(Missing("acceptatie_professional", "plan: geef aan of de professional het plan accepteert"))
    if outcome is Outcome.PLAN:
        sent = record_get(case, "plan_verstuurd") or {}
        if not (sent.get("datum") and sent.get("aan")):
            missing.append(Missing("plan_verstuurd", "leg vast aan wie en wanneer het plan is verstuurd"))
    return missing


def _grades_missing(case: CaseLike) -> list[Missing]:
    if case.coordinator_id is None:
        return []
    missing = []
    if case.referrer_type == "Organisatie" and record_get(case, "cijfer_samenwerking_aanmelder") is None:
        missing.append(
            Missing("cijfer_samenwerking_aanmelder", "geef een cijfer voor de samenwerking met de aanmelder")
        )
    if record_get(case, "cijfer_samenwerking_regiomanager") is None:
        missing.append(
            Missing("cijfer_samenwerking_regiomanager", "geef een cijfer voor de samenwerking met de regiomanager")
        )
    return missing
