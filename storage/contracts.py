"""Funders, contracts and which contract pays for a case: stored, checked by the billing domain's rules, and
read back as the domain's Contract."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from storage.billing_models import CaseFunding, ContractPrice, Funder, FunderMunicipality
from storage.billing_models import Contract as ContractRow
from storage.models import Case, CaseEvent, MainPerson, Municipality
from workflow.billing.contracts import Contract, Frequency, FunderKind, Period, PriceList, Vat, contract_errors
from workflow.billing.contracts import covering as covering_contract
from workflow.billing.phases import BillablePhase
from workflow.errors import InvalidInput
from workflow.events import ApplicationReceived
from workflow.guards import Actor

FUNDING_TRIGGER = "financier"  # a history line of the case, like "offer" or "registratie"
JEUGD, VOLWASSENEN = "Jeugd", "Wmo/volwassenen"


@dataclass
class ContractInput:
    """A contract as the bureau enters it (page, API or CLI), before the domain's checks."""

    funder_id: int
    start: dt.date
    end: dt.date
    domains: frozenset[str]
    prices: dict[dt.date, dict[BillablePhase, Decimal]]
    purchased: dict[BillablePhase, int] = field(default_factory=dict)
    budget: Decimal | None = None
    reference: str = ""
    vat_percent: Decimal | None = None
    vat_reason: str = ""
    frequency: Frequency = Frequency.MONTH


def add_funder(
    session: Session,
    name: str,
    kind: FunderKind,
    municipality_ids: Iterable[int],
    now: dt.datetime,
    **address: str,
) -> Funder:
    """A new funder paying for the residents of `municipality_ids`."""
    name = name.strip()
    if not name or len(name) > 120:
        raise InvalidInput({"naam": "Naam: vul een naam in van hoogstens 120 tekens."})
    if session.exec(select(Funder.id).where(Funder.name == name)).first() is not None:
        raise InvalidInput({"naam": f"Naam: er is al een financier '{name}'."})
    ids = set(municipality_ids)
    known = set(session.exec(select(Municipality.id).where(col(Municipality.id).in_(ids))).all()) if ids else set()
    if ids - known:
        raise InvalidInput({"gemeenten": "Gemeenten: onbekende gemeente."})
    funder = Funder(name=name, kind=FunderKind(kind).value, created_at=now, **address)
    session.add(funder)
    session.flush()
    session.add_all(FunderMunicipality(funder_id=funder.id, municipality_id=m) for m in sorted(ids))
    return funder


def municipality_ids(session: Session, names: list[str]) -> list[int]:
    """The ids of municipalities named as the bureau types them; InvalidInput naming the unknown ones."""
    rows = (
        dict(session.exec(select(Municipality.name, Municipality.id).where(col(Municipality.name).in_(names))).all())
        if names
        else {}
    )
    unknown = [n for n in names if n not in rows]
    if unknown:
        raise InvalidInput({"gemeenten": "Gemeenten: onbekend: " + ", ".join(n[:80] for n in unknown[:5])})
    return list(rows.values())


def save_contract(session: Session, values: ContractInput, now: dt.datetime, contract_id: int | None = None) -> int:
    """Store a new contract (or replace one's terms); refused in Dutch, with nothing saved, when it is wrong."""
    if session.get(Funder, values.funder_id) is None:
        raise InvalidInput({"financier": "Financier: kies een bestaande financier."})
    proposed = _domain_contract(contract_id, values)
    errors = contract_errors(proposed, contracts_of(session, values.funder_id))
    if errors:
        raise InvalidInput(errors)
    row = session.get(ContractRow, contract_id) if contract_id else ContractRow(created_at=now)
    if row is None:
        raise InvalidInput({"contract": "Dit contract bestaat niet."})
    row.funder_id, row.start, row.end = values.funder_id, values.start, values.end
    row.domains = sorted(values.domains)
    row.purchased = {phase.value: n for phase, n in values.purchased.items()}
    row.budget, row.reference, row.frequency = values.budget, values.reference.strip(), values.frequency.value
    row.vat_percent, row.vat_reason, row.updated_at = values.vat_percent, values.vat_reason.strip(), now
    session.add(row)
    session.flush()
    for old in session.exec(select(ContractPrice).where(ContractPrice.contract_id == row.id)).all():
        session.delete(old)
    session.add_all(
        ContractPrice(contract_id=row.id, valid_from=day, phase=phase.value, price=price)
        for day, prices in sorted(values.prices.items())
        for phase, price in prices.items()
    )
    session.flush()
    return row.id


