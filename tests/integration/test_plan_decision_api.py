"""The conditions and the professional's decision through the API, on SQLite and PostgreSQL: conditions as a
list or as one text (old clients), read back as both; the decision with its answers as a list; bad input 422."""

import pytest

from storage.models import Case
from tests.conftest import count_rows, make_app, units_of_work
from tests.integration.test_api import Api
from tests.walks import INTAKE, MEETING, MEETING_DAY
from workflow.phases import Role
from workflow.usecases import advance, offer_case

LISTED = [{"tekst": "Kinderen veilig", "gesteld_door": "Petra"}, {"tekst": "Schoolgang"}]


@pytest.fixture
def engine(any_engine):
    return any_engine


@pytest.fixture
def world(engine, clock, people):
    user, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, coordinator = people.make(Role.COORDINATOR, "co@x.nl")
    api = Api(make_app(engine, clock, WTF_CSRF_ENABLED=True).test_client(), people.token(user.id))
    return api, units_of_work(engine, clock), manager, coordinator


def test_conditions_as_a_list_or_one_text_and_read_back_as_both(world):
    api, *_ = world
    created = api.post("/cases", {**INTAKE, "voorwaarden": LISTED})
    assert created.status_code == 201, created.json
    case = created.json
    assert case["voorwaarden"] == "Kinderen veilig\nSchoolgang"
    assert case["voorwaarden_lijst"] == [
        {"tekst": "Kinderen veilig", "gesteld_door": "Petra"},
        {"tekst": "Schoolgang", "gesteld_door": "Wijkteam Zaanstad"},
    ]
    changed = api.patch(f"/cases/{case['id']}", {"version": case["version"], "voorwaarden": "Eén\nTwee"})
    assert changed.status_code == 200, changed.json
    assert [c["tekst"] for c in changed.json["voorwaarden_lijst"]] == ["Eén", "Twee"]


@pytest.mark.parametrize(
    "voorwaarden",
    [[{"tekst": "<script>x</script>" * 200}], [{"tekst": "a", "wie": "b"}], [{"tekst": ""}], "a\x07", 7],
)
def test_bad_conditions_are_refused_and_nothing_is_made(engine, world, voorwaarden):
    api, *_ = world
    response = api.post("/cases", {**INTAKE, "voorwaarden": voorwaarden})
    assert response.status_code in (400, 422) and "voorwaarden" in str(response.json)
    assert count_rows(engine, Case) == 0


def test_the_decision_through_the_api_with_its_answers(world):
    api, uow, manager, coordinator = world
    case = api.post("/cases", {**INTAKE, "voorwaarden": LISTED}).json
    offer_case(uow(), case["id"], coordinator.coordinator_id, manager, override_reason="Toch (test)")
    for trigger, data in (
        ("accept_match", {}),
        ("start_activation", {"informatief_gesprek_datum": MEETING_DAY}),
        ("plan_meeting", {"datum": MEETING_DAY, "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5}),
        ("hold_meeting", {**MEETING, "acceptatie_professional": "nog af te stemmen"}),
    ):
        advance(uow(), case["id"], trigger, coordinator, None, "", data)
    case = api.get(f"/cases/{case['id']}").json
    assert "record_plan_decision" in [a["trigger"] for a in case["allowed_triggers"]]
    decision = {
        "besluit": "geaccepteerd na aanpassing",
        "besluit_door": "Petra",
        "besluit_datum": MEETING_DAY,
        "voorwaarden_antwoord": [{"voorwaarde": 0, "antwoord": "Bij oma"}, {"voorwaarde": 1, "antwoord": "Ja"}],
    }
    body = {"trigger": "record_plan_decision", "version": case["version"], "data": decision}
    refused = api.post(f"/cases/{case['id']}/transitions", body)  # no reason for an adjusted plan
    assert refused.status_code in (400, 422) and "reden" in str(refused.json)
    wrong = {**body, "reason": "Aangepast", "data": {**decision, "voorwaarden_antwoord": [{"voorwaarde": 5}]}}
    assert api.post(f"/cases/{case['id']}/transitions", wrong).status_code in (400, 422)
    done = api.post(f"/cases/{case['id']}/transitions", {**body, "reason": "Aangepast"})
    assert done.status_code == 200, done.json
    assert done.json["besluiten"] == [
        {
            "bijeenkomst": 1,
            "besluit": "geaccepteerd na aanpassing",
            "reden": "Aangepast",
            "door": "Petra",
            "datum": MEETING_DAY,
            "voorwaarden_antwoord": [{"voorwaarde": 0, "antwoord": "Bij oma"}, {"voorwaarde": 1, "antwoord": "Ja"}],
        }
    ]
    assert done.json["history"][-1]["reason"] == "Besluit: geaccepteerd na aanpassing — Aangepast"
