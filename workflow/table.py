"""The phase table of DOMAIN.md §3 as data: the one source of the machine, the buttons and the diagram."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workflow import action_forms as forms
from workflow import decisions as d
from workflow import guards as g
from workflow.billing import phases as billing
from workflow.billing.phases import BillablePhase as B
from workflow.billing.phases import Delivers
from workflow.case import open_offer
from workflow.closing import closing_complete, closing_without_plan_complete
from workflow.fields import FieldSpec
from workflow.phases import OPEN_PHASES, Phase, Role

P, R = Phase, Role


@dataclass(frozen=True)
class Step:
    """One row: a trigger from some phases to one phase, who may fire it, what it needs and asks for."""

    trigger: str
    label: str
    sources: tuple[Phase, ...]
    dest: Phase
    roles: tuple[Role, ...]
    guards: tuple[g.Guard, ...] = ()
    fields: Sequence[FieldSpec] = ()
    reason_required: bool = False
    effect: str = ""  # name of the effect in workflow.effects, run after the phase change
    hint: str = ""  # what the step means, shown next to its button
    route: Callable[..., bool] | None = None  # picks this row among rows sharing a trigger
    delivers: tuple[Delivers, ...] = ()  # the billable phases taking this row delivers (workflow.billing)
    applies: Callable[..., bool] | None = None  # offered as an action only when true of the case (not a guard)
    note: Callable[..., str] | None = None  # the history line's text from the step's context (default: the reason)

    @property
    def name(self) -> str:
        """A unique name for rows sharing a trigger (reopen has one row per phase)."""
        return f"{self.trigger}:{self.dest.value}"


HOLD = (g.meeting_record_complete,)

STEPS: tuple[Step, ...] = (
    Step(
        "accept_match",
        "Match accepteren",
        (P.AANMELDING,),
        P.INFORMATIEF_GESPREK,
        (R.COORDINATOR, R.REGIOMANAGER),
        (g.offer_open_for_actor,),
        effect="accept_offer",
        hint="De coördinator neemt de zaak aan.",
    ),
    Step(
        "start_activation",
        "Start verbinden en activeren",
        (P.INFORMATIEF_GESPREK,),
        P.VERBINDEN_EN_ACTIVEREN,
        (R.COORDINATOR,),
        (g.informatief_gesprek_recorded,),
        forms.INFORMATIEF_GESPREK,
        delivers=(Delivers(B.INFORMATIEF_GESPREK, date_of=billing.informatief_gesprek_date),),
    ),
    Step(
        "plan_without_meeting",
        "Plan gemaakt zonder bijeenkomst",
        (P.VERBINDEN_EN_ACTIVEREN,),
        P.NAZORG,
        (R.COORDINATOR,),
        (g.plan_recorded,),
        forms.PLAN_WITHOUT_MEETING,
        effect="follow_up_without_meeting",
        hint="De familie maakte een plan of afspraken zonder formele bijeenkomst.",
        delivers=(Delivers(B.VERBINDEN_EN_ACTIVEREN),),
    ),
    Step(
        "plan_meeting",
        "Bijeenkomst plannen",
        (P.VERBINDEN_EN_ACTIVEREN,),
        P.FORMELE_BIJEENKOMST,
        (R.COORDINATOR,),
        (g.meeting_planned,),
        forms.MEETING_PLAN,
        delivers=(Delivers(B.VERBINDEN_EN_ACTIVEREN),),
    ),
    Step(
        "hold_meeting",
        "Bijeenkomst gehouden, met plan",
        (P.FORMELE_BIJEENKOMST,),
        P.NAZORG,
        (R.COORDINATOR,),
        HOLD,
        forms.MEETING_RECORD,
        effect="meeting_held_with_plan",
    ),
    Step(
        "hold_meeting_in_parts",
        "Bijeenkomst gehouden, vervolgdeel afgesproken",
        (P.FORMELE_BIJEENKOMST,),
        P.VERVOLGCONFERENTIE,
        (R.COORDINATOR,),
        HOLD,
        forms.MEETING_RECORD,
        effect="meeting_held_in_parts",
    ),
    Step(
        "hold_meeting_without_plan",
        "Bijeenkomst gehouden, geen plan (afsluiten)",
        (P.FORMELE_BIJEENKOMST,),
        P.AFGESLOTEN,
        (R.COORDINATOR,),
        (*HOLD, closing_without_plan_complete),
        forms.MEETING_RECORD,
        effect="meeting_held_without_plan",
        hint="De betrokkenen werden het niet eens; de zaak gaat terug naar de aanmelder.",
        delivers=(Delivers(B.BIJEENKOMST_EN_NAZORG, date_of=billing.first_meeting_date),),
    ),
    Step(
        "start_follow_up_conference",
        "Vervolgconferentie starten",
        (P.NAZORG,),
        P.VERVOLGCONFERENTIE,
        (R.REGIOMANAGER, R.COORDINATOR),
        (g.reason_given,),
        reason_required=True,
        effect="follow_up_conference_started",
    ),
    Step(
        "hold_follow_up_conference",
        "Vervolgconferentie gehouden",
        (P.VERVOLGCONFERENTIE,),
        P.NAZORG,
        (R.COORDINATOR,),
        HOLD,
        forms.MEETING_RECORD,
        effect="follow_up_conference_held",
    ),
    Step(
        "close",
        "Zaak afsluiten",
        OPEN_PHASES,
        P.AFGESLOTEN,
        (R.COORDINATOR, R.REGIOMANAGER),
        (closing_complete,),
        forms.CLOSING,
        effect="close",
        delivers=(
            # Closed after the informatief gesprek without going on: that conversation was still delivered.
            Delivers(
                B.INFORMATIEF_GESPREK,
                (P.INFORMATIEF_GESPREK,),
                billing.informatief_gesprek_held,
                billing.informatief_gesprek_date,
            ),
            # Closed from nazorg after a conference: the conference and its nazorg are delivered.
            Delivers(B.BIJEENKOMST_EN_NAZORG, (P.NAZORG,), billing.meeting_held, billing.first_meeting_date),
        ),
    ),
    *(
        Step(
            "reopen",
            "Zaak heropenen",
            (P.AFGESLOTEN,),
            phase,
            (R.REGIOMANAGER,),
            (g.reason_given, g.personal_data_present),
            reason_required=True,
            effect="reopen",
            route=lambda case, phase=phase: case.closed_from == phase,
        )
        for phase in OPEN_PHASES
    ),
)

# Change of coordinator (DOMAIN.md §10): rows that keep the phase, one per open phase (like reopen's rows), so
# a running case changes hands and goes on where it was, with its history.
RUNNING = tuple(p for p in OPEN_PHASES if p is not P.AANMELDING)  # after the match was accepted
STEPS += tuple(
    Step(
        "withdraw_coordinator",
        "Coördinator terugtrekken",
        (phase,),
        phase,
        (R.REGIOMANAGER,),
        (g.coordinator_assigned, g.reason_given),
        reason_required=True,
        effect="withdraw_coordinator",
        applies=lambda case: case.coordinator_id is not None,
        hint="De coördinator stopt met deze zaak (bijvoorbeeld ziekte); u biedt de zaak daarna opnieuw aan.",
    )
    for phase in RUNNING
)
STEPS += tuple(
    Step(
        "take_over",
        "Zaak overnemen",
        (phase,),
        phase,
        (R.COORDINATOR, R.REGIOMANAGER),
        (g.coordinator_vacant, g.offer_open_for_actor),
        effect="take_over",
        applies=lambda case: case.coordinator_id is None and open_offer(case) is not None,
        hint="De nieuwe coördinator neemt de lopende zaak over en gaat verder in dezelfde fase.",
    )
    for phase in RUNNING
)
STEPS += tuple(
    Step(
        "add_co_coordinator",
        "Co-coördinator toevoegen",
        (phase,),
        phase,
        (R.REGIOMANAGER,),
        (g.co_coordination_allowed, g.coordinator_assigned, g.co_coordinator_chosen),
        forms.CO_COORDINATOR,
        effect="add_co_coordinator",
        applies=lambda case: case.variant in g.CO_COORDINATED_VARIANTS and case.co_coordinator_id is None,
        hint="Een tweede coördinator met dezelfde rechten (herstel- en groepsconferenties).",
    )
    for phase in RUNNING
)
STEPS += tuple(
    Step(
        "remove_co_coordinator",
        "Co-coördinator verwijderen",
        (phase,),
        phase,
        (R.REGIOMANAGER,),
        (g.co_coordinator_present,),
        effect="remove_co_coordinator",
        applies=lambda case: case.co_coordinator_id is not None,
    )
    for phase in RUNNING
)
# The professional's decision on the plan (DOMAIN.md §10): recorded wherever a plan may wait for it, keeping the
# phase; after "niet geaccepteerd" the case goes back to the referrer (closed, no plan) or to a vervolgconferentie.
STEPS += tuple(
    Step(
        "record_plan_decision",
        "Besluit professional over het plan vastleggen",
        (phase,),
        phase,
        (R.COORDINATOR, R.REGIOMANAGER),
        (d.plan_awaits_decision, d.decision_complete),
        forms.PLAN_DECISION,
        effect="record_plan_decision",
        applies=d.decision_pending,
        note=d.history_note,
        hint="Geaccepteerd, na aanpassing geaccepteerd of niet geaccepteerd; bij de laatste twee is een reden "
        "verplicht. Geef bij elke voorwaarde aan hoe het plan haar beantwoordt.",
    )
    for phase in (P.NAZORG, P.VERVOLGCONFERENTIE)
)
STEPS += (
    Step(
        "plan_not_accepted_to_referrer",
        "Plan niet geaccepteerd: terug naar de aanmelder (afsluiten)",
        (P.NAZORG,),
        P.AFGESLOTEN,
        (R.COORDINATOR, R.REGIOMANAGER),
        (d.latest_not_accepted, d.may_close_without_plan),
        effect="plan_not_accepted_to_referrer",
        applies=d.not_accepted,
        hint="De zaak gaat terug naar de aanmelder en wordt afgesloten met de uitkomst 'geen plan'.",
    ),
    Step(
        "plan_not_accepted_follow_up",
        "Plan niet geaccepteerd: vervolgconferentie",
        (P.NAZORG,),
        P.VERVOLGCONFERENTIE,
        (R.COORDINATOR, R.REGIOMANAGER),
        (d.latest_not_accepted, g.reason_given),
        reason_required=True,
        applies=d.not_accepted,
        hint="De familie maakt in een vervolgconferentie een nieuw plan; daarover besluit de professional opnieuw.",
    ),
)

TRIGGERS = tuple(dict.fromkeys(step.trigger for step in STEPS))


def steps_for(trigger: str) -> list[Step]:
    """Every row of a trigger."""
    return [step for step in STEPS if step.trigger == trigger]


def steps_from(phase: Phase) -> list[Step]:
    """Every row that starts in `phase`, in table order."""
    return [step for step in STEPS if phase in step.sources]
