"""Cases, offers and their history as the API's answer models (web.contract.responses), with the field names
of the registration format. Each function builds a model; `.as_json()` is what the API sends."""

from sqlmodel import Session, select

from storage.models import Case, CaseEvent, Municipality, Offer
from web.contract import responses as answer
from workflow.conditions import conditions_of
from workflow.guards import Actor
from workflow.phases import Phase
from workflow.usecases import ActionOption, available_actions


def municipality_names(session: Session, ids: set[int]) -> dict[int, str]:
    """Municipality names by id, in one query."""
    if not ids:
        return {}
    rows = session.exec(select(Municipality.id, Municipality.name).where(Municipality.id.in_(ids))).all()
    return dict(rows)


def summary_fields(case: Case, gemeente: str | None) -> dict:
    """The fields of one line of the case list."""
    return {
        "id": case.id,
        "ref": case.ref,
        "phase": Phase(case.phase).value,
        "phase_label": Phase(case.phase).label,
        "version": case.version,
        "aanmelddatum": case.application_date,
        "provincie": case.province,
        "gemeente": gemeente,
        "coordinator_id": case.coordinator_id,
        "co_coordinator_id": case.co_coordinator_id,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        "closed_at": case.closed_at,
    }


def case_summary(case: Case, gemeente: str | None) -> answer.CaseSummary:
    """One line of the case list."""
    return answer.CaseSummary(**summary_fields(case, gemeente))


def case_detail(session: Session, case: Case, actor: Actor, now) -> answer.Case:
    """The whole case for an actor who may see it: data, phase, version, allowed steps and history."""
    gemeente = municipality_names(session, {case.municipality_id}).get(case.municipality_id)
    record = {k: v for k, v in (case.record or {}).items() if v is not None}
    return answer.Case.model_validate(
        {
            **record,
            **summary_fields(case, gemeente),
            "variant": case.variant,
            "type_aanmelder": case.referrer_type,
            "type_organisatie": case.organisation_type,
            "gedwongen_kader": case.compulsory_framework,
            "eerdere_ekc": case.repeat_request,
            "hoofdpersonen": [main_person(p) for p in case.main_persons],
            "vraag": case.question,
            "zorgen": case.concerns,
            "voorwaarden": case.conditions,
            "voorwaarden_lijst": conditions_of(case),
            "aanmelder": answer.Referrer(
                naam=case.referrer_name,
                organisatie=case.referrer_organisation,
                telefoon=case.referrer_phone,
                email=case.referrer_email,
            ),
            "wensen_coordinator": dict(case.wishes or {}),
            "bijeenkomsten": list(record.get("bijeenkomsten", [])),
            "plan": record.get("plan"),
            "uitkomst": case.outcome,
            "afgesloten_vanuit": Phase(case.closed_from).value if case.closed_from else None,
            "persoonsgegevens_verwijderd_op": case.personal_data_removed_at,
            "offers": [offer_answer(o) for o in case.offers],
            "allowed_triggers": [action_answer(o) for o in available_actions(case, actor, now)],
            "history": [history_answer(e) for e in case_events(session, case)],
        }
    )


def main_person(person) -> answer.MainPerson:
    """A main person: the registration's fields plus the personal details (name, birth date)."""
    return answer.MainPerson(
        soort=person.kind,
        geslacht=person.gender,
        ongeboren=person.unborn,
        naam=person.name,
        geboortedatum=person.birth_date,
    )


def action_answer(option: ActionOption) -> answer.Action:
    """A step the caller could take now, ready or with what is missing, and the fields its form asks."""
    step = option.step
    return answer.Action(
        trigger=step.trigger,
        label=step.label,
        to=step.dest.value,
        ok=option.ok,
        reason_required=step.reason_required,
        missing=[answer.Missing(field=m.field, message=m.message) for m in option.missing],
        fields=[
            answer.StepField(name=f.name, label=f.label, kind=f.kind, choices=list(f.choices)) for f in step.fields
        ],
    )


def case_events(session: Session, case: Case) -> list[CaseEvent]:
    """The case's history, oldest first."""
    return list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all())


def history_answer(event: CaseEvent) -> answer.HistoryEntry:
    """One history line."""
    return answer.HistoryEntry(
        at=event.at,
        actor=event.actor_name,
        actor_id=event.actor_id,
        trigger=event.trigger,
        from_=Phase(event.from_phase).value,
        to=Phase(event.to_phase).value,
        reason=event.reason,
    )


def offer_answer(offer: Offer) -> answer.Offer:
    """An offer of a case to a coordinator."""
    return answer.Offer(
        id=offer.id,
        case_id=offer.case_id,
        coordinator_id=offer.coordinator_id,
        state=offer.state,
        offered_at=offer.offered_at,
        deadline=offer.deadline,
        answered_at=offer.answered_at,
        reason=offer.reason,
    )
