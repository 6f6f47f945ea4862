"""Invoices from the cases' histories: draft per contract and period, review, finalise with a gap-free number.

A draft is computed afresh from what the cases show now (workflow.billing) and stored as a concept the bureau
reviews. Finalising recomputes it under the year's number lock: if the cases changed since the review, the
bureau is asked to look again rather than sign lines they did not see. A finalised invoice never changes."""

import datetime as dt
from collections import defaultdict

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.billing_models import CaseFunding, Funder, Invoice, InvoiceCounter, InvoiceLine
from storage.billing_models import Contract as ContractRow
from storage.contracts import contract_by_id
from storage.models import Case, CaseEvent
from workflow.billing.contracts import Contract, Period
from workflow.billing.deliveries import deliveries
from workflow.billing.invoices import Invoiced, Line, billables, draft_lines, invoice_number, totals
from workflow.billing.money import euro
from workflow.billing.phases import BillablePhase
from workflow.errors import Conflict, InvalidInput

CONCEPT, FINAL = "concept", "definitief"


def draft_invoice(session: Session, contract_id: int, period: Period, now: dt.datetime) -> Invoice:
    """The concept invoice of a contract for a period, made anew (an earlier concept for it is replaced)."""
    contract = _contract(session, contract_id)
    lines = _lines(session, contract, period)
    if not lines:
        raise InvalidInput({"periode": f"Periode {period.label()}: er is niets te factureren (geen geleverde fasen)."})
    for old in session.exec(
        select(Invoice).where(
            Invoice.contract_id == contract_id, Invoice.state == CONCEPT, Invoice.period_start == period.start
        )
    ).all():
        _delete_concept(session, old)
    net, vat, gross = totals(lines, contract.vat.rate)
    invoice = Invoice(
        contract_id=contract_id,
        period_start=period.start,
        period_end=period.end,
        net=net,
        vat=vat,
        gross=gross,
        vat_percent=contract.vat.rate * 100 if contract.vat.rate is not None else None,
        vat_reason=contract.vat.reason if contract.vat.rate is None else "",
        reference=contract.reference,
        created_at=now,
    )
    session.add(invoice)
    session.flush()
    session.add_all(_row(invoice.id, line) for line in lines)
    session.flush()
    return invoice


def finalise_invoice(session: Session, invoice_id: int, user_id: int, now: dt.datetime, today: dt.date) -> Invoice:
    """Give the concept its number (the next of `today`'s year, no gaps) and make it final."""
    invoice = session.get(Invoice, invoice_id, with_for_update=True)
    if invoice is None:
        raise InvalidInput({"factuur": "Deze factuur bestaat niet."})
    if invoice.state == FINAL:
        raise Conflict(f"Deze factuur is al definitief (nummer {invoice.number}).")
    if today <= invoice.period_end:
        raise Conflict(
            f"De periode loopt nog tot en met {invoice.period_end:%d-%m-%Y}: daarna kan de factuur definitief."
        )
    contract = _contract(session, invoice.contract_id)
    now_lines = _lines(session, contract, Period(invoice.period_start, invoice.period_end))
    if sorted(map(_key, now_lines)) != sorted(map(_key, lines_of(session, invoice.id))):
        raise Conflict("De zaken zijn gewijzigd sinds dit concept is gemaakt. Maak het concept opnieuw en bekijk het.")
    invoice.number, invoice.state, invoice.issued_on = (
        invoice_number(today.year, _next(session, today.year)),
        FINAL,
        today,
    )
    invoice.finalised_at, invoice.finalised_by_id = now, user_id
    session.add(invoice)
    session.flush()
    return invoice


