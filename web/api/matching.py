"""GET /api/v1/cases/{id}/matches: the coordinators ranked for a case, each with score and reasons."""

from flask import g, jsonify

from storage import matching as store
from storage.uow import SqlCaseRepository
from web.api.blueprint import ID, bp
from web.context import clock, db
from web.contract import responses as answer
from web.contract.responses import Matches, Needs
from workflow.errors import NotPermitted
from workflow.matching import Excluded, Ranked, Reason
from workflow.phases import Role


@bp.get(f"/cases/<{ID}:case_id>/matches")
def matches(case_id: int):
    """Coordinators ranked for a case (regiomanager or admin), with the excluded ones and why."""
    if g.actor.role not in (Role.REGIOMANAGER, Role.ADMIN):
        raise NotPermitted("Alleen een regiomanager ziet de ranglijst van coördinatoren.")
    case = SqlCaseRepository(db()).get_for(g.actor, case_id)
    needs, ranked, excluded = store.ranking(db(), case, clock().now())
    ranking = Matches(
        case_id=case.id,
        version=case.version,
        needs=Needs(
            variant=needs.variant,
            region_id=needs.region_id,
            municipality_id=needs.municipality_id,
            target_groups=sorted(needs.target_groups),
            urgent=needs.urgent,
            wished_gender=needs.wished_gender,
            wished_languages=sorted(needs.wished_languages),
            wished_culture=needs.wished_culture,
            wished_age=list(needs.wished_age) if needs.wished_age else None,
        ),
        matches=[ranked_answer(r, position) for position, r in enumerate(ranked, start=1)],
        excluded=[excluded_answer(e) for e in excluded],
    )
    return jsonify(ranking.as_json())


def reason_answer(reason: Reason) -> answer.Reason:
    return answer.Reason(text=reason.text, ok=reason.ok, points=reason.points)


def ranked_answer(r: Ranked, position: int) -> answer.RankedCoordinator:
    return answer.RankedCoordinator(
        position=position,
        coordinator_id=r.profile.id,
        name=r.profile.name,
        score=r.score,
        active_cases=r.profile.active_cases,
        capacity=r.profile.capacity,
        reasons=[reason_answer(x) for x in r.reasons],
    )


def excluded_answer(e: Excluded) -> answer.ExcludedCoordinator:
    return answer.ExcludedCoordinator(
        coordinator_id=e.profile.id, name=e.profile.name, reasons=[reason_answer(x) for x in e.reasons]
    )
