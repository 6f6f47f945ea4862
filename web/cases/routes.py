"""Case views: parse the form, call a use case, flash, redirect; a refusal re-renders with the messages."""

from contextlib import suppress
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from storage.case_listing import Sorting, hints_for
from storage.inbox import INBOX_SORTS, OLDEST_FIRST, inbox_page
from storage.today import follow_up_dates
from storage.withdrawals import withdrawn_from
from web.auth import role_required
from web.cases import queries as q
from web.cases.aftercare import aftercare_context
from web.cases.blueprint import bp
from web.cases.forms import PERSON_ROWS, check_form, intake_from_form, person_prefix, row_errors
from web.cases.next_step import next_or_first, usual_next
from web.checklist import checklist
from web.context import actor, clock, db, uow
from web.errors import refused
from web.forms import form_data
from web.listing import listing_from
from workflow.case import record_get
from workflow.clock import local_today
from workflow.closing import OUTCOME_PHASES, closing_complete
from workflow.conditions import SET_BY, conditions_of, conditions_text
from workflow.decisions import not_accepted, plan_decisions
from workflow.errors import DomainError, GuardRefused, InvalidInput
from workflow.guards import StepContext
from workflow.intake import INTAKE_FIELDS, MAIN_PERSON_FIELDS
from workflow.labels import dutch_number, label
from workflow.lead_times import OFFER_TARGET_DAYS, START_TARGET_DAYS, lead_times_of
from workflow.offer_rules import OVERRIDE_REASON
from workflow.phases import OUTCOME_LABELS, Outcome, Phase, Role
from workflow.registration.record import expected_outcome
from workflow.registration.schema import CARRIED_TO_MEETING
from workflow.table import TRIGGERS, steps_for
from workflow.usecases import advance, available_actions, create_application, may_be_offered

CASE_LIST_SORTS = ("zaak", "fase", "gemeente", "coordinator", "aangemeld")
MY_CASES_SORTS = ("zaak", "gemeente", "fase", "aangemeld")
NEWEST_FIRST = Sorting("aangemeld", descending=True)


@bp.app_template_filter("nl_date")
def nl_date(value: Any) -> str:
    """A date (or ISO text) as dd-mm-jjjj."""
    if not value:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    parts = text[:10].split("-")
    return "-".join(reversed(parts)) if len(parts) == 3 else text


@bp.app_template_filter("nl_datetime")
def nl_datetime(value: Any) -> str:
    """A moment in Dutch local time, dd-mm-jjjj uu:mm."""
    local = q.local(value)
    return local.strftime("%d-%m-%Y %H:%M") if local else ""


@bp.app_template_filter("label")
def label_filter(code: Any, kind: str | None = None) -> Any:
    """A stored code as the Dutch label people read ('zelf_verder' → 'Na informatief gesprek zelf verder')."""
    return label(code, kind)


@bp.app_template_filter("getal")
def getal(value: Any, decimals: int = 2) -> str:
    """A number in Dutch notation: '4', '1,5' (the one number filter of every page)."""
    return dutch_number(value, decimals)


@bp.route("/")
@login_required
def home():
    """Every role's start page: Vandaag (web/today)."""
    return redirect(url_for("today.page"))


@bp.route("/inbox")
@role_required(Role.REGIOMANAGER)
def inbox():
    """New applications in the regiomanager's regions, oldest first (or as sorted), with their open offer."""
    session, now = db(), clock().now()
    listing = listing_from(request.args, INBOX_SORTS, OLDEST_FIRST)
    shown = listing.show(inbox_page(session, actor(), now, listing.page, sorting=listing.sorting))
    names = q.coordinator_names(session)
    waiting = [
        {"case": c, "lead": lead_times_of(c, now), "coordinator": names.get(c.coordinator_id, "")}
        for c in q.list_cases(session, actor(), phase=Phase.INFORMATIEF_GESPREK)
    ]
    hints = hints_for(session, {row["case"].id for row in waiting})
    return render_template(
        "cases/inbox.html",
        rows=shown.rows,
        listing=listing,
        offer_target=OFFER_TARGET_DAYS,
        waiting=waiting,
        hints=hints,
        start_target=START_TARGET_DAYS,
    )


