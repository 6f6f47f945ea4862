"""Bureau views under /financien: thin; parsing in forms.py, rules in workflow.billing, storage in storage/."""

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from storage.billing_models import Funder
from storage.contracts import contract_by_id, contracts_of, funding_label, save_contract
from storage.invoicing import (
    draft_invoice,
    final_invoices,
    finalise_invoice,
    invoice_parts,
    invoices_of,
    unconfirmed_cases,
)
from storage.organisation import load_organisation, save_organisation
from storage.uow import in_one_transaction
from web.auth import role_required
from web.billing import bookkeeping, documents, forms
from web.billing.blueprint import bp
from web.billing.bodies import store_funder
from web.context import clock, db, uow
from web.errors import refused
from web.forms import form_data
from workflow.billing.contracts import Frequency
from workflow.billing.invoices import invoice_period
from workflow.billing.money import euro
from workflow.clock import local_today
from workflow.errors import Conflict, InvalidInput
from workflow.fields import FieldSpec, parse_fields
from workflow.phases import Role

BOOKKEEPING_FIELDS = (
    FieldSpec("van", "Factuurdatum vanaf", "date", required=True),
    FieldSpec("tot", "Factuurdatum tot en met", "date", required=True),
    FieldSpec("formaat", "Formaat", "choice", required=True, choices=("xlsx", "csv")),
)
PERIOD_FIELDS = (
    FieldSpec("contract", "Contract", "int", required=True, minimum=1, maximum=2**31 - 1),
    FieldSpec("datum", "Een dag in de periode", "date", required=True),
)


@bp.before_request
@role_required(Role.ADMIN)
def bureau_only():
    """Amounts and invoices are the bureau's alone (others 403, anonymous to login)."""


@bp.route("/")
def index():
    session = db()
    funders = session.exec(select(Funder).order_by(Funder.name)).all()
    names = {f.id: f.name for f in funders}
    contracts = [(c, names.get(c.funder_id, "?")) for c in contracts_of(session)]
    return render_template(
        "billing/index.html",
        funders=funders,
        contracts=contracts,
        invoices=[(i, funding_label(session, i.contract_id)) for i in invoices_of(session)],
        euro=euro,
        period_specs=PERIOD_FIELDS,
        organisation=load_organisation(session),
        today=local_today(clock().now()).isoformat(),
    )


@bp.route("/financiers/nieuw", methods=["GET", "POST"])
def new_funder():
    if request.method == "GET":
        return _funder_page({}, {})
    raw = form_data(forms.FUNDER_FIELDS, request.form)
    try:
        values = forms.parse_funder(raw, _today())
        _write(store_funder, values, clock().now())
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _funder_page(raw, refusal.errors), refusal.status
    flash(f"Financier {values['naam']} toegevoegd.")
    return redirect(url_for("billing.index"), 303)


@bp.route("/contracten/nieuw", methods=["GET", "POST"])
@bp.route("/contracten/<int:contract_id>", methods=["GET", "POST"])
def contract(contract_id: int | None = None):
    existing = contract_by_id(db(), contract_id) if contract_id else None
    if contract_id and existing is None:
        abort(404)
    if request.method == "GET":
        values = (
            forms.contract_values(existing, existing.funder_id)
            if existing
            else {"btw": forms.EXEMPT, "frequentie": Frequency.MONTH.value}
        )
        return _contract_page(values, {}, contract_id)
    raw = form_data(forms.CONTRACT_FIELDS, request.form)
    try:
        _write(save_contract, forms.parse_contract(raw, _today()), clock().now(), contract_id)
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _contract_page(raw, refusal.errors, contract_id), refusal.status
    flash("Contract opgeslagen.")
    return redirect(url_for("billing.index"), 303)


@bp.post("/facturen/concept")
def draft():
    raw = form_data(PERIOD_FIELDS, request.form)
    try:
        values = parse_fields(PERIOD_FIELDS, raw, _today())
        found = contract_by_id(db(), values["contract"])
        if found is None:
            raise InvalidInput({"contract": "Contract: kies een bestaand contract."})
        invoice_id = _write(
            lambda session: (
                draft_invoice(session, found.id, invoice_period(found.frequency, values["datum"]), clock().now()).id
            )
        )
    except InvalidInput as problem:
        refused(problem, flash_with="text")
        return redirect(url_for("billing.index"), 303)
    flash("Concept gemaakt: controleer de regels en maak de factuur dan definitief.")
    return redirect(url_for("billing.invoice", invoice_id=invoice_id), 303)


@bp.route("/facturen/<int:invoice_id>")
def invoice(invoice_id: int):
    invoice, funder, lines = _parts(invoice_id)
    unconfirmed = unconfirmed_cases(db(), invoice_id) if invoice.state == "concept" else []
    return render_template(
        "billing/invoice.html",
        invoice=invoice,
        funder=funder,
        lines=lines,
        euro=euro,
        line_text=documents.line_text,
        unconfirmed=unconfirmed,
    )


