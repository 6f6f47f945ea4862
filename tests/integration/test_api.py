"""The JSON API under /api/v1: bearer tokens, the same scope and use cases as the pages, JSON errors only."""

import json

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from storage.models import ApiToken, Case, CaseEvent, User
from storage.tokens import token_hash
from tests.conftest import START, count_rows, make_app, units_of_work
from tests.registration_fill import fill_registration
from tests.walks import CLOSE_WITH_PLAN
from workflow.clock import FrozenClock
from workflow.phases import Role
from workflow.registration.schema import example_meeting

MEETING = example_meeting(
    datum="2026-03-02",
    aanwezigen={"Ouders": 2, "Grootouders": 3},
)


def intake(**changes):
    data = {
        "gemeente": "Amsterdam",
        "type_aanmelder": "Organisatie",
        "type_organisatie": "Gemeente/sociaal wijkteam",
        "vraag": "Hoe zorgen we samen voor de kinderen?",
        "aanmelder": {"naam": "Petra Wijkteam", "email": "petra@example.nl"},
        "wensen_coordinator": {"geslacht": "vrouw", "talen": ["Nederlands", "Turks"]},
        "hoofdpersonen": [{"naam": "Sem", "soort": "minderjarig", "geslacht": "jongen", "geboortedatum": "2015-04-01"}],
    }
    data.update(changes)
    return data


class Api:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def call(self, method, path, body=None, raw=None, token=None, headers=None):
        hdrs = {"Authorization": f"Bearer {token or self.token}", **(headers or {})}
        kwargs = {"data": raw} if raw is not None else ({"json": body} if body is not None else {})
        response = self.client.open("/api/v1" + path, method=method, headers=hdrs, **kwargs)
        assert response.status_code != 500
        assert response.is_json, (method, path, response.status_code, response.data[:200])
        return response

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.call("PATCH", path, body, **kw)


@pytest.fixture
def engine(any_engine):
    """Every API test on SQLite and on PostgreSQL (skipped when unreachable): bad text differs per database."""
    return any_engine


@pytest.fixture
def app(engine, clock):
    """CSRF on, as in production: requests with a bearer token must not need a form's token."""
    return make_app(engine, clock, WTF_CSRF_ENABLED=True)


@pytest.fixture
def api_for(app, people):
    """api_for(role, email, regions) -> (Api, actor)."""

    def make(role, email, regions=("Noord-Holland",)):
        user, actor = people.make(role, email, regions=regions)
        return Api(app.test_client(), people.token(user.id)), actor

    return make


@pytest.fixture
def rm(api_for):
    return api_for(Role.REGIOMANAGER, "regio@kring.test")


@pytest.fixture
def coord(api_for):
    return api_for(Role.COORDINATOR, "coord@kring.test")


def new_case(api, **changes):
    response = api.post("/cases", intake(**changes))
    assert response.status_code == 201, response.json
    return response.json


def step(api, case, trigger, data=None, reason=None, expect=200):
    body = {"trigger": trigger, "version": case["version"], "data": data or {}}
    if reason is not None:
        body["reason"] = reason
    response = api.post(f"/cases/{case['id']}/transitions", body)
    assert response.status_code == expect, response.json
    return response.json


# --- authentication ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer ", "Basic abc", "Bearer onzin", "Bearer " + "x" * 5000, "bearer \u00e9\u00e9n"]
)
def test_without_a_valid_token_every_endpoint_says_401_in_json(app, rm, header):
    client = app.test_client()
    headers = {"Authorization": header} if header is not None else {}
    for method, path in [
        ("GET", "/cases"),
        ("POST", "/cases"),
        ("GET", "/cases/1"),
        ("PATCH", "/cases/1"),
        ("POST", "/cases/1/transitions"),
        ("POST", "/offers/1/accept"),
        ("GET", "/reminders"),
    ]:
        response = client.open("/api/v1" + path, method=method, headers=headers, json={})
        assert response.status_code == 401, (method, path)
        assert response.json["error"]["code"] == "unauthorized"
        assert "token" in response.json["error"]["message"].lower()
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_a_deactivated_user_is_refused(engine, rm):
    api, actor = rm
    assert api.get("/cases").status_code == 200
    with Session(engine) as session:
        session.get(User, actor.user_id).active = False
        session.commit()
    assert api.get("/cases").status_code == 401


