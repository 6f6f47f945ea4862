"""The case-level tables (T1, T3, T4, T5, T10), completeness of a record, and the case text figures."""
from collections.abc import Sequence
from typing import Any

from workflow import vocabulary as v
from workflow.figures.common import ACTIVERING, CONFERENTIE, CountSpec, Record, first_meeting, pct

NOT_AGREED = v.MEETING_RESULTS[2]


def record_missing(record: Record) -> list[str]:
    """The fields a closed case's registration still lacks for the yearly tables ([] = fully registered).

    The report's 146-base tables count only fully registered cases; T1 counts every closed case."""
    missing = [name for name in ("aanmelddatum", "afsluitdatum", "provincie", "type_aanmelder",
                                 "professionele_hulp") if not record.get(name)]
    if record.get("type_aanmelder") == "Organisatie" and not record.get("type_organisatie"):
        missing.append("type_organisatie")
    if not record.get("hoofdpersonen"):
        missing.append("hoofdpersonen")
    phase = record.get("fase")
    if phase == ACTIVERING:
        if not record.get("redenen_niet_doorgaan"):
            missing.append("redenen_niet_doorgaan")
        if not isinstance(record.get("plan_of_afspraken"), bool):
            missing.append("plan_of_afspraken")
    elif phase == CONFERENTIE:
        meeting = first_meeting(record)
        if meeting is None:
            missing.append("bijeenkomsten")
        else:
            missing += [f"bijeenkomsten.{name}" for name in ("datum", "locatie", "dagdeel", "resultaat",
                                                              "aanwezigen")
                        if not meeting.get(name)]
            missing += [f"bijeenkomsten.{name}" for name in ("duur_totaal_uur", "duur_besloten_uur")
                        if meeting.get(name) is None]
    else:
        missing.append("fase")
    return missing


def case_result(record: Record) -> str | None:
    """T1: the phase the case closed in and whether it ended with a plan (or agreements)."""
    phase = record.get("fase")
    if phase == ACTIVERING:
        return v.CASE_RESULTS[1] if record.get("plan_of_afspraken") else v.CASE_RESULTS[0]
    if phase == CONFERENTIE:
        meeting = first_meeting(record)
        no_plan = meeting is None or meeting.get("resultaat") == NOT_AGREED
        return v.CASE_RESULTS[2] if no_plan else v.CASE_RESULTS[3]
    return None


def _organisation_type(record: Record) -> str:
    return record.get("type_organisatie") or "Onbekend"


T1 = CountSpec("T1", "Resultaat", "Resultaat", v.CASE_RESULTS, case_result, population="all")
T3 = CountSpec("T3", "Verdeling over provincies", "Provincie", v.PROVINCES, lambda r: r.get("provincie"),
               sort=True, omit_zero=True)
T4 = CountSpec("T4", "Aanmelders", "Type aanmelder", v.REFERRER_TYPES, lambda r: r.get("type_aanmelder"),
               split=True)
T5 = CountSpec("T5", "Type organisatie", "Type organisatie", v.ORGANISATION_TYPES, _organisation_type,
               population="organisatie")
T10 = CountSpec("T10", "Aanwezigheid professionele hulp in het gezin", "Professionele hulp", v.PROFESSIONAL_HELP,
                lambda r: r.get("professionele_hulp"), split=True)
SPECS = (T1, T3, T4, T5, T10)


def case_figures(closed: Sequence[Record], complete: Sequence[Record]) -> dict[str, Any]:
    """§2.1 text: closed cases, phases, plans, first/repeat requests, compulsory framework."""
    results = [case_result(r) for r in closed]
    activation = sum(1 for r in closed if r.get("fase") == ACTIVERING)
    conference = sum(1 for r in closed if r.get("fase") == CONFERENTIE)
    plan_without = results.count(v.CASE_RESULTS[1])
    with_plan = plan_without + results.count(v.CASE_RESULTS[3])
    repeat = sum(1 for r in complete if r.get("eerdere_ekc"))
    compulsory = sum(1 for r in closed if r.get("gedwongen_kader"))
    return {
        "aantal_afgesloten": len(closed),
        "aantal_volledig_geregistreerd": len(complete),
        "aantal_onvolledig_geregistreerd": len(closed) - len(complete),
        "afgesloten_in_activeringsfase": activation,
        "afgesloten_in_conferentiefase": conference,
        "pct_tot_conferentie": pct(conference, len(closed)),
        "plan_of_afspraken_zonder_bijeenkomst": plan_without,
        "conferenties_zonder_plan": results.count(v.CASE_RESULTS[2]),
        "pct_plan_en_of_afspraken": pct(with_plan, len(closed)),
        "eerste_aanvraag": len(complete) - repeat,
        "eerdere_ekc": repeat,
        "pct_eerste_aanvraag": pct(len(complete) - repeat, len(complete)),
        "gedwongen_kader": compulsory,
        "pct_gedwongen_kader": pct(compulsory, len(closed)),
    }
