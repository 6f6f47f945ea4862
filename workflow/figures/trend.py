"""The trend over the years ("Door de jaren"): per year the figures the yearly report already derives from the
summed tallies (workflow.figures.tally), side by side, and the same as rows for a CSV or XLSX download.

    points = [year_point(year, total) for year, total in tallies_per_year]
"""

from collections import Counter
from typing import Any

from workflow import vocabulary as v
from workflow.figures.common import mean
from workflow.figures.meetings import distribution
from workflow.figures.report import Filters, report_from_tally
from workflow.figures.tally import grouped

TOP_PROBLEMS = 5


def year_point(year: int, total: Counter) -> dict[str, Any]:
    """One year: closed cases, T1 per result, the share with a plan or agreements, the mean lead time in
    days (application to first meeting), the share in a compulsory framework and the most named problems."""
    report = report_from_tally(total, Filters(year))
    figures = report["figures"]
    days = distribution(grouped(total)["lead_days"])
    problems = [row for row in report["tables"]["T8"]["rows"] if row["n"] and not row.get("subtotal")]
    problems.sort(key=lambda row: -row["n"])
    return {
        "year": year,
        "closed": figures["aantal_afgesloten"],
        "results": {row["label"]: row["n"] for row in report["tables"]["T1"]["rows"]},
        "pct_plan": figures["pct_plan_en_of_afspraken"],
        "mean_lead_days": mean(sum(d * n for d, n in days.items()), sum(days.values())),
        "pct_compulsory": figures["pct_gedwongen_kader"],
        "top_problems": [(row["label"], row["n"], row.get("pct")) for row in problems[:TOP_PROBLEMS]],
    }


COLUMNS = (
    "Jaar",
    "Afgesloten zaken",
    *v.CASE_RESULTS,
    "Met plan en/of afspraken (%)",
    "Gemiddelde doorlooptijd tot de conferentie (dagen)",
    "Gedwongen kader (%)",
    *(f"Achtergrondprobleem {n}" for n in range(1, TOP_PROBLEMS + 1)),
)


def trend_rows(points: list[dict[str, Any]]) -> list[list[Any]]:
    """The header and one row per year, for CSV and XLSX (numbers as numbers, problems as "label (n)")."""
    rows: list[list[Any]] = [list(COLUMNS)]
    for p in points:
        problems = [f"{label} ({n})" for label, n, _ in p["top_problems"]]
        rows.append(
            [
                p["year"],
                p["closed"],
                *(p["results"].get(label, 0) for label in v.CASE_RESULTS),
                p["pct_plan"],
                p["mean_lead_days"],
                p["pct_compulsory"],
                *(problems + [""] * (TOP_PROBLEMS - len(problems))),
            ]
        )
    return rows
