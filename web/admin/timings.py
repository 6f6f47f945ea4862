"""The bureau sets the reminder timings (DOMAIN.md §5); new reminders use them from then on."""

from flask import flash, redirect, render_template, request, url_for

from storage.settings import load_timings, save_timings
from web.admin import bp
from web.admin.routes import write_session
from web.context import clock, db
from web.forms import form_data
from workflow.clock import local_today
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_fields
from workflow.reminder_rules import TIMING_LABELS, ReminderTimings

FIELDS = tuple(
    FieldSpec(name, label, "int", required=True, minimum=0, maximum=365) for name, label in TIMING_LABELS.items()
)


@bp.route("/herinneringen", methods=["GET", "POST"])
def reminder_timings():
    """Show and change when reminders fall due."""
    if request.method == "GET":
        return _page(load_timings(db()).as_dict(), {})
    raw = form_data(FIELDS, request.form)
    try:
        values = parse_fields(FIELDS, raw, local_today(clock().now()))
        timings = ReminderTimings.from_dict(values)
    except InvalidInput as problem:
        return _page(raw, problem.errors), 400
    except ValueError as problem:
        return _page(raw, {"_": str(problem)}), 400
    with write_session() as session:
        save_timings(session, timings, clock().now())
        session.commit()
    flash("Termijnen van de herinneringen opgeslagen; ze gelden voor nieuwe herinneringen.")
    return redirect(url_for("admin.reminder_timings"), 303)


def _page(values: dict, errors: dict):
    return render_template(
        "admin/timings.html", specs=FIELDS, values=values, errors=errors, defaults=ReminderTimings().as_dict()
    )