def contracts_of(session: Session, funder_id: int | None = None) -> list[Contract]:
    """Every contract (of one funder), as the domain's Contract."""
    query = select(ContractRow).order_by(ContractRow.start, ContractRow.id)
    if funder_id is not None:
        query = query.where(ContractRow.funder_id == funder_id)
    rows = session.exec(query).all()
    prices = session.exec(select(ContractPrice).where(col(ContractPrice.contract_id).in_([r.id for r in rows]))).all()
    return [_to_domain(row, [p for p in prices if p.contract_id == row.id]) for row in rows]


def contract_by_id(session: Session, contract_id: int) -> Contract | None:
    row = session.get(ContractRow, contract_id)
    if row is None:
        return None
    prices = session.exec(select(ContractPrice).where(ContractPrice.contract_id == contract_id)).all()
    return _to_domain(row, list(prices))


def case_domain(session: Session, case: Case) -> str:
    """The domain a case falls under by default: youth when a main person is a minor, else adults."""
    kinds = session.exec(select(MainPerson.kind).where(MainPerson.case_id == case.id)).all()
    return JEUGD if "minderjarig" in kinds or not kinds else VOLWASSENEN


def proposed_contract(session: Session, case: Case, domain: str, day: dt.date) -> Contract | None:
    """The contract that covers the case's municipality and domain on `day` (people in detention are funded by
    the municipality where they are registered, which is the case's municipality)."""
    funders = session.exec(
        select(FunderMunicipality.funder_id).where(FunderMunicipality.municipality_id == case.municipality_id)
    ).all()
    return covering_contract(contracts_of(session), set(funders), domain, day) if funders else None


def set_funding(
    session: Session, case: Case, contract_id: int | None, domain: str, actor: Actor, now: dt.datetime
) -> CaseFunding:
    """Record which contract pays for the case; a change is a line of the case history."""
    if contract_id is not None and session.get(ContractRow, contract_id) is None:
        raise InvalidInput({"contract": "Contract: kies een bestaand contract."})
    funding = session.get(CaseFunding, case.id) or CaseFunding(case_id=case.id, domain=domain)
    before = funding.contract_id if funding.confirmed_at else None
    funding.contract_id, funding.domain = contract_id, domain
    funding.confirmed_at, funding.confirmed_by_id = now, actor.user_id
    session.add(funding)
    if before != contract_id:
        session.add(
            CaseEvent(
                case_id=case.id,
                at=now,
                actor_id=actor.user_id,
                actor_name=actor.name,
                trigger=FUNDING_TRIGGER,
                from_phase=case.phase,
                to_phase=case.phase,
                reason=f"Financiering: {funding_label(session, before)} → {funding_label(session, contract_id)}",
            )
        )
    return funding


def funding_label(session: Session, contract_id: int | None) -> str:
    """'Gemeente Haarlem, 01-01-2026 t/m 31-12-2026' or 'geen contract'."""
    row = session.get(ContractRow, contract_id) if contract_id else None
    if row is None:
        return "geen contract"
    funder = session.get(Funder, row.funder_id)
    return f"{funder.name if funder else '?'}, {Period(row.start, row.end).label()}"


def _domain_contract(contract_id: int | None, values: ContractInput) -> Contract:
    rate = values.vat_percent / 100 if values.vat_percent is not None else None
    return Contract(
        id=contract_id,
        funder_id=values.funder_id,
        period=Period(values.start, values.end),
        domains=frozenset(values.domains),
        price_lists=tuple(PriceList(day, prices) for day, prices in sorted(values.prices.items())),
        purchased=dict(values.purchased),
        budget=values.budget,
        reference=values.reference,
        vat=Vat(rate, values.vat_reason) if values.vat_reason else Vat(rate),
        frequency=values.frequency,
    )


def _to_domain(row: ContractRow, prices: list[ContractPrice]) -> Contract:
    by_day: dict[dt.date, dict[BillablePhase, Decimal]] = {}
    for price in prices:
        by_day.setdefault(price.valid_from, {})[BillablePhase(price.phase)] = price.price
    values = ContractInput(
        funder_id=row.funder_id,
        start=row.start,
        end=row.end,
        domains=frozenset(row.domains or ()),
        prices=by_day,
        purchased={BillablePhase(k): int(v) for k, v in (row.purchased or {}).items()},
        budget=row.budget,
        reference=row.reference,
        vat_percent=row.vat_percent,
        vat_reason=row.vat_reason,
        frequency=Frequency(row.frequency),
    )
    return _domain_contract(row.id, values)


def on_application_received(uow: Any, event: ApplicationReceived) -> None:
    """Propose the contract that covers a new application (the regiomanager confirms or changes it): none
    found is kept too, so the inbox can warn that nobody pays for this case."""
    case = uow.session.get(Case, event.case_id)
    domain = case_domain(uow.session, case)
    proposal = proposed_contract(uow.session, case, domain, case.application_date)
    uow.session.add(CaseFunding(case_id=case.id, contract_id=proposal.id if proposal else None, domain=domain))
