"""The registration record of a case: what a coordinator records, what closing needs, and the anonymous
record in the exchange format registration-v1."""

import datetime as dt
from typing import Any

from workflow import vocabulary as vocab
from workflow.case import CaseLike, held_meetings, record_date, record_get
from workflow.clock import local_today
from workflow.errors import Missing
from workflow.fields import FieldSpec
from workflow.guards import conditions_apply
from workflow.phases import OUTCOMES_AFTER_MEETING, OUTCOMES_WITHOUT_CONFERENCE, Outcome
from workflow.registration_format import canonical, validate_registration  # noqa: F401  (re-exported)
from workflow.retention import name_pattern, names_of, redact

YES_NO = ("ja", "nee")
NETWORK_STATUSES = ("uitgenodigd", "toegezegd", "afgezegd", "aanwezig", "afwezig")
RESIDENCES = tuple(dict.fromkeys(vocab.MINOR_RESIDENCES + vocab.ADULT_RESIDENCES))
PLAN_WITHOUT_MEETING_REASON = vocab.REASONS_NOT_HELD[0]
PLAN_OUTCOMES = (Outcome.PLAN, Outcome.PLAN_ZONDER_BIJEENKOMST)

CASE_FIELDS = (
    FieldSpec(
        "achtergrondproblemen", "Genoemde achtergrondproblemen", "multichoice", choices=vocab.BACKGROUND_PROBLEMS
    ),
    FieldSpec("achtergrondproblemen_anders", "Anders, namelijk", "line", max_length=200),
    FieldSpec("onderwerpen", "Genoemde onderwerpen voor de conferentie", "multichoice", choices=vocab.TOPICS),
    FieldSpec("onderwerpen_overige", "Overige onderwerpen, namelijk", "line", max_length=200),
    FieldSpec(
        "professionele_hulp",
        "Hoe lang is er professionele hulp in het gezin?",
        "choice",
        choices=vocab.PROFESSIONAL_HELP,
    ),
    FieldSpec("eerdere_ekc", "Er is al eerder een Eigen Kracht-conferentie aangevraagd rond deze zaak", "bool"),
)

PERSON_FIELDS = (
    FieldSpec("soort", "Minderjarig of volwassen", "choice", required=True, choices=vocab.MAIN_PERSON_KINDS),
    FieldSpec("geslacht", "Geslacht", "choice", choices=vocab.MINOR_GENDERS + vocab.ADULT_GENDERS),
    FieldSpec("leeftijd", "Leeftijd (jaren)", "int", minimum=0, maximum=120, help="Of vul de geboortedatum in."),
    FieldSpec("geboortedatum", "Geboortedatum", "date", not_in_future=True),
    FieldSpec("ongeboren", "Nog niet geboren", "bool"),
    FieldSpec("herkomst_ouders", "Herkomst ouders (minderjarige)", "multichoice", choices=vocab.PARENT_ORIGINS),
    FieldSpec(
        "culturele_achtergrond", "Culturele achtergrond (volwassene)", "choice", choices=vocab.CULTURAL_BACKGROUNDS
    ),
    FieldSpec("verblijfplaats", "Verblijfplaats", "choice", choices=RESIDENCES),
)

NETWORK_ROW = (
    FieldSpec("naam", "Naam", "line", max_length=120),
    FieldSpec("relatie", "Relatie", "choice", choices=vocab.ATTENDEE_CATEGORIES),
    FieldSpec("status", "Status", "choice", choices=NETWORK_STATUSES),
)
NETWORK_FIELDS = (
    FieldSpec("niet_samen", "Wie mag wie niet ontmoeten (alleen voor de coördinator)", "text", max_length=2000),
)

AGREEMENT_ROW = (
    FieldSpec("wie", "Wie", "line", max_length=120),
    FieldSpec("wat", "Doet wat", "line", max_length=300),
    FieldSpec("wanneer", "Wanneer", "line", max_length=60),
)
PLAN_FIELDS = (
    FieldSpec("evaluatieafspraken", "Er zijn afspraken om het plan te evalueren", "choice", choices=YES_NO),
    FieldSpec("noodplan", "Er staat in wat te doen als het anders loopt (noodplan)", "choice", choices=YES_NO),
    FieldSpec("vraag_professionele_hulp", "Het plan vraagt om professionele hulp", "choice", choices=YES_NO),
    FieldSpec(
        "acceptatie_professional",
        "Acceptatie van het plan door de professional",
        "choice",
        choices=vocab.PLAN_ACCEPTANCE,
    ),
    FieldSpec(
        "verblijfplaatswijzigingen",
        "Verblijfplaatswijzigingen in het plan (aantal personen per richting)",
        "counts",
        choices=vocab.RESIDENCE_CHANGE_DIRECTIONS,
    ),
)

PLAN_SENT_FIELDS = (
    FieldSpec("datum", "Datum verstuurd", "date", not_in_future=True),
    FieldSpec("aan", "Verstuurd aan (één naam per regel)", "text", max_length=4000),
)

