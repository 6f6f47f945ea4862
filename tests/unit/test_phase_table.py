"""Every row of the phase table: allowed with its guard met, refused with it unmet (naming what is missing),
refused for a role that may not fire it, refused from a phase where it does not apply."""

import pytest

from tests.registration_fill import RECORD
from tests.unit.fakes import ACTORS, COORDINATOR, HELD, MEETING, NOW, OTHER_COORDINATOR, FakeCase, FakeOffer
from tests.unit.fakes import REGIOMANAGER as REGIOMANAGER_ACTOR
from tests.walks import CLOSE_WITH_PLAN, closing
from workflow.errors import DomainError, GuardRefused, NotPermitted, TriggerNotAllowedHere, UnknownTrigger
from workflow.guards import StepContext
from workflow.machine import CaseWorkflow
from workflow.phases import Phase, Role
from workflow.table import STEPS, steps_for

P = Phase


def ready_case(trigger: str, source: Phase) -> FakeCase:
    """A case in `source` where every guard of `trigger` is met by what is on record."""
    case = FakeCase(
        phase=source,
        coordinator_id=10,
        offers=[FakeOffer(10, "accepted")],
        record={k: v for k, v in RECORD.items() if k != "plan"},
    )
    if trigger == "accept_match":
        case.offers = [FakeOffer(10)]
    if trigger == "close" and source in (P.NAZORG, P.VERVOLGCONFERENTIE):
        case.record = {**RECORD, "bijeenkomsten": HELD}
    if trigger == "reopen":
        case.closed_from = P.NAZORG
    if trigger == "take_over":  # the coordinator was withdrawn and the case offered again
        case.coordinator_id, case.offers = None, [FakeOffer(11, "accepted"), FakeOffer(10)]
    if trigger in ("add_co_coordinator", "remove_co_coordinator"):
        case.variant = "herstel"
    if trigger == "remove_co_coordinator":
        case.co_coordinator_id = 12
    if trigger in DECISION_TRIGGERS:  # a plan made at meeting 1 (referred by an organisation: needs a decision)
        case.record = {**RECORD, "bijeenkomsten": HELD}
    if trigger in DECISION_TRIGGERS[1:]:  # ... and not accepted
        case.record["besluiten"] = [NOT_ACCEPTED]
    return case


DECISION_TRIGGERS = ("record_plan_decision", "plan_not_accepted_to_referrer", "plan_not_accepted_follow_up")
NOT_ACCEPTED = {
    "bijeenkomst": 1,
    "besluit": "niet geaccepteerd",
    "reden": "Onveilig",
    "door": "Petra Jeugdbescherming",
    "datum": "2026-03-02",
    "voorwaarden_antwoord": [],
}
DECISION = {"besluit": "geaccepteerd", "besluit_door": "Petra Jeugdbescherming", "besluit_datum": "2026-03-02"}


# For each trigger: (the source used for the happy path, data that meets the guards, reason, what the
# refusal must name when the data is left out).
READY = {
    "accept_match": (P.AANMELDING, {}, "", None),
    "start_activation": (
        P.INFORMATIEF_GESPREK,
        {"informatief_gesprek_datum": "2026-02-20"},
        "",
        "datum van het informatief gesprek",
    ),
    "plan_without_meeting": (
        P.VERBINDEN_EN_ACTIVEREN,
        {"afspraken": "Oma haalt de kinderen op."},
        "",
        "plan of de afspraken",
    ),
    "plan_meeting": (
        P.VERBINDEN_EN_ACTIVEREN,
        {"datum": "2026-03-20", "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": "12"},
        "",
        "netwerklid",
    ),
    "hold_meeting": (P.FORMELE_BIJEENKOMST, MEETING, "", "aanwezigen per categorie"),
    "hold_meeting_in_parts": (P.FORMELE_BIJEENKOMST, MEETING, "", "duur van het besloten deel"),
    "hold_meeting_without_plan": (P.FORMELE_BIJEENKOMST, MEETING, "", "tijdstip"),
    "start_follow_up_conference": (P.NAZORG, {}, "Het plan loopt vast", "reden"),
    "hold_follow_up_conference": (P.VERVOLGCONFERENTIE, MEETING, "", "locatie"),
    "close": (P.NAZORG, CLOSE_WITH_PLAN, "", "uitkomst"),
    "reopen": (P.AFGESLOTEN, {}, "Toch nodig", "reden"),
    "withdraw_coordinator": (P.VERBINDEN_EN_ACTIVEREN, {}, "Langdurig ziek", "reden"),
    "take_over": (P.FORMELE_BIJEENKOMST, {}, "", None),
    "add_co_coordinator": (P.NAZORG, {"co_coordinator_id": "12"}, "", "kies een co-coördinator"),
    "remove_co_coordinator": (P.VERVOLGCONFERENTIE, {}, "", None),
    "record_plan_decision": (P.NAZORG, DECISION, "", "besluit van de professional"),
    "plan_not_accepted_to_referrer": (P.NAZORG, {}, "", None),
    "plan_not_accepted_follow_up": (P.NAZORG, {}, "Nieuw plan nodig", "reden"),
}


