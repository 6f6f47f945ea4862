"""The yearly report: filter the records, add up their tallies (workflow.figures.tally), lay out every table
and text figure from the sum, and compare with the previous year."""

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from workflow import vocabulary as v
from workflow.figures import after_plan, cases, content, meetings, persons
from workflow.figures.catalogue import SPECS, TABLE_IDS
from workflow.figures.common import Record, day
from workflow.figures.satisfaction import QuestionnaireResults, satisfaction_figures, satisfaction_tables
from workflow.figures.tables import count_table, counts_in_cell
from workflow.figures.tally import Groups, grouped, sum_tallies, tally_of

__all__ = [
    "SPECS",
    "TABLE_IDS",
    "Filters",
    "cell_refs",
    "filter_records",
    "refs_in_cell",
    "report_from_tally",
    "yearly_report",
]
COMPARED_FIGURES = (
    "aantal_afgesloten",
    "aantal_volledig_geregistreerd",
    "afgesloten_in_conferentiefase",
    "pct_tot_conferentie",
    "pct_plan_en_of_afspraken",
    "pct_gedwongen_kader",
    "gemiddeld_aantal_problemen",
    "gemiddeld_aantal_onderwerpen",
    "gemiddeld_aantal_aanwezigen",
)


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
    def of(
        cls,
        year: int | None = None,
        provincies: Collection[str] | str | None = None,
        gemeenten: Collection[str] | str | None = None,
        type_organisatie: str | None = None,
        variant: str | None = None,
    ) -> "Filters":
        def as_set(value: Collection[str] | str | None) -> frozenset[str] | None:
            if value is None or value == "":
                return None
            return frozenset([value]) if isinstance(value, str) else frozenset(value)

        return cls(year, as_set(provincies), as_set(gemeenten), type_organisatie or None, variant or None)

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "provincies": sorted(self.provincies) if self.provincies is not None else None,
            "gemeenten": sorted(self.gemeenten) if self.gemeenten is not None else None,
            "type_organisatie": self.type_organisatie,
            "variant": self.variant,
        }

    def previous_year(self) -> "Filters":
        return Filters(
            self.year - 1 if self.year else None, self.provincies, self.gemeenten, self.type_organisatie, self.variant
        )


def closing_year(record: Record) -> int | None:
    closed = day(record.get("afsluitdatum"))
    return closed.year if closed else None


def _passes(record: Record, filters: Filters) -> bool:
    get = record.get
    return (
        (filters.year is None or closing_year(record) == filters.year)
        and (filters.provincies is None or get("provincie") in filters.provincies)
        and (filters.gemeenten is None or get("gemeente") in filters.gemeenten)
        and (filters.type_organisatie is None or get("type_organisatie") == filters.type_organisatie)
        and (filters.variant is None or get("variant") == filters.variant)
    )


def filter_records(records: Iterable[Record], filters: Filters) -> list[Record]:
    """The records that pass every filter."""
    return [record for record in records if _passes(record, filters)]


def yearly_report(
    records: Iterable[Record],
    filters: Filters | None = None,
    questionnaires: QuestionnaireResults | None = None,
    previous: Iterable[Record] | None = None,
) -> dict[str, Any]:
    """The report in the JSON shape of API.md: {"year", "filters", "tables": {"T1".."T28"}, "figures"}.

    `records` are registration-v1 records (closed cases); `previous` (the previous year's records, filtered
    the same way) adds a "vorig_jaar" count to every row of the count tables and figures["vorig_jaar"]."""
    filters = filters or Filters()
    prior = None if previous is None else sum_tallies(filter_records(previous, filters.previous_year()))
    return report_from_tally(sum_tallies(filter_records(records, filters)), filters, questionnaires, prior)


def report_from_tally(
    total: Counter,
    filters: Filters | None = None,
    questionnaires: QuestionnaireResults | None = None,
    previous: Counter | None = None,
) -> dict[str, Any]:
    """`yearly_report` from the summed tallies of the selected records (and of the previous year's)."""
    filters = filters or Filters()
    groups = grouped(total)
    tables: dict[str, Any] = {spec_id: count_table(spec, groups) for spec_id, spec in SPECS.items()}
    tables["T23"] = meetings.follow_up_table(groups)
    tables |= satisfaction_tables(questionnaires)
    tables |= after_plan.tables(groups)
    figures = {
        **cases.case_figures(groups),
        **persons.person_figures(groups),
        **content.content_figures(groups),
        **meetings.meeting_figures(groups),
        **satisfaction_figures(questionnaires),
        **after_plan.figures(groups),
    }
    report = {
        "year": filters.year,
        "filters": filters.as_json(),
        "tables": {table_id: tables[table_id] for table_id in TABLE_IDS},
        "figures": figures,
    }
    if previous is not None:
        _compare(report, report_from_tally(previous, filters.previous_year()))
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


def cell_refs(
    records: Iterable[Record], filters: Filters, table_id: str, label: str | None = None, column: str | None = None
) -> list[str]:
    """The refs of the cases behind one count of the report (same filters, same populations): the row
    `label` ("Totaal" or None: the whole table) and, for tables split in columns, the `column`."""
    tallies = ((record.get("ref"), grouped(tally_of(record))) for record in filter_records(records, filters))
    return refs_in_cell(tallies, table_id, label, column)


def refs_in_cell(
    tallies: Iterable[tuple[str | None, Groups]], table_id: str, label: str | None = None, column: str | None = None
) -> list[str]:
    """`cell_refs` over (ref, grouped tally) pairs, such as storage reads them."""
    if table_id == "T23":
        return [ref for ref, groups in tallies if ref and _in_follow_up_cell(groups["T23"], label, column)]
    if table_id in after_plan.TABLE_IDS:
        return [ref for ref, groups in tallies if ref and after_plan.in_cell(groups, table_id, label, column)]
    spec = SPECS.get(table_id)
    if spec is None:
        return []
    return [ref for ref, groups in tallies if ref and counts_in_cell(spec, groups, label, column)]


def _in_follow_up_cell(cells: Counter, label: str | None, column: str | None) -> bool:
    """T23 cells: a caller row and an outcome column; the row's total; or every case with a follow-up."""
    whole_table = not label or label == "Totaal"
    if column in v.FOLLOW_UP_OUTCOMES:
        return any(c.endswith(f"|{column}") and (whole_table or c == f"{label}|{column}") for c in cells)
    return bool(cells) and (whole_table or any(c.startswith(f"{label}|") for c in cells))
