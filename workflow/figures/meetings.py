"""The conference: lead time (T2), the meeting tables (T12–T18), the plan, the coordinator's grades and the
follow-up (T23). A registration's conference is its first meeting."""
from collections import Counter
from collections.abc import Sequence
from typing import Any

from workflow import vocabulary as v
from workflow.figures.common import (
    ACTIVERING,
    CountSpec,
    Record,
    as_date,
    first_meeting,
    hours_band,
    lead_time_band,
    mean,
    pct,
)

NO_MEETING = v.LEAD_TIME_BANDS[4]


def lead_time(record: Record) -> str | None:
    """T2: months from application to the first meeting; "n.v.t." for a case closed without a meeting."""
    meeting = first_meeting(record)
    if record.get("fase") == ACTIVERING or meeting is None:
        return NO_MEETING
    return lead_time_band(as_date(record.get("aanmelddatum")), as_date(meeting.get("datum")))


def _meeting_value(name: str):
    def key(record: Record) -> Any:
        meeting = first_meeting(record)
        return meeting.get(name) if meeting else None
    return key


def meeting_day(record: Record) -> str | None:
    """T13: weekday or weekend, from the meeting's date."""
    meeting = first_meeting(record)
    day = as_date(meeting.get("datum")) if meeting else None
    if day is None:
        return None
    return v.MEETING_DAYS[1] if day.weekday() >= 5 else v.MEETING_DAYS[0]


def _duration(name: str, bands: tuple[str, ...]):
    def key(record: Record) -> str | None:
        meeting = first_meeting(record)
        return hours_band(meeting.get(name), bands) if meeting else None
    return key


def attendees(record: Record) -> dict[str, int]:
    meeting = first_meeting(record)
    present = (meeting or {}).get("aanwezigen") or {}
    return {k: n for k, n in present.items() if isinstance(n, int) and n > 0}


T2 = CountSpec("T2", "Datum tussen aanmelding en conferentie", "Tijdsduur", v.LEAD_TIME_BANDS, lead_time)
T12 = CountSpec("T12", "Locatie van de EK-c", "Locatie", v.MEETING_LOCATIONS, _meeting_value("locatie"),
                population="conferentie")
T13 = CountSpec("T13", "Dag van de bijeenkomsten", "Dag", v.MEETING_DAYS, meeting_day, population="conferentie")
T14 = CountSpec("T14", "Tijdstip van de bijeenkomsten", "Tijdstip", v.DAYPARTS, _meeting_value("dagdeel"),
                population="conferentie")
T15 = CountSpec("T15", "Duur van de bijeenkomsten – totaal", "Duur", v.TOTAL_DURATION_BANDS,
                _duration("duur_totaal_uur", v.TOTAL_DURATION_BANDS), population="conferentie")
T16 = CountSpec("T16", "Duur van de bijeenkomsten – besloten deel", "Duur", v.PRIVATE_DURATION_BANDS,
                _duration("duur_besloten_uur", v.PRIVATE_DURATION_BANDS), population="conferentie")
T17 = CountSpec("T17", "Aanwezigen bij de bijeenkomsten", "Aanwezigen", v.ATTENDEE_CATEGORIES, attendees,
                population="conferentie", weighted=True, base="items", total_label="Totaal aantal aanwezigen",
                groups=(("Totaal familie/sociaal netwerk", v.ATTENDEE_FAMILY_NETWORK),
                        ("Totaal beroepskrachten", v.ATTENDEE_PROFESSIONALS)))
T18 = CountSpec("T18", "Resultaat van de bijeenkomst", "Resultaat", v.MEETING_RESULTS, _meeting_value("resultaat"),
                population="conferentie")


def follow_up_labels(record: Record) -> list[str]:
    """T23 cells "<caller row>|<outcome>": each caller's last recorded follow-up of the case."""
    last: dict[str, str] = {}
    for item in record.get("follow_up") or ():
        if item.get("wie") in v.FOLLOW_UP_CALLER_LABELS and item.get("uitkomst") in v.FOLLOW_UP_OUTCOMES:
            last[item["wie"]] = item["uitkomst"]
    return [f"{v.FOLLOW_UP_CALLER_LABELS[who]}|{outcome}" for who, outcome in last.items()]


T23 = CountSpec("T23", "Follow-up", "Follow-up", (), follow_up_labels, multi=True, pct=False)
SPECS = (T2, T12, T13, T14, T15, T16, T17, T18)


