"""GET /api/v1/budget?peildatum=: the budget overview and funnel as JSON (the bureau's token only: amounts)."""

from flask import abort, g, jsonify, request

from storage.budget import budget_overview
from web.api.blueprint import bp
from web.billing.budget_data import budget_json, reference_date
from web.context import clock, db
from web.contract.money import BudgetOverview
from workflow.clock import local_today
from workflow.phases import Role


@bp.get("/budget")
def budget():
    """Per funder and contract on the reference date (default today): the funnel, purchased numbers, invoiced
    and remaining budget; and the yearly counting units. 400 with a Dutch message for a wrong peildatum."""
    if g.actor.role is not Role.ADMIN:
        abort(403)
    on = reference_date(request.args.get("peildatum"), local_today(clock().now()))
    return jsonify(BudgetOverview.model_validate(budget_json(budget_overview(db(), on))).as_json())
