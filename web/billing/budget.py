"""The budget page (bureau only, like all of /financien): per funder and contract the funnel from application to
conference against what was purchased, the money invoiced and remaining, on a reference date; the yearly
counting units; drill-down to the cases behind a number; and the same as XLSX."""

from flask import abort, render_template, request

from storage.budget import Budget, budget_overview
from web.billing import budget_data
from web.billing.blueprint import bp
from web.context import clock, db
from web.errors import refused
from workflow.billing.funnel import STEP_LABELS, STEPS, UNIT_LABELS, UNITS
from workflow.billing.money import euro
from workflow.clock import local_today
from workflow.errors import InvalidInput

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/budget")
def budget():
    budget, error = _budget()
    return render_template(
        "billing/budget.html",
        budget=budget,
        data=budget_data.budget_json(budget),
        steps=STEPS,
        units=UNITS,
        euro=euro,
        error=error,
        raw=request.args.get("peildatum", ""),
    )


@bp.route("/budget.xlsx")
def budget_xlsx():
    budget, error = _budget()
    if error:
        abort(400)
    name = f"budget-{budget.on.isoformat()}.xlsx"
    body = budget_data.to_xlsx(budget_data.budget_json(budget))
    return body, 200, {"Content-Type": XLSX, "Content-Disposition": f'attachment; filename="{name}"'}


@bp.route("/budget/zaken")
def budget_cases():
    """The cases behind one number: a funnel step of a funder or contract, a year's unit, or the uncovered."""
    budget, error = _budget()
    if error:
        abort(400)
    title, ids = _cell(budget, request.args)
    return render_template("billing/budget_cases.html", title=title, budget=budget, ids=ids)


def _cell(budget: Budget, args) -> tuple[str, tuple[int, ...]]:
    if args.get("zonder") == "dekking":
        return "Zaken zonder contract", budget.uncovered
    step, unit = args.get("stap", ""), args.get("eenheid", "")
    if step in STEP_LABELS:
        funder, contract = _int(args.get("financier")), _int(args.get("contract"))
        for use in budget.funders:
            if use.funder_id == funder and contract is None:
                return f"{use.name}: {STEP_LABELS[step]}", use.funnel.cases[step]
            for c in use.contracts:
                if c.contract.id == contract and contract is not None:
                    return f"{use.name}, {c.contract.period.label()}: {STEP_LABELS[step]}", c.funnel.cases[step]
    if unit in UNIT_LABELS:
        rows = budget.by_application_year if args.get("per") == "aanmeldjaar" else budget.by_event_year
        year = _int(args.get("jaar"))
        for row in rows:
            if row.year == year:
                per = "aanmeldjaar" if args.get("per") == "aanmeldjaar" else "jaar"
                return f"{UNIT_LABELS[unit]}, {per} {year}", row.cases.get(unit, ())
    abort(404)


def _budget() -> tuple[Budget, str]:
    today = local_today(clock().now())
    try:
        on = budget_data.reference_date(request.args.get("peildatum"), today)
        error = ""
    except InvalidInput as problem:
        on, error = today, refused(problem, flash_with=None).text
    return budget_overview(db(), on), error


def _int(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None
