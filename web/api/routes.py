"""The JSON API (shared/API.md): the same use cases and the same scope as the pages, under /api/v1."""

from typing import Any

from flask import Response, g, jsonify, request
from sqlmodel import func, select

from storage.models import Case, Offer, Region
from storage.uow import SqlCaseRepository, visible_cases
from web.api.blueprint import ID, bp
from web.api.idempotency import action_uow, idempotent
from web.api.openapi import openapi_document
from web.api.serializers import case_detail, case_summary, municipality_names, offer_json
from web.api.tokens import authenticate, json_body, only_keys, optional_text, query_id, whole_number
from web.context import clock, db, uow
from web.forms import REGION_FILTER, filter_value
from workflow.editing import update_case
from workflow.errors import CaseNotFound, InvalidInput
from workflow.intake import INTAKE_FIELDS
from workflow.offer_rules import OVERRIDE_REASON
from workflow.offers import accept_offer, decline_offer
from workflow.phases import Phase
from workflow.usecases import advance, create_application, offer_case

PUBLIC = {"api.openapi"}
NESTED_KEYS = {
    "aanmelder": {"naam", "organisatie", "telefoon", "email"},
    "wensen_coordinator": {"geslacht", "talen", "cultuur", "leeftijd"},
}
INTAKE_KEYS = {s.name for s in INTAKE_FIELDS} | set(NESTED_KEYS) | {"hoofdpersonen", "provincie"}


@bp.before_request
def require_token() -> None:
    """Every endpoint except the OpenAPI document needs a bearer token."""
    if request.endpoint not in PUBLIC:
        authenticate()


