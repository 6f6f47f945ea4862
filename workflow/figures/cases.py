"""The case-level tables (T1, T3, T4, T5, T10), completeness of a record, the follow-up cells (T23) and the
case text figures."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from workflow import vocabulary as v
from workflow.figures.common import ACTIVERING, CONFERENTIE, Record, first_meeting, pct
from workflow.figures.tables import CountSpec, Facts, Groups
from workflow.registration import schema

NOT_AGREED = v.MEETING_RESULTS[2]
REQUIRED = tuple(f.name for f in schema.report_required((*schema.APPLICATION, *schema.CASE_FIELDS)))
# A meeting's numbers count when present (0 too), its other fields when not empty.
MEETING_REQUIRED = tuple(f.name for f in schema.report_required(schema.MEETING) if f.kind not in ("int", "float"))
MEETING_HOURS = tuple(f.name for f in schema.report_required(schema.MEETING) if f.kind in ("int", "float"))
FOLLOW_UP_CELLS = {
    (who, outcome): f"{label}|{outcome}"
    for who, label in v.FOLLOW_UP_CALLER_LABELS.items()
    for outcome in v.FOLLOW_UP_OUTCOMES
}


def record_missing(record: Record) -> list[str]:
    """The fields a closed case's registration still lacks for the yearly tables ([] = fully registered).

    The report's 146-base tables count only fully registered cases; T1 counts every closed case."""
    missing = [name for name in REQUIRED if not record.get(name)]
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
            missing += [f"bijeenkomsten.{name}" for name in MEETING_REQUIRED if not meeting.get(name)]
            missing += [f"bijeenkomsten.{name}" for name in MEETING_HOURS if meeting.get(name) is None]
    else:
        missing.append("fase")
    return missing


def is_complete(record: Record, meeting: Mapping[str, Any] | None) -> bool:
    """`not record_missing(record)`, without collecting what is missing (`meeting`: the first meeting)."""
    get = record.get
    if not all(map(get, REQUIRED)) or not get("hoofdpersonen"):
        return False
    if get("type_aanmelder") == "Organisatie" and not get("type_organisatie"):
        return False
    phase = get("fase")
    if phase == ACTIVERING:
        return bool(get("redenen_niet_doorgaan")) and isinstance(get("plan_of_afspraken"), bool)
    if phase == CONFERENTIE:
        return (
            meeting is not None
            and all(map(meeting.get, MEETING_REQUIRED))
            and None not in map(meeting.get, MEETING_HOURS)
        )
    return False


def case_result(record: Record) -> str | None:
    """T1: the phase the case closed in and whether it ended with a plan (or agreements)."""
    return case_result_of(record.get("fase"), record, first_meeting(record))


def case_result_of(phase: Any, record: Record, meeting: Mapping[str, Any] | None) -> str | None:
    """`case_result` with the phase and first meeting already read."""
    if phase == ACTIVERING:
        return v.CASE_RESULTS[1] if record.get("plan_of_afspraken") else v.CASE_RESULTS[0]
    if phase == CONFERENTIE:
        no_plan = meeting is None or meeting.get("resultaat") == NOT_AGREED
        return v.CASE_RESULTS[2] if no_plan else v.CASE_RESULTS[3]
    return None


def follow_up_labels(items: Sequence[Mapping[str, Any]] | None) -> tuple[str, ...]:
    """T23 cells "<caller row>|<outcome>": each caller's last recorded follow-up of the case."""
    last: dict[Any, Any] = {}
    for item in items or ():
        if (item.get("wie"), item.get("uitkomst")) in FOLLOW_UP_CELLS:
            last[item["wie"]] = item["uitkomst"]
    return tuple(map(FOLLOW_UP_CELLS.__getitem__, last.items()))


def _organisation_type(value: Any) -> tuple[tuple[str, int], ...]:
    return ((value or "Onbekend", 1),)


T1 = CountSpec("T1", "Resultaat", "Resultaat", v.CASE_RESULTS, "result", population="all")
T3 = CountSpec("T3", "Verdeling over provincies", "Provincie", v.PROVINCES, "provincie", sort=True, omit_zero=True)
T4 = CountSpec("T4", "Aanmelders", "Type aanmelder", v.REFERRER_TYPES, "type_aanmelder", split=True)
T5 = CountSpec(
    "T5",
    "Type organisatie",
    "Type organisatie",
    v.ORGANISATION_TYPES,
    "type_organisatie",
    _organisation_type,
    population="organisatie",
)
T10 = CountSpec(
    "T10",
    "Aanwezigheid professionele hulp in het gezin",
    "Professionele hulp",
    v.PROFESSIONAL_HELP,
    "professionele_hulp",
    split=True,
)
SPECS = (T1, T3, T4, T5, T10)


def stats(fact: Facts, member: frozenset[str]) -> Iterator[tuple[str, str, int]]:
    """What a record adds to the case figures: its phase, and the repeat request and compulsory flags."""
    if fact.fase:
        yield "fase", fact.fase, 1
    if fact.gedwongen_kader:
        yield "flag", "gedwongen_kader", 1
    if fact.eerdere_ekc and "complete" in member:
        yield "flag", "eerdere_ekc", 1


def case_figures(groups: Groups) -> dict[str, Any]:
    """§2.1 text: closed cases, phases, plans, first/repeat requests, compulsory framework."""
    closed, complete = groups["pop"]["all"], groups["pop"]["complete"]
    results, phases, flags = groups["T1"], groups["fase"], groups["flag"]
    activation, conference = phases[ACTIVERING], phases[CONFERENTIE]
    plan_without = results[v.CASE_RESULTS[1]]
    with_plan = plan_without + results[v.CASE_RESULTS[3]]
    repeat, compulsory = flags["eerdere_ekc"], flags["gedwongen_kader"]
    return {
        "aantal_afgesloten": closed,
        "aantal_volledig_geregistreerd": complete,
        "aantal_onvolledig_geregistreerd": closed - complete,
        "afgesloten_in_activeringsfase": activation,
        "afgesloten_in_conferentiefase": conference,
        "pct_tot_conferentie": pct(conference, closed),
        "plan_of_afspraken_zonder_bijeenkomst": plan_without,
        "conferenties_zonder_plan": results[v.CASE_RESULTS[2]],
        "pct_plan_en_of_afspraken": pct(with_plan, closed),
        "eerste_aanvraag": complete - repeat,
        "eerdere_ekc": repeat,
        "pct_eerste_aanvraag": pct(complete - repeat, complete),
        "gedwongen_kader": compulsory,
        "pct_gedwongen_kader": pct(compulsory, closed),
    }
