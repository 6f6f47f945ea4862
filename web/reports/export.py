"""The yearly report as an XLSX workbook: a sheet with the text figures, then one sheet per table."""

import io
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from workflow.report_format import FIGURE_HEADER, figure_lines, filter_lines, table_lines

BOLD = Font(bold=True)


def to_xlsx(report: Mapping[str, Any]) -> bytes:
    """Sheet "Kerncijfers" (the filters, then each figure's Dutch label and value), then sheets "T1".."T23":
    title line, column titles, rows (numbers as numbers, percentages with one decimal), the total line;
    subtotal and total lines in bold."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Kerncijfers"
    sheet.append(["Jaarcijfers", report.get("year")])
    sheet["A1"].font = BOLD
    for line in filter_lines(report.get("filters") or {}):
        sheet.append(line)
    sheet.append([])
    sheet.append(FIGURE_HEADER)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for line in figure_lines(report.get("figures", {})):
        sheet.append(line)
        if isinstance(line[1], float):
            sheet.cell(sheet.max_row, 2).number_format = "0.0"
    sheet.column_dimensions["A"].width = 48
    for table_id, table in report["tables"].items():
        ws = book.create_sheet(table_id)
        lines = list(table_lines(table_id, table))
        for number, line in enumerate(lines, start=1):
            ws.append(line)
            row = table["rows"][number - 3] if 3 <= number < 3 + len(table["rows"]) else {}
            if number <= 2 or row.get("subtotal") or (table.get("total") and number == len(lines)):
                for cell in ws[number]:
                    cell.font = BOLD
            for cell in ws[number]:
                if isinstance(cell.value, float):
                    cell.number_format = "0.0"
        ws.column_dimensions["A"].width = 52
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