@bp.after_app_request
def no_store(response: Response) -> Response:
    """API answers carry case data: no cache may keep them (the OpenAPI document excepted)."""
    if request.path.startswith("/api/") and request.endpoint != "api.openapi":
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 document of this API."""
    return jsonify(openapi_document())


@bp.get("/cases")
def list_cases():
    """The cases visible to the caller, filtered by phase, region and coordinator."""
    query = visible_cases(g.actor)
    phase = request.args.get("phase", "").strip()
    if phase:
        if phase not in {p.value for p in Phase}:
            raise InvalidInput({"phase": "Fase: kies een van " + ", ".join(p.value for p in Phase)})
        query = query.where(Case.phase == Phase(phase))
    region = filter_value(REGION_FILTER, request.args.get("region"))
    if region:
        query = query.where(Case.region_id == _region_id(region))
    coordinator = query_id("coordinator", "Coördinator")
    if coordinator is not None:
        query = query.where(Case.coordinator_id == coordinator)
    cases = db().exec(query.order_by(Case.id)).all()
    names = municipality_names(db(), {c.municipality_id for c in cases})
    return jsonify({"cases": [case_summary(c, names.get(c.municipality_id)) for c in cases]})


@bp.post("/cases")
@idempotent
def create_case():
    """A new application from intake fields (nested aanmelder, wensen_coordinator, hoofdpersonen allowed)."""
    body = json_body()
    _check_intake_shape(body)
    case = create_application(action_uow(), body, g.actor)
    try:
        return jsonify(_case_json(case.id)), 201
    except CaseNotFound:  # created outside the caller's own scope: they get the reference, not the case
        return jsonify({"id": case.id, "ref": case.ref, "phase": Phase(case.phase).value, "version": case.version}), 201


@bp.get(f"/cases/<{ID}:case_id>")
def get_case(case_id: int):
    """One case with its allowed steps and history."""
    return jsonify(_case_json(case_id))


@bp.patch(f"/cases/<{ID}:case_id>")
def patch_case(case_id: int):
    """Change the intake data that may change; the body carries the version it was based on."""
    body = json_body()
    version = whole_number(body, "version", "Versie")
    changes = {k: v for k, v in body.items() if k != "version"}
    update_case(uow(), case_id, g.actor, version, changes)
    return jsonify(_case_json(case_id))


@bp.post(f"/cases/<{ID}:case_id>/transitions")
@idempotent
def transition(case_id: int):
    """Take one step of the phase table: {"trigger", "version", "reason", "data"}."""
    body = json_body()
    only_keys(body, {"trigger", "version", "reason", "data"})
    trigger = body.get("trigger")
    if not isinstance(trigger, str) or not trigger.strip() or len(trigger) > 60:
        raise InvalidInput({"trigger": "Stap: geef de naam van een stap (trigger)"})
    version = whole_number(body, "version", "Versie")
    data = body.get("data")
    if data is not None and not isinstance(data, dict):
        raise InvalidInput({"data": "Gegevens: geef een object met velden"})
    reason = optional_text(body, "reason", "Reden")
    advance(action_uow(), case_id, trigger.strip(), g.actor, version, reason, data or {})
    return jsonify(_case_json(case_id))


@bp.post(f"/cases/<{ID}:case_id>/offers")
@idempotent
def offer(case_id: int):
    """Offer the case to a coordinator."""
    body = json_body()
    only_keys(body, {"coordinator_id", "version", "override_reason"})
    coordinator_id = whole_number(body, "coordinator_id", "Coördinator")
    version = whole_number(body, "version", "Versie", required=False)
    reason = optional_text(body, "override_reason", OVERRIDE_REASON.label)
    made = offer_case(action_uow(), case_id, coordinator_id, g.actor, version, reason)
    return jsonify(offer_json(made)), 201


@bp.post(f"/offers/<{ID}:offer_id>/accept")
@idempotent
def accept(offer_id: int):
    """The coordinator accepts the offer: the case moves to informatief gesprek."""
    case_id = _case_of_offer(offer_id)
    accept_offer(action_uow(), case_id, offer_id, g.actor)
    return jsonify(_case_json(case_id))


@bp.post(f"/offers/<{ID}:offer_id>/decline")
@idempotent
def decline(offer_id: int):
    """The coordinator declines the offer, with a reason."""
    body = json_body()
    only_keys(body, {"reason"})
    declined = decline_offer(action_uow(), _case_of_offer(offer_id), offer_id, g.actor, body.get("reason"))
    return jsonify(offer_json(declined))


def _case_json(case_id: int) -> dict[str, Any]:
    """The case as the caller now sees it (the action wrote in this same session: SqlUnitOfWork.sharing)."""
    case = SqlCaseRepository(db()).get_for(g.actor, case_id)
    return case_detail(db(), case, g.actor, clock().now())


def _case_of_offer(offer_id: int) -> int:
    found = db().get(Offer, offer_id)
    if found is None:
        raise CaseNotFound("Dit aanbod bestaat niet of u heeft er geen toegang toe.")
    return found.case_id


def _region_id(region: str) -> int:
    """A region by id or by name (the province); -1 (no cases) when unknown."""
    if region.isascii() and region.isdigit():
        return int(region) if len(region) < 10 else -1
    found = db().exec(select(Region.id).where(func.lower(Region.name) == region.lower())).first()
    return found if found is not None else -1


def _check_intake_shape(body: dict[str, Any]) -> None:
    """Unknown keys and nested objects of the wrong shape are named, not silently dropped."""
    errors = {k[:80]: "dit veld bestaat niet" for k in sorted(body) if k not in INTAKE_KEYS}
    for group, keys in NESTED_KEYS.items():
        nested = body.get(group)
        if nested is None:
            continue
        if not isinstance(nested, dict):
            errors[group] = f"{group}: geef een object met velden"
            continue
        errors |= {f"{group}.{k[:60]}": "dit veld bestaat niet" for k in sorted(nested) if k not in keys}
    talen = (
        (body.get("wensen_coordinator") or {}).get("talen")
        if isinstance(body.get("wensen_coordinator"), dict)
        else None
    )
    if isinstance(talen, list) and not all(isinstance(t, str) for t in talen):
        errors["wensen_coordinator.talen"] = "Gewenste talen: geef een lijst van talen als tekst"
    if errors:
        raise InvalidInput(dict(list(errors.items())[:30]))
