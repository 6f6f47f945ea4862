"""The professional's decision on a plan (DOMAIN.md §10): when it is needed, its form refusing bad input, the
rows that record it and follow a refusal, and the conditions as items."""

import datetime as dt

import pytest

from tests.registration_fill import RECORD
from tests.unit.fakes import COORDINATOR, HELD, NOW, REGIOMANAGER, FakeCase, FakeOffer
from workflow import events
from workflow.conditions import conditions_of, set_conditions
from workflow.decisions import chase_due, decision_needed, decision_open, decision_pending, not_accepted
from workflow.errors import GuardRefused, InvalidInput, NotPermitted, TriggerNotAllowedHere
from workflow.fields import parse_fields
from workflow.guards import StepContext
from workflow.intake import INTAKE_FIELDS
from workflow.machine import CaseWorkflow
from workflow.phases import Outcome, Phase
from workflow.reminder_rules import ReminderTimings

P = Phase
CONDITIONS = [
    {"tekst": "De kinderen slapen thuis", "gesteld_door": "Petra"},
    {"tekst": "Geen contact met vader", "gesteld_door": "Petra"},
]
DECISION = {"besluit": "geaccepteerd", "besluit_door": "Petra Jeugdbescherming", "besluit_datum": "2026-03-02"}


def plan_case(referrer="Organisatie", compulsory=False, conditions=None, **record) -> FakeCase:
    case = FakeCase(
        phase=P.NAZORG,
        coordinator_id=10,
        offers=[FakeOffer(10, "accepted")],
        referrer_type=referrer,
        compulsory_framework=compulsory,
        record={**RECORD, "bijeenkomsten": HELD, **record},
    )
    if conditions:
        set_conditions(case, conditions)
    return case


def fire(case, trigger, data=None, reason="", actor=REGIOMANAGER) -> CaseWorkflow:
    wf = CaseWorkflow(case, StepContext(actor, NOW, reason=reason))
    wf.fire(trigger, data or {})
    return wf


# --- when a decision is needed ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("referrer", "compulsory", "conditions", "needed"),
    [
        ("Organisatie", False, None, True),
        ("Familielid of sociaal netwerk", False, None, False),
        ("Hoofdpersoon zelf", False, None, False),
        ("Hoofdpersoon zelf", True, None, True),
        ("Familielid of sociaal netwerk", False, CONDITIONS, True),
        (None, False, None, False),
    ],
)
def test_a_decision_is_needed_for_professionals_a_compulsory_framework_or_conditions(
    referrer, compulsory, conditions, needed
):
    assert decision_needed(plan_case(referrer, compulsory, conditions)) is needed


def test_old_conditions_text_counts_as_one_condition_and_makes_a_decision_needed():
    case = plan_case("Hoofdpersoon zelf")
    case.conditions = "Veiligheid geborgd\nen nog iets"
    assert conditions_of(case) == [{"tekst": "Veiligheid geborgd\nen nog iets", "gesteld_door": ""}]
    assert decision_needed(case)


def test_pending_until_recorded_and_not_for_a_plan_accepted_on_the_spot():
    case = plan_case()
    assert decision_open(case) and decision_pending(case)
    direct = plan_case(bijeenkomsten=[{**HELD[0], "acceptatie_professional": "direct geaccepteerd"}])
    assert decision_open(direct) and not decision_pending(direct)
    in_parts = plan_case(bijeenkomsten=[{**HELD[0], "resultaat": "Plan in delen"}])
    assert not decision_open(in_parts)


def test_chased_the_bureau_set_days_after_the_meeting_at_the_reminder_hour():
    due = chase_due(dt.date(2026, 3, 1), ReminderTimings(decision_pending_days=10, hour_of_day=9))
    assert due == dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC)  # 9:00 in Amsterdam (winter time)


# --- recording the decision -----------------------------------------------------------------------------------