@bp.route("/zaken")
@role_required(Role.REGIOMANAGER, Role.ADMIN)
def case_list():
    """All visible cases, filtered by phase, coordinator and municipality (bad values are ignored), sorted by
    a column and a page at a time; filters, sorting and page stay in the URL."""
    session = db()
    phase = _phase_arg(request.args.get("fase"))
    coordinator_id = _int_arg(request.args.get("coordinator"))
    municipality_id = _int_arg(request.args.get("gemeente"))
    chosen = {"fase": phase.value if phase else "", "coordinator": coordinator_id, "gemeente": municipality_id}
    listing = listing_from(request.args, CASE_LIST_SORTS, NEWEST_FIRST, chosen)
    municipality_ids, coordinator_ids = q.filter_choices(session, actor())
    shown = listing.show(
        q.list_page(
            session,
            actor(),
            listing.sorting,
            listing.page,
            phase=phase,
            coordinator_id=coordinator_id,
            municipality_id=municipality_id,
        )
    )
    return render_template(
        "cases/list.html",
        cases=shown.rows,
        hints=hints_for(session, {c.id for c in shown.rows}),
        listing=listing,
        places=q.municipality_names(session, municipality_ids),
        coordinators=q.coordinator_names(session, coordinator_ids),
        phases=list(Phase),
        chosen=chosen,
    )


@bp.route("/mijn-zaken")
@role_required(Role.COORDINATOR)
def my_cases():
    """The coordinator's cases with their next step, sorted and a page at a time, and the offers waiting for
    their answer (with what the case is about, the place, the wishes and the deadline)."""
    session, me, now = db(), actor(), clock().now()
    listing = listing_from(request.args, MY_CASES_SORTS, NEWEST_FIRST)
    shown = listing.show(q.my_cases_page(session, me, listing.sorting, listing.page))
    offered_cases = q.offered_to(session, me)
    places = q.municipality_names(session, {c.municipality_id for c in [*shown.rows, *offered_cases]})
    hints = hints_for(session, {c.id for c in [*shown.rows, *offered_cases]})
    calls = follow_up_dates(session, {c.id for c in shown.rows})
    mine = []
    for case in shown.rows:
        options = available_actions(case, me, now)
        mine.append(
            {
                "case": case,
                "municipality": places.get(case.municipality_id, ""),
                "hint": hints[case.id],
                "next": next_or_first(Phase(case.phase), options),
                "follow_up": calls.get(case.id),
            }
        )
    offered = [
        {
            "case": case,
            "municipality": places.get(case.municipality_id, ""),
            "hint": hints[case.id],
            "wishes": q.wishes_of(case),
            "offer": next(o for o in case.offers if o.state == "open" and o.coordinator_id == me.coordinator_id),
        }
        for case in offered_cases
    ]
    return render_template("cases/my_cases.html", mine=mine, offered=offered, listing=listing, now=now)


@bp.route("/aanmelding/nieuw", methods=["GET", "POST"])
@role_required(Role.REGIOMANAGER)
def new_case():
    """The intake form of a new application; a valid one becomes a case in phase aanmelding."""
    if request.method == "GET":
        return _intake_page({"aanmelddatum": local_today(clock().now())}, [{} for _ in range(PERSON_ROWS)], {})
    data, rows, filled = intake_from_form(request.form)
    try:
        check_form(data, filled, local_today(clock().now()))
        case = create_application(uow(), data, actor())
    except InvalidInput as problem:
        refusal = refused(problem)
        return _intake_page(data, rows, row_errors(refusal.errors, filled)), refusal.status
    flash(f"Aanmelding {case.ref} is aangemaakt.")
    if case.region_id not in actor().region_ids:
        flash("Deze aanmelding valt buiten uw regio's; de regiomanager van die regio pakt haar op.")
        return redirect(url_for("cases.inbox"))
    return redirect(url_for("cases.case_page", case_id=case.id))


