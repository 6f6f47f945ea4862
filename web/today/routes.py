"""The Vandaag page: one read of storage.today for the logged-in user, drawn per role."""

from flask import render_template
from flask_login import login_required

from storage.today import today_for
from web.context import actor, clock, db
from web.today.blueprint import bp
from workflow.clock import local_today
from workflow.intake import INTAKE_FIELDS
from workflow.lead_times import OFFER_TARGET_DAYS, START_TARGET_DAYS
from workflow.phases import Role
from workflow.reminder_rules import KIND_LABELS

WISH = "wensen_coordinator_"
# The wishes as the intake form names them (a case keeps them without the prefix: storage.uow.case_columns).
WISH_LABELS = {spec.name.removeprefix(WISH): spec.label for spec in INTAKE_FIELDS if spec.name.startswith(WISH)}


@bp.route("/vandaag")
@login_required
def page():
    """Today's work of the user: every item links to where it is done."""
    me, now = actor(), clock().now()
    return render_template(
        "today/page.html",
        today=today_for(db(), me, now),
        role=me.role.value,
        roles=Role,
        labels=KIND_LABELS,
        wish_labels=WISH_LABELS,
        now=now,
        day=local_today(now),
        offer_target=OFFER_TARGET_DAYS,
        start_target=START_TARGET_DAYS,
    )