def test_recording_the_decision_writes_it_for_the_latest_meeting_and_names_it_in_the_history():
    case = plan_case(conditions=CONDITIONS)
    answers = [{"voorwaarde": 1, "antwoord": "Vader komt niet"}, {"voorwaarde": 0, "antwoord": "Bij oma"}]
    wf = fire(case, "record_plan_decision", {**DECISION, "voorwaarden_antwoord": answers}, actor=COORDINATOR)
    assert case.phase is P.NAZORG
    assert case.record["besluiten"] == [
        {
            "bijeenkomst": 1,
            "besluit": "geaccepteerd",
            "reden": "",
            "door": "Petra Jeugdbescherming",
            "datum": "2026-03-02",
            "voorwaarden_antwoord": [
                {"voorwaarde": 0, "antwoord": "Bij oma"},
                {"voorwaarde": 1, "antwoord": "Vader komt niet"},
            ],
        }
    ]
    assert wf.history[0].reason == "Besluit: geaccepteerd"
    assert wf.events == [events.PlanDecisionRecorded(case.id, 1, "geaccepteerd")]
    assert not decision_open(case)


def test_a_second_decision_on_the_same_plan_is_refused():
    case = plan_case()
    fire(case, "record_plan_decision", DECISION)
    with pytest.raises(GuardRefused, match="al besloten"):
        fire(case, "record_plan_decision", DECISION)


@pytest.mark.parametrize(
    ("data", "reason", "error"),
    [
        ({**DECISION, "besluit": "misschien"}, "", "kies een van de mogelijkheden"),
        ({**DECISION, "besluit": "<script>alert(1)</script>"}, "", "kies een van de mogelijkheden"),
        ({**DECISION, "besluit_datum": "2026-02-27"}, "", "ligt vóór bijeenkomst 1"),
        ({**DECISION, "besluit_datum": "2026-03-09"}, "", "toekomst"),
        ({**DECISION, "besluit_datum": "gisteren"}, "", "geen geldige datum"),
        ({**DECISION, "besluit_door": "x" * 5000}, "", "maximaal 120"),
        ({**DECISION, "besluit_door": "Petra\x00"}, "", "niet zijn toegestaan"),
        ({**DECISION, "voorwaarden_antwoord": [{"voorwaarde": 0, "antwoord": "a" * 5000}]}, "", "maximaal 2000"),
        ({**DECISION, "voorwaarden_antwoord": [{"voorwaarde": 7, "antwoord": "ja"}]}, "", "bestaande voorwaarde"),
        ({**DECISION, "voorwaarden_antwoord": [{"voorwaarde": "x", "antwoord": "ja"}]}, "", "heel getal"),
        ({**DECISION, "voorwaarden_antwoord": "<script>"}, "", "heel getal"),
        ({**DECISION, "voorwaarden_antwoord": [{"voorwaarde": 0, "evil": 1}]}, "", "alleen"),
        ({**DECISION, "voorwaarden_antwoord": {"a": 1}}, "", "geef een lijst"),
    ],
)
def test_the_decision_form_refuses_bad_input_and_saves_nothing(data, reason, error):
    case = plan_case(conditions=CONDITIONS[:1])
    before = dict(case.record)
    with pytest.raises(InvalidInput) as refusal:
        fire(case, "record_plan_decision", data, reason)
    assert error in " ".join(refusal.value.errors.values())
    assert case.record == before and case.phase is P.NAZORG


def test_a_reason_is_required_unless_accepted_as_it_is():
    for decision in ("geaccepteerd na aanpassing", "niet geaccepteerd"):
        case = plan_case()
        with pytest.raises(GuardRefused, match="reden van het besluit"):
            fire(case, "record_plan_decision", {**DECISION, "besluit": decision})
        assert "besluiten" not in case.record
    case = plan_case()
    wf = fire(case, "record_plan_decision", {**DECISION, "besluit": "niet geaccepteerd"}, "<b>Onveilig</b>")
    assert case.record["besluiten"][0]["reden"] == "<b>Onveilig</b>"  # kept as text; the page escapes it
    assert wf.history[0].reason == "Besluit: niet geaccepteerd — <b>Onveilig</b>"


