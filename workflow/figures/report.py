"""The yearly report: filter the records, split them into the report's populations, build every table and
text figure, and compare with the previous year."""
import gc
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from workflow.figures import cases, content, meetings, persons
from workflow.figures.common import Record, day
from workflow.figures.facts import Facts, fact_populations, facts_of
from workflow.figures.satisfaction import QuestionnaireResults, satisfaction_figures, satisfaction_tables
from workflow.figures.tables import CountSpec, count_table
from workflow.figures.tables import cell_refs as _spec_cell_refs

SPECS: dict[str, CountSpec] = {
    spec.id: spec
    for spec in sorted((*cases.SPECS, *persons.SPECS, *content.SPECS, *meetings.SPECS),
                       key=lambda s: int(s.id[1:]))
}
TABLE_IDS = tuple(f"T{n}" for n in range(1, 24))
COMPARED_FIGURES = ("aantal_afgesloten", "aantal_volledig_geregistreerd", "afgesloten_in_conferentiefase",
                    "pct_tot_conferentie", "pct_plan_en_of_afspraken", "pct_gedwongen_kader",
                    "gemiddeld_aantal_problemen", "gemiddeld_aantal_onderwerpen", "gemiddeld_aantal_aanwezigen")


@dataclass(frozen=True)
class Filters:
    """Which closed cases the report covers. `year` is the year of the closing date; `provincies` and
    `gemeenten` are sets (a region is a set of provinces or of municipalities); None means no filter."""

    year: int | None = None
    provincies: frozenset[str] | None = None
    gemeenten: frozenset[str] | None = None
    type_organisatie: str | None = None
    variant: str | None = None

    @classmethod
    def of(cls, year: int | None = None, provincies: Collection[str] | str | None = None,
           gemeenten: Collection[str] | str | None = None, type_organisatie: str | None = None,
           variant: str | None = None) -> "Filters":
        def as_set(value: Collection[str] | str | None) -> frozenset[str] | None:
            if value is None or value == "":
                return None
            return frozenset([value]) if isinstance(value, str) else frozenset(value)
        return cls(year, as_set(provincies), as_set(gemeenten), type_organisatie or None, variant or None)

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year,
                "provincies": sorted(self.provincies) if self.provincies is not None else None,
                "gemeenten": sorted(self.gemeenten) if self.gemeenten is not None else None,
                "type_organisatie": self.type_organisatie, "variant": self.variant}

    def previous_year(self) -> "Filters":
        return Filters(self.year - 1 if self.year else None, self.provincies, self.gemeenten,
                       self.type_organisatie, self.variant)


def closing_year(record: Record) -> int | None:
    closed = day(record.get("afsluitdatum"))
    return closed.year if closed else None


def _passes(record: Record, filters: Filters) -> bool:
    get = record.get
    return ((filters.year is None or closing_year(record) == filters.year)
            and (filters.provincies is None or get("provincie") in filters.provincies)
            and (filters.gemeenten is None or get("gemeente") in filters.gemeenten)
            and (filters.type_organisatie is None or get("type_organisatie") == filters.type_organisatie)
            and (filters.variant is None or get("variant") == filters.variant))


def filter_records(records: Iterable[Record], filters: Filters) -> list[Record]:
    """The records that pass every filter."""
    return [record for record in records if _passes(record, filters)]


def selected_facts(records: Iterable[Record], filters: Filters) -> list[Facts]:
    """The facts of the records that pass every filter (one pass)."""
    return [facts_of(record) for record in records if _passes(record, filters)]


def populations(closed: Iterable[Record]) -> dict[str, list[Record]]:
    """The report's bases as records: every closed case (T1), the fully registered ones, and their subsets."""
    records = list(closed)
    facts = [facts_of(record) for record in records]
    record_of = {id(f): record for f, record in zip(facts, records, strict=True)}
    return {name: [record_of[id(f)] for f in group] for name, group in fact_populations(facts).items()}


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the report is built: the facts hold no reference cycles, and the
    collections triggered by 100,000 new tuples would rescan every record in memory (~15% of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def yearly_report(records: Iterable[Record], filters: Filters | None = None,
                  questionnaires: QuestionnaireResults | None = None,
                  previous: Iterable[Record] | None = None) -> dict[str, Any]:
    """The report in the JSON shape of API.md: {"year", "filters", "tables": {"T1".."T23"}, "figures"}.

    `records` are registration-v1 records (closed cases); `previous` (the previous year's records, filtered
    the same way) adds a "vorig_jaar" count to every row of the count tables and figures["vorig_jaar"]."""
    filters = filters or Filters()
    with gc_paused():
        pops = fact_populations(selected_facts(records, filters))
        tables: dict[str, Any] = {spec_id: count_table(spec, pops[spec.population])
                                  for spec_id, spec in SPECS.items()}
        tables["T23"] = meetings.follow_up_table(pops["complete"])
        tables |= satisfaction_tables(questionnaires)
        figures = {
            **cases.case_figures(pops["all"], pops["complete"]),
            **persons.person_figures(pops["complete"]),
            **content.content_figures(pops["complete"]),
            **meetings.meeting_figures(pops["complete"], pops["conferentie"]),
            **satisfaction_figures(questionnaires),
        }
    report = {"year": filters.year, "filters": filters.as_json(),
              "tables": {table_id: tables[table_id] for table_id in TABLE_IDS}, "figures": figures}
    if previous is not None:
        prior_filters = filters.previous_year()
        prior = yearly_report(previous, prior_filters)
        _compare(report, prior)
    return report


def _compare(report: dict[str, Any], prior: dict[str, Any]) -> None:
    for table_id in SPECS:
        table, old = report["tables"][table_id], prior["tables"][table_id]
        old_counts = {row["label"]: row["n"] for row in old["rows"]}
        for row in table["rows"]:
            row["vorig_jaar"] = old_counts.get(row["label"], 0)
        table["total"]["vorig_jaar"] = old["total"]["n"]
        table["columns"].append({"key": "vorig_jaar", "title": "Vorig jaar"})
    report["figures"]["vorig_jaar"] = {name: prior["figures"].get(name) for name in COMPARED_FIGURES}


def cell_refs(records: Iterable[Record], filters: Filters, table_id: str, label: str | None = None,
              column: str | None = None) -> list[str]:
    """The refs of the cases behind one count of the report (same filters, same populations): the row
    `label` ("Totaal" or None: the whole table) and, for tables split in columns, the `column`."""
    if table_id != "T23" and table_id not in SPECS:
        return []
    pops = fact_populations(selected_facts(records, filters))
    if table_id == "T23":
        return _follow_up_refs(pops["complete"], label, column)
    spec = SPECS[table_id]
    return _spec_cell_refs(spec, pops[spec.population], label, column)


def _follow_up_refs(facts: Sequence[Facts], label: str | None, column: str | None) -> list[str]:
    """T23 cells: a caller row and an outcome column; the row's total; or every case with a follow-up."""
    whole_table = not label or label == "Totaal"
    found = []
    for fact in facts:
        cells = fact.follow_up
        if column in ("positief", "neutraal", "negatief"):
            hit = any(c.endswith(f"|{column}") and (whole_table or c == f"{label}|{column}") for c in cells)
        else:
            hit = bool(cells) and (whole_table or any(c.startswith(f"{label}|") for c in cells))
        if hit and fact.ref:
            found.append(fact.ref)
    return found