def workflow(case: FakeCase, actor=COORDINATOR, reason: str = "") -> CaseWorkflow:
    return CaseWorkflow(case, StepContext(actor, NOW, reason=reason))


def allowed_role(trigger: str) -> Role:
    return steps_for(trigger)[0].roles[0]


def test_every_trigger_of_the_table_is_covered():
    assert set(READY) == {step.trigger for step in STEPS}


@pytest.mark.parametrize("trigger", READY)
def test_allowed_when_guard_met(trigger):
    source, data, reason, _ = READY[trigger]
    case = ready_case(trigger, source)
    wf = workflow(case, ACTORS[allowed_role(trigger)], reason)
    wf.fire(trigger, data)
    step = next(s for s in steps_for(trigger) if source in s.sources)
    expected = P.NAZORG if trigger == "reopen" else step.dest
    assert case.phase is expected
    assert [(h.from_phase, h.to_phase, h.trigger) for h in wf.history] == [(source, expected, trigger)]


@pytest.mark.parametrize("trigger", [t for t, row in READY.items() if row[3]])
def test_refused_when_guard_unmet_names_what_is_missing(trigger):
    source, _data, _reason, names = READY[trigger]
    case = ready_case(trigger, source)
    with pytest.raises(GuardRefused) as refusal:
        workflow(case, ACTORS[allowed_role(trigger)]).fire(trigger, {})
    assert names in refusal.value.message
    assert case.phase is source, "a refused step leaves the phase alone"


def test_accept_refused_without_an_open_offer():
    case = FakeCase(phase=P.AANMELDING)
    with pytest.raises(GuardRefused, match="geen aanbod open"):
        workflow(case).fire("accept_match")


def test_accept_refused_for_a_coordinator_the_offer_is_not_for():
    case = FakeCase(phase=P.AANMELDING, offers=[FakeOffer(10)])
    with pytest.raises(GuardRefused, match="niet aan u gedaan"):
        workflow(case, OTHER_COORDINATOR).fire("accept_match")


@pytest.mark.parametrize("trigger", READY)
def test_refused_for_a_role_that_may_not_fire_it(trigger):
    source, data, reason, _ = READY[trigger]
    forbidden = [r for r in Role if r not in steps_for(trigger)[0].roles]
    for role in forbidden:
        case = ready_case(trigger, source)
        with pytest.raises(NotPermitted, match="niet zetten"):
            workflow(case, ACTORS[role], reason).fire(trigger, data)
        assert case.phase is source


@pytest.mark.parametrize("trigger", READY)
def test_refused_from_a_phase_where_it_does_not_apply(trigger):
    _source, data, reason, _ = READY[trigger]
    sources = {p for s in steps_for(trigger) for p in s.sources}
    for phase in set(Phase) - sources:
        case = ready_case(trigger, phase)
        with pytest.raises(TriggerNotAllowedHere, match="kan niet in de fase"):
            workflow(case, ACTORS[allowed_role(trigger)], reason).fire(trigger, data)
        assert case.phase is phase


def test_unknown_trigger_is_refused():
    with pytest.raises(UnknownTrigger):
        workflow(FakeCase()).fire("to_afgesloten")


