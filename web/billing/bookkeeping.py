"""An invoice as an XLSX for the bookkeeping: a header block (number, funder, period, totals) above the CSV's
columns. Amounts are numbers shown with two decimals; like the CSV, no line carries a name."""

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from storage.billing_models import Funder, Invoice, InvoiceLine
from web.billing.documents import AMOUNT, CSV_COLUMNS, line_values

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