def test_every_condition_needs_an_answer_and_missing_fields_are_named():
    case = plan_case(conditions=CONDITIONS)
    with pytest.raises(GuardRefused) as refusal:
        fire(case, "record_plan_decision", {"voorwaarden_antwoord": [{"voorwaarde": 0, "antwoord": "ja"}]})
    message = refusal.value.message
    assert "voorwaarde 2" in message and "voorwaarde 1 " not in message
    assert "besluit van de professional" in message and "naam van de professional" in message
    assert "datum van het besluit" in message


def test_no_decision_without_a_plan_of_a_held_meeting():
    case = plan_case(bijeenkomsten=[])
    with pytest.raises(GuardRefused, match="geen plan"):
        fire(case, "record_plan_decision", DECISION)


def test_the_decision_may_wait_into_a_vervolgconferentie_but_not_elsewhere():
    case = plan_case()
    case.phase = P.VERVOLGCONFERENTIE
    fire(case, "record_plan_decision", DECISION)
    assert case.phase is P.VERVOLGCONFERENTIE and case.record["besluiten"]
    case = plan_case()
    case.phase = P.FORMELE_BIJEENKOMST
    with pytest.raises(TriggerNotAllowedHere):
        fire(case, "record_plan_decision", DECISION)


# --- the routes after "niet geaccepteerd" -----------------------------------------------------------------


def refused_plan() -> FakeCase:
    case = plan_case()
    fire(case, "record_plan_decision", {**DECISION, "besluit": "niet geaccepteerd"}, "Niet veilig")
    return case


def test_not_accepted_back_to_the_referrer_closes_without_plan():
    case = refused_plan()
    wf = fire(case, "plan_not_accepted_to_referrer", actor=COORDINATOR)
    assert case.phase is P.AFGESLOTEN and case.outcome == Outcome.GEEN_PLAN.value and case.closed_from is P.NAZORG
    assert [type(e).__name__ for e in wf.events] == ["CaseClosed"]


def test_not_accepted_to_a_vervolgconferentie_whose_plan_needs_its_own_decision():
    case = refused_plan()
    fire(case, "plan_not_accepted_follow_up", reason="Nieuw plan met de familie")
    assert case.phase is P.VERVOLGCONFERENTIE
    second = {**HELD[0], "datum": "2026-03-02", "duur_totaal_uur": 3}
    wf = fire(case, "hold_follow_up_conference", second, actor=COORDINATOR)
    assert case.phase is P.NAZORG and decision_pending(case) and not not_accepted(case)
    awaits = [e for e in wf.events if isinstance(e, events.PlanAwaitsDecision)]
    assert awaits == [events.PlanAwaitsDecision(case.id, 2, dt.date(2026, 3, 2))]


@pytest.mark.parametrize("trigger", ["plan_not_accepted_to_referrer", "plan_not_accepted_follow_up"])
def test_the_routes_need_a_plan_that_was_not_accepted(trigger):
    for decision in (None, "geaccepteerd"):
        case = plan_case()
        if decision:
            fire(case, "record_plan_decision", DECISION)
        with pytest.raises(GuardRefused, match="niet afgewezen"):
            fire(case, trigger, reason="Toch")
        assert case.phase is P.NAZORG


def test_the_routes_are_refused_for_the_admin():
    from tests.unit.fakes import ADMIN

    case = refused_plan()
    with pytest.raises(NotPermitted):
        fire(case, "plan_not_accepted_to_referrer", actor=ADMIN)


def test_a_held_meeting_needing_no_decision_raises_no_chase():
    case = plan_case("Hoofdpersoon zelf")
    case.phase = P.FORMELE_BIJEENKOMST
    case.record = {**RECORD}
    wf = fire(case, "hold_meeting", HELD[0], actor=COORDINATOR)
    assert not [e for e in wf.events if isinstance(e, events.PlanAwaitsDecision)]


# --- the conditions as items ----------------------------------------------------------------------------------

SPECS = {s.name: s for s in INTAKE_FIELDS}


def parse_conditions(raw):
    return parse_fields([SPECS["voorwaarden"]], {"voorwaarden": raw}, NOW.date())["voorwaarden"]


