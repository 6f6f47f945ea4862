"""The facts the budget overview counts (workflow.billing.funnel), read from the cases, their funding and the
final invoices; and the overview itself per contract and funder on a reference date."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, select

from storage.billing_models import CaseFunding, Funder, FunderMunicipality, Invoice
from storage.contracts import contracts_of
from storage.models import Case, Municipality
from workflow.billing.contracts import Contract
from workflow.billing.funnel import CaseFacts, Funnel, by_application_year, by_event_year, contract_funnel, merged
from workflow.billing.phases import first_meeting_date, informatief_gesprek_held, meeting_held
from workflow.case import record_date, record_get
from workflow.clock import local_today
from workflow.phases import Outcome
from workflow.registration.completeness import completeness

FINAL = "definitief"


@dataclass(frozen=True)
class ContractUse:
    contract: Contract
    funder: str
    funnel: Funnel


@dataclass(frozen=True)
class FunderUse:
    funder_id: int
    name: str
    municipalities: tuple[str, ...]
    funnel: Funnel
    contracts: tuple[ContractUse, ...]


@dataclass(frozen=True)
class Budget:
    on: dt.date
    funders: tuple[FunderUse, ...]
    uncovered: tuple[int, ...]  # the cases no contract pays for
    by_application_year: list
    by_event_year: list
    refs: dict[int, str]


def case_facts(session: Session) -> list[CaseFacts]:
    """Every case's funnel facts (the record is read in Python: the dates live in its JSON)."""
    funding = dict(session.exec(select(CaseFunding.case_id, CaseFunding.contract_id)).all())
    return [_facts(case, funding.get(case.id)) for case in session.exec(select(Case).order_by(Case.id)).all()]


def _facts(case: Case, contract_id: int | None) -> CaseFacts:
    closed = local_today(case.closed_at) if case.closed_at and case.phase == "afgesloten" else None
    started = record_date(record_get(case, "informatief_gesprek_datum")) if informatief_gesprek_held(case) else None
    held = first_meeting_date(case, closed or case.application_date) if meeting_held(case) else None
    outcome = case.outcome if closed else None
    return CaseFacts(
        case_id=case.id,
        ref=case.ref,
        contract_id=contract_id,
        applied_on=case.application_date,
        started_on=started,
        conference_on=held,
        closed_on=closed,
        outcome=outcome,
        fully_registered=bool(outcome) and not completeness(case, Outcome(outcome)),
    )


def invoiced_by_contract(session: Session, on: dt.date) -> dict[int, Decimal]:
    """The net total of the final invoices issued on or before `on`, per contract (credits included)."""
    totals: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for contract_id, net in session.exec(
        select(Invoice.contract_id, Invoice.net).where(Invoice.state == FINAL, col(Invoice.issued_on) <= on)
    ).all():
        totals[contract_id] += net
    return dict(totals)


def budget_overview(session: Session, on: dt.date) -> Budget:
    """Per funder and contract: the funnel and the money on the reference date `on`."""
    facts = case_facts(session)
    invoiced = invoiced_by_contract(session, on)
    contracts = contracts_of(session)
    funders = session.exec(select(Funder).order_by(Funder.name)).all()
    places = _municipalities(session)
    uses = []
    for funder in funders:
        mine = tuple(
            ContractUse(c, funder.name, contract_funnel(c, facts, on, invoiced.get(c.id, Decimal("0.00"))))
            for c in contracts
            if c.funder_id == funder.id
        )
        uses.append(FunderUse(funder.id, funder.name, places.get(funder.id, ()), merged(u.funnel for u in mine), mine))
    return Budget(
        on=on,
        funders=tuple(uses),
        uncovered=tuple(f.case_id for f in facts if f.contract_id is None and f.applied_on <= on),
        by_application_year=by_application_year(facts, on),
        by_event_year=by_event_year(facts, on),
        refs={f.case_id: f.ref for f in facts},
    )


def _municipalities(session: Session) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for funder_id, name in session.exec(
        select(FunderMunicipality.funder_id, Municipality.name)
        .join(Municipality, col(Municipality.id) == FunderMunicipality.municipality_id)
        .order_by(Municipality.name)
    ).all():
        found[funder_id].append(name)
    return {k: tuple(v) for k, v in found.items()}