def test_auto_transitions_are_off_so_no_step_skips_the_guards():
    from workflow.machine import MACHINE

    assert not any(name.startswith("to_") for name in MACHINE.events)


# Who may fire what, as DOMAIN.md §3 states it (kept apart from the table so a changed table shows up here).
EXPECTED_ROLES = {
    "accept_match": {Role.COORDINATOR, Role.REGIOMANAGER},
    "start_activation": {Role.COORDINATOR},
    "plan_without_meeting": {Role.COORDINATOR},
    "plan_meeting": {Role.COORDINATOR},
    "hold_meeting": {Role.COORDINATOR},
    "hold_meeting_in_parts": {Role.COORDINATOR},
    "hold_meeting_without_plan": {Role.COORDINATOR},
    "start_follow_up_conference": {Role.COORDINATOR, Role.REGIOMANAGER},
    "hold_follow_up_conference": {Role.COORDINATOR},
    "close": {Role.COORDINATOR, Role.REGIOMANAGER},
    "reopen": {Role.REGIOMANAGER},
    "withdraw_coordinator": {Role.REGIOMANAGER},
    "take_over": {Role.COORDINATOR, Role.REGIOMANAGER},
    "add_co_coordinator": {Role.REGIOMANAGER},
    "remove_co_coordinator": {Role.REGIOMANAGER},
    "record_plan_decision": {Role.COORDINATOR, Role.REGIOMANAGER},
    "plan_not_accepted_to_referrer": {Role.COORDINATOR, Role.REGIOMANAGER},
    "plan_not_accepted_follow_up": {Role.COORDINATOR, Role.REGIOMANAGER},
}


@pytest.mark.parametrize("trigger", EXPECTED_ROLES)
def test_roles_match_the_domain_table(trigger):
    assert {r for s in steps_for(trigger) for r in s.roles} == EXPECTED_ROLES[trigger]


def test_meeting_refused_without_professional_acceptance_when_conditions_apply():
    case = FakeCase(phase=P.FORMELE_BIJEENKOMST, compulsory_framework=True, conditions="Kinderen veilig")
    with pytest.raises(GuardRefused, match="professional het plan accepteert"):
        workflow(case).fire("hold_meeting", MEETING)


def test_plan_meeting_in_compulsory_framework_needs_the_conditions():
    case = FakeCase(phase=P.VERBINDEN_EN_ACTIVEREN, compulsory_framework=True)
    with pytest.raises(GuardRefused, match="voorwaarden"):
        workflow(case).fire("plan_meeting", READY["plan_meeting"][1])


def test_close_refuses_an_outcome_that_does_not_fit_the_phase():
    case = FakeCase(phase=P.AANMELDING)
    with pytest.raises(GuardRefused, match="past niet bij de fase"):
        workflow(case).fire("close", {"uitkomst": "plan"})


def test_close_without_conference_asks_the_reasons():
    case = FakeCase(phase=P.VERBINDEN_EN_ACTIVEREN)
    with pytest.raises(GuardRefused, match="redenen van niet doorgaan"):
        workflow(case).fire("close", {"uitkomst": "gestopt"})


def test_close_from_nazorg_asks_the_follow_up():
    case = FakeCase(phase=P.NAZORG, record={"bijeenkomsten": HELD})
    with pytest.raises(GuardRefused, match="follow-up"):
        workflow(case).fire("close", {"uitkomst": "plan"})


def test_close_names_missing_registration_fields():
    case = FakeCase(phase=P.AANMELDING, referrer_type="Organisatie", organisation_type=None, main_persons=[])
    with pytest.raises(GuardRefused) as refusal:
        workflow(case).fire("close", {"uitkomst": "ingetrokken", "redenen_niet_doorgaan": ["Andere reden"]})
    fields = {m["field"] for m in refusal.value.details["missing"]}
    assert fields == {"type_organisatie", "hoofdpersonen", "achtergrondproblemen", "onderwerpen", "professionele_hulp"}