def test_only_the_hash_of_a_token_is_stored(engine, rm):
    api, _ = rm
    with Session(engine) as session:
        stored = session.exec(select(ApiToken.token_hash)).all()
    assert stored == [token_hash(api.token)]
    assert api.token not in stored


def test_cli_creates_a_token_that_works(app, engine, people):
    from web import cli

    people.make(Role.REGIOMANAGER, "cli@kring.test")
    runner = CliRunner(env={"KRING_DATABASE_URL": engine.url.render_as_string(hide_password=False)})
    result = runner.invoke(cli.main, ["token", "create", "--email", "cli@kring.test"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[0]
    assert Api(app.test_client(), token).get("/cases").status_code == 200
    unknown = runner.invoke(cli.main, ["token", "create", "--email", "niemand@kring.test"])
    assert unknown.exit_code != 0


# --- creating a case ---------------------------------------------------------------------------------


def test_create_returns_the_case_in_aanmelding_with_registration_field_names(rm):
    api, _ = rm
    case = new_case(api, vraag="<script>alert(1)</script> Wat nu?")
    assert case["phase"] == "aanmelding" and case["ref"].startswith("EK-2026-")
    assert case["provincie"] == "Noord-Holland" and case["gemeente"] == "Amsterdam"
    assert case["type_aanmelder"] == "Organisatie" and case["gedwongen_kader"] is False
    assert case["aanmelder"]["naam"] == "Petra Wijkteam"
    assert case["wensen_coordinator"] == {"geslacht": "vrouw", "talen": "Nederlands, Turks"}
    assert case["hoofdpersonen"] == [
        {"soort": "minderjarig", "geslacht": "jongen", "ongeboren": False, "naam": "Sem", "geboortedatum": "2015-04-01"}
    ]
    assert case["vraag"] == "<script>alert(1)</script> Wat nu?"  # kept as text, only ever sent as JSON
    assert [h["trigger"] for h in case["history"] if h["trigger"] != "registratie"] == ["aanmelding"]
    accept = {a["trigger"]: a for a in case["allowed_triggers"]}["accept_match"]
    assert accept["ok"] is False and accept["missing"][0]["field"] == "aanbod"
    listed = api.get("/cases").json["cases"]
    assert [c["id"] for c in listed] == [case["id"]]
    assert api.get(f"/cases/{case['id']}").json["version"] == case["version"]


BAD_INTAKES = [
    ({"vraag": None}, "vraag"),
    ({"vraag": 42}, "vraag"),
    ({"vraag": ["een", "lijst"]}, "vraag"),
    ({"vraag": "x" * 10_000}, "vraag"),
    ({"gemeente": "<script>alert(1)</script>"}, "gemeente"),
    ({"gemeente": 12345}, "gemeente"),
    ({"gemeente": {"naam": "Amsterdam"}}, "gemeente"),
    ({"type_aanmelder": "<b>iemand</b>"}, "type_aanmelder"),
    ({"type_aanmelder": True}, "type_aanmelder"),
    ({"type_aanmelder": "Organisatie", "type_organisatie": None}, "type_organisatie"),
    ({"aanmelddatum": "morgen"}, "aanmelddatum"),
    ({"aanmelddatum": 10**30}, "aanmelddatum"),
    ({"aanmelddatum": "2999-01-01"}, "aanmelddatum"),
    ({"gedwongen_kader": "misschien"}, "gedwongen_kader"),
    ({"gedwongen_kader": [True]}, "gedwongen_kader"),
    ({"aanmelder": "Petra"}, "aanmelder"),
    ({"aanmelder": {"naam": None}}, "aanmelder_naam"),
    ({"aanmelder": {"naam": "Petra", "wachtwoord": "x"}}, "aanmelder.wachtwoord"),
    ({"wensen_coordinator": {"talen": [1, {"a": 2}]}}, "wensen_coordinator.talen"),
    ({"hoofdpersonen": []}, "hoofdpersonen"),
    ({"hoofdpersonen": None}, "hoofdpersonen"),
    ({"hoofdpersonen": "Sem"}, "hoofdpersonen"),
    ({"hoofdpersonen": [None]}, "hoofdpersonen"),
    ({"hoofdpersonen": [{"naam": "Sem", "soort": "kind"}]}, "soort"),
    ({"hoofdpersonen": [{"naam": "Sem", "soort": "minderjarig", "geslacht": "man"}]}, "hoofdpersonen.0.geslacht"),
    ({"hoofdpersonen": [{"naam": "Sem", "soort": "minderjarig"}] * 13}, "hoofdpersonen"),
    ({"is_admin": True}, "is_admin"),
]


@pytest.mark.parametrize("changes, field", BAD_INTAKES)
def test_bad_intake_is_400_naming_the_field_in_dutch_and_stores_nothing(engine, rm, changes, field):
    api, _ = rm
    response = api.post("/cases", intake(**changes))
    assert response.status_code == 400, response.json
    error = response.json["error"]
    assert error["code"] == "invalid_input"
    assert error["message"] == "Niet alle velden zijn goed ingevuld."
    assert field in error["details"]["fields"], error["details"]
    assert count_rows(engine, Case) == 0 and count_rows(engine, CaseEvent) == 0


def test_everything_null_is_400_not_500(engine, rm):
    api, _ = rm
    body = {key: None for key in intake()}
    response = api.post("/cases", body)
    assert response.status_code == 400
    fields = response.json["error"]["details"]["fields"]
    assert {"gemeente", "type_aanmelder", "vraag", "aanmelder_naam"} <= set(fields)
    assert all(isinstance(m, str) and m for m in fields.values())
    assert count_rows(engine, Case) == 0


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{",
        b"not json",
        b"[]",
        b"[1, 2]",
        b"null",
        b"42",
        b'"tekst"',
        b"[" * 100_000,
        b'{"vraag": "\\ud800"}',
        b'{"vraag": "a\\u0000b"}',
        b"\xff\xfe",
        b'{"a": NaN}',
        b'{"vraag": 1' + b"0" * 5000 + b"}",
    ],
)
def test_malformed_bodies_are_400_json(engine, rm, raw):
    api, _ = rm
    for path in ("/cases", "/cases/1/transitions", "/cases/1/offers", "/offers/1/decline"):
        response = api.post(path, raw=raw, headers={"Content-Type": "application/json"})
        assert response.status_code in (400, 404), (path, response.json)
        assert response.json["error"]["message"]
    assert api.post("/cases", raw=raw).status_code == 400
    assert count_rows(engine, Case) == 0


def test_a_body_over_the_limit_is_413_json(rm):
    api, _ = rm
    response = api.post("/cases", raw=b'{"vraag": "' + b"x" * (3 * 1024 * 1024) + b'"}')
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("GET", "/bestaat-niet", 404),
        ("DELETE", "/cases", 405),
        ("PUT", "/cases/1", 405),
        ("GET", "/cases/99999999999999999999999", 404),
        ("GET", "/cases/-1", 404),
        ("GET", "/cases/abc", 404),
        ("GET", "/cases/999", 404),
        ("POST", "/offers/99999999999999/accept", 404),
        ("GET", "/cases?phase=onzin", 400),
        ("GET", "/cases?coordinator=" + "9" * 50, 400),
        ("GET", "/cases?coordinator=abc", 400),
        ("GET", "/cases/1/matches", 404),
        ("GET", "/reminders?state=x", 400),
        ("GET", "/reports/yearly?year=twee", 400),
        ("GET", "/registrations?year=abc", 400),
        ("POST", "/registrations", 403),
    ],
)
def test_http_errors_under_the_api_are_json(rm, method, path, status):
    api, _ = rm
    response = api.call(method, path)
    assert response.status_code == status
    assert set(response.json["error"]) == {"code", "message", "details"}


