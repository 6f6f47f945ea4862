"""The conference: lead time (T2), the meeting tables (T12–T18), the plan, the coordinator's grades and the
follow-up (T23). A registration's conference is its first meeting (`Facts.meeting`)."""

from collections.abc import Iterator, Mapping
from typing import Any

from workflow import vocabulary as v
from workflow.figures.common import day, hours_band, lead_time_band, mean, pct
from workflow.figures.tables import CountSpec, Facts, Groups, as_label

NO_MEETING = v.LEAD_TIME_BANDS[4]
GRADED = ("aanmelder", "regiomanager")
# The numbers summed over the conferences (the text figure of invited but absent people).
SUMMED = ("uitgenodigd_niet_aanwezig",)
PLAN_FLAGS = ("evaluatieafspraken", "noodplan", "vraag_professionele_hulp")
PLAN_KEYS = (
    "plannen",
    *(f"acceptatie: {a}" for a in (*v.PLAN_ACCEPTANCE, None)),
    *PLAN_FLAGS,
    "met_verblijfplaatswijziging",
    "verblijfplaatswijzigingen",
)
FOLLOW_UP_TITLE = "Follow-up"


def lead_days(lead: tuple[Any, ...]) -> int | None:
    """Days from application to the first meeting, from `Facts.lead`; None without both dates."""
    applied, met = (day(lead[0]), day(lead[1])) if lead else (None, None)
    return (met - applied).days if applied and met else None


def _lead_time(lead: tuple[Any, ...]) -> tuple[tuple[str, int], ...]:
    """T2: months from application to the first meeting; "n.v.t." for a case closed without a meeting."""
    if not lead:
        return ((NO_MEETING, 1),)
    return as_label(lead_time_band(day(lead[0]), day(lead[1])))


def _weekday(value: Any) -> tuple[tuple[str, int], ...]:
    """T13: weekday or weekend, from the meeting's date."""
    met = day(value)
    if met is None:
        return ()
    return ((v.MEETING_DAYS[1] if met.weekday() >= 5 else v.MEETING_DAYS[0], 1),)


def _total_hours(hours: Any) -> tuple[tuple[str, int], ...]:
    return as_label(hours_band(hours, v.TOTAL_DURATION_BANDS))


def _private_hours(hours: Any) -> tuple[tuple[str, int], ...]:
    return as_label(hours_band(hours, v.PRIVATE_DURATION_BANDS))


def _present(item: tuple[str, Any]) -> tuple[tuple[str, int], ...]:
    """T17: (category, number) counts when the number is a positive whole number."""
    category, n = item
    return ((category, n),) if isinstance(n, int) and n > 0 else ()


def present(attendees: Any) -> int:
    """The number of people at one meeting (T17's rule: positive whole numbers)."""
    return sum(n for n in (attendees or {}).values() if isinstance(n, int) and n > 0)


T2 = CountSpec("T2", "Datum tussen aanmelding en conferentie", "Tijdsduur", v.LEAD_TIME_BANDS, "lead", _lead_time)
T12 = CountSpec(
    "T12", "Locatie van de EK-c", "Locatie", v.MEETING_LOCATIONS, "meeting_locatie", population="conferentie"
)
T13 = CountSpec(
    "T13", "Dag van de bijeenkomsten", "Dag", v.MEETING_DAYS, "meeting_datum", _weekday, population="conferentie"
)
T14 = CountSpec(
    "T14", "Tijdstip van de bijeenkomsten", "Tijdstip", v.DAYPARTS, "meeting_dagdeel", population="conferentie"
)
T15 = CountSpec(
    "T15",
    "Duur van de bijeenkomsten – totaal",
    "Duur",
    v.TOTAL_DURATION_BANDS,
    "meeting_duur_totaal_uur",
    _total_hours,
    population="conferentie",
)
T16 = CountSpec(
    "T16",
    "Duur van de bijeenkomsten – besloten deel",
    "Duur",
    v.PRIVATE_DURATION_BANDS,
    "meeting_duur_besloten_uur",
    _private_hours,
    population="conferentie",
)
T17 = CountSpec(
    "T17",
    "Aanwezigen bij de bijeenkomsten",
    "Aanwezigen",
    v.ATTENDEE_CATEGORIES,
    "meeting_aanwezigen",
    _present,
    population="conferentie",
    weighted=True,
    base="items",
    total_label="Totaal aantal aanwezigen",
    groups=(
        ("Totaal familie/sociaal netwerk", v.ATTENDEE_FAMILY_NETWORK),
        ("Totaal beroepskrachten", v.ATTENDEE_PROFESSIONALS),
    ),
)
T18 = CountSpec(
    "T18", "Resultaat van de bijeenkomst", "Resultaat", v.MEETING_RESULTS, "meeting_resultaat", population="conferentie"
)
SPECS = (T2, T12, T13, T14, T15, T16, T17, T18)


def follow_up_table(groups: Groups) -> dict[str, Any]:
    """T23: per caller (rows) the coded outcomes (columns) and their total."""
    counts = groups["T23"]
    rows = []
    for who in v.FOLLOW_UP_CALLERS:
        label = v.FOLLOW_UP_CALLER_LABELS[who]
        row: dict[str, Any] = {"label": label}
        row.update({outcome: counts[f"{label}|{outcome}"] for outcome in v.FOLLOW_UP_OUTCOMES})
        row["totaal"] = row["n"] = sum(row[o] for o in v.FOLLOW_UP_OUTCOMES)
        rows.append(row)
    total: dict[str, Any] = {"label": "Totaal"}
    total.update({key: sum(r[key] for r in rows) for key in (*v.FOLLOW_UP_OUTCOMES, "totaal")})
    total["n"] = total["totaal"]
    columns = [
        {"key": "label", "title": ""},
        {"key": "positief", "title": "Positief"},
        {"key": "neutraal", "title": "Neutraal"},
        {"key": "negatief", "title": "Negatief"},
        {"key": "totaal", "title": "Totaal"},
    ]
    return {"title": FOLLOW_UP_TITLE, "base": total["totaal"], "columns": columns, "rows": rows, "total": total}


