"""GET /api/v1/invoices and /invoices/<id>/document?format=: the bureau's invoices and their documents (its
token only: amounts), the same documents as the invoice page: PDF, UBL e-invoice, and CSV or XLSX for the
bookkeeping. None carries a name."""

from flask import Response, g, jsonify, request

from storage.contracts import funding_label
from storage.invoicing import invoice_parts, invoices_of
from storage.organisation import load_organisation
from web.api.blueprint import ID, bp
from web.billing import bookkeeping, documents
from web.context import db
from web.contract.money import InvoiceList
from workflow.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from workflow.phases import Role

FORMATS = {
    "pdf": "application/pdf",
    "xml": "application/xml",
    "csv": "text/csv; charset=utf-8",
    "xlsx": bookkeeping.XLSX,
}


@bp.get("/invoices")
def invoices():
    """Every invoice, newest period first: number (null for a concept), state, period, contract, totals."""
    _bureau_only()
    session = db()
    answer = InvoiceList(
        invoices=[
            {
                "id": i.id,
                "number": i.number,
                "state": i.state,
                "contract_id": i.contract_id,
                "contract": funding_label(session, i.contract_id),
                "period_start": i.period_start,
                "period_end": i.period_end,
                "issued_on": i.issued_on,
                "net": f"{i.net:.2f}",
                "vat": f"{i.vat:.2f}",
                "gross": f"{i.gross:.2f}",
            }
            for i in invoices_of(session)
        ]
    )
    return jsonify(answer.as_json())


@bp.get(f"/invoices/<{ID}:invoice_id>/document")
def invoice_document(invoice_id: int):
    """One invoice as `format` pdf, xml (UBL 2.1), csv or xlsx."""
    _bureau_only()
    kind = request.args.get("format", "")
    if kind not in FORMATS:
        raise InvalidInput({"format": "Formaat: kies pdf, xml, csv of xlsx."})
    parts = invoice_parts(db(), invoice_id) if invoice_id > 0 else None
    if parts is None:
        raise CaseNotFound("Deze factuur bestaat niet.")
    invoice, funder, lines = parts
    if kind == "csv":
        body = documents.invoice_csv(invoice, lines)
    elif kind == "xlsx":
        body = bookkeeping.invoice_xlsx(invoice, funder, lines)
    else:
        supplier = load_organisation(db())
        if supplier is None:
            raise Conflict("Vul eerst de gegevens van de organisatie in (KvK, adres, IBAN): zonder die geen factuur.")
        make = documents.invoice_xml if kind == "xml" else documents.invoice_pdf
        body = make(invoice, funder, lines, supplier)
    name = f"factuur-{invoice.number or f'concept-{invoice.id}'}.{kind}"
    return Response(body, mimetype=FORMATS[kind], headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _bureau_only() -> None:
    if g.actor.role is not Role.ADMIN:
        raise NotPermitted("Alleen het bureau ziet facturen en bedragen.")