def _intake_page(values: dict[str, Any], rows: list[dict[str, Any]], errors: dict[str, str]):
    return render_template(
        "cases/new.html",
        intake_fields=INTAKE_FIELDS,
        person_fields=MAIN_PERSON_FIELDS,
        values=values,
        rows=rows,
        errors=errors,
        person_prefix=person_prefix,
        municipalities=q.all_municipalities(db()),
    )


@bp.route("/zaken/<int:case_id>")
@login_required
def case_page(case_id: int):
    """The case: data, phase diagram, the actions allowed now, and its history."""
    return render_case(case_id)


@bp.route("/zaken/<int:case_id>/stap/<trigger>", methods=["POST"])
@login_required
def take_step(case_id: int, trigger: str):
    """Take one step of the phase table with the form's data."""
    if trigger not in TRIGGERS:
        abort(404)
    step = steps_for(trigger)[0]
    data = form_data(step.fields, request.form)
    reason = request.form.get("reden", "")
    try:
        advance(uow(), case_id, trigger, actor(), _version(), reason, data)
    except DomainError as problem:
        missing = problem.missing if isinstance(problem, GuardRefused) else []
        refusal = refused(problem, flash_with=None if missing else "summary")
        if missing:  # the list of what is missing stands at the step, each item linked to its field
            flash(f"{step.label}: dit kan nog niet. Wat nog nodig is, staat bij de stap.", "error")
        failed = {"trigger": trigger, "values": {**data, "reden": reason}, "errors": refusal.errors}
        failed["missing"] = missing
        return render_case(case_id, None if refusal.stale else failed), refusal.status
    flash(f"{step.label}: gelukt.")
    return redirect(url_for("cases.case_page", case_id=case_id))


def render_case(case_id: int, failed: dict[str, Any] | None = None, offer_form: dict[str, Any] | None = None) -> str:
    """The case page; `failed` is a refused step's form (trigger, values, errors) to show again, `offer_form`
    a refused offer's (values, errors)."""
    session, me, now = db(), actor(), clock().now()
    case = q.get_case(session, me, case_id)
    named = {case.coordinator_id, case.co_coordinator_id, *(o.coordinator_id for o in case.offers)} - {None}
    names = q.coordinator_names(session, named)
    municipality = q.municipality_names(session, {case.municipality_id}).get(case.municipality_id, "")
    actions = available_actions(case, me, now)
    usual = usual_next(Phase(case.phase), actions)
    actions.sort(key=lambda option: option is not usual)  # the usual next step first, the rest in table order
    coordinators, excluded, co_choices = [], {}, []
    if me.role is Role.REGIOMANAGER:
        coordinators, co_choices = _coordinator_choices(session, case)
        excluded = q.exclusions_by_coordinator(session, case, now) if coordinators else {}
    return render_template(
        "cases/case.html",
        checklists=_checklists(case, actions, failed or {}),
        case=case,
        phase=Phase(case.phase),
        phases=list(Phase),
        municipality=municipality,
        coordinator=names.get(case.coordinator_id) if case.coordinator_id else None,
        co_coordinator=names.get(case.co_coordinator_id) if case.co_coordinator_id else None,
        co_choices=co_choices,
        rematch=Phase(case.phase) is not Phase.AANMELDING and may_be_offered(case),
        open_offer=q.offer_view(case, names, now),
        offers=q.offers_of(case, names, session),
        actions=actions,
        usual_trigger=usual.step.trigger if usual else None,
        defaults=_defaults(case),
        failed=failed or {},
        coordinators=coordinators,
        excluded=excluded,
        offer_form=offer_form or {"values": {}, "errors": {}},
        override_spec=OVERRIDE_REASON,
        history=q.history(session, case.id),
        record=case.record or {},
        outcome=OUTCOME_LABELS[Outcome(case.outcome)] if case.outcome else None,
        planned=record_get(case, "geplande_bijeenkomst"),
        follow_up=follow_up_dates(session, {case.id}).get(case.id),
        conditions=conditions_of(case),
        plan_decisions=plan_decisions(case),
        **aftercare_context(case),
    )


