"""`kring money …`: the bureau's contracts and invoices from the command line (the same storage functions as
the pages under /financien): list funders and contracts, draft a month's or quarter's invoice, finalise it."""

import datetime as dt

import click
from sqlmodel import Session, select

from storage.billing_models import Funder
from storage.contracts import contract_by_id, contracts_of
from storage.engine import WRITE
from storage.invoicing import describe, draft_invoice, finalise_invoice, invoices_of
from web.cli.common import engine_of, pass_settings
from web.config import Settings
from workflow.billing.invoices import invoice_period
from workflow.billing.money import euro
from workflow.clock import SystemClock, local_today
from workflow.errors import DomainError

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.group("money")
def money() -> None:
    """Contracts and invoices (bureau)."""


@money.command("contracts")
@pass_settings
def list_contracts(settings: Settings) -> None:
    """Every funder's contracts: period, domains and prices."""
    with Session(engine_of(settings)) as session:
        names = dict(session.exec(select(Funder.id, Funder.name)).all())
        for contract in contracts_of(session):
            prices = "; ".join(
                f"vanaf {p.valid_from:%d-%m-%Y}: "
                + ", ".join(f"{phase.label} {euro(price)}" for phase, price in p.prices.items())
                for p in sorted(contract.price_lists, key=lambda p: p.valid_from)
            )
            click.echo(
                f"{contract.id}\t{names.get(contract.funder_id, '?')}\t{contract.period.label()}\t"
                f"{', '.join(sorted(contract.domains))}\t{prices}"
            )


@money.command("invoices")
@pass_settings
def list_invoices(settings: Settings) -> None:
    """Every invoice, newest period first: number (or concept), period and total."""
    with Session(engine_of(settings)) as session:
        for invoice in invoices_of(session):
            click.echo(f"{invoice.id}\t{describe(invoice)}")


@money.command("draft")
@click.option("--contract", "contract_id", type=click.IntRange(1, 2**31 - 1), required=True)
@click.option("--date", "day", type=DATE, required=True, help="A day in the month or quarter to invoice.")
@pass_settings
def draft(settings: Settings, contract_id: int, day: dt.datetime) -> None:
    """Make (or make again) the concept invoice of a contract for the month or quarter holding DATE."""
    with Session(engine_of(settings)) as session:
        session.connection(execution_options=WRITE)
        contract = contract_by_id(session, contract_id)
        if contract is None:
            raise click.ClickException(f"Contract {contract_id} bestaat niet.")
        try:
            invoice = draft_invoice(session, contract_id, invoice_period(contract.frequency, day.date()), _now())
        except DomainError as problem:
            raise click.ClickException(_dutch(problem)) from None
        session.commit()
        click.echo(f"Concept {invoice.id} gemaakt: {describe(invoice)}")


@money.command("finalise")
@click.argument("invoice_id", type=click.IntRange(1, 2**31 - 1))
@pass_settings
def finalise(settings: Settings, invoice_id: int) -> None:
    """Give a concept invoice its number (gap-free per year) and make it final."""
    with Session(engine_of(settings)) as session:
        session.connection(execution_options=WRITE)
        try:
            invoice = finalise_invoice(session, invoice_id, None, _now(), local_today(_now()))
        except DomainError as problem:
            raise click.ClickException(_dutch(problem)) from None
        session.commit()
        click.echo(f"Factuur {invoice.number} is definitief: {describe(invoice)}")


def _now() -> dt.datetime:
    return SystemClock().now()


def _dutch(problem: DomainError) -> str:
    errors = getattr(problem, "errors", None)
    return " ".join(errors.values()) if errors else problem.message
