"""The bureau sets the reminder timings (DOMAIN.md §5); new reminders use them from then on."""

from flask import flash, redirect, render_template, request, url_for

from storage.admin import set_reminder_timings
from storage.settings import load_date_rules, load_timings
from web.admin.blueprint import bp
from web.context import clock, db, uow
from web.errors import refused
from web.forms import form_data
from workflow.clock import local_today
from workflow.dates import RULE_LABELS, DateRules
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_fields
from workflow.reminder_rules import TIMING_LABELS, ReminderTimings

FIELDS = tuple(
    FieldSpec(name, label, "int", required=True, minimum=0, maximum=365) for name, label in TIMING_LABELS.items()
)
# The rules for plausible dates live on the same page: the bureau sets its timings in one place.
DATE_FIELDS = tuple(
    FieldSpec(name, label, "int", minimum=0, maximum=52, help="leeg: de standaard")
    for name, label in RULE_LABELS.items()
)


@bp.route("/herinneringen", methods=["GET", "POST"])
def reminder_timings():
    """Show and change when reminders fall due."""
    if request.method == "GET":
        return _page({**load_timings(db()).as_dict(), **load_date_rules(db()).as_dict()}, {})
    raw = form_data((*FIELDS, *DATE_FIELDS), request.form)
    try:
        timings, rules = _timings(raw), _date_rules(raw)
        set_reminder_timings(uow(), timings, rules)
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _page(raw, refusal.errors), refusal.status
    flash("Termijnen van de herinneringen opgeslagen; ze gelden voor nieuwe herinneringen.")
    return redirect(url_for("admin.reminder_timings"), 303)


def _timings(raw: dict) -> ReminderTimings:
    """The timings from the form; InvalidInput for a field or for the combination."""
    values = parse_fields(FIELDS, raw, local_today(clock().now()))
    try:
        return ReminderTimings.from_dict(values)
    except ValueError as problem:
        raise InvalidInput({"_": str(problem)}) from None


def _date_rules(raw: dict) -> DateRules:
    values = parse_fields(DATE_FIELDS, raw, local_today(clock().now()))
    try:
        return DateRules.from_dict({k: v for k, v in values.items() if v is not None})
    except ValueError as problem:
        raise InvalidInput({"_": str(problem)}) from None


def _page(values: dict, errors: dict):
    return render_template(
        "admin/timings.html",
        specs=FIELDS,
        date_specs=DATE_FIELDS,
        values=values,
        errors=errors,
        defaults={**ReminderTimings().as_dict(), **DateRules().as_dict()},
    )
