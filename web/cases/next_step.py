"""The usual next step of a case: the one its case page opens first and 'Mijn zaken' names.

Most phases offer several steps (close early, a plan without a meeting, a meeting in parts); the usual
one is the step that moves the case on along the usual path. Derived from the phase table by its
destination, so a renamed or re-routed step stays right."""

from collections.abc import Sequence

from workflow.phases import Phase
from workflow.usecases import ActionOption

P = Phase
# Where a case usually goes next from each phase; a closed case has no usual next step (reopening is the
# exception), and a follow-up conference returns to nazorg.
USUAL_DESTINATION = {
    P.AANMELDING: P.INFORMATIEF_GESPREK,
    P.INFORMATIEF_GESPREK: P.VERBINDEN_EN_ACTIVEREN,
    P.VERBINDEN_EN_ACTIVEREN: P.FORMELE_BIJEENKOMST,
    P.FORMELE_BIJEENKOMST: P.NAZORG,
    P.NAZORG: P.AFGESLOTEN,
    P.VERVOLGCONFERENTIE: P.NAZORG,
}
# Steps offered only while the case waits for them (their rows' `applies`): when there, they come first. A plan
# waits for the professional's decision; a refused plan goes back to the referrer unless a vervolg is chosen.
WAITED_FOR = ("record_plan_decision", "plan_not_accepted_to_referrer")


def usual_next(phase: Phase, options: Sequence[ActionOption]) -> ActionOption | None:
    """Of the steps the user may take now, the one that continues the usual path (None: there is none)."""
    waited = next((option for option in options if option.step.trigger in WAITED_FOR), None)
    if waited is not None:
        return waited
    goal = USUAL_DESTINATION.get(phase)
    return next((option for option in options if option.step.dest is goal), None)


def next_or_first(phase: Phase, options: Sequence[ActionOption]) -> ActionOption | None:
    """The usual next step, else the first step allowed (for a one-line summary of what to do)."""
    return usual_next(phase, options) or (options[0] if options else None)
