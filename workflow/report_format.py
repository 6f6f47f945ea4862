"""The yearly report's exchange shapes: the JSON of shared/API.md and a CSV with one block per table.

The report itself is built by workflow.figures.yearly_report; these functions only lay it out. The JSON keeps
the machine names; the CSV and the XLSX (web/reports/export.py, keeping openpyxl out of the domain) are for
people: Dutch labels for every figure and filter, Dutch numbers in the CSV.
"""

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from workflow.labels import dutch_number, label

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
    "eerdere_ekc": "Eerder een EK-c gehad",
    "gedwongen_kader": "In (dreigend) gedwongen kader",
    "vorig_jaar": "Vorig jaar",
}
FILTER_LABELS = {"provincies": "Provincie", "gemeenten": "Gemeente", "type_organisatie": "Type organisatie"}
ALL = "alle"
FIGURE_HEADER = ["Kerncijfer", "Waarde"]


def figure_label(name: str) -> str:
    """The Dutch label of a figure: its own, or its name read out ('pct_binnen_twee_maanden' → '% binnen twee
    maanden'), so no download ever shows a machine name."""
    if name in FIGURE_LABELS:
        return FIGURE_LABELS[name]
    words = re.sub(r"^pct_", "%_", name).replace("ekc", "EK-c").replace("coordinator", "coördinator").split("_")
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def filter_lines(filters: Mapping[str, Any]) -> Iterator[list[Any]]:
    """The filters the report was made with, one (label, value) line each; 'alle' where none was chosen."""
    for name, title in FILTER_LABELS.items():
        value = filters.get(name)
        yield [title, ", ".join(value) if isinstance(value, list | tuple) else (value or ALL)]
    variant = filters.get("variant")
    yield ["Variant", label(variant, "variant") if variant else ALL]


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
    """The text figures as (label, value) lines; a nested group as "<group>: <label>" ("Vorig jaar: …")."""
    for name, value in figures.items():
        if isinstance(value, Mapping):
            for sub, inner in value.items():
                yield [f"{figure_label(name)}: {figure_label(sub)}", inner]
        else:
            yield [figure_label(name), value]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return dutch_number(value, 1)
    return str(value)


def to_csv(report: Mapping[str, Any]) -> str:
    """CSV for Dutch spreadsheets (';' between cells, decimal comma): one block per table, a blank line
    between blocks, then the text figures."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Jaarcijfers", report.get("year") or ""])
    for line in filter_lines(report.get("filters") or {}):
        writer.writerow(line)
    writer.writerow([])
    for table_id, table in report["tables"].items():
        for line in table_lines(table_id, table):
            writer.writerow([_cell(v) for v in line])
        writer.writerow([])
    writer.writerow(["Kerncijfers"])
    writer.writerow(FIGURE_HEADER)
    for line in figure_lines(report.get("figures", {})):
        writer.writerow([_cell(v) for v in line])
    return out.getvalue()