GRADE_FIELDS = (
    FieldSpec(
        "cijfer_samenwerking_aanmelder",
        "Cijfer samenwerking met de aanmelder (professional)",
        "int",
        minimum=1,
        maximum=10,
    ),
    FieldSpec("toelichting_samenwerking_aanmelder", "Toelichting", "text", max_length=2000),
    FieldSpec(
        "cijfer_samenwerking_regiomanager", "Cijfer samenwerking met de regiomanager", "int", minimum=1, maximum=10
    ),
    FieldSpec("toelichting_samenwerking_regiomanager", "Toelichting", "text", max_length=2000),
)

NOT_HELD_FIELDS = (
    FieldSpec("redenen_niet_doorgaan", "Redenen van niet doorgaan", "multichoice", choices=vocab.REASONS_NOT_HELD),
    FieldSpec("toelichting_niet_doorgaan", "Toelichting", "text", max_length=2000),
)

SECTIONS: dict[str, str] = {
    "zaak": "Achtergrond en onderwerpen",
    "hoofdpersonen": "Hoofdpersonen",
    "netwerk": "Netwerk",
    "plan": "Plan",
    "plan_verstuurd": "Plan verstuurd",
    "cijfers": "Samenwerking",
    "niet_doorgaan": "Niet doorgegaan",
}


# --- what the case records ------------------------------------------------------------------------------


def person_extras(case: CaseLike) -> list[dict[str, Any]]:
    """Per main person (in order) the registration values the person table does not hold."""
    extras = list(record_get(case, "hoofdpersonen_registratie") or [])
    return extras + [{} for _ in range(len(case.main_persons) - len(extras))]


def agreements(case: CaseLike) -> list[dict[str, str]]:
    """The plan's agreements as rows; a plan written as one text (made without a meeting) is one row."""
    found = (record_get(case, "plan") or {}).get("afspraken")
    if isinstance(found, str):
        return [{"wie": "", "wat": found, "wanneer": ""}] if found.strip() else []
    return list(found or [])


def acceptance(case: CaseLike) -> str | None:
    """How the professional accepted the plan: as recorded with the plan, else at the last meeting."""
    recorded = (record_get(case, "plan") or {}).get("acceptatie_professional")
    if recorded:
        return recorded
    meetings = [m for m in held_meetings(case) if m.get("acceptatie_professional")]
    if meetings:
        return meetings[-1]["acceptatie_professional"]
    return None if conditions_apply(case) else "niet nodig"


def attendance_from_network(case: CaseLike) -> tuple[dict[str, int], int]:
    """Attendance per category and the number invited but absent, counted from the network list."""
    counts: dict[str, int] = {}
    absent = 0
    for person in record_get(case, "netwerk") or []:
        if person.get("status") == "aanwezig" and person.get("relatie"):
            counts[person["relatie"]] = counts.get(person["relatie"], 0) + 1
        elif person.get("status") in ("afwezig", "afgezegd"):
            absent += 1
    return counts, absent


def expected_outcome(case: CaseLike) -> Outcome:
    """The outcome a case would most likely close with now (to show what closing will ask)."""
    if case.outcome:
        return Outcome(case.outcome)
    meetings = held_meetings(case)
    if meetings:
        return Outcome.GEEN_PLAN if meetings[-1].get("resultaat") == vocab.MEETING_RESULTS[2] else Outcome.PLAN
    return Outcome.PLAN_ZONDER_BIJEENKOMST if agreements(case) else Outcome.GESTOPT


# --- what closing needs ---------------------------------------------------------------------------------


def completeness(case: CaseLike, outcome: Outcome) -> list[Missing]:
    """Everything the registration still misses to close the case with `outcome`."""
    return _case_missing(case) + _persons_missing(case) + _phase_missing(case, outcome) + _grades_missing(case)


def _case_missing(case: CaseLike) -> list[Missing]:
    missing = []
    for name, other, text in (
        ("achtergrondproblemen", "Anders", "achtergrondproblemen_anders"),
        ("onderwerpen", "Overige onderwerpen", "onderwerpen_overige"),
    ):
        chosen = record_get(case, name) or []
        if not chosen:
            missing.append(Missing(name, f"kies de genoemde {name}"))
        elif other in chosen and not (record_get(case, text) or "").strip():
            missing.append(Missing(text, f"beschrijf '{other}' bij de {name}"))
    if not record_get(case, "professionele_hulp"):
        missing.append(Missing("professionele_hulp", "kies hoe lang er professionele hulp is"))
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