def test_conditions_come_as_lines_of_text_or_as_a_list():
    lines = parse_conditions("Eén\n\n Twee \r\n")
    assert lines == [{"tekst": "Eén", "gesteld_door": None}, {"tekst": "Twee", "gesteld_door": None}]
    listed = parse_conditions([{"tekst": "Eén", "gesteld_door": "Petra"}])
    assert listed == [{"tekst": "Eén", "gesteld_door": "Petra"}]
    assert parse_conditions("") == [] and parse_conditions(None) == []


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("x" * 2001, "maximaal 2000"),
        ("bad\x07", "niet zijn toegestaan"),
        ([{"tekst": ""}], "vul dit in"),
        ([{"tekst": "a", "gesteld_door": "a\nb"}], "één regel"),
        ([{"tekst": "a", "onbekend": 1}], "alleen"),
        ([{"tekst": 5}], "tekst zijn"),
        ([{"tekst": "a"}] * 31, "maximaal 30"),
        (42, "geef een lijst"),
    ],
)
def test_bad_conditions_are_refused(raw, error):
    with pytest.raises(InvalidInput) as refusal:
        parse_conditions(raw)
    assert error in " ".join(refusal.value.errors.values())


def test_set_conditions_fills_who_set_them_and_keeps_the_old_column():
    case = FakeCase()
    case.referrer_name = "Anna Aanmelder"
    set_conditions(case, [{"tekst": "Eén"}, {"tekst": "Twee", "gesteld_door": "Bert"}])
    assert conditions_of(case) == [
        {"tekst": "Eén", "gesteld_door": "Anna Aanmelder"},
        {"tekst": "Twee", "gesteld_door": "Bert"},
    ]
    assert case.conditions == "Eén\nTwee"
    set_conditions(case, [{"tekst": "Drie"}], "Carla")
    assert conditions_of(case) == [{"tekst": "Drie", "gesteld_door": "Carla"}]
    set_conditions(case, [])
    assert case.conditions is None and conditions_of(case) == []


def test_plan_meeting_records_the_conditions_as_items():
    case = FakeCase(phase=P.VERBINDEN_EN_ACTIVEREN, coordinator_id=10, compulsory_framework=True)
    data = {
        "datum": "2026-03-20",
        "locatie": "Buurthuis of wijkcentrum",
        "uitgenodigd": "12",
        "voorwaarden": "Kinderen veilig\nSchoolgang",
        "voorwaarden_gesteld_door": "Petra",
    }
    fire(case, "plan_meeting", data, actor=COORDINATOR)
    assert case.phase is P.FORMELE_BIJEENKOMST
    assert conditions_of(case) == [
        {"tekst": "Kinderen veilig", "gesteld_door": "Petra"},
        {"tekst": "Schoolgang", "gesteld_door": "Petra"},
    ]
    assert case.conditions == "Kinderen veilig\nSchoolgang"


def test_the_audit_names_the_decision_and_the_conditions_in_words():
    from workflow.audit_view import field_label, readable

    decision = {"bijeenkomst": 1, "besluit": "niet geaccepteerd", "door": "Petra", "datum": "2026-03-02"}
    assert field_label("record.besluiten") == "Registratie: Besluiten van de professional over het plan"
    assert readable([decision], "record.besluiten") == (
        "Plan van bijeenkomst: 1; Besluit van de professional: niet geaccepteerd; "
        "Naam van de professional: Petra; Datum van het besluit: 02-03-2026"
    )
    assert readable(CONDITIONS[:1], "record.voorwaarden") == "Voorwaarde: De kinderen slapen thuis; Gesteld door: Petra"


def test_the_steps_are_offered_only_where_they_apply():
    from workflow.usecases import available_actions

    def offered(case):
        return {o.step.trigger for o in available_actions(case, REGIOMANAGER, NOW)}

    routes = {"plan_not_accepted_to_referrer", "plan_not_accepted_follow_up"}
    assert "record_plan_decision" in offered(plan_case()) and not routes & offered(plan_case())
    direct = plan_case(bijeenkomsten=[{**HELD[0], "acceptatie_professional": "direct geaccepteerd"}])
    assert "record_plan_decision" not in offered(direct)
    assert "record_plan_decision" not in offered(plan_case("Hoofdpersoon zelf"))
    refused = offered(refused_plan())
    assert routes <= refused and "record_plan_decision" not in refused