def test_reopen_returns_to_the_phase_it_closed_from():
    case = FakeCase(phase=P.AFGESLOTEN, closed_from=P.VERBINDEN_EN_ACTIVEREN, outcome="gestopt")
    workflow(case, ACTORS[Role.REGIOMANAGER], "Familie wil toch").fire("reopen")
    assert (case.phase, case.outcome, case.closed_from) == (P.VERBINDEN_EN_ACTIVEREN, None, None)


def test_reopen_refused_once_personal_data_is_removed():
    case = FakeCase(phase=P.AFGESLOTEN, closed_from=P.NAZORG, personal_data_removed_at=NOW)
    with pytest.raises(GuardRefused, match="persoonsgegevens"):
        workflow(case, ACTORS[Role.REGIOMANAGER], "Toch").fire("reopen")


def test_walk_from_aanmelding_through_vervolgconferentie_to_afgesloten():
    case = FakeCase(phase=P.AANMELDING, offers=[FakeOffer(10)], record=dict(RECORD))
    walk = [
        ("accept_match", {}, ""),
        ("start_activation", {"informatief_gesprek_datum": "2026-02-01"}, ""),
        ("plan_meeting", READY["plan_meeting"][1], ""),
        ("hold_meeting", MEETING, ""),
        ("start_follow_up_conference", {}, "Afspraken lopen niet"),
        ("hold_follow_up_conference", {**MEETING, "datum": "2026-03-02"}, ""),
        ("close", closing(follow_up_uitkomst="neutraal"), ""),
    ]
    history, events = [], []
    for trigger, data, reason in walk:
        wf = workflow(case, COORDINATOR, reason)
        wf.fire(trigger, data)
        history += wf.history
        events += wf.events
    assert [h.to_phase for h in history] == [
        P.INFORMATIEF_GESPREK,
        P.VERBINDEN_EN_ACTIVEREN,
        P.FORMELE_BIJEENKOMST,
        P.NAZORG,
        P.VERVOLGCONFERENTIE,
        P.NAZORG,
        P.AFGESLOTEN,
    ]
    assert history[4].reason == "Afspraken lopen niet"
    assert case.coordinator_id == 10 and case.outcome == "plan" and case.closed_from is P.NAZORG
    assert [m["nummer"] for m in case.record["bijeenkomsten"]] == [1, 2]
    follow_ups = [e for e in events if type(e).__name__ == "FollowUpDue"]
    assert [str(e.meeting_date) for e in follow_ups] == ["2026-03-01", "2026-03-02"]


# --- Change of coordinator and the co-coordinator: rows that keep the phase ----------------------------

RUNNING = [p for p in Phase if p not in (P.AANMELDING, P.AFGESLOTEN)]


@pytest.mark.parametrize("phase", RUNNING)
def test_withdraw_then_take_over_keeps_the_phase_and_the_start(phase):
    case = FakeCase(phase=phase, coordinator_id=10, offers=[FakeOffer(10, "accepted")])
    case.record = {"gestart_op": "2026-02-01T09:00:00+00:00"}
    wf = workflow(case, REGIOMANAGER_ACTOR, "Ziek")
    wf.fire("withdraw_coordinator")
    assert (case.phase, case.coordinator_id) == (phase, None)
    assert [type(e).__name__ for e in wf.events] == ["CoordinatorWithdrawn"]
    case.offers.append(FakeOffer(11))
    wf = workflow(case, OTHER_COORDINATOR)
    wf.fire("take_over")
    assert (case.phase, case.coordinator_id) == (phase, 11)
    assert case.record["gestart_op"] == "2026-02-01T09:00:00+00:00", "a take-over does not restart the clock"
    assert [o.state for o in case.offers] == ["accepted", "accepted"]


def test_withdraw_refused_when_the_case_has_no_coordinator():
    case = FakeCase(phase=P.NAZORG)
    with pytest.raises(GuardRefused, match="geen coördinator"):
        workflow(case, REGIOMANAGER_ACTOR, "Ziek").fire("withdraw_coordinator")


def test_take_over_refused_while_the_case_still_has_its_coordinator():
    case = FakeCase(phase=P.NAZORG, coordinator_id=10, offers=[FakeOffer(11)])
    with pytest.raises(GuardRefused, match="al een coördinator"):
        workflow(case, OTHER_COORDINATOR).fire("take_over")


