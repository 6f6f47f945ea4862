"""The retention page of a closed case: the removal date, and the "verlengen" form (regiomanager, once)."""

from flask import flash, redirect, render_template, request, url_for

from storage.retention import MAX_REASON, extend_retention, retention_status
from web.auth import role_required
from web.cases import queries as q
from web.context import actor, clock, db, settings, uow
from web.errors import refused
from web.retention.blueprint import bp
from workflow.errors import DomainError
from workflow.phases import Role


@bp.app_template_global("retention_of")
def retention_of(case):
    """The retention state of a case, for the card on the case page."""
    return retention_status(case, settings().retention_period())


@bp.route("/zaken/<int:case_id>/bewaartermijn")
@role_required(Role.REGIOMANAGER, Role.ADMIN)
def page(case_id: int):
    """When the personal data goes, and the form to keep it one period longer."""
    return _page(case_id)


@bp.route("/zaken/<int:case_id>/bewaartermijn", methods=["POST"])
@role_required(Role.REGIOMANAGER)
def extend(case_id: int):
    """Extend the retention once, with a reason for the case history."""
    reason = request.form.get("reden", "")
    try:
        extend_retention(uow(), case_id, actor(), reason, _version(), settings().retention_period())
    except DomainError as problem:
        refusal = refused(problem, flash_with=None)
        return _page(case_id, reason, refusal.errors or {"zaak": refusal.text}), refusal.status
    flash("De bewaartermijn is verlengd.")
    return redirect(url_for("retention.page", case_id=case_id))


def _page(case_id: int, reason: str = "", errors: dict | None = None):
    session = db()
    case = q.get_case(session, actor(), case_id)
    return render_template(
        "retention/page.html",
        case=case,
        status=retention_status(case, settings().retention_period()),
        reason=reason,
        errors=errors or {},
        max_reason=MAX_REASON,
        now=clock().now(),
    )


def _version() -> int:
    raw = request.form.get("version", "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else -1
