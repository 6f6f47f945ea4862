"""A coordinator's answer to an offer: accept (the step accept_match) or decline with a reason; and the
regiomanager's withdrawal of an open offer."""

from typing import Any

from workflow import events
from workflow.case import CaseLike
from workflow.errors import CaseNotFound, GuardRefused, Missing, NotPermitted, TriggerNotAllowedHere
from workflow.fields import FieldSpec, parse_one
from workflow.guards import Actor, StepContext
from workflow.machine import CaseWorkflow, HistoryEntry
from workflow.phases import Phase, Role
from workflow.ports import UnitOfWork

MAX_REASON = 2000
OFFER_REASON = FieldSpec("reason", "Reden", "text", max_length=MAX_REASON)


def accept_offer(uow: UnitOfWork, case_id: int, offer_id: int, actor: Actor) -> CaseLike:
    """Accept this offer, only while this very offer is the open one: the step accept_match for a new
    application, or take_over for a running case whose coordinator was withdrawn (it keeps its phase)."""
    with uow:
        case = uow.cases.get_for(actor, case_id)
        _open_offer(case, offer_id)
        workflow = CaseWorkflow(case, StepContext(actor, uow.clock.now()))
        workflow.fire("accept_match" if Phase(case.phase) is Phase.AANMELDING else "take_over")
        for entry in workflow.history:
            uow.cases.add_history(case, actor, entry, uow.clock.now())
        uow.publish(workflow.events)
        uow.commit()
        return case


def decline_offer(uow: UnitOfWork, case_id: int, offer_id: int, actor: Actor, reason: Any) -> Any:
    """Decline an open offer with a reason; the case stays an aanmelding for the regiomanager."""
    if actor.role not in (Role.COORDINATOR, Role.REGIOMANAGER):
        raise NotPermitted("Alleen de coördinator (of de regiomanager) kan een aanbod afwijzen.")
    with uow:
        case = uow.cases.get_for(actor, case_id)
        offer = _open_offer(case, offer_id)
        if actor.role is Role.COORDINATOR and offer.coordinator_id != actor.coordinator_id:
            raise NotPermitted("Dit aanbod is niet aan u gedaan.")
        text = _reason(reason)
        now = uow.clock.now()
        offer.state, offer.reason, offer.answered_at = "declined", text, now
        uow.cases.touch(case, now)  # the case's offers changed: its version moves on
        phase = Phase(case.phase)
        uow.cases.add_history(case, actor, HistoryEntry("decline_offer", phase, phase, text), now)
        uow.publish([events.OfferDeclined(case.id, offer.id)])
        uow.commit()
        return offer


def withdraw_offer(uow: UnitOfWork, offer_id: int, actor: Actor, reason: Any) -> Any:
    """The regiomanager withdraws an open offer (with a reason), so the case can be offered to someone else."""
    if actor.role is not Role.REGIOMANAGER:
        raise NotPermitted("Alleen een regiomanager kan een aanbod intrekken.")
    text = _reason(reason, "waarom u het aanbod intrekt")
    with uow:
        case = uow.cases.get_for(actor, uow.cases.case_id_of_offer(offer_id))
        offer = _open_offer(case, offer_id)
        now = uow.clock.now()
        offer.state, offer.reason, offer.answered_at = "withdrawn", text, now
        uow.cases.touch(case, now)
        phase = Phase(case.phase)
        uow.cases.add_history(case, actor, HistoryEntry("withdraw_offer", phase, phase, text), now)
        uow.publish([events.OfferWithdrawn(case.id, offer.id)])
        uow.commit()
        return offer


def _open_offer(case: CaseLike, offer_id: int) -> Any:
    offer = next((o for o in case.offers if getattr(o, "id", None) == offer_id), None)
    if offer is None:
        raise CaseNotFound("Dit aanbod bestaat niet of u heeft er geen toegang toe.")
    if offer.state != "open":
        raise TriggerNotAllowedHere("Dit aanbod staat niet meer open.")
    return offer


def _reason(reason: Any, why: str = "waarom u het aanbod afwijst") -> str:
    text = parse_one(OFFER_REASON, reason)
    if not text:
        raise GuardRefused([Missing("reden", f"geef een reden op {why}")])
    return text
