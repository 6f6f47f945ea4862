"""Idempotency-Key on the API's creating requests: a replay writes nothing and gets the first answer; the same
key with another request is refused; keys are per user and forgotten after a day; racing twins create one case."""

import threading

import pytest
from sqlmodel import Session, select

from storage.idempotency import IdempotencyKey
from storage.models import Case, CaseEvent, Offer
from tests.conftest import count_rows, make_app
from web.api import idempotency
from workflow.phases import Role

INTAKE = {
    "gemeente": "Amsterdam",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "vraag": "Hoe zorgen we samen voor de kinderen?",
    "aanmelder": {"naam": "Petra Wijkteam", "email": "petra@example.nl"},
    "hoofdpersonen": [{"naam": "Sem", "soort": "minderjarig", "geslacht": "jongen", "geboortedatum": "2015-04-01"}],
}


@pytest.fixture
def engine(any_engine):
    """On SQLite and PostgreSQL: the key's uniqueness and the waiting differ per database."""
    return any_engine


@pytest.fixture
def app(engine, clock):
    return make_app(engine, clock, WTF_CSRF_ENABLED=True)


@pytest.fixture
def bearer(app, people):
    """bearer(email, role) -> a function post(path, body, key) for a new user of that role, and its actor."""

    def make(email="regio@kring.test", role=Role.REGIOMANAGER):
        user, actor = people.make(role, email)
        token = people.token(user.id)

        def post(path, body=None, key=None, client=None):
            headers = {"Authorization": f"Bearer {token}"} | ({"Idempotency-Key": key} if key is not None else {})
            return (client or app.test_client()).post("/api/v1" + path, json=body, headers=headers)

        return post, actor

    return make


def test_a_replay_gets_the_first_answer_and_creates_nothing(engine, bearer):
    post, _ = bearer()
    first = post("/cases", INTAKE, key="aanmelding-17")
    assert first.status_code == 201, first.json
    again = post("/cases", INTAKE, key="aanmelding-17")
    assert (again.status_code, again.json) == (201, first.json)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count_rows(engine, Case) == 1
    assert count_rows(engine, CaseEvent) == 1


def test_the_same_key_with_another_body_is_refused_in_dutch(engine, bearer):
    post, _ = bearer()
    assert post("/cases", INTAKE, key="k1").status_code == 201
    other = post("/cases", INTAKE | {"vraag": "Een andere vraag"}, key="k1")
    assert other.status_code == 422
    assert other.json["error"]["code"] == "idempotency_key_reused"
    assert "al gebruikt" in other.json["error"]["message"]
    elsewhere = post("/cases/1/transitions", {"trigger": "close", "version": 1}, key="k1")  # another endpoint
    assert elsewhere.status_code == 422
    assert count_rows(engine, Case) == 1


def test_different_users_may_use_the_same_key(engine, bearer):
    first, _ = bearer("een@kring.test")
    second, _ = bearer("twee@kring.test")
    a, b = first("/cases", INTAKE, key="dezelfde"), second("/cases", INTAKE, key="dezelfde")
    assert a.status_code == b.status_code == 201
    assert a.json["id"] != b.json["id"]
    assert count_rows(engine, Case) == 2


def test_without_a_key_every_request_creates(engine, bearer):
    post, _ = bearer()
    assert post("/cases", INTAKE).status_code == post("/cases", INTAKE).status_code == 201
    assert count_rows(engine, Case) == 2
    assert count_rows(engine, IdempotencyKey) == 0