def _phase_missing(case: CaseLike, outcome: Outcome) -> list[Missing]:
    missing = []
    if outcome in OUTCOMES_WITHOUT_CONFERENCE and not record_get(case, "redenen_niet_doorgaan"):
        missing.append(Missing("redenen_niet_doorgaan", "kies de redenen van niet doorgaan"))
    if outcome in OUTCOMES_AFTER_MEETING:
        missing += _meetings_missing(case)
    if outcome in PLAN_OUTCOMES:
        missing += _plan_missing(case)
    if outcome is Outcome.PLAN:
        sent = record_get(case, "plan_verstuurd") or {}
        if not (sent.get("datum") and sent.get("aan")):
            missing.append(Missing("plan_verstuurd", "leg vast aan wie en wanneer het plan is verstuurd"))
    return missing


def _meetings_missing(case: CaseLike) -> list[Missing]:
    meetings = held_meetings(case)
    if not meetings:
        return [Missing("bijeenkomsten", "er is nog geen gehouden bijeenkomst vastgelegd")]
    names = (
        "datum",
        "locatie",
        "dagdeel",
        "vorm",
        "duur_totaal_uur",
        "duur_besloten_uur",
        "uitgenodigd_niet_aanwezig",
        "resultaat",
    )
    missing = []
    for number, meeting in enumerate(meetings, 1):
        gaps = [n for n in names if meeting.get(n) in (None, "")]
        gaps += [] if any(_count(v) for v in (meeting.get("aanwezigen") or {}).values()) else ["aanwezigen"]
        if gaps:
            missing.append(Missing(f"bijeenkomsten.{number}", f"bijeenkomst {number}: vul nog in: " + ", ".join(gaps)))
    return missing


def _plan_missing(case: CaseLike) -> list[Missing]:
    plan = record_get(case, "plan") or {}
    missing = [] if agreements(case) else [Missing("afspraken", "leg het plan of de afspraken vast")]
    for spec in PLAN_FIELDS[:3]:
        if plan.get(spec.name) is None:
            missing.append(Missing(spec.name, f"plan: beantwoord '{spec.label}'"))
    if not acceptance(case):
        missing.append(Missing("acceptatie_professional", "plan: geef aan of de professional het plan accepteert"))
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


# --- the anonymous record -------------------------------------------------------------------------------


def to_registration(case: CaseLike, gemeente: str | None = None) -> dict[str, Any]:
    """One record in registration-v1: no names, addresses or birth dates."""
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
            "eerdere_ekc": bool(case.repeat_request),
            "hoofdpersonen": [_person(case, p, e) for p, e in zip(case.main_persons, person_extras(case), strict=True)],
            "achtergrondproblemen": list(record_get(case, "achtergrondproblemen") or []),
            "onderwerpen": list(record_get(case, "onderwerpen") or []),
            "professionele_hulp": record_get(case, "professionele_hulp"),
            "fase": phase,
            "plan_of_afspraken": with_plan,
            "redenen_niet_doorgaan": reasons,
            "bijeenkomsten": [_meeting(m) for m in meetings],
            "plan": _plan(case) if with_plan else None,
            "cijfer_samenwerking_aanmelder": record_get(case, "cijfer_samenwerking_aanmelder")
            if organisation
            else None,
            "cijfer_samenwerking_regiomanager": record_get(case, "cijfer_samenwerking_regiomanager"),
            "follow_up": [
                _follow_up(f, names)
                for f in record_get(case, "follow_up") or []
                if f.get("uitkomst") in vocab.FOLLOW_UP_OUTCOMES and f.get("wie") in vocab.FOLLOW_UP_CALLERS
            ],
        }
    )


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


def _meeting(meeting: dict[str, Any]) -> dict[str, Any]:
    attendance = meeting.get("aanwezigen") or {}
    return {
        "datum": meeting.get("datum"),
        "locatie": meeting.get("locatie"),
        "dagdeel": meeting.get("dagdeel"),
        "duur_totaal_uur": meeting.get("duur_totaal_uur"),
        "duur_besloten_uur": meeting.get("duur_besloten_uur"),
        "vorm": meeting.get("vorm"),
        "aanwezigen": {c: _count(attendance.get(c)) for c in vocab.ATTENDEE_CATEGORIES},
        "uitgenodigd_niet_aanwezig": meeting.get("uitgenodigd_niet_aanwezig"),
        "resultaat": meeting.get("resultaat"),
    }


def _plan(case: CaseLike) -> dict[str, Any]:
    plan = record_get(case, "plan") or {}
    return {
        "acceptatie_professional": acceptance(case),
        **{name: plan.get(name) for name in ("evaluatieafspraken", "noodplan", "vraag_professionele_hulp")},
        "verblijfplaatswijzigingen": [{"richting": r} for r in plan.get("verblijfplaatswijzigingen") or []],
    }


def _follow_up(call: dict[str, Any], names: Any = None) -> dict[str, Any]:
    """One follow-up call; the case's known names in its note become [naam] (the record leaves the system)."""
    return {
        "wie": call["wie"],
        "datum": _iso(call.get("datum")),
        "uitkomst": call["uitkomst"],
        "toelichting": redact(call.get("toelichting") or "", names),
    }


def _count(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value