def _checklists(case, actions, failed: dict[str, Any]) -> dict[str, list]:
    """Per step, what is still missing as a checklist with links. Closing is asked for the outcome its form
    shows (the refused one, else the expected one), never "kies de uitkomst" when an outcome is chosen."""
    lists = {}
    for option in actions:
        trigger = option.step.trigger
        missing = option.missing
        if failed.get("trigger") == trigger and failed.get("missing"):
            missing = failed["missing"]
        elif trigger == "close":
            chosen = (failed.get("values") or {}).get("uitkomst") if failed.get("trigger") == trigger else None
            outcome = _closing_outcome(case, chosen)
            ctx = StepContext(actor(), clock().now(), data={"uitkomst": outcome.value} if outcome else {})
            missing = closing_complete(case, ctx)
        lists[trigger] = checklist(case.id, missing, on_registration_page=False, step=option.step)
    return lists


def _closing_outcome(case, chosen: str | None) -> Outcome | None:
    """The outcome the closing form starts with: the chosen one, else the expected one if it fits the phase."""
    with suppress(ValueError):
        return Outcome(chosen)
    expected = Outcome.GEEN_PLAN if not_accepted(case) else expected_outcome(case)  # a refused plan: none
    return expected if case.phase in OUTCOME_PHASES[expected] else None


def _coordinator_choices(session, case) -> tuple[list[Any], list[Any]]:
    """The region's coordinators the regiomanager may offer the case to (a new application, or a re-match after
    a withdrawal: not the ones withdrawn), and those who may become its co-coordinator."""
    region = q.coordinators_for_region(session, case.region_id)
    withdrawn = withdrawn_from(session, case.id)
    offer_to = [c for c in region if c.id not in withdrawn] if may_be_offered(case) else []
    taken = {case.coordinator_id, case.co_coordinator_id, *withdrawn}
    return offer_to, [c for c in region if c.id not in taken]


def _defaults(case) -> dict[str, dict[str, Any]]:
    """Values an action's form starts with: what the case already knows."""
    planned = record_get(case, "geplande_bijeenkomst") or {}
    meeting = {name: planned.get(name) for name in CARRIED_TO_MEETING}
    outcome = _closing_outcome(case, None)
    return {
        "close": {"uitkomst": outcome.value if outcome else None},
        "hold_meeting": meeting,
        "hold_meeting_in_parts": meeting,
        "hold_meeting_without_plan": meeting,
        "hold_follow_up_conference": meeting,
        "plan_meeting": {"voorwaarden": conditions_text(case), SET_BY.name: _first_setter(case)},
        "record_plan_decision": {"besluit_door": _first_setter(case), "besluit_datum": local_today(clock().now())},
    }


def _first_setter(case) -> str:
    """Who set the conditions (the first named), else the aanmelder: the professional a form starts with."""
    named = [c["gesteld_door"] for c in conditions_of(case) if c.get("gesteld_door")]
    return named[0] if named else (case.referrer_name or "")


def _version() -> int:
    """The version the form was made on; an unreadable one can never match."""
    return _int_arg(request.form.get("version")) or -1


def _int_arg(raw: str | None) -> int | None:
    try:
        value = int((raw or "").strip())
    except ValueError:
        return None
    return value if 0 < value < 2**31 else None


def _phase_arg(raw: str | None) -> Phase | None:
    try:
        return Phase(raw) if raw else None
    except ValueError:
        return None
