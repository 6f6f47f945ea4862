"""What closing a case asks: an outcome that fits the phase, and the registration complete for it."""
from workflow.case import CaseLike, held_meetings, record_get
from workflow.errors import Missing
from workflow.guards import StepContext
from workflow.phases import OUTCOMES_AFTER_MEETING, OUTCOMES_WITHOUT_CONFERENCE, Outcome, Phase

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
    return registration_missing(case) + _outcome_missing(case, outcome, ctx)


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


def _outcome_missing(case: CaseLike, outcome: Outcome, ctx: StepContext) -> list[Missing]:
    missing = []
    if outcome in OUTCOMES_WITHOUT_CONFERENCE and not ctx.data.get("redenen_niet_doorgaan"):
        missing.append(Missing("redenen_niet_doorgaan", "kies de redenen van niet doorgaan"))
    if outcome in OUTCOMES_AFTER_MEETING and not held_meetings(case):
        missing.append(Missing("bijeenkomsten", "er is nog geen gehouden bijeenkomst vastgelegd"))
    if outcome is Outcome.PLAN_ZONDER_BIJEENKOMST and not (record_get(case, "plan") or {}).get("afspraken"):
        missing.append(Missing("afspraken", "leg het plan of de afspraken vast"))
    if case.phase is Phase.NAZORG and outcome is not Outcome.GEEN_PLAN and not _follow_up_done(case, ctx):
        missing.append(Missing("follow_up_uitkomst", "leg het follow-up gesprek vast (of: onbereikbaar)"))
    return missing


def _follow_up_done(case: CaseLike, ctx: StepContext) -> bool:
    return bool(ctx.data.get("follow_up_uitkomst") or record_get(case, "follow_up"))
