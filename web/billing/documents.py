"""An invoice as documents: the PDF in the organisation's layout (WeasyPrint), the e-invoice (UBL 2.1) and a
CSV for the bookkeeping (its XLSX in bookkeeping.py). None of them carries a name: lines are a case reference,
a phase, a date, an amount."""

import csv
import io

from flask import render_template

from storage.billing_models import Funder, Invoice, InvoiceLine
from workflow.billing.invoices import Line, Totals
from workflow.billing.money import euro
from workflow.billing.phases import BillablePhase
from workflow.billing.ubl import EInvoice, Party, ubl_invoice

CSV_COLUMNS = ("Factuurnummer", "Periode", "Zaak", "Fase", "Datum", "Bedrag", "Crediteert factuur")
AMOUNT = CSV_COLUMNS.index("Bedrag")


def line_text(line: InvoiceLine) -> str:
    """'Informatief gesprek, zaak EK-2026-0001, 02-03-2026' (and 'creditering' for a credit line)."""
    text = f"{BillablePhase(line.phase).label}, zaak {line.case_ref}, {line.on:%d-%m-%Y}"
    return f"Creditering van {line.credits}: {text}" if line.credits else text


def invoice_csv(invoice: Invoice, lines: list[InvoiceLine]) -> bytes:
    """Semicolons and decimal commas, as Dutch spreadsheets read them; UTF-8 with BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for line in lines:
        row = line_values(invoice, line)
        writer.writerow((*row[:AMOUNT], f"{row[AMOUNT]:.2f}".replace(".", ","), *row[AMOUNT + 1 :]))
    return ("\ufeff" + out.getvalue()).encode()


def line_values(invoice: Invoice, line: InvoiceLine) -> tuple:
    """One line of the bookkeeping's columns (CSV_COLUMNS), the amount a Decimal."""
    period = f"{invoice.period_start:%d-%m-%Y} t/m {invoice.period_end:%d-%m-%Y}"
    label = BillablePhase(line.phase).label
    return (invoice.number or "concept", period, line.case_ref, label, f"{line.on:%d-%m-%Y}", line.amount, line.credits)


def invoice_xml(invoice: Invoice, funder: Funder, lines: list[InvoiceLine], supplier: Party) -> bytes:
    customer = Party(funder.name, funder.identifier, funder.scheme, funder.street, funder.postcode, funder.city)
    domain_lines = [
        (line_text(row), Line(row.case_id, row.case_ref, BillablePhase(row.phase), row.on, row.amount, row.credits))
        for row in lines
    ]
    return ubl_invoice(
        EInvoice(
            number=invoice.number or "concept",
            issued_on=invoice.issued_on or invoice.period_end,
            period=(invoice.period_start, invoice.period_end),
            order_reference=invoice.reference,
            supplier=supplier,
            customer=customer,
            lines=domain_lines,
            totals=Totals(invoice.net, invoice.vat, invoice.gross),
            vat_percent=invoice.vat_percent,
            vat_reason=invoice.vat_reason,
        )
    )


def invoice_pdf(invoice: Invoice, funder: Funder, lines: list[InvoiceLine], supplier: Party) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, needed only when a PDF is asked for

    html = render_template(
        "billing/invoice_pdf.html",
        invoice=invoice,
        funder=funder,
        lines=lines,
        supplier=supplier,
        euro=euro,
        line_text=line_text,
    )
    return HTML(string=html).write_pdf()
