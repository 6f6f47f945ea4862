"""Demo money (`kring demo`): the organisation's details, two funders with contracts that cover the demo cases'
municipalities, and one municipality (Alkmaar) that no contract covers, so its open case is the inbox's warning.
Made before the demo cases, so each application gets its proposed contract as a real one does."""

import datetime as dt
from decimal import Decimal

from sqlmodel import Session, select

from storage.billing_models import Funder
from storage.contracts import ContractInput, add_funder, save_contract
from storage.models import Municipality
from storage.organisation import save_organisation
from workflow.billing.contracts import Frequency, FunderKind
from workflow.billing.phases import BillablePhase as B

ORGANISATION = {
    "name": "Eigen Kracht Centrale (demo)",
    "identifier": "34120000",
    "vat_number": "",
    "street": "Voorbeeldstraat 1",
    "postcode": "1234 AB",
    "city": "Amsterdam",
    "iban": "NL91ABNA0417164300",
}
# name, kind, municipalities, the OIN, (prices from the start), (prices from 1 July, or None), purchased, budget
FUNDERS = (
    (
        "Gemeenten Zaanstreek-Kennemerland",
        FunderKind.SAMENWERKINGSVERBAND,
        ("Amsterdam", "Zaanstad", "Haarlem", "Hilversum", "Purmerend"),
        "00000001002306608000",
        ("350.00", "1250.00", "3895.00"),
        ("375.00", "1300.00", "3995.00"),
        {B.INFORMATIEF_GESPREK: 40, B.VERBINDEN_EN_ACTIVEREN: 30, B.BIJEENKOMST_EN_NAZORG: 25},
        "150000.00",
    ),
    (
        "Gemeenten Gelderland-Midden",
        FunderKind.SAMENWERKINGSVERBAND,
        ("Arnhem", "Nijmegen", "Apeldoorn", "Ede", "Zutphen"),
        "00000001001589623000",
        ("300.00", "1200.00", "3750.00"),
        None,
        {B.INFORMATIEF_GESPREK: 20, B.BIJEENKOMST_EN_NAZORG: 12},
        "80000.00",
    ),
)


def create_money(session: Session, now: dt.datetime) -> int:
    """The organisation, the funders and their contracts (from January of last year to the end of this year),
    unless a funder exists already; returns how many contracts were made."""
    if session.exec(select(Funder.id)).first() is not None:
        return 0
    save_organisation(session, ORGANISATION, now)
    start, end = dt.date(now.year - 1, 1, 1), dt.date(now.year, 12, 31)
    for name, kind, places, oin, prices, later, purchased, budget in FUNDERS:
        ids = session.exec(select(Municipality.id).where(Municipality.name.in_(places))).all()
        funder = add_funder(session, name, kind, ids, now, identifier=oin, scheme="0190", city=places[0])
        price_lists = {start: _prices(prices)}
        if later:
            price_lists[dt.date(now.year, 7, 1)] = _prices(later)
        values = ContractInput(
            funder_id=funder.id,
            start=start,
            end=end,
            domains=frozenset({"Jeugd", "Wmo/volwassenen"}),
            prices=price_lists,
            purchased=purchased,
            budget=Decimal(budget),
            reference=f"PO-{now.year}-{funder.id:03d}",
            frequency=Frequency.MONTH,
        )
        save_contract(session, values, now)
    return len(FUNDERS)


def _prices(amounts: tuple[str, str, str]) -> dict[B, Decimal]:
    return dict(zip(B, (Decimal(a) for a in amounts), strict=True))
