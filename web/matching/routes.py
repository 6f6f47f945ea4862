"""Matching views: thin; the ranking is workflow.matching, the rows come from storage.matching, every change
of a case goes through a use case (offer_case, accept_offer, decline_offer, withdraw_offer, save_case_needs,
mark_conflict_of_interest) and every other change through storage.matching_changes."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlmodel import Session, select

from storage import matching as store
from storage import matching_changes as change
from storage.models import Case, Coordinator, Offer, Region
from web.auth import role_required
from web.cases import queries as q
from web.cases.routes import render_case
from web.context import actor, clock, db, uow
from web.errors import refused
from web.matching import forms
from web.matching.blueprint import bp
from workflow.clock import local_today
from workflow.errors import CaseNotFound, DomainError, InvalidInput
from workflow.labels import OFFER_STATE_LABELS, dutch_number
from workflow.lead_times import lead_times_of
from workflow.matching import TARGET_GROUPS, WEIGHT_LABELS, Weights
from workflow.offer_rules import OVERRIDE_REASON
from workflow.offers import MAX_REASON, accept_offer, decline_offer, withdraw_offer
from workflow.phases import Phase, Role
from workflow.usecases import mark_conflict_of_interest, may_be_offered, offer_case, save_case_needs

OFFER_STATES = OFFER_STATE_LABELS
# Per address of the one offer view (the case page's form, the ranked list's buttons): the page to go back to,
# its redirect status and the flash.
OFFER_RETURNS = {
    "matching.offer_from_case": ("cases.case_page", 302, "De zaak is aangeboden aan {name}."),
    "matching.offer": ("matching.match_page", 303, "De zaak is aangeboden aan {name}. Reactie binnen twee dagen."),
}


# --- The regiomanager: ranked list, offer, withdraw --------------------------------------------------


@bp.route("/zaken/<int:case_id>/matchen")
@role_required(Role.REGIOMANAGER)
def match_page(case_id: int):
    """The coordinators ranked for this case, with every reason; the excluded ones folded away."""
    return _match_page(case_id)


def _match_page(case_id: int, errors: dict[str, str] | None = None, values: dict[str, Any] | None = None):
    session, me, now = db(), actor(), clock().now()
    case = q.get_case(session, me, case_id)
    needs, ranked, excluded = store.ranking(session, case, now)
    names = q.coordinator_names(session)
    offers = [
        {
            "id": o.id,
            "coordinator_id": o.coordinator_id,
            "coordinator": names.get(o.coordinator_id, "?"),
            "at": o.offered_at,
            "deadline": o.deadline,
            "state": OFFER_STATES.get(o.state, o.state),
            "open": o.state == "open",
            "overdue": o.state == "open" and o.deadline < now,
            "reason": o.reason,
        }
        for o in case.offers
    ]
    earlier = {}
    for o in offers:
        if o["state"] in ("afgewezen", "ingetrokken"):
            earlier[o["coordinator_id"]] = f"{o['state']} op {q.local(o['at']):%d-%m}" + (
                f": {o['reason']}" if o["reason"] else ""
            )
    extra = session.get(store.CaseMatchingNeeds, case.id)
    municipality = q.municipality_names(session, {case.municipality_id}).get(case.municipality_id, "")
    return render_template(
        "matching/match.html",
        case=case,
        phase=Phase(case.phase),
        needs=needs,
        ranked=ranked,
        excluded=excluded,
        offers=offers,
        open_offer=next((o for o in offers if o["open"]), None),
        earlier=earlier,
        can_offer=may_be_offered(case),
        municipality=municipality,
        target_groups=TARGET_GROUPS,
        # a refused form shows what was ticked, not what was stored
        chosen_groups=set((values or {}).get("target_groups", extra.target_groups if extra else ())),
        urgent=bool((values or {}).get("urgent", extra and extra.urgent)),
        lead=lead_times_of(case, now),
        errors=errors or {},
        values=values or {},
        max_reason=MAX_REASON,
        override_spec=OVERRIDE_REASON,
    )


@bp.route("/zaken/<int:case_id>/aanbieden", methods=["POST"], endpoint="offer_from_case")
@bp.route("/zaken/<int:case_id>/matchen/aanbieden", methods=["POST"])
@role_required(Role.REGIOMANAGER)
def offer(case_id: int):
    """Offer the case to the chosen coordinator, from the case page or from the ranked list."""
    coordinator_id = _int(request.form.get("coordinator_id"))
    reason = request.form.get("override_reason")
    try:
        if coordinator_id is None:
            raise InvalidInput({"coordinator_id": "Kies een coördinator."})
        offer_case(uow(), case_id, coordinator_id, actor(), _int(request.form.get("version")) or -1, reason)
    except DomainError as problem:
        refusal = refused(problem, flash_with="text")
        # the form again with what was chosen and typed, unless the case moved on meanwhile
        values = {} if refusal.stale else {"coordinator_id": str(coordinator_id or ""), "override_reason": reason or ""}
        if request.endpoint == "matching.offer_from_case":
            return render_case(case_id, offer_form={"values": values, "errors": refusal.errors}), refusal.status
        return _match_page(case_id, refusal.errors, values), refusal.status
    page, status, message = OFFER_RETURNS[request.endpoint]
    flash(message.format(name=q.coordinator_names(db(), {coordinator_id}).get(coordinator_id, "")))
    return redirect(url_for(page, case_id=case_id), status)


@bp.route("/aanbod/<int:offer_id>/intrekken", methods=["POST"])
@role_required(Role.REGIOMANAGER)
def withdraw(offer_id: int):
    """Withdraw an open offer, with a reason."""
    case_id = _case_of_offer(offer_id)
    reason = request.form.get("reden", "")
    try:
        withdraw_offer(uow(), offer_id, actor(), reason)
    except DomainError as problem:
        refusal = refused(problem, flash_with="text")
        return _match_page(case_id, {"reden": refusal.text}, {"reden": reason}), refusal.status
    flash("Het aanbod is ingetrokken. U kunt de zaak nu aan een ander aanbieden.")
    return redirect(url_for("matching.match_page", case_id=case_id), 303)


@bp.route("/zaken/<int:case_id>/matchen/behoeften", methods=["POST"])
@role_required(Role.REGIOMANAGER)
def save_needs(case_id: int):
    """The case's target groups and urgency, for the ranking."""
    try:
        data = forms.parse_needs(
            {"target_groups": forms.chosen(request.form, "target_groups"), "urgent": request.form.get("urgent")}
        )
    except InvalidInput as problem:
        refusal = refused(problem, flash_with="text")
        ticked = [g for g in forms.chosen(request.form, "target_groups") if g in TARGET_GROUPS]
        typed = {"target_groups": ticked, "urgent": bool(request.form.get("urgent"))}
        return _match_page(case_id, refusal.errors, typed), refusal.status
    save_case_needs(uow(), case_id, actor(), data["target_groups"], data["urgent"])
    flash("De behoeften van de zaak zijn opgeslagen; de ranglijst is bijgewerkt.")
    return redirect(url_for("matching.match_page", case_id=case_id), 303)


