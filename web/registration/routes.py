"""Registration views: the page's one form (every section saved at once, or none), the older per-section route,
what closing still needs as JSON (for the checklists that follow the chosen outcome), the printable plan."""

from contextlib import suppress
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from web.auth import role_required
from web.cases import queries as q
from web.checklist import checklist, registration_anchor
from web.context import actor, clock, db, uow
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
from workflow.action_forms import CLOSING
from workflow.case import held_meetings
from workflow.clock import local_today
from workflow.closing import closing_checklist, closing_complete
from workflow.errors import DomainError, InvalidInput
from workflow.fields import parse_fields
from workflow.guards import StepContext
from workflow.phases import OUTCOME_LABELS, Outcome, Phase, Role
from workflow.recording import MAX_ROWS, record_registration, record_sections
from workflow.table import steps_for


@bp.route("/zaken/<int:case_id>/registratie")
@login_required
def page(case_id: int):
    """Every section of the registration, and what closing with the chosen outcome still needs."""
    return _page(case_id)


@bp.post("/zaken/<int:case_id>/registratie")
@role_required(Role.COORDINATOR, Role.REGIOMANAGER)
def save_all(case_id: int):
    """Record every section of the page's one form at once: all are saved, or none and every message and
    every typed value comes back (nothing typed in one section is lost by saving another)."""
    sections = _sections_on_page()
    persons = len(q.get_case(db(), actor(), case_id).main_persons)
    data, filled = {}, {}
    for section in sections:
        data[section], rows = section_from_form(section, request.form, persons)
        filled.update(rows)
    try:
        record_sections(uow(), case_id, actor(), _version(), data)
    except DomainError as problem:
        refusal = refused(problem)
        errors = {} if refusal.stale else form_errors(refusal.errors, filled)
        return _page(case_id, _failed_all(sections, errors)), refusal.status
    flash("Registratie opgeslagen.")
    return redirect(url_for("registration.page", case_id=case_id, uitkomst=request.args.get("uitkomst")), 303)


@bp.post("/zaken/<int:case_id>/registratie/<section>")
@role_required(Role.COORDINATOR, Role.REGIOMANAGER)
def save(case_id: int, section: str):
    """Record one section (the older per-section form, kept for links and scripts that post to it)."""
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
    missing = checklist(case.id, _still_needed(case, outcome), on_registration_page=True)
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
        error_anchors={name: registration_anchor(name) or "" for name in (failed or {}).get("errors", {})},
    )


@bp.route("/zaken/<int:case_id>/nog-nodig")
@login_required
def checklist_json(case_id: int):
    """What closing with the chosen outcome still needs, for the checklists that follow the chosen outcome:
    {"outcome", "items": [{"field", "message", "href", "where"}]}. From the registration page (`pagina=
    registratie`) a field there is a local anchor; from the case page's closing form, a link to it."""
    case = q.get_case(db(), actor(), case_id)
    if request.args.get("pagina") == "registratie":
        outcome = _outcome_arg(case)
        items = checklist(case.id, _still_needed(case, outcome), on_registration_page=True)
        return jsonify({"outcome": outcome.value, "items": [item.as_json() for item in items]})
    data = _closing_form(form_data(CLOSING, request.args))  # the closing form as it stands, not yet sent
    missing = closing_complete(case, StepContext(actor(), clock().now(), data=data))
    items = checklist(case.id, missing, on_registration_page=False, step=steps_for("close")[0])
    return jsonify({"outcome": data.get("uitkomst") or "", "items": [item.as_json() for item in items]})


def _closing_form(raw: dict[str, Any]) -> dict[str, Any]:
    """The closing form's values that parse (a field still being typed is left out, not refused)."""
    data = {}
    for spec in CLOSING:
        with suppress(InvalidInput):
            data.update(parse_fields((spec,), raw, local_today(clock().now())))
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _still_needed(case, outcome: Outcome) -> list:
    """The closing guard's items for `outcome`, whether or not it fits the phase yet."""
    ctx = StepContext(actor(), clock().now(), data={"uitkomst": outcome.value})
    return closing_checklist(case, outcome, ctx)


def _sections_on_page() -> list[str]:
    """The sections the one form carries: all of them (only a coordinator or regiomanager may save, and both
    see every section, the network's private note included)."""
    return list(reg.SECTIONS)


def _failed_all(sections: list[str], errors: dict[str, str]) -> dict[str, Any]:
    """Every section's input as typed, with every message (each section shows its own)."""
    values: dict[str, Any] = {}
    for section in sections:
        values.update(_failed(section, {})["values"])
    return {"section": "*", "values": values, "errors": errors}


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