def _next(session: Session, year: int) -> int:
    """The year's next sequence number. The counter row is made if missing (a second maker does nothing), then
    locked until the transaction ends: a concurrent finaliser waits, and a rolled-back one leaves no gap."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(InvoiceCounter).values(year=year, last=0).on_conflict_do_nothing(index_elements=["year"]))
    counter = session.exec(select(InvoiceCounter).where(InvoiceCounter.year == year).with_for_update()).one()
    counter.last += 1
    session.add(counter)
    return counter.last


def lines_of(session: Session, invoice_id: int) -> list[InvoiceLine]:
    return list(session.exec(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id).order_by(InvoiceLine.id)))


def invoices_of(session: Session, contract_id: int | None = None) -> list[Invoice]:
    query = select(Invoice).order_by(col(Invoice.period_start).desc(), col(Invoice.id).desc())
    if contract_id is not None:
        query = query.where(Invoice.contract_id == contract_id)
    return list(session.exec(query).all())


def describe(invoice: Invoice) -> str:
    """One line for lists and logs: number or concept, period and total."""
    name = invoice.number or "concept"
    return f"{name}: {Period(invoice.period_start, invoice.period_end).label()}, {euro(invoice.gross)}"


def _lines(session: Session, contract: Contract, period: Period) -> list[Line]:
    due = billables(contract, _deliveries(session, contract.id))
    return draft_lines(period, due, _invoiced(session, contract.id))


def _deliveries(session: Session, contract_id: int) -> list[tuple[int, str, BillablePhase, dt.date]]:
    """What the cases this contract pays for have delivered, from their histories (two queries in all)."""
    cases = session.exec(
        select(Case)
        .join(CaseFunding, col(CaseFunding.case_id) == Case.id)
        .where(CaseFunding.contract_id == contract_id)
    ).all()
    if not cases:
        return []
    history: dict[int, list[CaseEvent]] = defaultdict(list)
    events = session.exec(
        select(CaseEvent).where(col(CaseEvent.case_id).in_([c.id for c in cases])).order_by(CaseEvent.id)
    ).all()
    for event in events:
        history[event.case_id].append(event)
    return [(case.id, case.ref, d.phase, d.on) for case in cases for d in deliveries(case, history[case.id])]


def _invoiced(session: Session, contract_id: int) -> list[Invoiced]:
    """Every line of the contract's final invoices, in the order they were finalised."""
    rows = session.exec(
        select(InvoiceLine, Invoice.number)
        .join(Invoice, col(Invoice.id) == InvoiceLine.invoice_id)
        .where(Invoice.contract_id == contract_id, Invoice.state == FINAL)
        .order_by(Invoice.finalised_at, Invoice.id, InvoiceLine.id)
    ).all()
    return [Invoiced(_line(row), number) for row, number in rows]


def _contract(session: Session, contract_id: int) -> Contract:
    contract = contract_by_id(session, contract_id)
    if contract is None:
        raise InvalidInput({"contract": "Dit contract bestaat niet."})
    return contract


def _delete_concept(session: Session, invoice: Invoice) -> None:
    for line in lines_of(session, invoice.id):
        session.delete(line)
    session.flush()
    session.delete(invoice)
    session.flush()


def _row(invoice_id: int, line: Line) -> InvoiceLine:
    return InvoiceLine(
        invoice_id=invoice_id,
        case_id=line.case_id,
        case_ref=line.case_ref,
        phase=line.phase.value,
        on=line.on,
        amount=line.amount,
        credits=line.credits,
    )


def _line(row: InvoiceLine) -> Line:
    return Line(row.case_id, row.case_ref, BillablePhase(row.phase), row.on, row.amount, row.credits)


def _key(line: Line | InvoiceLine) -> tuple:
    phase = line.phase.value if isinstance(line.phase, BillablePhase) else line.phase
    return (line.case_id, phase, line.on, line.amount, line.credits)


def invoice_parts(session: Session, invoice_id: int) -> tuple[Invoice, Funder, list[InvoiceLine]] | None:
    """An invoice with its funder and lines (for its page and its documents), or None."""
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        return None
    contract = session.get(ContractRow, invoice.contract_id)
    return invoice, session.get(Funder, contract.funder_id), lines_of(session, invoice_id)


def final_invoices(session: Session, start: dt.date, end: dt.date) -> list[tuple[Invoice, Funder, list[InvoiceLine]]]:
    """The final invoices issued from `start` to `end` (both included), in number order, each with its funder
    and lines: the bookkeeping's period."""
    query = select(Invoice).where(Invoice.state == FINAL, Invoice.issued_on >= start, Invoice.issued_on <= end)
    invoices = session.exec(query.order_by(Invoice.issued_on, Invoice.number)).all()
    return [invoice_parts(session, invoice.id) for invoice in invoices]


def unconfirmed_cases(session: Session, invoice_id: int) -> list[tuple[int, str]]:
    """(case id, reference) of the cases on an invoice whose funding was only proposed, never confirmed by a
    regiomanager: the bureau checks them before finalising."""
    query = (
        select(InvoiceLine.case_id, InvoiceLine.case_ref)
        .join(CaseFunding, CaseFunding.case_id == InvoiceLine.case_id)
        .where(InvoiceLine.invoice_id == invoice_id, col(CaseFunding.confirmed_at).is_(None))
        .distinct()
        .order_by(InvoiceLine.case_ref)
    )
    return list(session.exec(query).all())