@bp.route("/zaken/<int:case_id>/matchen/belangenverstrengeling", methods=["POST"])
@role_required(Role.REGIOMANAGER)
def mark_conflict(case_id: int):
    """Mark a conflict of interest between a coordinator and this case: they drop out of its ranking."""
    coordinator_id = _int(request.form.get("coordinator_id"))
    errors, note = {}, ""
    if coordinator_id is None or db().get(Coordinator, coordinator_id) is None:
        errors["coordinator_id"] = "Kies een bestaande coördinator."
    try:
        note = forms.plain_line(forms.CONFLICT_NOTE, request.form.get("toelichting", ""))
    except InvalidInput as problem:
        errors.update(problem.errors)
    if errors:
        refusal = refused(InvalidInput(errors), flash_with="text")
        typed = {"conflict_for": coordinator_id, "toelichting": request.form.get("toelichting", "")[:500]}
        return _match_page(case_id, refusal.errors, typed), refusal.status
    mark_conflict_of_interest(uow(), case_id, actor(), coordinator_id, note)
    flash("Belangenverstrengeling vastgelegd: deze coördinator krijgt deze zaak niet aangeboden.")
    return redirect(url_for("matching.match_page", case_id=case_id), 303)


# --- The coordinator: answer an offer ------------------------------------------------------------------


@bp.route("/aanbod/<int:offer_id>/accepteren", methods=["POST"])
@role_required(Role.COORDINATOR)
def accept(offer_id: int):
    """Accept an offer: the case moves to informatief gesprek."""
    case_id = _case_of_offer(offer_id)
    try:
        case = accept_offer(uow(), case_id, offer_id, actor())
    except DomainError as problem:
        refused(problem, flash_with="text")
        return redirect(url_for("cases.my_cases"), 303)
    if [o.state for o in case.offers].count("accepted") > 1:  # a take-over of a running case (a re-match)
        flash(f"U heeft de zaak overgenomen. Ze gaat verder in de fase {Phase(case.phase).label}.")
    else:
        flash("U heeft het aanbod aangenomen. Plan het informatief gesprek binnen twee dagen.")
    return redirect(url_for("cases.case_page", case_id=case_id), 303)


