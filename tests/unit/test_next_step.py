"""The usual next step of each phase: the one the case page opens and 'Mijn zaken' names."""

import pytest

from web.cases.next_step import next_or_first, usual_next
from workflow.phases import Phase, Role
from workflow.table import steps_from
from workflow.usecases import ActionOption

P = Phase
USUAL = {
    P.AANMELDING: "accept_match",
    P.INFORMATIEF_GESPREK: "start_activation",
    P.VERBINDEN_EN_ACTIVEREN: "plan_meeting",  # not the plan without a meeting, which comes first in the table
    P.FORMELE_BIJEENKOMST: "hold_meeting",  # not the meeting in parts, nor the one without a plan
    P.NAZORG: "close",  # not the follow-up conference
    P.VERVOLGCONFERENTIE: "hold_follow_up_conference",
}


def options(phase: Phase, role: Role = Role.COORDINATOR, waiting: bool = False) -> list[ActionOption]:
    """The steps of the phase; those offered only when the case waits for them (`applies`) when `waiting`."""
    steps = [s for s in steps_from(phase) if role in s.roles and (waiting or s.applies is None)]
    return [ActionOption(step, []) for step in steps]


@pytest.mark.parametrize("phase", list(USUAL))
def test_the_usual_next_step_moves_the_case_along_the_usual_path(phase):
    assert usual_next(phase, options(phase)).step.trigger == USUAL[phase]


def test_a_closed_case_has_no_usual_next_step_but_still_names_the_step_allowed():
    allowed = options(P.AFGESLOTEN, Role.REGIOMANAGER)
    assert usual_next(P.AFGESLOTEN, allowed) is None
    assert next_or_first(P.AFGESLOTEN, allowed).step.trigger == "reopen"


def test_no_step_allowed_means_no_next_step():
    assert usual_next(P.NAZORG, []) is None and next_or_first(P.NAZORG, []) is None


def test_a_usual_step_the_user_may_not_take_is_not_offered():
    # the regiomanager may not plan a meeting: nothing usual for them in verbinden en activeren
    assert usual_next(P.VERBINDEN_EN_ACTIVEREN, options(P.VERBINDEN_EN_ACTIVEREN, Role.REGIOMANAGER)) is None


def test_a_step_the_case_waits_for_comes_first():
    """A plan waiting for the professional's decision; a refused plan goes back to the referrer by default."""
    waiting = options(P.NAZORG, waiting=True)
    assert usual_next(P.NAZORG, waiting).step.trigger == "record_plan_decision"
    refused = [o for o in waiting if o.step.trigger != "record_plan_decision"]
    assert usual_next(P.NAZORG, refused).step.trigger == "plan_not_accepted_to_referrer"
