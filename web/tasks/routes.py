"""Task views: the list of one's own due tasks, and completing one."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from storage.reminders import count_tasks, tasks_for
from web.context import actor, clock, db, uow
from web.errors import refused
from web.forms import form_data
from web.tasks.blueprint import bp
from workflow.agreements import MARK_PREFIX, mark_fields
from workflow.errors import DomainError
from workflow.reminder_rules import (
    DECISION_PENDING,
    FOLLOW_UP_CONFERENCE_NEEDED,
    FOLLOW_UP_KINDS,
    FOLLOW_UP_OVERDUE,
    KIND_LABELS,
    THREE_MONTH_CHECK,
)
from workflow.tasks import FOLLOW_UP_CALL, NO_CONFERENCE, complete_task


@bp.app_context_processor
def task_count():
    """How many tasks wait for the logged-in user (shown in the menu)."""
    if not current_user.is_authenticated:
        return {}
    return {"open_task_count": count_tasks(db(), current_user.id, clock().now())}


@bp.route("/taken")
@login_required
def task_list():
    """The user's tasks whose moment has come."""
    return _page()


@bp.route("/taken/<int:task_id>/klaar", methods=["POST"])
@login_required
def complete(task_id: int):
    """Mark a task done; a follow-up call records its outcome on the case."""
    data = task_data(request.form, task_id)
    try:
        complete_task(uow(), task_id, actor(), data)
    except DomainError as problem:
        refusal = refused(problem, flash_with=None)
        errors = {f"t{task_id}-{name}": message for name, message in refusal.errors.items()}
        return _page(failed={"id": task_id, "values": data, "errors": errors}), refusal.status
    flash("Taak afgerond.")
    return redirect(url_for("tasks.task_list"))


def _page(failed: dict | None = None):
    rows = tasks_for(db(), current_user.id, clock().now())
    return render_template(
        "tasks/list.html",
        groups=by_case(rows),
        count=len(rows),
        labels=KIND_LABELS,
        call_fields=FOLLOW_UP_CALL,
        mark_fields=mark_fields,
        no_conference=NO_CONFERENCE,
        three_month=THREE_MONTH_CHECK,
        decision_pending=DECISION_PENDING,
        conference_needed=FOLLOW_UP_CONFERENCE_NEEDED,
        follow_up_kinds=FOLLOW_UP_KINDS,
        overdue=FOLLOW_UP_OVERDUE,
        failed=failed or {},
        now=clock().now(),
    )


def task_data(form, task_id: int) -> dict:
    """The inputs of one task's form: a call's answers and its marks per agreement, or a reason."""
    prefix = f"t{task_id}-"
    data = form_data((*FOLLOW_UP_CALL, *NO_CONFERENCE), form, prefix=prefix)
    marks = {key[len(prefix) :]: form.get(key) for key in form if key.startswith(f"{prefix}{MARK_PREFIX}")}
    return {**data, **marks}


def by_case(rows: list) -> list[tuple]:
    """The tasks grouped per case, the case with the oldest task first: (case, [task, ...])."""
    groups: dict[int, tuple] = {}
    for task, case in rows:
        groups.setdefault(case.id, (case, []))[1].append(task)
    return list(groups.values())
