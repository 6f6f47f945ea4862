"""The yearly figures (jaarcijfers): pure functions from registration-v1 records to the report's tables T1–T28
and text figures (research/jaarcijfers-2022.md §7), in the JSON shape of shared/API.md.

    report = yearly_report(records, Filters.of(year=2022, provincies={"Gelderland", "Overijssel"}))
    report["tables"]["T3"]["rows"][0] -> {"label": "Gelderland", "n": 15, "pct": 10.3}

Every table and figure is a sum over the records, so each record is turned once into its tally (what it
adds: row labels, bases, the values behind means and ranges), storage keeps that beside the record, and a
report adds up tallies and lays them out. Modules: common (rounding, dates, buckets), tables (the generic
count table and its drill-down), facts (what the report reads of one record), tally (a record's tally and
the sum of many), catalogue (the count tables by id), cases (T1, T3–T5, T10, completeness), persons (T6,
T7), content (T8, T9, T11), meetings (T2, T12–T18, T23, plan and grades), satisfaction (T19–T22 from
questionnaire results), after_plan (T24–T28: the three-month check, the agreements kept, the decisions on
the plans), report (filters, the whole report, drill-down).
"""

from workflow.figures.cases import record_missing
from workflow.figures.common import pct
from workflow.figures.report import (
    SPECS,
    TABLE_IDS,
    Filters,
    cell_refs,
    filter_records,
    refs_in_cell,
    report_from_tally,
    yearly_report,
)
from workflow.figures.satisfaction import QuestionnaireResults
from workflow.figures.tally import TALLY_VERSION, add_text, tally_of, tally_text

__all__ = [
    "SPECS",
    "TABLE_IDS",
    "TALLY_VERSION",
    "Filters",
    "QuestionnaireResults",
    "add_text",
    "cell_refs",
    "filter_records",
    "pct",
    "record_missing",
    "refs_in_cell",
    "report_from_tally",
    "tally_of",
    "tally_text",
    "yearly_report",
]