@pytest.mark.parametrize("key", ["", "x" * 201, "sleutel\u00e9", "tab\there", "\x7f"])
def test_a_key_that_is_not_1_to_200_printable_characters_is_refused(engine, bearer, key):
    post, _ = bearer()
    response = post("/cases", INTAKE, key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json["error"]["details"]["fields"]["idempotency_key"]
    assert count_rows(engine, Case) == 0


def test_the_longest_key_and_spaces_are_fine(engine, bearer):
    post, _ = bearer()
    for key in ("x" * 200, "a b ~!{}"):
        assert post("/cases", INTAKE, key=key).status_code == 201
        assert post("/cases", INTAKE, key=key).headers["Idempotent-Replayed"] == "true"
    assert count_rows(engine, Case) == 2


def test_a_refusal_stores_nothing_so_the_key_stays_free(engine, bearer):
    post, _ = bearer()
    refused = post("/cases", INTAKE | {"gemeente": "Atlantis"}, key="k")
    assert refused.status_code == 400
    assert count_rows(engine, IdempotencyKey) == 0
    assert post("/cases", INTAKE, key="k").status_code == 201
    assert count_rows(engine, Case) == 1


def test_a_key_is_forgotten_after_a_day(engine, bearer, clock):
    post, _ = bearer()
    assert post("/cases", INTAKE, key="k").status_code == 201
    clock.advance(hours=23)
    assert post("/cases", INTAKE, key="k").headers.get("Idempotent-Replayed") == "true"
    clock.advance(hours=2)
    assert post("/cases", INTAKE | {"vraag": "Een nieuwe vraag"}, key="k").status_code == 201
    assert count_rows(engine, Case) == 2
    assert count_rows(engine, IdempotencyKey) == 1  # the expired one made room


def test_an_answer_that_cannot_be_made_leaves_no_case(engine, bearer, monkeypatch):
    post, _ = bearer()

    def broken(case_id):
        raise RuntimeError("the connection broke while the answer was made")

    monkeypatch.setattr("web.api.routes._case_json", broken)
    with pytest.raises(RuntimeError):
        post("/cases", INTAKE, key="k")
    assert count_rows(engine, Case) == 0  # the write and its stored answer commit together or not at all
    assert count_rows(engine, IdempotencyKey) == 0


def test_offers_accept_decline_and_transitions_replay_without_a_second_write(engine, bearer, people):
    post, _ = bearer()
    coordinate, coordinator = bearer("co@kring.test", Role.COORDINATOR)
    case = post("/cases", INTAKE).json
    offer_body = {"coordinator_id": coordinator.coordinator_id}
    first_offer = post(f"/cases/{case['id']}/offers", offer_body, key="offer-1")
    assert first_offer.status_code == 201
    assert post(f"/cases/{case['id']}/offers", offer_body, key="offer-1").json == first_offer.json
    declined = coordinate(f"/offers/{first_offer.json['id']}/decline", {"reason": "Vol"}, key="nee")
    assert declined.status_code == 200
    assert coordinate(f"/offers/{first_offer.json['id']}/decline", {"reason": "Vol"}, key="nee").json == declined.json
    second_offer = post(f"/cases/{case['id']}/offers", offer_body, key="offer-2").json
    accepted = coordinate(f"/offers/{second_offer['id']}/accept", key="ja")
    assert accepted.status_code == 200 and accepted.json["phase"] == "informatief_gesprek"
    assert coordinate(f"/offers/{second_offer['id']}/accept", key="ja").json == accepted.json
    data = {"informatief_gesprek_datum": "2026-03-02"}  # not before the application (workflow/dates.py)
    step = {"trigger": "start_activation", "version": accepted.json["version"], "data": data}
    moved = coordinate(f"/cases/{case['id']}/transitions", step, key="verder")
    assert moved.status_code == 200 and moved.json["phase"] == "verbinden_en_activeren"
    assert coordinate(f"/cases/{case['id']}/transitions", step, key="verder").json == moved.json
    assert count_rows(engine, Offer) == 2
    with Session(engine) as session:
        triggers = session.exec(select(CaseEvent.trigger).order_by(CaseEvent.id)).all()
    assert triggers.count("start_activation") == triggers.count("decline_offer") == triggers.count("offer") - 1 == 1


def test_two_requests_racing_with_one_key_create_one_case(engine, bearer, app, monkeypatch):
    post, _ = bearer()
    both_checked = threading.Barrier(2, timeout=20)
    first_look = idempotency.stored_answer
    seen = threading.local()

    def look_then_wait(*args):
        found = first_look(*args)
        if not getattr(seen, "once", False):  # both pass the check for a stored answer before either writes
            seen.once = True
            both_checked.wait()
        return found

    monkeypatch.setattr(idempotency, "stored_answer", look_then_wait)
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(post("/cases", INTAKE, key="tweeling"))) for _ in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json == answers[1].json
    assert count_rows(engine, Case) == 1
    assert count_rows(engine, IdempotencyKey) == 1


def test_the_openapi_document_names_the_header_on_every_creating_request(app):
    document = app.test_client().get("/api/v1/openapi.json").json
    header = document["components"]["parameters"]["IdempotencyKey"]
    assert (header["in"], header["name"], header["schema"]["maxLength"]) == ("header", "Idempotency-Key", 200)
    creating = ["/cases", "/cases/{case_id}/transitions", "/cases/{case_id}/offers", "/offers/{offer_id}/accept"]
    for path in [*creating, "/offers/{offer_id}/decline"]:
        operation = document["paths"][path]["post"]
        assert {"$ref": "#/components/parameters/IdempotencyKey"} in operation["parameters"], path
        assert "422" in operation["responses"], path


def test_a_refusal_before_the_use_case_begins_is_an_ordinary_answer(engine, bearer):
    post, _ = bearer()
    case = post("/cases", INTAKE).json
    coordinate, coordinator = bearer("co@kring.test", Role.COORDINATOR)
    offer = post(f"/cases/{case['id']}/offers", {"coordinator_id": coordinator.coordinator_id}).json
    stranger, _ = bearer("ander@kring.test", Role.ADMIN)
    refused = stranger(f"/offers/{offer['id']}/decline", {"reason": "nee"}, key="k")  # refused before its unit
    assert refused.status_code in (403, 404) and refused.is_json
    assert count_rows(engine, IdempotencyKey) == 0
