"""What closing a case asks: an outcome that fits the phase, and the registration complete for it."""

from workflow.case import CaseLike, record_get
from workflow.errors import Missing
from workflow.guards import StepContext
from workflow.phases import Outcome, Phase
from workflow.registration import completeness
from workflow.registration.schema import NOT_HELD_FIELDS, WITH_PLAN
from workflow.three_month_check import check_done

# The closing form's "nobody reachable at three months" and the attempt (workflow/action_forms.py CLOSING).
UNREACHABLE = "drie_maanden_onbereikbaar"

# From which phases each outcome can be chosen.
OUTCOME_PHASES = {
    Outcome.INGETROKKEN: (Phase.AANMELDING, Phase.INFORMATIEF_GESPREK),
    Outcome.ZELF_VERDER: (Phase.INFORMATIEF_GESPREK,),
    Outcome.AFGEZIEN: (Phase.AANMELDING, Phase.INFORMATIEF_GESPREK, Phase.VERBINDEN_EN_ACTIVEREN),
    Outcome.GESTOPT: (Phase.VERBINDEN_EN_ACTIVEREN, Phase.FORMELE_BIJEENKOMST),
    Outcome.PLAN_ZONDER_BIJEENKOMST: (Phase.NAZORG,),
    Outcome.GEEN_PLAN: (Phase.NAZORG, Phase.VERVOLGCONFERENTIE),
    Outcome.PLAN: (Phase.NAZORG,),
}


def closing_complete(case: CaseLike, ctx: StepContext) -> list[Missing]:
    """The guard of `close`: every missing item for the chosen outcome, or the outcome itself."""
    code = ctx.data.get("uitkomst")
    if not code:
        return [Missing("uitkomst", "kies de uitkomst van de zaak")]
    outcome = Outcome(code)
    if case.phase not in OUTCOME_PHASES[outcome]:
        return [Missing("uitkomst", f"de uitkomst '{outcome.label}' past niet bij de fase {case.phase.label}")]
    return closing_checklist(case, outcome, ctx)


def closing_checklist(case: CaseLike, outcome: Outcome, ctx: StepContext) -> list[Missing]:
    """What closing with `outcome` still needs, whichever phase the case is in (the registration page shows it
    for any outcome; the guard above first checks that the outcome fits the phase)."""
    return registration_missing(case) + _outcome_missing(case, outcome, ctx)


def _outcome_missing(case: CaseLike, outcome: Outcome, ctx: StepContext) -> list[Missing]:
    """The registration for the outcome (reasons may come with the closing form) and the follow-up call."""
    given = {f.name for f in NOT_HELD_FIELDS if ctx.data.get(f.name)}  # reasons given on the closing form
    missing = [m for m in completeness(case, outcome) if m.field not in given]
    if case.phase is Phase.NAZORG and outcome is not Outcome.GEEN_PLAN and not _follow_up_done(case, ctx):
        missing.append(Missing("follow_up_uitkomst", "leg het follow-up gesprek vast (of: onbereikbaar)"))
    if case.phase is Phase.NAZORG and outcome in WITH_PLAN and not _three_month_done(case, ctx):
        missing.append(Missing(UNREACHABLE, "leg het driemaandencontact vast (of: niemand bereikbaar)"))
    return missing


def _three_month_done(case: CaseLike, ctx: StepContext) -> bool:
    """Recorded on its own page, or "not reachable" on the closing form (the attempt given there, or else the
    closing day: the coordinator tried until now)."""
    return check_done(case) or bool(ctx.data.get(UNREACHABLE))


def registration_missing(case: CaseLike) -> list[Missing]:
    """The application data every registration needs, whatever the outcome."""
    missing = []
    if not case.province:
        missing.append(Missing("provincie", "vul de provincie in"))
    if not case.referrer_type:
        missing.append(Missing("type_aanmelder", "vul het type aanmelder in"))
    elif case.referrer_type == "Organisatie" and not case.organisation_type:
        missing.append(Missing("type_organisatie", "vul het type organisatie van de aanmelder in"))
    if not case.main_persons:
        missing.append(Missing("hoofdpersonen", "leg minstens één hoofdpersoon vast"))
    return missing


def _follow_up_done(case: CaseLike, ctx: StepContext) -> bool:
    return bool(ctx.data.get("follow_up_uitkomst") or record_get(case, "follow_up"))


def closing_without_plan_complete(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """The guard of a meeting that ends the case without a plan: the registration, bar the meeting itself
    (the step's own form records it)."""
    return registration_missing(case) + [
        m for m in completeness(case, Outcome.GEEN_PLAN) if not m.field.startswith("bijeenkomsten")
    ]