@bp.post("/facturen/<int:invoice_id>/definitief")
def finalise(invoice_id: int):
    _parts(invoice_id)
    if load_organisation(db()) is None:
        flash("Vul eerst de gegevens van de organisatie in (KvK, adres, IBAN): zonder die geen factuur.", "error")
        return redirect(url_for("billing.organisation"), 303)
    try:
        number = _write(
            lambda session: finalise_invoice(session, invoice_id, _user_id(), clock().now(), _today()).number
        )
    except (InvalidInput, Conflict) as problem:
        refused(problem, flash_with="text")
        return redirect(url_for("billing.invoice", invoice_id=invoice_id), 303)
    flash(f"Factuur {number} is definitief.")
    return redirect(url_for("billing.invoice", invoice_id=invoice_id), 303)


@bp.route("/facturen/<int:invoice_id>.<any(pdf, xml, csv, xlsx):kind>")
def download(invoice_id: int, kind: str):
    invoice, funder, lines = _parts(invoice_id)
    name = f"factuur-{invoice.number or f'concept-{invoice.id}'}.{kind}"
    if kind == "csv":
        body, mimetype = documents.invoice_csv(invoice, lines), "text/csv; charset=utf-8"
    elif kind == "xlsx":
        body, mimetype = bookkeeping.invoice_xlsx(invoice, funder, lines), bookkeeping.XLSX
    else:
        supplier = load_organisation(db())
        if supplier is None:
            flash("Vul eerst de gegevens van de organisatie in (KvK, adres, IBAN).", "error")
            return redirect(url_for("billing.organisation"), 303)
        if kind == "xml":
            body, mimetype = documents.invoice_xml(invoice, funder, lines, supplier), "application/xml"
        else:
            body, mimetype = documents.invoice_pdf(invoice, funder, lines, supplier), "application/pdf"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return body, 200, {"Content-Type": mimetype, **headers}


@bp.route("/boekhouding")
def bookkeeping_export():
    """The final invoices issued in a period, for the bookkeeping: a line per invoice (CSV), or as XLSX with
    their lines too. A wrong period goes back to the overview with the Dutch reason."""
    raw = form_data(BOOKKEEPING_FIELDS, request.args)
    try:
        values = parse_fields(BOOKKEEPING_FIELDS, raw, _today())
        start, end = values["van"], values["tot"]
        if end < start:
            raise InvalidInput({"tot": "Factuurdatum tot en met: ligt vóór de begindatum."})
    except InvalidInput as problem:
        refused(problem, flash_with="text")
        return redirect(url_for("billing.index") + "#boekhouding", 303)
    invoices = final_invoices(db(), start, end)
    name = f"facturen-{start:%Y%m%d}-{end:%Y%m%d}.{values['formaat']}"
    if values["formaat"] == "csv":
        body, mimetype = bookkeeping.period_csv(invoices), "text/csv; charset=utf-8"
    else:
        body, mimetype = bookkeeping.period_xlsx(invoices, start, end), bookkeeping.XLSX
    return body, 200, {"Content-Type": mimetype, "Content-Disposition": f'attachment; filename="{name}"'}


@bp.route("/organisatie", methods=["GET", "POST"])
def organisation():
    if request.method == "GET":
        found = load_organisation(db())
        return _organisation_page(found.__dict__ if found else {}, {})
    raw = form_data(forms.ORGANISATION_FIELDS, request.form)
    try:
        _write(save_organisation, parse_fields(forms.ORGANISATION_FIELDS, raw, _today()), clock().now())
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _organisation_page(raw, refusal.errors), refusal.status
    flash("Gegevens van de organisatie opgeslagen.")
    return redirect(url_for("billing.index"), 303)


def _write(action, *args, **kwargs):
    """Run `action(session, ...)` in one write transaction (the request's session, see web.context.uow)."""
    return in_one_transaction(uow(), action, *args, **kwargs)


def _parts(invoice_id: int):
    found = invoice_parts(db(), invoice_id)
    if found is None:
        abort(404)
    return found


def _today() -> dt.date:
    return local_today(clock().now())


def _user_id() -> int:
    return current_user.id


def _funder_page(values: dict, errors: dict):
    return render_template(
        "billing/form.html", title="Nieuwe financier", specs=forms.FUNDER_FIELDS, values=values, errors=errors
    )


def _contract_page(values: dict, errors: dict, contract_id: int | None):
    funders = db().exec(select(Funder).order_by(Funder.name)).all()
    return render_template(
        "billing/contract.html",
        specs=forms.CONTRACT_FIELDS[1:],
        values=values,
        errors=errors,
        funders=funders,
        contract_id=contract_id,
    )


def _organisation_page(values: dict, errors: dict):
    return render_template(
        "billing/form.html",
        title="Gegevens van de organisatie",
        specs=forms.ORGANISATION_FIELDS,
        values=values,
        errors=errors,
    )
