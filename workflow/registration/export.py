"""The anonymous record of a case in the exchange format registration-v1: no names, addresses or birth dates."""

import datetime as dt
from typing import Any

from workflow import vocabulary as vocab
from workflow.case import CaseLike, held_meetings, record_date, record_get
from workflow.clock import local_today
from workflow.names import name_pattern, names_of, redact
from workflow.phases import Outcome
from workflow.registration import after_plan, schema
from workflow.registration.format import canonical
from workflow.registration.record import acceptance, person_extras

PLAN_WITHOUT_MEETING_REASON = vocab.REASONS_NOT_HELD[0]
PLAN_OUTCOMES = (Outcome.PLAN, Outcome.PLAN_ZONDER_BIJEENKOMST)
# The case section's exported fields the record holds (eerdere_ekc is the case's column: written below).
RECORD_EXPORTS = tuple(f for f in schema.CASE_FIELDS if f.exported and f.name != "eerdere_ekc")


def to_registration(case: CaseLike, gemeente: str | None = None) -> dict[str, Any]:
    """One record in registration-v1."""
    meetings = held_meetings(case)
    phase = "conferentiefase" if meetings else "activeringsfase"
    outcome = Outcome(case.outcome) if case.outcome else None
    reasons = list(record_get(case, "redenen_niet_doorgaan") or []) if phase == "activeringsfase" else []
    if outcome is Outcome.PLAN_ZONDER_BIJEENKOMST and not reasons:
        reasons = [PLAN_WITHOUT_MEETING_REASON]
    with_plan = outcome in PLAN_OUTCOMES
    organisation = case.referrer_type == "Organisatie"
    names = name_pattern(names_of(case))
    return canonical(
        {
            "ref": case.ref,
            "variant": case.variant,
            "aanmelddatum": _iso(case.application_date),
            "afsluitdatum": local_today(case.closed_at).isoformat() if case.closed_at else None,
            "provincie": case.province,
            "gemeente": gemeente,
            "type_aanmelder": case.referrer_type,
            "type_organisatie": case.organisation_type if organisation else None,
            "gedwongen_kader": bool(case.compulsory_framework),
            **{f.name: _exported_value(f, record_get(case, f.name)) for f in RECORD_EXPORTS},
            "eerdere_ekc": bool(case.repeat_request),
            "hoofdpersonen": [_person(case, p, e) for p, e in zip(case.main_persons, person_extras(case), strict=True)],
            "fase": phase,
            "plan_of_afspraken": with_plan,
            "redenen_niet_doorgaan": reasons,
            "bijeenkomsten": [meeting_record(m) for m in meetings],
            "plan": _plan(case) if with_plan else None,
            **_grades(case, organisation),
            "follow_up": [
                _follow_up(f, names)
                for f in record_get(case, "follow_up") or []
                if f.get("uitkomst") in vocab.FOLLOW_UP_OUTCOMES and f.get("wie") in vocab.FOLLOW_UP_CALLERS
            ],
            **after_plan.top_level(case),
        }
    )


def meeting_record(meeting: dict[str, Any]) -> dict[str, Any]:
    """One held meeting as the format writes it: every exported field, a count for every category."""
    return {f.name: _exported_value(f, meeting.get(f.name)) for f in schema.MEETING if f.exported}


def age_of(person: Any, extra: dict[str, Any], on: dt.date) -> int | None:
    """The age as recorded, else from the birth date on the application date; None for the unborn."""
    if getattr(person, "unborn", False):
        return None
    if extra.get("leeftijd") is not None:
        return extra["leeftijd"]
    born = getattr(person, "birth_date", None)
    if not born:
        return None
    born = dt.date.fromisoformat(born) if isinstance(born, str) else born
    return max(0, on.year - born.year - ((on.month, on.day) < (born.month, born.day)))


def _exported_value(field: schema.RecordField, value: Any) -> Any:
    if field.kind == "counts":
        return {c: _count((value or {}).get(c)) for c in field.choices}
    if field.kind == "multichoice":
        return list(value or [])
    return _iso(value)


def _grades(case: CaseLike, organisation: bool) -> dict[str, Any]:
    grades = [f for f in schema.GRADE_FIELDS if f.exported and f.kind == "int"]
    return {f.name: record_get(case, f.name) if organisation or not f.organisation_only else None for f in grades}


def _person(case: CaseLike, person: Any, extra: dict[str, Any]) -> dict[str, Any]:
    minor = person.kind == "minderjarig"
    return {
        "soort": person.kind,
        "geslacht": person.gender,
        "leeftijd": age_of(person, extra, record_date(case.application_date)),
        "ongeboren": bool(getattr(person, "unborn", False)) if minor else False,
        "herkomst_ouders": list(extra.get("herkomst_ouders") or []) if minor else [],
        "culturele_achtergrond": None if minor else extra.get("culturele_achtergrond"),
        "verblijfplaats": extra.get("verblijfplaats"),
    }


def _plan(case: CaseLike) -> dict[str, Any]:
    plan = record_get(case, "plan") or {}
    return {
        schema.ACCEPTANCE.name: acceptance(case),
        **{f.name: plan.get(f.name) for f in schema.PLAN_QUESTIONS},
        "verblijfplaatswijzigingen": [{"richting": r} for r in plan.get("verblijfplaatswijzigingen") or []],
        after_plan.AGREEMENTS: after_plan.plan_agreements(case),
    }


def _follow_up(call: dict[str, Any], names: Any = None) -> dict[str, Any]:
    """One follow-up call; the case's known names in its note become [naam] (the record leaves the system)."""
    return {
        "wie": call["wie"],
        "datum": _iso(call.get("datum")),
        "uitkomst": call["uitkomst"],
        "toelichting": redact(call.get("toelichting") or "", names),
        after_plan.MARKS: after_plan.marks(call.get(after_plan.MARKS)),
    }


def _count(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value