def test_filters_on_the_case_list(rm, api_for):
    api, _ = rm
    case = new_case(api)
    assert [c["id"] for c in api.get("/cases?phase=aanmelding").json["cases"]] == [case["id"]]
    assert api.get("/cases?phase=nazorg").json["cases"] == []
    assert len(api.get("/cases?region=Noord-Holland").json["cases"]) == 1
    assert api.get("/cases?region=Gelderland").json["cases"] == []
    assert api.get("/cases?region=" + "9" * 40).json["cases"] == []
    assert api.get("/cases?coordinator=1").json["cases"] == []


# --- the whole walk ------------------------------------------------------------------------------------


def test_full_walk_through_the_phases(engine, rm, coord):
    api, _ = rm
    capi, coordinator = coord
    case = new_case(api)
    offer = api.post(f"/cases/{case['id']}/offers", {"coordinator_id": coordinator.coordinator_id})
    assert offer.status_code == 201 and offer.json["state"] == "open"
    assert [c["id"] for c in capi.get("/cases").json["cases"]] == [case["id"]]  # offered: visible
    case = capi.post(f"/offers/{offer.json['id']}/accept").json
    assert case["phase"] == "informatief_gesprek" and case["coordinator_id"] == coordinator.coordinator_id
    assert case["offers"][0]["state"] == "accepted"
    case = step(capi, case, "start_activation", {"informatief_gesprek_datum": "2026-03-02"})
    assert case["phase"] == "verbinden_en_activeren"
    case = step(
        capi, case, "plan_meeting", {"datum": "2026-03-20", "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 12}
    )
    assert case["phase"] == "formele_bijeenkomst"
    case = step(capi, case, "hold_meeting", MEETING)
    assert case["phase"] == "nazorg" and case["bijeenkomsten"][0]["locatie"] == "Buurthuis of wijkcentrum"
    fill_registration(units_of_work(engine, FrozenClock(START)), case["id"], coordinator)
    case = capi.get(f"/cases/{case['id']}").json
    case = step(capi, case, "close", CLOSE_WITH_PLAN)
    assert case["phase"] == "afgesloten" and case["uitkomst"] == "plan"
    assert [h["trigger"] for h in case["history"] if h["trigger"] != "registratie"] == [
        "aanmelding",
        "offer",
        "accept_match",
        "start_activation",
        "plan_meeting",
        "hold_meeting",
        "close",
    ]
    assert {a["trigger"] for a in api.get(f"/cases/{case['id']}").json["allowed_triggers"]} == {"reopen"}
    case = step(api, case, "reopen", reason="Familie vraagt opnieuw om hulp")
    assert case["phase"] == "nazorg"


def test_stale_version_is_409_and_the_phase_stays(engine, rm, coord):
    api, _ = rm
    capi, coordinator = coord
    case = new_case(api)
    offer = api.post(f"/cases/{case['id']}/offers", {"coordinator_id": coordinator.coordinator_id}).json
    case = capi.post(f"/offers/{offer['id']}/accept").json
    stale = {**case, "version": case["version"] - 1}
    response = capi.post(
        f"/cases/{case['id']}/transitions",
        {
            "trigger": "start_activation",
            "version": stale["version"],
            "data": {"informatief_gesprek_datum": "2026-03-02"},
        },
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "stale"
    assert response.json["error"]["details"]["current_version"] == case["version"]
    assert capi.get(f"/cases/{case['id']}").json["phase"] == "informatief_gesprek"
    patched = capi.patch(f"/cases/{case['id']}", {"version": stale["version"], "zorgen": "nieuw"})
    assert patched.status_code == 409
    assert capi.get(f"/cases/{case['id']}").json["zorgen"] is None


def test_guard_refusal_is_422_with_missing_and_wrong_phase_is_409(rm, coord):
    api, _ = rm
    capi, coordinator = coord
    case = new_case(api)
    refused = api.post(f"/cases/{case['id']}/transitions", {"trigger": "accept_match", "version": case["version"]})
    assert refused.status_code == 422
    assert refused.json["error"]["details"]["missing"][0]["field"] == "aanbod"
    offer = api.post(f"/cases/{case['id']}/offers", {"coordinator_id": coordinator.coordinator_id}).json
    case = capi.post(f"/offers/{offer['id']}/accept").json
    missing = capi.post(f"/cases/{case['id']}/transitions", {"trigger": "start_activation", "version": case["version"]})
    assert missing.status_code == 422
    assert missing.json["error"]["details"]["missing"] == [
        {"field": "informatief_gesprek_datum", "message": "vul de datum van het informatief gesprek in"}
    ]
    wrong_phase = capi.post(f"/cases/{case['id']}/transitions", {"trigger": "hold_meeting", "version": case["version"]})
    assert wrong_phase.status_code == 409 and wrong_phase.json["error"]["code"] == "invalid_transition"
    assert capi.get(f"/cases/{case['id']}").json["phase"] == "informatief_gesprek"


def test_role_that_may_not_fire_is_403_and_bad_step_input_is_400(rm, coord):
    api, _ = rm
    capi, coordinator = coord
    case = new_case(api)
    offer = api.post(f"/cases/{case['id']}/offers", {"coordinator_id": coordinator.coordinator_id}).json
    case = capi.post(f"/offers/{offer['id']}/accept").json
    url, version = f"/cases/{case['id']}/transitions", case["version"]
    forbidden = api.post(
        url, {"trigger": "start_activation", "version": version, "data": {"informatief_gesprek_datum": "2026-03-02"}}
    )
    assert forbidden.status_code == 403 and forbidden.json["error"]["code"] == "forbidden"
    bad = [
        ({"trigger": "vlieg_weg", "version": version}, "unknown_trigger"),
        ({"trigger": None, "version": version}, "invalid_input"),
        ({"trigger": ["start_activation"], "version": version}, "invalid_input"),
        ({"trigger": "start_activation"}, "invalid_input"),
        ({"trigger": "start_activation", "version": "1"}, "invalid_input"),
        ({"trigger": "start_activation", "version": True}, "invalid_input"),
        ({"trigger": "start_activation", "version": 10**40}, "invalid_input"),
        ({"trigger": "start_activation", "version": version, "data": [1]}, "invalid_input"),
        ({"trigger": "start_activation", "version": version, "reason": {"a": 1}}, "invalid_input"),
        ({"trigger": "start_activation", "version": version, "extra": 1}, "invalid_input"),
        (
            {"trigger": "start_activation", "version": version, "data": {"informatief_gesprek_datum": 10**100}},
            "invalid_input",
        ),
        (
            {"trigger": "start_activation", "version": version, "data": {"informatief_gesprek_datum": ["2026-03-02"]}},
            "invalid_input",
        ),
    ]
    for body, code in bad:
        response = capi.post(url, body)
        assert response.status_code == 400, (body, response.json)
        assert response.json["error"]["code"] == code
    assert capi.get(f"/cases/{case['id']}").json["phase"] == "informatief_gesprek"


# --- scope ---------------------------------------------------------------------------------------------


def test_no_one_reaches_a_case_outside_their_scope(engine, rm, coord, api_for):
    api, _ = rm
    capi, coordinator = coord
    other, _ = api_for(Role.COORDINATOR, "ander@kring.test")
    elsewhere, _ = api_for(Role.REGIOMANAGER, "gelderland@kring.test", regions=("Gelderland",))
    case = new_case(api)
    offer = api.post(f"/cases/{case['id']}/offers", {"coordinator_id": coordinator.coordinator_id}).json
    case = capi.post(f"/offers/{offer['id']}/accept").json
    url = f"/cases/{case['id']}"
    for outsider in (other, elsewhere):
        assert outsider.get("/cases").json["cases"] == []
        assert outsider.get(url).status_code == 404
        assert outsider.patch(url, {"version": case["version"], "zorgen": "x"}).status_code == 404
        response = outsider.post(
            url + "/transitions", {"trigger": "close", "version": case["version"], "data": {"uitkomst": "afgezien"}}
        )
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
        assert outsider.post(f"/offers/{offer['id']}/decline", {"reason": "nee"}).status_code == 404
    assert elsewhere.post(url + "/offers", {"coordinator_id": coordinator.coordinator_id}).status_code == 404
    again = api.get(url).json
    assert again["phase"] == "informatief_gesprek" and again["zorgen"] is None
    assert again["version"] == case["version"]


# --- editing ---------------------------------------------------------------------------------------------


def test_patch_changes_the_safe_intake_fields_and_writes_history(rm):
    api, _ = rm
    case = new_case(api)
    response = api.patch(
        f"/cases/{case['id']}",
        {
            "version": case["version"],
            "zorgen": "Vader is vaak afwezig",
            "gedwongen_kader": True,
            "voorwaarden": "Veiligheid van de kinderen",
            "aanmelder": {"telefoon": "020-1234567"},
            "wensen_coordinator": {"talen": "Arabisch", "geslacht": None},
        },
    )
    assert response.status_code == 200, response.json
    changed = response.json
    assert changed["zorgen"] == "Vader is vaak afwezig" and changed["gedwongen_kader"] is True
    assert changed["aanmelder"] == {
        "naam": "Petra Wijkteam",
        "organisatie": None,
        "telefoon": "020-1234567",
        "email": "petra@example.nl",
    }
    assert changed["wensen_coordinator"] == {"talen": "Arabisch"}
    assert changed["version"] > case["version"]
    assert changed["history"][-1]["trigger"] == "update_case"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"gemeente": "Utrecht"}, "gemeente"),
        ({"phase": "afgesloten"}, "phase"),
        ({"coordinator_id": 1}, "coordinator_id"),
        ({"vraag": None}, "vraag"),
        ({"vraag": "x" * 10_000}, "vraag"),
        ({"zorgen": 12}, "zorgen"),
        ({"aanmelder": "Petra"}, "aanmelder"),
        ({"aanmelder": {"naam": ""}}, "aanmelder_naam"),
        ({"wensen_coordinator": {"geslacht": "robot"}}, "wensen_coordinator_geslacht"),
        ({}, "velden"),
    ],
)
def test_patch_refuses_unknown_fixed_and_bad_fields(rm, body, field):
    api, _ = rm
    case = new_case(api)
    response = api.patch(f"/cases/{case['id']}", {"version": case["version"], **body})
    assert response.status_code == 400, response.json
    assert field in response.json["error"]["details"]["fields"]
    assert api.get(f"/cases/{case['id']}").json["version"] == case["version"]