def test_take_over_refused_for_a_coordinator_the_offer_is_not_for():
    case = FakeCase(phase=P.NAZORG, offers=[FakeOffer(12)])
    with pytest.raises(GuardRefused, match="niet aan u gedaan"):
        workflow(case, OTHER_COORDINATOR).fire("take_over")


def test_take_over_by_the_co_coordinator_makes_them_the_coordinator():
    case = FakeCase(phase=P.NAZORG, variant="groep", co_coordinator_id=11, offers=[FakeOffer(11)])
    workflow(case, OTHER_COORDINATOR).fire("take_over")
    assert (case.coordinator_id, case.co_coordinator_id) == (11, None)


def test_co_coordinator_only_for_herstel_and_groep():
    case = FakeCase(phase=P.NAZORG, coordinator_id=10, variant="familie")
    with pytest.raises(GuardRefused, match="herstel- of groepsconferentie"):
        workflow(case, REGIOMANAGER_ACTOR).fire("add_co_coordinator", {"co_coordinator_id": "12"})
    assert case.co_coordinator_id is None


def test_co_coordinator_is_not_the_coordinator_and_only_one():
    case = FakeCase(phase=P.NAZORG, coordinator_id=10, variant="herstel")
    with pytest.raises(GuardRefused, match="een ander dan de coördinator"):
        workflow(case, REGIOMANAGER_ACTOR).fire("add_co_coordinator", {"co_coordinator_id": "10"})
    workflow(case, REGIOMANAGER_ACTOR).fire("add_co_coordinator", {"co_coordinator_id": "12"})
    assert case.co_coordinator_id == 12
    with pytest.raises(GuardRefused, match="al een co-coördinator"):
        workflow(case, REGIOMANAGER_ACTOR).fire("add_co_coordinator", {"co_coordinator_id": "11"})


def test_remove_co_coordinator_refused_without_one():
    case = FakeCase(phase=P.NAZORG, coordinator_id=10, variant="herstel")
    with pytest.raises(GuardRefused, match="geen co-coördinator"):
        workflow(case, REGIOMANAGER_ACTOR).fire("remove_co_coordinator")


@pytest.mark.parametrize("raw", ["\x00", "abc", "0", "-3", str(2**40)])
def test_co_coordinator_id_hostile_values_are_refused(raw):
    case = FakeCase(phase=P.NAZORG, coordinator_id=10, variant="herstel")
    with pytest.raises(DomainError):
        workflow(case, REGIOMANAGER_ACTOR).fire("add_co_coordinator", {"co_coordinator_id": raw})
    assert case.co_coordinator_id is None


def _offered(case, actor):
    from workflow.usecases import available_actions

    return {option.step.trigger for option in available_actions(case, actor, NOW)}


def test_the_coordinator_steps_are_offered_only_where_they_apply():
    familie = FakeCase(phase=P.NAZORG, coordinator_id=10, offers=[FakeOffer(10, "accepted")])
    assert {"withdraw_coordinator"} <= _offered(familie, REGIOMANAGER_ACTOR)
    assert not {"take_over", "add_co_coordinator", "remove_co_coordinator"} & _offered(familie, REGIOMANAGER_ACTOR)
    herstel = FakeCase(phase=P.NAZORG, coordinator_id=10, variant="herstel")
    assert "add_co_coordinator" in _offered(herstel, REGIOMANAGER_ACTOR)
    herstel.co_coordinator_id = 12
    assert {"remove_co_coordinator"} <= _offered(herstel, REGIOMANAGER_ACTOR)
    assert "add_co_coordinator" not in _offered(herstel, REGIOMANAGER_ACTOR)
    vacant = FakeCase(phase=P.NAZORG)
    assert not {"withdraw_coordinator", "take_over"} & _offered(vacant, REGIOMANAGER_ACTOR)
    vacant.offers = [FakeOffer(11)]
    assert "take_over" in _offered(vacant, OTHER_COORDINATOR)
    assert "withdraw_coordinator" not in _offered(vacant, OTHER_COORDINATOR), "a coordinator never withdraws"
