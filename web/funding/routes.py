"""The funding card of a case (no amounts: those are the bureau's, under /financien) and its one form: confirm
the proposed contract, choose another covering one, or "geen". Coordinators see nothing of money."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from storage.coverage import NONE, Coverage, choose_funding, coverage, uncovered_cases
from storage.uow import in_one_transaction
from web.auth import role_required
from web.cases import queries as q
from web.context import actor, clock, db, uow
from web.errors import refused
from web.forms import form_data
from web.funding.blueprint import bp
from workflow.billing.contracts import DOMAINS
from workflow.clock import local_today
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_fields
from workflow.phases import Role

MONEY_ROLES = (Role.REGIOMANAGER, Role.ADMIN)
FIELDS = (
    FieldSpec("contract", "Contract", "line", required=True, max_length=12),
    FieldSpec("domein", "Domein", "choice", required=True, choices=DOMAINS),
)


@bp.app_template_global("funding_of")
def funding_of(case) -> Coverage | None:
    """The case's funding for the card on the case page; None for whoever may not see it."""
    if not _may_see():
        return None
    return coverage(db(), case)


@bp.app_template_global("uncovered_for_me")
def uncovered_for_me() -> list[tuple[int, str]]:
    """The open cases in the user's regions that no contract pays for (the inbox's warning)."""
    return uncovered_cases(db(), actor()) if _may_see() else []


@bp.route("/zaken/<int:case_id>/financiering", methods=["POST"])
@role_required(*MONEY_ROLES)
def choose(case_id: int):
    """Confirm the contract that pays for the case, or choose another, or none; a change is a history line."""
    session = db()
    case = q.get_case(session, actor(), case_id)  # out of reach: 404
    raw = form_data(FIELDS, request.form)
    try:
        values = parse_fields(FIELDS, raw, local_today(clock().now()))
        in_one_transaction(uow(), choose_funding, case, values["contract"], values["domein"], actor(), clock().now())
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _page(case_id, raw, refusal.errors), refusal.status
    flash("Financiering: geen contract vastgelegd." if values["contract"] == NONE else "Financiering vastgelegd.")
    return redirect(url_for("cases.case_page", case_id=case_id) + "#financiering")


@bp.route("/zaken/<int:case_id>/financiering")
@role_required(*MONEY_ROLES)
def page(case_id: int):
    return _page(case_id, {}, {})


def _page(case_id: int, values: dict, errors: dict):
    session = db()
    case = q.get_case(session, actor(), case_id)
    return render_template(
        "billing/funding.html", case=case, funding=coverage(session, case), values=values, errors=errors
    )


def _may_see() -> bool:
    return current_user.is_authenticated and current_user.role in {r.value for r in MONEY_ROLES}


bp.add_app_template_global(DOMAINS, "funding_domains")