def follow_up_table(records: Sequence[Record]) -> dict[str, Any]:
    """T23: per caller (rows) the coded outcomes (columns) and their total."""
    counts = Counter(label for r in records for label in follow_up_labels(r))
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
    columns = [{"key": "label", "title": ""}, {"key": "positief", "title": "Positief"},
               {"key": "neutraal", "title": "Neutraal"}, {"key": "negatief", "title": "Negatief"},
               {"key": "totaal", "title": "Totaal"}]
    return {"title": T23.title, "base": total["totaal"], "columns": columns, "rows": rows, "total": total}


def meeting_figures(complete: Sequence[Record], conferences: Sequence[Record]) -> dict[str, Any]:
    """§2.2, §2.9–2.13 text: lead times, attendees, plan content, the coordinator's grades."""
    days = []
    for record in complete:
        meeting = first_meeting(record)
        applied = as_date(record.get("aanmelddatum"))
        met = as_date(meeting.get("datum")) if meeting else None
        if record.get("fase") != ACTIVERING and applied and met:
            days.append((met - applied).days)
    bands = Counter(map(lead_time, complete))
    per_meeting = [sum(attendees(r).values()) for r in conferences]
    private = Counter(map(T16.key, conferences))
    figures = {
        "minimale_doorlooptijd_dagen": min(days, default=None),
        "maximale_doorlooptijd_dagen": max(days, default=None),
        "pct_binnen_twee_maanden": pct(bands[v.LEAD_TIME_BANDS[0]] + bands[v.LEAD_TIME_BANDS[1]], len(complete)),
        "aantal_bijeenkomsten": len(conferences),
        "aantal_aanwezigen": sum(per_meeting),
        "gemiddeld_aantal_aanwezigen": mean(sum(per_meeting), len(per_meeting)),
        "minimum_aanwezigen": min(per_meeting, default=None),
        "maximum_aanwezigen": max(per_meeting, default=None),
        "uitgenodigd_niet_aanwezig": sum((first_meeting(r) or {}).get("uitgenodigd_niet_aanwezig") or 0
                                         for r in conferences),
        "pct_besloten_deel_korter_dan_3_uur": pct(private[v.PRIVATE_DURATION_BANDS[0]]
                                                  + private[v.PRIVATE_DURATION_BANDS[1]], len(conferences)),
    }
    return figures | plan_figures(conferences) | grade_figures(complete)


def plan_figures(conferences: Sequence[Record]) -> dict[str, Any]:
    """§2.11 text, on the conferences with a recorded plan."""
    plans = [r["plan"] for r in conferences if isinstance(r.get("plan"), dict)]
    acceptance = Counter(p.get("acceptatie_professional") for p in plans)
    changes = [p.get("verblijfplaatswijzigingen") or [] for p in plans]
    directions = Counter(c.get("richting") or "onbekend" for items in changes for c in items)
    with_change = sum(1 for items in changes if items)
    return {
        "aantal_plannen": len(plans),
        "plan_acceptatie_nodig": acceptance["direct geaccepteerd"] + acceptance["nog af te stemmen"],
        "plan_direct_geaccepteerd": acceptance["direct geaccepteerd"],
        "plan_nog_af_te_stemmen": acceptance["nog af te stemmen"],
        "pct_plan_met_evaluatieafspraken": pct(sum(1 for p in plans if p.get("evaluatieafspraken")), len(plans)),
        "pct_plan_met_noodplan": pct(sum(1 for p in plans if p.get("noodplan")), len(plans)),
        "pct_plan_vraagt_professionele_hulp": pct(sum(1 for p in plans if p.get("vraag_professionele_hulp")),
                                                  len(plans)),
        "pct_plan_met_verblijfplaatswijziging": pct(with_change, len(plans)),
        "personen_met_verblijfplaatswijziging": sum(len(items) for items in changes),
        "verblijfplaatswijziging_per_richting": {d: directions[d] for d in v.RESIDENCE_CHANGE_DIRECTIONS},
    }


def grade_figures(complete: Sequence[Record]) -> dict[str, Any]:
    """§2.12–2.13: the coordinator's grades for the referrer and the regiomanager (mean, fails below 6)."""
    figures: dict[str, Any] = {}
    for name, field in (("aanmelder", "cijfer_samenwerking_aanmelder"),
                        ("regiomanager", "cijfer_samenwerking_regiomanager")):
        grades = [r[field] for r in complete if isinstance(r.get(field), int) and not isinstance(r[field], bool)]
        figures[f"cijfer_samenwerking_{name}"] = mean(sum(grades), len(grades))
        figures[f"aantal_cijfers_samenwerking_{name}"] = len(grades)
        figures[f"onvoldoendes_samenwerking_{name}"] = sum(1 for g in grades if g < 6)
    return figures
