"""After the plan on the case page: the agreements with their latest marks, and the three-month check's page
(a form of its own, reachable from the task and the case page)."""

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from web.cases import queries as q
from web.cases.blueprint import bp
from web.context import actor, db, uow
from web.errors import refused
from web.forms import form_data, is_blank
from workflow import three_month_check as check
from workflow.agreements import latest_marks, mark_fields, marks_from_fields
from workflow.case import record_get
from workflow.errors import DomainError
from workflow.phases import Phase, Role
from workflow.registration.record import agreements
from workflow.tasks import record_three_month_check

ROWS_SHOWN = 2  # conversation rows on the form (blank ones are skipped); more after a refusal if typed
ATTEMPTS_SHOWN = 3


def aftercare_context(case) -> dict[str, Any]:
    """What the case page shows after the plan: agreements with their newest mark, and the three-month check."""
    rows = agreements(case)
    marks = latest_marks(case)
    return {
        "agreement_rows": list(zip(rows, marks, strict=True)) if isinstance(rows, list) else [],
        "three_months": record_get(case, "drie_maanden"),
        "three_month_open": Phase(case.phase) is Phase.NAZORG and actor().role in (Role.COORDINATOR, Role.REGIOMANAGER),
    }


@bp.route("/zaken/<int:case_id>/driemaandencontact", methods=["GET", "POST"])
@login_required
def three_month_check(case_id: int):
    """The three-month check: the follow-up form's questions for each person spoken to, or the attempts."""
    case = q.get_case(db(), actor(), case_id)
    if request.method == "GET":
        return _page(case, _values_of(record_get(case, "drie_maanden") or {}, len(agreements(case))), {})
    data = check_data(request.form, len(agreements(case)))
    try:
        record_three_month_check(uow(), case_id, actor(), _version(), data)
    except DomainError as problem:
        refusal = refused(problem)
        return _page(case, request.form, refusal.errors), refusal.status
    flash("Driemaandencontact vastgelegd.")
    return redirect(url_for("cases.case_page", case_id=case_id))


def check_data(form: MultiDict, count: int) -> dict[str, Any]:
    """The form as `parse_check` takes it: blank conversation rows and attempts left out."""
    values = form_data(check.CHECK_FIELDS, form)
    rows = [form_data(check.CONVERSATION_ROW, form, f"gesprekken-{i}-") for i in range(check.MAX_CONVERSATIONS)]
    attempts = [form.get(f"pogingen-{i}", "") for i in range(check.MAX_ATTEMPTS)]
    marks = marks_from_fields({k: form.get(k) for k in form}, count)
    return {
        **values,
        "gesprekken": [row for row in rows if not is_blank(row)],
        "pogingen": [day for day in attempts if day.strip()],
        "afspraken_markering": marks,
    }


def _page(case, values: Any, errors: dict[str, str]):
    typed = [i + 1 for i in range(check.MAX_CONVERSATIONS) if values.get(f"gesprekken-{i}-respondent")]
    count = min(max([ROWS_SHOWN, *typed]), check.MAX_CONVERSATIONS)
    names = [spec.name for spec in check.CONVERSATION_ROW]
    rows = [{name: values.get(f"gesprekken-{i}-{name}") for name in names} for i in range(count)]
    typed_attempts = [i + 1 for i in range(check.MAX_ATTEMPTS) if values.get(f"pogingen-{i}")]
    return render_template(
        "cases/three_month.html",
        case=case,
        check=check,
        marks=mark_fields(case),
        values=values,
        errors=_on_inputs(errors),
        rows=rows,
        attempts=range(min(max([ATTEMPTS_SHOWN, *typed_attempts]), check.MAX_ATTEMPTS)),
        recorded=record_get(case, "drie_maanden"),
    )


def _on_inputs(errors: dict[str, str]) -> dict[str, str]:
    """`gesprekken.0.situatie` → the input `gesprekken-0-situatie`, `pogingen.1` → `pogingen-1`."""
    return {key.replace(".", "-"): message for key, message in errors.items()}


def _values_of(recorded: dict[str, Any], count: int) -> dict[str, Any]:
    """A recorded check as the form's inputs (to correct it)."""
    if not recorded:
        return {}
    values: dict[str, Any] = {
        "bereikt": "ja" if recorded.get("bereikt") else "nee",
        "datum": recorded.get("datum"),
        "vervolg_nodig": "ja" if recorded.get("vervolg_nodig") else "",
    }
    for i, row in enumerate(recorded.get("gesprekken") or []):
        values |= {f"gesprekken-{i}-{name}": value for name, value in row.items()}
    values |= {f"pogingen-{i}": day for i, day in enumerate(recorded.get("pogingen") or [])}
    marks = recorded.get("afspraken_markering") or []
    values |= {f"markering_{i}": mark for i, mark in enumerate(marks[:count]) if mark}
    return values


def _version() -> int | None:
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        return -1
