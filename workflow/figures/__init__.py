"""The yearly figures (jaarcijfers): pure functions from registration-v1 records to the report's tables T1–T23
and text figures (research/jaarcijfers-2022.md §7), in the JSON shape of shared/API.md.

    report = yearly_report(records, Filters.of(year=2022, provincies={"Gelderland", "Overijssel"}))
    report["tables"]["T3"]["rows"][0] -> {"label": "Gelderland", "n": 15, "pct": 10.3}

Every record is read once: facts derives its buckets and row labels (a small named tuple per record), and
the tables count those with collections.Counter. Modules: common (rounding, dates, buckets), tables (the
generic count table and its drill-down), facts (one record's facts), cases (T1, T3–T5, T10, completeness),
persons (T6, T7), content (T8, T9, T11), meetings (T2, T12–T18, T23, plan and grades), satisfaction
(T19–T22 from questionnaire results), report (filters, populations, the whole report, drill-down).
"""
from workflow.figures.cases import record_missing
from workflow.figures.common import pct
from workflow.figures.report import SPECS, TABLE_IDS, Filters, cell_refs, filter_records, populations, yearly_report
from workflow.figures.satisfaction import QuestionnaireResults

__all__ = ["SPECS", "TABLE_IDS", "Filters", "QuestionnaireResults", "cell_refs", "filter_records", "pct",
           "populations", "record_missing", "yearly_report"]
