"""`kring money funder-add | contract-add | contract-change | download`: funders and contracts written from the
command line, read by the contract page's own parsing (web.billing.bodies: a contract file is the API's JSON
body) and stored by storage.contracts, so the checks and the Dutch refusals are the page's; and an invoice's
bookkeeping documents. Every change is in the money audit trail, under the bureau user named with --by."""

import json
from pathlib import Path
from typing import Any

import click
from sqlmodel import Session, select

from storage import billing_audit
from storage.audit import set_actor
from storage.contracts import contract_by_id, save_contract
from storage.engine import WRITE
from storage.invoicing import invoice_parts
from storage.models import User
from storage.organisation import load_organisation
from web.billing.bodies import SCHEMES, contract_body, contract_input, funder_values, in_body_names, store_funder
from web.billing.bookkeeping import invoice_xlsx
from web.billing.documents import invoice_csv, invoice_xml
from web.cli.common import engine_of, pass_settings
from web.cli.money import money
from web.config import Settings
from workflow.billing.contracts import FunderKind
from workflow.clock import SystemClock, local_today
from workflow.errors import InvalidInput
from workflow.phases import Role

ID = click.IntRange(1, 2**31 - 1)
BY = click.option("--by", "email", required=True, help="E-mailadres van de bureaumedewerker (voor het audittrail).")


@money.command("funder-add")
@click.option("--name", required=True, help="Naam, zoals op de factuur.")
@click.option("--kind", type=click.Choice([k.value for k in FunderKind]), required=True)
@click.option("--municipality", "municipalities", multiple=True, help="Een gemeente (herhaal voor meer).")
@click.option("--identifier", default="", help="OIN of KvK-nummer voor de e-factuur.")
@click.option("--scheme", type=click.Choice(sorted(SCHEMES)), default="0190", help="0190: OIN, 0106: KvK.")
@click.option("--street", default="")
@click.option("--postcode", default="")
@click.option("--city", default="")
@BY
@pass_settings
def funder_add(settings: Settings, email: str, municipalities: tuple[str, ...], **values: str) -> None:
    """Add a funder (a municipality, a group of municipalities, or a fund)."""
    body = {**values, "municipalities": list(municipalities)}
    funder_id = _write(settings, email, lambda session: store_funder(session, funder_values(body, _today()), _now()))
    click.echo(f"Financier {funder_id} toegevoegd: {values['name']}")


@money.command("contract-add")
@click.argument("file", type=click.File("rb"))
@BY
@pass_settings
def contract_add(settings: Settings, email: str, file) -> None:
    """Add a contract from a JSON file ("-": standard input) with the API's body (ContractBody, see README)."""
    body = _json(file)
    contract_id = _write(
        settings, email, lambda session: save_contract(session, contract_input(body, _today()), _now())
    )
    click.echo(f"Contract {contract_id} opgeslagen.")


@money.command("contract-change")
@click.argument("contract_id", type=ID)
@click.argument("file", type=click.File("rb"))
@BY
@pass_settings
def contract_change(settings: Settings, email: str, contract_id: int, file) -> None:
    """Change a contract: the terms in the JSON file replace those of the contract, the rest stays (as PATCH)."""
    changes = _json(file)

    def change(session: Session) -> int:
        existing = contract_by_id(session, contract_id)
        if existing is None:
            raise click.ClickException(f"Contract {contract_id} bestaat niet.")
        values = contract_input(contract_body(existing) | changes, _today())
        return save_contract(session, values, _now(), contract_id)

    _write(settings, email, change)
    click.echo(f"Contract {contract_id} gewijzigd.")


@money.command("download")
@click.argument("invoice_id", type=ID)
@click.option("--format", "kind", type=click.Choice(["xlsx", "csv", "xml"]), default="xlsx", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Standaard: factuur-NUMMER.FORMAT")
@pass_settings
def download(settings: Settings, invoice_id: int, kind: str, output: Path | None) -> None:
    """An invoice for the bookkeeping (XLSX, CSV) or as e-invoice (UBL XML); the PDF is on the invoice page."""
    with Session(engine_of(settings)) as session:
        parts = invoice_parts(session, invoice_id)
        if parts is None:
            raise click.ClickException(f"Factuur {invoice_id} bestaat niet.")
        invoice, funder, lines = parts
        supplier = load_organisation(session)
    if kind == "xml" and supplier is None:
        raise click.ClickException("Vul eerst de gegevens van de organisatie in (/financien/organisatie).")
    documents = {
        "xlsx": lambda: invoice_xlsx(invoice, funder, lines),
        "csv": lambda: invoice_csv(invoice, lines),
        "xml": lambda: invoice_xml(invoice, funder, lines, supplier),
    }
    path = output or Path(f"factuur-{invoice.number or f'concept-{invoice.id}'}.{kind}")
    path.write_bytes(documents[kind]())
    click.echo(f"Factuur {invoice.number or 'concept'} geschreven naar {path}")


def _write(settings: Settings, email: str, action) -> Any:
    """Run `action(session)` in one transaction as the bureau user `email`; a refusal is the page's, in Dutch."""
    billing_audit.listen()
    with Session(engine_of(settings)) as session:
        session.connection(execution_options=WRITE)
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
        if user is None or user.role != Role.ADMIN.value or not user.active:
            raise click.ClickException(f"{email}: geen actieve bureaumedewerker (admin).")
        set_actor(user.id)
        try:
            result = action(session)
            session.commit()
        except InvalidInput as problem:
            named = in_body_names(problem).errors
            raise click.ClickException(" ".join(f"{k}: {v}" for k, v in named.items())) from None
        finally:
            set_actor(None)
    return result


def _json(file) -> Any:
    try:
        return json.loads(file.read(1_000_000))
    except (ValueError, RecursionError):
        raise click.ClickException(
            "Het bestand is geen geldige JSON (een object met de velden van het contract)."
        ) from None


def _now():
    return SystemClock().now()


def _today():
    return local_today(_now())
