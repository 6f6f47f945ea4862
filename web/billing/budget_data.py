"""The budget overview as plain data: one structure for the page, the XLSX and the API (amounts as text, so a
Decimal is never a float), and the reading of the reference date (peildatum)."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from storage.budget import Budget
from workflow.billing.funnel import STEPS, UNITS, Funnel
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_one

PEILDATUM = FieldSpec("peildatum", "Peildatum", "date")
BOLD = Font(bold=True)


def reference_date(raw: str | None, today: dt.date) -> dt.date:
    """The peildatum asked for (today when empty); InvalidInput in Dutch when it is no date."""
    found = parse_one(PEILDATUM, raw, today)
    if found is not None and not dt.date(1990, 1, 1) <= found <= dt.date(2100, 12, 31):
        raise InvalidInput({"peildatum": "Peildatum: kies een datum tussen 1990 en 2100."})
    return found or today


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def funnel_json(funnel: Funnel) -> dict[str, Any]:
    return {
        "steps": {key: {"count": funnel.count(key), "purchased": funnel.purchased.get(key)} for key, _, _ in STEPS},
        "conversion_percent": None if funnel.conversion is None else str(funnel.conversion),
        "invoiced": _amount(funnel.invoiced),
        "budget": _amount(funnel.budget),
        "remaining": _amount(funnel.remaining),
    }


def budget_json(budget: Budget) -> dict[str, Any]:
    """The overview on its reference date: per funder and contract, and the yearly counting units."""
    return {
        "peildatum": budget.on.isoformat(),
        "funders": [
            {
                "id": use.funder_id,
                "name": use.name,
                "municipalities": list(use.municipalities),
                "funnel": funnel_json(use.funnel),
                "contracts": [
                    {
                        "id": c.contract.id,
                        "start": c.contract.period.start.isoformat(),
                        "end": c.contract.period.end.isoformat(),
                        "domains": sorted(c.contract.domains),
                        "reference": c.contract.reference,
                        "funnel": funnel_json(c.funnel),
                    }
                    for c in use.contracts
                ],
            }
            for use in budget.funders
        ],
        "uncovered_cases": len(budget.uncovered),
        "by_application_year": [_year(row) for row in budget.by_application_year],
        "by_event_year": [_year(row) for row in budget.by_event_year],
    }


def _year(row) -> dict[str, int]:
    return {"year": row.year, **{unit: row.count(unit) for unit, _ in UNITS}}


def to_xlsx(data: dict[str, Any]) -> bytes:
    """Sheet "Budget" (a line per funder and contract), sheet "Jaren" (the counting units by both years)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(["Budgetbesteding en trechter", f"peildatum {data['peildatum']}"])
    head = ["Financier", "Contract", "Periode"]
    for _, label, _ in STEPS:
        head += [label, f"{label}: ingekocht"]
    head += ["Conversie aanmelding → conferentie (%)", "Gefactureerd (€)", "Budget (€)", "Resterend (€)"]
    sheet.append(head)
    for funder in data["funders"]:
        sheet.append(_funnel_cells([funder["name"], "alle contracten", ""], funder["funnel"]))
        for c in funder["contracts"]:
            label = f"{', '.join(c['domains'])}{' · ' + c['reference'] if c['reference'] else ''}"
            sheet.append(_funnel_cells([funder["name"], label, f"{c['start']} t/m {c['end']}"], c["funnel"]))
    for cell in (*sheet[1], *sheet[2]):
        cell.font = BOLD
    sheet.column_dimensions["A"].width = 30
    years = book.create_sheet("Jaren")
    for title, key in (("Per aanmeldjaar", "by_application_year"), ("Per jaar van gebeuren", "by_event_year")):
        years.append([title])
        years[years.max_row][0].font = BOLD
        years.append(["Jaar", *(label for _, label in UNITS)])
        for row in data[key]:
            years.append([row["year"], *(row[unit] for unit, _ in UNITS)])
        years.append([])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _funnel_cells(first: list[Any], funnel: dict[str, Any]) -> list[Any]:
    cells = list(first)
    for key, _, _ in STEPS:
        cells += [funnel["steps"][key]["count"], funnel["steps"][key]["purchased"]]
    number = [funnel["conversion_percent"], funnel["invoiced"], funnel["budget"], funnel["remaining"]]
    return cells + [None if n is None else float(Decimal(n)) for n in number]
