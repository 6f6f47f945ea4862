"""Which contract pays for a case, as the regiomanager and the bureau see it (no amounts): the proposal or the
confirmed choice, the contracts that could cover it instead, and the open cases nobody pays for."""

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from storage.billing_models import CaseFunding, Funder
from storage.contracts import case_domain, contracts_of, funding_label, proposed_contract, set_funding
from storage.models import Case
from storage.uow import visible_cases
from workflow.billing.contracts import DOMAINS
from workflow.errors import InvalidInput
from workflow.guards import Actor
from workflow.phases import Phase

NONE = "geen"


@dataclass(frozen=True)
class Coverage:
    contract_id: int | None
    label: str
    domain: str
    confirmed: bool
    options: tuple[tuple[int, str], ...]  # the contracts covering the case's domain on its application date

    @property
    def covered(self) -> bool:
        return self.contract_id is not None


def coverage(session: Session, case: Case) -> Coverage:
    """The case's funding now; a case from before funding was kept gets its proposal (unsaved)."""
    funding = session.get(CaseFunding, case.id)
    if funding is None:
        domain = case_domain(session, case)
        proposal = proposed_contract(session, case, domain, case.application_date)
        contract_id, confirmed = (proposal.id if proposal else None), False
    else:
        domain, contract_id, confirmed = funding.domain, funding.contract_id, funding.confirmed_at is not None
    return Coverage(contract_id, funding_label(session, contract_id), domain, confirmed, options(session, case))


def options(session: Session, case: Case) -> tuple[tuple[int, str], ...]:
    """Every contract that covers any domain on the case's application date, labelled with funder and domains."""
    names = dict(session.exec(select(Funder.id, Funder.name)).all())
    return tuple(
        (c.id, f"{names.get(c.funder_id, '?')}, {', '.join(sorted(c.domains))} ({c.period.label()})")
        for c in contracts_of(session)
        if case.application_date in c.period
    )


def choose_funding(session: Session, case: Case, choice: str, domain: str, actor: Actor, now: dt.datetime) -> None:
    """Confirm or change the contract that pays (`choice`: a contract id among the options, or "geen")."""
    if domain not in DOMAINS:
        raise InvalidInput({"domein": "Domein: kies een van " + ", ".join(DOMAINS) + "."})
    if choice == NONE:
        set_funding(session, case, None, domain, actor, now)
        return
    allowed = {str(c.id): c for c in contracts_of(session) if case.application_date in c.period}
    contract = allowed.get(choice)
    if contract is None:
        raise InvalidInput({"contract": "Contract: kies een contract dat op de aanmelddatum loopt, of 'geen'."})
    if domain not in contract.domains:
        raise InvalidInput({"domein": f"Domein: dit contract dekt {domain} niet."})
    set_funding(session, case, contract.id, domain, actor, now)


def uncovered_cases(session: Session, actor: Actor, limit: int = 50) -> list[tuple[int, str]]:
    """The open cases the actor may see that no contract pays for (id, reference), oldest first. A case from
    before funding was kept counts by its proposal, as its page shows it."""
    funded = select(CaseFunding.case_id).where(col(CaseFunding.contract_id).is_not(None))
    query = (
        visible_cases(actor)
        .where(Case.phase != Phase.AFGESLOTEN, col(Case.id).not_in(funded))
        .order_by(Case.application_date, Case.id)
        .limit(limit)
    )
    cases = session.exec(query).all()
    kept = set(session.exec(select(CaseFunding.case_id).where(col(CaseFunding.case_id).in_([c.id for c in cases]))))
    return [
        (case.id, case.ref)
        for case in cases
        if case.id in kept
        or proposed_contract(session, case, case_domain(session, case), case.application_date) is None
    ]
