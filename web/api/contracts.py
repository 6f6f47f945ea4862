"""The bureau's funders and contracts (its token only: amounts). GET /contracts lists them; POST /funders,
POST /contracts, PUT and PATCH /contracts/<id> write them through the contract page's own parsing
(web.billing.bodies) and storage.contracts, so the checks and the Dutch refusals are the page's. Amounts are
text with two decimals, so no client reads a price as a float. Every write is in the money audit trail."""

from typing import Any

from flask import g, jsonify
from sqlmodel import select

from storage.billing_models import Funder
from storage.contracts import contract_by_id, contracts_of, save_contract
from storage.uow import in_one_transaction
from web.api.blueprint import ID, bp
from web.api.idempotency import action_uow, idempotent
from web.api.tokens import json_body
from web.billing.bodies import contract_body, contract_input, funder_values, in_body_names, store_funder
from web.context import clock, db, uow
from web.contract.money import ContractList, ContractTerms, FunderContracts
from workflow.billing.contracts import Contract
from workflow.clock import local_today
from workflow.errors import CaseNotFound, InvalidInput, NotPermitted
from workflow.phases import Role


@bp.get("/contracts")
def contracts():
    """Every funder and its contracts: period, domains, prices from each date, purchased numbers, budget."""
    _bureau_only()
    session = db()
    funders = session.exec(select(Funder).order_by(Funder.name)).all()
    by_funder: dict[int, list] = {f.id: [] for f in funders}
    for contract in contracts_of(session):
        by_funder.setdefault(contract.funder_id, []).append(contract_terms(contract))
    answer = ContractList(funders=[funder_answer(f, by_funder[f.id]) for f in funders])
    return jsonify(answer.as_json())


@bp.post("/funders")
@idempotent
def create_funder():
    """A new funder (a municipality, a group of them, or a fund) paying for the residents of its municipalities."""
    _bureau_only()
    values = funder_values(json_body(), local_today(clock().now()))
    funder_id = _write(action_uow(), store_funder, values, clock().now())
    return jsonify(funder_answer(db().get(Funder, funder_id), []).as_json()), 201


@bp.post("/contracts")
@idempotent
def create_contract():
    """A new contract; refused (400, in Dutch, nothing saved) when its period overlaps another of the funder's
    for a domain, a price is negative, or a value does not fit."""
    _bureau_only()
    values = contract_input(json_body(), local_today(clock().now()))
    contract_id = _write(action_uow(), save_contract, values, clock().now())
    return jsonify(contract_terms(contract_by_id(db(), contract_id)).as_json()), 201


@bp.put(f"/contracts/<{ID}:contract_id>")
def replace_contract(contract_id: int):
    """The contract's terms, whole (as GET gives them, with funder_id): as the contract page saves them."""
    _bureau_only()
    _existing(contract_id)
    return _save(contract_id, json_body())


@bp.patch(f"/contracts/<{ID}:contract_id>")
def change_contract(contract_id: int):
    """Change some terms (e.g. `prices` with a price change from a date on); the rest stays as it is."""
    _bureau_only()
    body = json_body()
    if not body:
        raise InvalidInput({"body": "Noem minstens één veld dat verandert."})
    return _save(contract_id, contract_body(_existing(contract_id)) | body)


def contract_terms(contract: Contract) -> ContractTerms:
    return ContractTerms.model_validate({"id": contract.id, **contract_body(contract)})


def funder_answer(funder: Funder, contracts: list[Any]) -> FunderContracts:
    return FunderContracts(
        id=funder.id, name=funder.name, kind=funder.kind, identifier=funder.identifier, contracts=contracts
    )


def _save(contract_id: int, body: dict[str, Any]):
    values = contract_input(body, local_today(clock().now()))
    _write(uow(), save_contract, values, clock().now(), contract_id)
    return jsonify(contract_terms(contract_by_id(db(), contract_id)).as_json())


def _write(unit, action, *args: Any) -> Any:
    """One transaction; storage's refusals name the body's fields."""
    try:
        return in_one_transaction(unit, action, *args)
    except InvalidInput as problem:
        raise in_body_names(problem) from None


def _existing(contract_id: int) -> Contract:
    found = contract_by_id(db(), contract_id) if contract_id > 0 else None
    if found is None:
        raise CaseNotFound("Dit contract bestaat niet.")
    return found


def _bureau_only() -> None:
    if g.actor.role is not Role.ADMIN:
        raise NotPermitted("Alleen het bureau ziet en wijzigt financiers, contracten en bedragen.")
