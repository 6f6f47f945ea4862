"""The yearly report's exchange shapes: the JSON of shared/API.md and a CSV with one block per table.

The report itself is built by workflow.figures.yearly_report; these functions only lay it out. (The XLSX
writer lives in web/reports/export.py, keeping openpyxl out of the domain.)
"""

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

FIGURE_LABELS = {
    "aantal_afgesloten": "Afgesloten zaken",
    "aantal_volledig_geregistreerd": "Volledig geregistreerd",
    "aantal_onvolledig_geregistreerd": "Niet (volledig) geregistreerd",
    "afgesloten_in_activeringsfase": "Afgesloten in de activeringsfase",
    "afgesloten_in_conferentiefase": "Afgesloten in de conferentiefase",
    "pct_tot_conferentie": "% aanmeldingen dat tot een conferentie leidde",
    "plan_of_afspraken_zonder_bijeenkomst": "Plan/afspraken zonder bijeenkomst",
    "pct_plan_en_of_afspraken": "% met plan en/of afspraken",
    "pct_gedwongen_kader": "% in (dreigend) gedwongen kader",
    "gemiddeld_aantal_problemen": "Gemiddeld aantal achtergrondproblemen",
    "gemiddeld_aantal_onderwerpen": "Gemiddeld aantal onderwerpen",
    "minimale_doorlooptijd_dagen": "Kortste tijd aanmelding – bijeenkomst (dagen)",
    "gemiddeld_aantal_aanwezigen": "Gemiddeld aantal aanwezigen",
    "cijfer_samenwerking_aanmelder": "Cijfer samenwerking met aanmelder",
    "cijfer_samenwerking_regiomanager": "Cijfer samenwerking met regiomanager",
}


def to_json(report: Mapping[str, Any]) -> str:
    """The report as the API's JSON text (UTF-8, labels unescaped)."""
    return json.dumps(report, ensure_ascii=False, indent=1)


def table_lines(table_id: str, table: Mapping[str, Any]) -> Iterator[list[Any]]:
    """One table as lines of cells: a title line, the column titles, the rows, the total line."""
    keys = [c["key"] for c in table["columns"]]
    yield [table_id, table["title"], f"basis: {table['base']}"]
    yield [c["title"] for c in table["columns"]]
    for row in table["rows"]:
        yield [row.get(key) for key in keys]
    if table.get("total"):
        yield [table["total"].get(key) for key in keys]


def figure_lines(figures: Mapping[str, Any]) -> Iterator[list[Any]]:
    """The text figures as (name, value) lines; nested comparisons flattened as "vorig_jaar.<name>"."""
    for name, value in figures.items():
        if isinstance(value, Mapping):
            for sub, inner in value.items():
                yield [f"{name}.{sub}", inner]
        else:
            yield [name, value]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def to_csv(report: Mapping[str, Any]) -> str:
    """CSV for Dutch spreadsheets (';' between cells, decimal comma): one block per table, a blank line
    between blocks, then the text figures."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["Jaarcijfers", report.get("year") or "", json.dumps(report.get("filters", {}), ensure_ascii=False)]
    )
    writer.writerow([])
    for table_id, table in report["tables"].items():
        for line in table_lines(table_id, table):
            writer.writerow([_cell(v) for v in line])
        writer.writerow([])
    writer.writerow(["Kerncijfers"])
    for line in figure_lines(report.get("figures", {})):
        writer.writerow([_cell(v) for v in line])
    return out.getvalue()