def test_patch_needs_a_version_and_a_role_that_edits(rm, api_for):
    api, _ = rm
    admin, _ = api_for(Role.ADMIN, "admin@kring.test", regions=())
    case = new_case(api)
    missing = api.patch(f"/cases/{case['id']}", {"zorgen": "x"})
    assert missing.status_code == 400 and "version" in missing.json["error"]["details"]["fields"]
    assert admin.patch(f"/cases/{case['id']}", {"version": case["version"], "zorgen": "x"}).status_code == 403


# --- offers --------------------------------------------------------------------------------------------------


def test_decline_needs_a_reason_and_then_records_it(engine, rm, coord):
    api, _ = rm
    capi, coordinator = coord
    case = new_case(api)
    offer = api.post(f"/cases/{case['id']}/offers", {"coordinator_id": coordinator.coordinator_id}).json
    for body in ({}, {"reason": ""}, {"reason": "   "}, {"reason": None}):
        response = capi.post(f"/offers/{offer['id']}/decline", body)
        assert response.status_code == 422, body
        assert response.json["error"]["details"]["missing"][0]["field"] == "reden"
    assert capi.post(f"/offers/{offer['id']}/decline", {"reason": 5}).status_code == 400
    declined = capi.post(f"/offers/{offer['id']}/decline", {"reason": "Geen ruimte deze maand"})
    assert declined.status_code == 200
    assert declined.json["state"] == "declined" and declined.json["reason"] == "Geen ruimte deze maand"
    assert declined.json["answered_at"] is not None
    assert capi.get(f"/cases/{case['id']}").status_code == 404  # no longer offered to them
    history = api.get(f"/cases/{case['id']}").json["history"]
    assert history[-1]["trigger"] == "decline_offer" and history[-1]["reason"] == "Geen ruimte deze maand"
    again = api.post(f"/offers/{offer['id']}/decline", {"reason": "nogmaals"})
    assert again.status_code == 409
    assert api.post(f"/offers/{offer['id']}/accept").status_code == 409


