"""GET /api/v1/contracts: the funders with their contracts and dated prices (the bureau's token only: amounts).
Amounts are text with two decimals, so no client reads a price as a float."""

from flask import abort, g, jsonify
from sqlmodel import select

from storage.billing_models import Funder
from storage.contracts import contracts_of
from web.api.blueprint import bp
from web.context import db
from web.contract.responses import ContractList
from workflow.phases import Role


@bp.get("/contracts")
def contracts():
    """Every funder and its contracts: period, domains, prices from each date, purchased numbers, budget."""
    if g.actor.role is not Role.ADMIN:
        abort(403)
    session = db()
    funders = session.exec(select(Funder).order_by(Funder.name)).all()
    by_funder: dict[int, list] = {f.id: [] for f in funders}
    for contract in contracts_of(session):
        by_funder.setdefault(contract.funder_id, []).append(
            {
                "id": contract.id,
                "start": contract.period.start,
                "end": contract.period.end,
                "domains": sorted(contract.domains),
                "prices": [
                    {
                        "valid_from": p.valid_from,
                        "prices": {phase.value: f"{price:.2f}" for phase, price in p.prices.items()},
                    }
                    for p in sorted(contract.price_lists, key=lambda p: p.valid_from)
                ],
                "purchased": {phase.value: n for phase, n in contract.purchased.items()},
                "budget": f"{contract.budget:.2f}" if contract.budget is not None else None,
                "reference": contract.reference,
                "vat_percent": f"{contract.vat.rate * 100:.2f}" if contract.vat.rate is not None else None,
                "frequency": contract.frequency.value,
            }
        )
    answer = ContractList(
        funders=[
            {"id": f.id, "name": f.name, "kind": f.kind, "identifier": f.identifier, "contracts": by_funder[f.id]}
            for f in funders
        ]
    )
    return jsonify(answer.as_json())