@bp.route("/aanbod/<int:offer_id>/afwijzen", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def decline(offer_id: int):
    """Decline an offer with a reason (the form on Mijn zaken posts here; errors come back on this page)."""
    case_id = _case_of_offer(offer_id)
    case = q.get_case(db(), actor(), case_id)
    if request.method == "GET":
        return _decline_page(case, offer_id, "", {})
    reason = request.form.get("reden", "")
    try:
        decline_offer(uow(), case_id, offer_id, actor(), reason)
    except DomainError as problem:
        refusal = refused(problem, flash_with=None)
        return _decline_page(case, offer_id, reason, {"reden": refusal.text}), refusal.status
    flash(f"U heeft het aanbod van zaak {case.ref} afgewezen. De regiomanager zoekt een ander.")
    return redirect(url_for("cases.my_cases"), 303)


def _decline_page(case: Case, offer_id: int, reason: str, errors: dict[str, str]):
    municipality = q.municipality_names(db(), {case.municipality_id}).get(case.municipality_id, "")
    return render_template(
        "matching/decline.html",
        case=case,
        offer_id=offer_id,
        reason=reason,
        errors=errors,
        municipality=municipality,
        max_reason=MAX_REASON,
    )


# --- The coordinator's own profile --------------------------------------------------------------------


@bp.route("/mijn-profiel", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def my_profile():
    """Languages, capacity and target groups the coordinator keeps up to date themselves."""
    coordinator = _my_coordinator()
    if request.method == "GET":
        skills = store.skills_of(db(), coordinator.id)
        values = {
            "languages": ", ".join(coordinator.languages or []),
            "capacity": str(coordinator.capacity),
            "target_groups": list(skills.target_groups),
        }
        return _profile_page(coordinator, values, {})
    values = forms.raw(request.form, "languages", "capacity")
    values["target_groups"] = forms.chosen(request.form, "target_groups")
    try:
        data = forms.parse_profile(values)
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _profile_page(coordinator, values, refusal.errors), refusal.status
    change.save_own_profile(uow(), coordinator.id, data)
    flash("Uw profiel is opgeslagen.")
    return redirect(url_for("matching.my_profile"), 303)


@bp.route("/mijn-profiel/afwezigheid", methods=["POST"])
@role_required(Role.COORDINATOR)
def add_absence():
    """Add a period of absence."""
    coordinator = _my_coordinator()
    values = forms.raw(request.form, "start", "end", "note")
    try:
        data = forms.parse_absence(values, local_today(clock().now()))
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        current = {
            "languages": ", ".join(coordinator.languages or []),
            "capacity": str(coordinator.capacity),
            "target_groups": list(store.skills_of(db(), coordinator.id).target_groups),
        }
        page = _profile_page(coordinator, current, {}, absence_values=values, absence_errors=refusal.errors)
        return page, refusal.status
    change.add_absence(uow(), coordinator.id, data)
    flash(f"Afwezigheid van {data['start']:%d-%m-%Y} tot en met {data['end']:%d-%m-%Y} is opgeslagen.")
    return redirect(url_for("matching.my_profile"), 303)


@bp.route("/mijn-profiel/afwezigheid/<int:absence_id>/verwijderen", methods=["POST"])
@role_required(Role.COORDINATOR)
def remove_absence(absence_id: int):
    """Remove one of the coordinator's own absences."""
    if not change.remove_absence(uow(), _my_coordinator().id, absence_id):
        abort(404)
    flash("De afwezigheid is verwijderd.")
    return redirect(url_for("matching.my_profile"), 303)


def _profile_page(
    coordinator: Coordinator,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    absence_values: dict[str, str] | None = None,
    absence_errors: dict[str, str] | None = None,
):
    session, now = db(), clock().now()
    profile = store.profile_for(session, coordinator)
    return render_template(
        "matching/profile.html",
        coordinator=coordinator,
        profile=profile,
        values=values,
        errors=errors,
        absences=store.absences_of(session, coordinator.id, local_today(now)),
        target_groups=TARGET_GROUPS,
        absence_values=absence_values or {},
        absence_errors=absence_errors or {},
        regions=_region_names(session, profile.region_ids),
    )


def _region_names(session: Session, ids: frozenset[int]) -> list[str]:
    if not ids:
        return []
    return list(session.exec(select(Region.name).where(Region.id.in_(ids)).order_by(Region.name)).all())


def _my_coordinator() -> Coordinator:
    me = actor()
    found = db().get(Coordinator, me.coordinator_id) if me.coordinator_id else None
    if found is None:
        abort(404)
    return found


# --- The admin: weights --------------------------------------------------------------------------------


@bp.route("/beheer/matching-gewichten", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def weights():
    """The points per matching criterion."""
    if request.method == "GET":
        current = store.load_weights(db()).to_dict()
        return _weights_page({k: _number(v) for k, v in current.items()}, {})
    values = forms.raw(request.form, *WEIGHT_LABELS)
    try:
        chosen = forms.parse_weights(values)
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _weights_page(values, refusal.errors), refusal.status
    change.save_weights(uow(), chosen)
    flash("De gewichten zijn opgeslagen; elke ranglijst gebruikt ze vanaf nu.")
    return redirect(url_for("matching.weights"), 303)


def _weights_page(values: dict[str, str], errors: dict[str, str]):
    defaults = {k: _number(v) for k, v in Weights().to_dict().items()}
    return render_template(
        "matching/weights.html", labels=WEIGHT_LABELS, values=values, errors=errors, defaults=defaults
    )


def _number(value: float) -> str:
    return dutch_number(value)


def _case_of_offer(offer_id: int) -> int:
    found = db().get(Offer, offer_id)
    if found is None:
        raise CaseNotFound("Dit aanbod bestaat niet of u heeft er geen toegang toe.")
    return found.case_id


def _int(raw: str | None) -> int | None:
    try:
        value = int((raw or "").strip())
    except ValueError:
        return None
    return value if 0 < value < 2**31 else None