def test_offers_only_by_a_regiomanager_to_an_existing_coordinator(rm, coord):
    api, _ = rm
    capi, coordinator = coord
    case = new_case(api)
    url = f"/cases/{case['id']}/offers"
    for body in (
        {},
        {"coordinator_id": "1"},
        {"coordinator_id": None},
        {"coordinator_id": 10**30},
        {"coordinator_id": 1.5},
        {"coordinator_id": True},
        {"coordinator_id": 1, "x": 2},
    ):
        assert api.post(url, body).status_code == 400, body
    assert api.post(url, {"coordinator_id": 424242}).status_code == 404  # no such coordinator, as no such case
    assert api.post(url, {"coordinator_id": coordinator.coordinator_id, "version": 999}).status_code == 409
    assert api.post(url, {"coordinator_id": coordinator.coordinator_id}).status_code == 201
    assert capi.post(url, {"coordinator_id": coordinator.coordinator_id}).status_code == 403


def test_a_coordinator_cannot_accept_an_offer_made_to_someone_else(rm, coord, api_for):
    api, _ = rm
    capi, coordinator = coord
    other, other_actor = api_for(Role.COORDINATOR, "ander@kring.test")
    case = new_case(api)
    offer = api.post(f"/cases/{case['id']}/offers", {"coordinator_id": coordinator.coordinator_id}).json
    assert other.post(f"/offers/{offer['id']}/accept").status_code == 404
    refused = api.post(f"/cases/{case['id']}/offers", {"coordinator_id": other_actor.coordinator_id})
    assert refused.status_code == 409 and "Trek dat aanbod eerst in" in refused.json["error"]["message"]
    assert capi.post(f"/offers/{offer['id']}/decline", {"reason": "Vol"}).status_code == 200
    second = api.post(f"/cases/{case['id']}/offers", {"coordinator_id": other_actor.coordinator_id}).json
    assert capi.post(f"/offers/{offer['id']}/accept").status_code == 404  # declined: no longer theirs
    accepted = other.post(f"/offers/{second['id']}/accept")
    assert accepted.status_code == 200 and accepted.json["coordinator_id"] == other_actor.coordinator_id


# --- the document ----------------------------------------------------------------------------------------


def test_openapi_document_describes_every_route(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json
    assert doc["openapi"] == "3.1.0"  # JSON Schema 2020-12, as pydantic writes it
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    documented = {
        (path, method.upper()) for path, item in doc["paths"].items() for method in item if method != "parameters"
    }
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = rule.rule.removeprefix("/api/v1")
            for name in rule.arguments:
                path = path.replace(f"<row_id:{name}>", "{" + name + "}")
            routes |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented
    assert json.dumps(doc)  # serialisable, every $ref resolvable below
    text = json.dumps(doc)
    for ref in {part.split('"')[0] for part in text.split('"$ref": "')[1:]}:
        node = doc
        for key in ref.removeprefix("#/").split("/"):
            node = node[key]