def stats(fact: Facts, member: frozenset[str]) -> Iterator[tuple[str, str, int]]:
    """What a record adds to T23 and the meeting figures: the follow-up cells, the lead time in days and the
    grades (fully registered cases); the number present, those invited but absent, and the plan
    (conferences)."""
    if "complete" not in member:
        return
    for cell in fact.follow_up:
        yield "T23", cell, 1
    days = lead_days(fact.lead)
    if days is not None:
        yield "lead_days", str(days), 1
    for name in GRADED:
        grade = getattr(fact, f"cijfer_samenwerking_{name}")
        if isinstance(grade, int) and not isinstance(grade, bool):
            yield f"grade_{name}", str(grade), 1
    if "conferentie" in member:
        yield "present", str(present(fact.meeting_aanwezigen)), 1
        for name in SUMMED:
            yield "sum", name, getattr(fact, f"meeting_{name}") or 0
        if isinstance(fact.plan, dict):
            yield from plan_stats(fact.plan)


def plan_stats(plan: Mapping[str, Any]) -> Iterator[tuple[str, str, int]]:
    changes = plan.get("verblijfplaatswijzigingen") or []
    yield "plan", "plannen", 1
    yield "plan", f"acceptatie: {plan.get('acceptatie_professional')}", 1
    for flag in PLAN_FLAGS:
        if plan.get(flag):
            yield "plan", flag, 1
    if changes:
        yield "plan", "met_verblijfplaatswijziging", 1
        yield "plan", "verblijfplaatswijzigingen", len(changes)
    for change in changes:
        yield "richting", change.get("richting") or "onbekend", 1


def distribution(counts: Mapping[str, int]) -> dict[int, int]:
    """A tallied distribution ("45" -> 3 cases) with its values as numbers."""
    return {int(value): n for value, n in counts.items() if n}


def meeting_figures(groups: Groups) -> dict[str, Any]:
    """§2.2, §2.9–2.13 text: lead times, attendees, plan content, the coordinator's grades."""
    complete, conferences = groups["pop"]["complete"], groups["pop"]["conferentie"]
    days = distribution(groups["lead_days"])
    bands, private = groups["T2"], groups["T16"]
    present_per_meeting = distribution(groups["present"])
    total = sum(n * meetings for n, meetings in present_per_meeting.items())
    figures = {
        "minimale_doorlooptijd_dagen": min(days, default=None),
        "maximale_doorlooptijd_dagen": max(days, default=None),
        "pct_binnen_twee_maanden": pct(bands[v.LEAD_TIME_BANDS[0]] + bands[v.LEAD_TIME_BANDS[1]], complete),
        "aantal_bijeenkomsten": conferences,
        "aantal_aanwezigen": total,
        "gemiddeld_aantal_aanwezigen": mean(total, conferences),
        "minimum_aanwezigen": min(present_per_meeting, default=None),
        "maximum_aanwezigen": max(present_per_meeting, default=None),
        "uitgenodigd_niet_aanwezig": groups["sum"]["uitgenodigd_niet_aanwezig"],
        "pct_besloten_deel_korter_dan_3_uur": pct(
            private[v.PRIVATE_DURATION_BANDS[0]] + private[v.PRIVATE_DURATION_BANDS[1]], conferences
        ),
    }
    return figures | plan_figures(groups) | grade_figures(groups)


def plan_figures(groups: Groups) -> dict[str, Any]:
    """§2.11 text, on the conferences with a recorded plan."""
    plan, directions = groups["plan"], groups["richting"]
    plans = plan["plannen"]
    accepted, pending = plan["acceptatie: direct geaccepteerd"], plan["acceptatie: nog af te stemmen"]
    return {
        "aantal_plannen": plans,
        "plan_acceptatie_nodig": accepted + pending,
        "plan_direct_geaccepteerd": accepted,
        "plan_nog_af_te_stemmen": pending,
        "pct_plan_met_evaluatieafspraken": pct(plan["evaluatieafspraken"], plans),
        "pct_plan_met_noodplan": pct(plan["noodplan"], plans),
        "pct_plan_vraagt_professionele_hulp": pct(plan["vraag_professionele_hulp"], plans),
        "pct_plan_met_verblijfplaatswijziging": pct(plan["met_verblijfplaatswijziging"], plans),
        "personen_met_verblijfplaatswijziging": plan["verblijfplaatswijzigingen"],
        "verblijfplaatswijziging_per_richting": {d: directions[d] for d in v.RESIDENCE_CHANGE_DIRECTIONS},
    }


def grade_figures(groups: Groups) -> dict[str, Any]:
    """§2.12–2.13: the coordinator's grades for the referrer and the regiomanager (mean, fails below 6)."""
    figures: dict[str, Any] = {}
    for name in GRADED:
        grades = distribution(groups[f"grade_{name}"])
        count = sum(grades.values())
        figures[f"cijfer_samenwerking_{name}"] = mean(sum(g * n for g, n in grades.items()), count)
        figures[f"aantal_cijfers_samenwerking_{name}"] = count
        figures[f"onvoldoendes_samenwerking_{name}"] = sum(n for g, n in grades.items() if g < 6)
    return figures
