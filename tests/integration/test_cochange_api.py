"""Change of coordinator and the co-coordinator through the JSON API (shared/API.md, added to, not changed):
the steps are triggers of POST /cases/{id}/transitions, the re-offer is POST /cases/{id}/offers, the take-over
is POST /offers/{id}/accept; the case carries co_coordinator_id. Missing and hostile values get a 4xx."""

import pytest

from tests.integration.test_api import Api, api_for, app, coord, engine, intake, new_case, rm, step  # noqa: F401  (fixtures below reuse them)  # noqa: F401
from workflow.phases import Role
from workflow.table import TRIGGERS


@pytest.fixture
def running(rm, coord):  # noqa: F811
    """A case of the regiomanager accepted by the coordinator: phase informatief gesprek."""
    manager, _ = rm
    coordinator, me = coord
    case = new_case(manager, variant="herstel")
    offer = manager.post(
        f"/cases/{case['id']}/offers", {"coordinator_id": me.coordinator_id, "override_reason": "Toch aanbieden (test)"}
    ).json
    case = coordinator.post(f"/offers/{offer['id']}/accept").json
    assert case["phase"] == "informatief_gesprek"
    return case


def test_withdraw_reoffer_and_take_over_through_the_api(running, rm, api_for):  # noqa: F811
    manager, _ = rm
    new, new_actor = api_for(Role.COORDINATOR, "nieuw@kring.test")
    case = step(manager, running, "withdraw_coordinator", reason="Langdurig ziek")
    assert (case["phase"], case["coordinator_id"]) == ("informatief_gesprek", None)
    matches = manager.get(f"/cases/{case['id']}/matches").json
    withdrawn = [e for e in matches["excluded"] if e["coordinator_id"] == running["coordinator_id"]]
    assert "teruggetrokken uit deze zaak" in [r["text"] for r in withdrawn[0]["reasons"]]
    offer = manager.post(
        f"/cases/{case['id']}/offers",
        {"coordinator_id": new_actor.coordinator_id, "override_reason": "Toch aanbieden (test)"},
    )
    assert offer.status_code == 201
    taken = new.post(f"/offers/{offer.json['id']}/accept").json
    assert (taken["phase"], taken["coordinator_id"]) == ("informatief_gesprek", new_actor.coordinator_id)
    triggers = [h["trigger"] for h in taken["history"]]
    assert triggers[-3:] == ["withdraw_coordinator", "offer", "take_over"] and "accept_match" in triggers


def test_reoffer_to_the_withdrawn_coordinator_is_refused(running, rm):  # noqa: F811
    manager, _ = rm
    case = step(manager, running, "withdraw_coordinator", reason="Conflict")
    response = manager.post(f"/cases/{case['id']}/offers", {"coordinator_id": running["coordinator_id"]})
    assert response.status_code == 400 and "teruggetrokken" in str(response.json)


@pytest.mark.parametrize("reason", [None, "", "ziek\x00", "x" * 10_000, 12])
def test_withdraw_refuses_missing_and_hostile_reasons(running, rm, reason):  # noqa: F811
    manager, _ = rm
    body = {"trigger": "withdraw_coordinator", "version": running["version"], "reason": reason}
    response = manager.post(f"/cases/{running['id']}/transitions", body)
    assert response.status_code in (400, 422)
    assert manager.get(f"/cases/{running['id']}").json["coordinator_id"] == running["coordinator_id"]


def test_withdraw_by_a_coordinator_or_on_a_foreign_case_is_refused(running, coord, api_for):  # noqa: F811
    coordinator, _ = coord
    elsewhere, _ = api_for(Role.REGIOMANAGER, "gld@kring.test", regions=("Gelderland",))
    body = {"trigger": "withdraw_coordinator", "version": running["version"], "reason": "Ziek"}
    assert coordinator.post(f"/cases/{running['id']}/transitions", body).status_code == 403
    assert elsewhere.post(f"/cases/{running['id']}/transitions", body).status_code == 404
    assert elsewhere.post("/cases/999999/transitions", body).status_code == 404


def test_co_coordinator_through_the_api(running, rm, api_for):  # noqa: F811
    manager, _ = rm
    co, co_actor = api_for(Role.COORDINATOR, "co2@kring.test")
    stranger, _ = api_for(Role.COORDINATOR, "co3@kring.test")
    case = step(manager, running, "add_co_coordinator", {"co_coordinator_id": co_actor.coordinator_id})
    assert case["co_coordinator_id"] == co_actor.coordinator_id
    assert [c["id"] for c in co.get("/cases").json["cases"]] == [case["id"]]
    assert stranger.get(f"/cases/{case['id']}").status_code == 404
    moved = step(co, case, "start_activation", {"informatief_gesprek_datum": "2026-03-02"})
    assert moved["phase"] == "verbinden_en_activeren"
    removed = step(manager, moved, "remove_co_coordinator")
    assert removed["co_coordinator_id"] is None and co.get(f"/cases/{case['id']}").status_code == 404


@pytest.mark.parametrize("value", [None, "", "\x00", "abc", -1, 2**40, [1], {"a": 1}, "far", 99999])
def test_co_coordinator_refuses_missing_and_hostile_values(running, rm, api_for, value):  # noqa: F811
    manager, _ = rm
    if value == "far":
        value = api_for(Role.COORDINATOR, "far@kring.test", regions=("Gelderland",))[1].coordinator_id
    body = {"trigger": "add_co_coordinator", "version": running["version"], "data": {"co_coordinator_id": value}}
    response = manager.post(f"/cases/{running['id']}/transitions", body)
    assert response.status_code in (400, 422), response.json
    assert manager.get(f"/cases/{running['id']}").json["co_coordinator_id"] is None


def test_the_openapi_document_names_the_new_triggers_and_field(rm):  # noqa: F811
    manager, _ = rm
    document = manager.get("/openapi.json").json
    text = str(document)
    assert "co_coordinator_id" in document["components"]["schemas"]["CaseSummary"]["properties"]
    for trigger in ("withdraw_coordinator", "take_over", "add_co_coordinator", "remove_co_coordinator"):
        assert trigger in TRIGGERS and trigger in text
