"""Cases, offers and their history as the API's JSON, with the field names of the registration format."""

import datetime as dt
from typing import Any

from sqlmodel import Session, select

from storage.models import Case, CaseEvent, Municipality, Offer
from workflow.guards import Actor
from workflow.phases import Phase
from workflow.usecases import ActionOption, available_actions


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """A date or moment as ISO 8601, or None."""
    return value.isoformat() if value is not None else None


def municipality_names(session: Session, ids: set[int]) -> dict[int, str]:
    """Municipality names by id, in one query."""
    if not ids:
        return {}
    rows = session.exec(select(Municipality.id, Municipality.name).where(Municipality.id.in_(ids))).all()
    return dict(rows)


def case_summary(case: Case, gemeente: str | None) -> dict[str, Any]:
    """One line of the case list."""
    return {
        "id": case.id,
        "ref": case.ref,
        "phase": Phase(case.phase).value,
        "phase_label": Phase(case.phase).label,
        "version": case.version,
        "aanmelddatum": iso(case.application_date),
        "provincie": case.province,
        "gemeente": gemeente,
        "coordinator_id": case.coordinator_id,
        "co_coordinator_id": case.co_coordinator_id,
        "created_at": iso(case.created_at),
        "updated_at": iso(case.updated_at),
        "closed_at": iso(case.closed_at),
    }


def case_detail(session: Session, case: Case, actor: Actor, now: dt.datetime) -> dict[str, Any]:
    """The whole case for an actor who may see it: data, phase, version, allowed steps and history."""
    gemeente = municipality_names(session, {case.municipality_id}).get(case.municipality_id)
    record = {k: v for k, v in (case.record or {}).items() if v is not None}
    return {
        **record,
        **case_summary(case, gemeente),
        "variant": case.variant,
        "type_aanmelder": case.referrer_type,
        "type_organisatie": case.organisation_type,
        "gedwongen_kader": case.compulsory_framework,
        "eerdere_ekc": case.repeat_request,
        "hoofdpersonen": [main_person(p) for p in case.main_persons],
        "vraag": case.question,
        "zorgen": case.concerns,
        "voorwaarden": case.conditions,
        "aanmelder": {
            "naam": case.referrer_name,
            "organisatie": case.referrer_organisation,
            "telefoon": case.referrer_phone,
            "email": case.referrer_email,
        },
        "wensen_coordinator": dict(case.wishes or {}),
        "bijeenkomsten": list(record.get("bijeenkomsten", [])),
        "plan": record.get("plan"),
        "uitkomst": case.outcome,
        "afgesloten_vanuit": Phase(case.closed_from).value if case.closed_from else None,
        "persoonsgegevens_verwijderd_op": iso(case.personal_data_removed_at),
        "offers": [offer_json(o) for o in case.offers],
        "allowed_triggers": [action_json(o) for o in available_actions(case, actor, now)],
        "history": [history_json(e) for e in case_events(session, case)],
    }


def main_person(person: Any) -> dict[str, Any]:
    """A main person: the registration's fields plus the personal details (name, birth date)."""
    return {
        "soort": person.kind,
        "geslacht": person.gender,
        "ongeboren": person.unborn,
        "naam": person.name,
        "geboortedatum": iso(person.birth_date),
    }


def action_json(option: ActionOption) -> dict[str, Any]:
    """A step the caller could take now, ready or with what is missing, and the fields its form asks."""
    step = option.step
    return {
        "trigger": step.trigger,
        "label": step.label,
        "to": step.dest.value,
        "ok": option.ok,
        "reason_required": step.reason_required,
        "missing": [{"field": m.field, "message": m.message} for m in option.missing],
        "fields": [{"name": f.name, "label": f.label, "kind": f.kind, "choices": list(f.choices)} for f in step.fields],
    }


def case_events(session: Session, case: Case) -> list[CaseEvent]:
    """The case's history, oldest first."""
    return list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all())


def history_json(event: CaseEvent) -> dict[str, Any]:
    """One history line."""
    return {
        "at": iso(event.at),
        "actor": event.actor_name,
        "actor_id": event.actor_id,
        "trigger": event.trigger,
        "from": Phase(event.from_phase).value,
        "to": Phase(event.to_phase).value,
        "reason": event.reason,
    }


def offer_json(offer: Offer) -> dict[str, Any]:
    """An offer of a case to a coordinator."""
    return {
        "id": offer.id,
        "case_id": offer.case_id,
        "coordinator_id": offer.coordinator_id,
        "state": offer.state,
        "offered_at": iso(offer.offered_at),
        "deadline": iso(offer.deadline),
        "answered_at": iso(offer.answered_at),
        "reason": offer.reason,
    }
