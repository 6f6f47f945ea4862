"""Registration views: parse the section's form, call `record_registration`, flash, redirect."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from web.auth import role_required
from web.cases import queries as q
from web.context import actor, db, uow
from web.errors import refused
from web.forms import form_data, is_blank
from web.registration.blueprint import bp
from web.registration.forms import (
    BLANK_ROWS,
    FLAT,
    current_values,
    form_errors,
    raw_rows,
    row_prefix,
    section_from_form,
)
from workflow import registration as reg
from workflow.case import held_meetings
from workflow.errors import DomainError
from workflow.phases import OUTCOME_LABELS, Outcome, Phase, Role
from workflow.recording import MAX_ROWS, record_registration
from workflow.registration.schema import section_of


@bp.route("/zaken/<int:case_id>/registratie")
@login_required
def page(case_id: int):
    """Every section of the registration, and what closing with the chosen outcome still needs."""
    return _page(case_id)


@bp.post("/zaken/<int:case_id>/registratie/<section>")
@role_required(Role.COORDINATOR, Role.REGIOMANAGER)
def save(case_id: int, section: str):
    """Record one section."""
    if section not in reg.SECTIONS:
        abort(404)
    persons = len(q.get_case(db(), actor(), case_id).main_persons)
    data, filled = section_from_form(section, request.form, persons)
    try:
        record_registration(uow(), case_id, actor(), _version(), section, data)
    except DomainError as problem:
        refusal = refused(problem)
        errors = {} if refusal.stale else form_errors(refusal.errors, filled)
        return _page(case_id, _failed(section, errors)), refusal.status
    flash(f"{reg.SECTIONS[section]}: opgeslagen.")
    return redirect(url_for("registration.page", case_id=case_id, _anchor=section))


@bp.route("/zaken/<int:case_id>/plan")
@login_required
def plan(case_id: int):
    """The plan as a printable page for everyone who took part."""
    case = q.get_case(db(), actor(), case_id)
    record = case.record or {}
    return render_template(
        "registration/plan.html",
        case=case,
        plan=record.get("plan") or {},
        agreements=reg.agreements(case),
        meetings=held_meetings(case),
        acceptance=reg.acceptance(case),
        sent=record.get("plan_verstuurd") or {},
        participants=[p for p in record.get("netwerk") or [] if p.get("status") == "aanwezig"],
    )


def _page(case_id: int, failed: dict[str, Any] | None = None):
    session, me = db(), actor()
    case = q.get_case(session, me, case_id)
    outcome = _outcome_arg(case)
    missing = [(m, section_of(m.field.split(".")[0])) for m in reg.completeness(case, outcome)]
    values = current_values(case)
    if failed:
        values.update(failed["values"])
    counts, absent = reg.attendance_from_network(case)
    editable = Phase(case.phase) is not Phase.AFGESLOTEN and (
        me.role is Role.REGIOMANAGER or (me.role is Role.COORDINATOR and case.coordinator_id == me.coordinator_id)
    )
    return render_template(
        "registration/page.html",
        case=case,
        reg=reg,
        values=values,
        errors=(failed or {}).get("errors", {}),
        failed_section=(failed or {}).get("section"),
        missing=missing,
        outcome=outcome,
        outcomes=OUTCOME_LABELS,
        meetings=held_meetings(case),
        network_counts=counts,
        network_absent=absent,
        editable=editable,
        private=me.role is not Role.ADMIN,
        row_prefix=row_prefix,
        phase=Phase(case.phase),
    )


def _failed(section: str, errors: dict[str, str]) -> dict[str, Any]:
    """The user's input of the refused section, to show it again with the messages."""
    form = request.form
    if section in FLAT:
        values = {section: form_data(FLAT[section], form)}
    elif section == "hoofdpersonen":
        count = sum(1 for key in form if key.endswith("-soort") and key.startswith("hoofdpersonen-"))
        values = {
            "hoofdpersonen": [form_data(reg.PERSON_FIELDS, form, row_prefix("hoofdpersonen", i)) for i in range(count)]
        }
    else:
        group = "netwerk" if section == "netwerk" else "afspraken"
        rows = raw_rows(group, form, MAX_ROWS)
        last = max([i for i, r in enumerate(rows) if not is_blank(r)], default=-1)
        extra = reg.NETWORK_FIELDS if section == "netwerk" else reg.PLAN_FIELDS
        values = {section: form_data(extra, form), f"{group}_rows": rows[: min(MAX_ROWS, last + 1 + BLANK_ROWS)]}
    return {"section": section, "values": values, "errors": errors}


def _outcome_arg(case) -> Outcome:
    try:
        return Outcome(request.args.get("uitkomst", ""))
    except ValueError:
        return reg.expected_outcome(case)


def _version() -> int:
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        return -1
