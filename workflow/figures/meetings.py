"""The conference: lead time (T2), the meeting tables (T12–T18), the plan, the coordinator's grades and the
follow-up (T23). A registration's conference is its first meeting (`Facts.meeting`)."""
from collections import Counter
from collections.abc import Sequence
from typing import Any

from workflow import vocabulary as v
from workflow.figures.common import day, hours_band, lead_time_band, mean, pct
from workflow.figures.tables import CountSpec, Facts, as_label, column

NO_MEETING = v.LEAD_TIME_BANDS[4]
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
T12 = CountSpec("T12", "Locatie van de EK-c", "Locatie", v.MEETING_LOCATIONS, "meeting_locatie",
                population="conferentie")
T13 = CountSpec("T13", "Dag van de bijeenkomsten", "Dag", v.MEETING_DAYS, "meeting_datum", _weekday,
                population="conferentie")
T14 = CountSpec("T14", "Tijdstip van de bijeenkomsten", "Tijdstip", v.DAYPARTS, "meeting_dagdeel",
                population="conferentie")
T15 = CountSpec("T15", "Duur van de bijeenkomsten – totaal", "Duur", v.TOTAL_DURATION_BANDS,
                "meeting_duur_totaal_uur", _total_hours, population="conferentie")
T16 = CountSpec("T16", "Duur van de bijeenkomsten – besloten deel", "Duur", v.PRIVATE_DURATION_BANDS,
                "meeting_duur_besloten_uur", _private_hours, population="conferentie")
T17 = CountSpec("T17", "Aanwezigen bij de bijeenkomsten", "Aanwezigen", v.ATTENDEE_CATEGORIES,
                "meeting_aanwezigen", _present, population="conferentie", weighted=True, base="items",
                total_label="Totaal aantal aanwezigen",
                groups=(("Totaal familie/sociaal netwerk", v.ATTENDEE_FAMILY_NETWORK),
                        ("Totaal beroepskrachten", v.ATTENDEE_PROFESSIONALS)))
T18 = CountSpec("T18", "Resultaat van de bijeenkomst", "Resultaat", v.MEETING_RESULTS, "meeting_resultaat",
                population="conferentie")
SPECS = (T2, T12, T13, T14, T15, T16, T17, T18)


def follow_up_table(complete: Sequence[Facts]) -> dict[str, Any]:
    """T23: per caller (rows) the coded outcomes (columns) and their total."""
    counts = Counter(label for f in complete for label in f.follow_up)
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
    return {"title": FOLLOW_UP_TITLE, "base": total["totaal"], "columns": columns, "rows": rows, "total": total}


def _distinct(values: Any, derive: Any) -> Counter:
    """Counter of the labels `derive` gives the values (or a Counter of them), once per distinct value."""
    counts: Counter = Counter()
    for value, times in (values if isinstance(values, Counter) else Counter(values)).items():
        for label, weight in derive(value):
            counts[label] += weight * times
    return counts


def meeting_figures(complete: Sequence[Facts], conferences: Sequence[Facts]) -> dict[str, Any]:
    """§2.2, §2.9–2.13 text: lead times, attendees, plan content, the coordinator's grades."""
    leads = Counter(f.lead for f in complete)
    days = [d for d in map(lead_days, leads) if d is not None]
    bands = _distinct(leads, _lead_time)
    shapes = Counter(tuple(d.values()) if d else () for d in column(conferences, "meeting_aanwezigen"))
    per_shape = {shape: present(dict(enumerate(shape))) for shape in shapes}  # once per distinct set of numbers
    total = sum(per_shape[shape] * times for shape, times in shapes.items())
    private = _distinct(column(conferences, "meeting_duur_besloten_uur"), _private_hours)
    figures = {
        "minimale_doorlooptijd_dagen": min(days, default=None),
        "maximale_doorlooptijd_dagen": max(days, default=None),
        "pct_binnen_twee_maanden": pct(bands[v.LEAD_TIME_BANDS[0]] + bands[v.LEAD_TIME_BANDS[1]], len(complete)),
        "aantal_bijeenkomsten": len(conferences),
        "aantal_aanwezigen": total,
        "gemiddeld_aantal_aanwezigen": mean(total, len(conferences)),
        "minimum_aanwezigen": min(per_shape.values(), default=None),
        "maximum_aanwezigen": max(per_shape.values(), default=None),
        "uitgenodigd_niet_aanwezig": sum(n or 0 for n in column(conferences,
                                                                "meeting_uitgenodigd_niet_aanwezig")),
        "pct_besloten_deel_korter_dan_3_uur": pct(private[v.PRIVATE_DURATION_BANDS[0]]
                                                  + private[v.PRIVATE_DURATION_BANDS[1]], len(conferences)),
    }
    return figures | plan_figures(conferences) | grade_figures(complete)


def plan_figures(conferences: Sequence[Facts]) -> dict[str, Any]:
    """§2.11 text, on the conferences with a recorded plan."""
    plans = [p for p in column(conferences, "plan") if isinstance(p, dict)]
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


def grade_figures(complete: Sequence[Facts]) -> dict[str, Any]:
    """§2.12–2.13: the coordinator's grades for the referrer and the regiomanager (mean, fails below 6)."""
    figures: dict[str, Any] = {}
    for name in ("aanmelder", "regiomanager"):
        grades = [g for g in column(complete, f"cijfer_samenwerking_{name}")
                  if isinstance(g, int) and not isinstance(g, bool)]
        figures[f"cijfer_samenwerking_{name}"] = mean(sum(grades), len(grades))
        figures[f"aantal_cijfers_samenwerking_{name}"] = len(grades)
        figures[f"onvoldoendes_samenwerking_{name}"] = sum(1 for g in grades if g < 6)
    return figures
