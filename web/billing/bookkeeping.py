"""An invoice as an XLSX for the bookkeeping: a header block (number, funder, period, totals) above the CSV's
columns; and a period's final invoices for the bookkeeping (a line per invoice as CSV, and as XLSX with every
invoice line on a second sheet). Amounts are numbers shown with two decimals; no line carries a name."""

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from storage.billing_models import Funder, Invoice, InvoiceLine
from web.billing.documents import AMOUNT, CSV_COLUMNS, line_values

Parts = tuple[Invoice, Funder, list[InvoiceLine]]
JOURNAL_COLUMNS = (
    "Factuurnummer", "Factuurdatum", "Financier", "Inkoopordernummer", "Periode", "Bedrag excl. btw",
    "Btw-tarief (%)", "Btw", "Totaal",
)  # fmt: skip
JOURNAL_AMOUNTS = (5, 7, 8)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
EURO = "#,##0.00"  # Excel shows the number with two decimals (and the reader's own separators)


def invoice_xlsx(invoice: Invoice, funder: Funder, lines: list[InvoiceLine]) -> bytes:
    """One sheet "Factuur": the header block, an empty row, then the CSV's header and lines."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Factuur"
    for label, value in header_block(invoice, funder):
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = BOLD
        if isinstance(value, Decimal):
            sheet.cell(sheet.max_row, 2).number_format = EURO
    sheet.append([])
    sheet.append(list(CSV_COLUMNS))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for line in lines:
        sheet.append(list(line_values(invoice, line)))
        sheet.cell(sheet.max_row, AMOUNT + 1).number_format = EURO
    for column, width in zip("ABCDEFG", (16, 26, 16, 30, 12, 14, 18), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def header_block(invoice: Invoice, funder: Funder) -> list[tuple[str, Any]]:
    vat_label = "Btw (vrijgesteld)" if invoice.vat_percent is None else f"Btw ({invoice.vat_percent:.0f}%)"
    return [
        ("Factuurnummer", invoice.number or "concept"),
        ("Financier", funder.name),
        ("Periode", f"{invoice.period_start:%d-%m-%Y} t/m {invoice.period_end:%d-%m-%Y}"),
        ("Inkoopordernummer", invoice.reference),
        ("Factuurdatum", f"{invoice.issued_on:%d-%m-%Y}" if invoice.issued_on else ""),
        ("Bedrag excl. btw", invoice.net),
        (vat_label, invoice.vat),
        ("Totaal", invoice.gross),
    ]


def journal_row(invoice: Invoice, funder: Funder) -> tuple:
    """One final invoice as the bookkeeping books it (JOURNAL_COLUMNS); amounts as Decimal."""
    vat_rate = "vrijgesteld" if invoice.vat_percent is None else f"{invoice.vat_percent:.2f}"
    period = f"{invoice.period_start:%d-%m-%Y} t/m {invoice.period_end:%d-%m-%Y}"
    issued = f"{invoice.issued_on:%d-%m-%Y}" if invoice.issued_on else ""
    return (invoice.number, issued, funder.name, invoice.reference, period, invoice.net, vat_rate, invoice.vat,
            invoice.gross)  # fmt: skip


def period_csv(invoices: list[Parts]) -> bytes:
    """A line per final invoice; semicolons and decimal commas, UTF-8 with BOM, as the invoice's CSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(JOURNAL_COLUMNS)
    for invoice, funder, _ in invoices:
        row = journal_row(invoice, funder)
        writer.writerow(f"{v:.2f}".replace(".", ",") if i in JOURNAL_AMOUNTS else v for i, v in enumerate(row))
    return ("\ufeff" + out.getvalue()).encode()


def period_xlsx(invoices: list[Parts], start: dt.date, end: dt.date) -> bytes:
    """Sheet "Facturen" (a line per invoice, then the totals) and sheet "Regels" (every line of them)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Facturen"
    sheet.append([f"Definitieve facturen, factuurdatum {start:%d-%m-%Y} t/m {end:%d-%m-%Y}"])
    _head(sheet, JOURNAL_COLUMNS)
    for invoice, funder, _ in invoices:
        _amounts(sheet, journal_row(invoice, funder), JOURNAL_AMOUNTS)
    totals = [sum((row[i] for row in (journal_row(v, f) for v, f, _ in invoices)), Decimal(0)) for i in (5, 7, 8)]
    _amounts(sheet, ("Totaal", "", "", "", "", totals[0], "", totals[1], totals[2]), JOURNAL_AMOUNTS)
    sheet[sheet.max_row][0].font = BOLD
    lines = book.create_sheet("Regels")
    _head(lines, ("Financier", *CSV_COLUMNS))
    for invoice, funder, rows in invoices:
        for line in rows:
            _amounts(lines, (funder.name, *line_values(invoice, line)), (AMOUNT + 1,))
    for ws in (sheet, lines):
        for column in "ABCDEFGHI":
            ws.column_dimensions[column].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _head(sheet, columns: tuple[str, ...]) -> None:
    sheet.append(list(columns))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _amounts(sheet, row: tuple, amounts: tuple[int, ...]) -> None:
    sheet.append(list(row))
    for index in amounts:
        sheet.cell(sheet.max_row, index + 1).number_format = EURO
