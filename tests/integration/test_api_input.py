"""The API's input by the same FieldSpecs as the pages (issue 14): control characters and over-long text refused
with the field named in Dutch and nothing stored, on SQLite and PostgreSQL; the pages' permission to create a case;
the OpenAPI limits are the code's limits."""

import re

import pytest
from sqlmodel import Session, select

from storage.models import Case, CaseEvent, Offer
from tests.conftest import People, count_rows, units_of_work
from tests.walks import case_in_nazorg, offered_case
from web.api.openapi import openapi_document
from workflow.action_forms import STEP_REASON
from workflow.editing import EDITABLE_FIELDS
from workflow.intake import INTAKE_FIELDS, MAIN_PERSON_FIELDS
from workflow.offer_rules import OVERRIDE_REASON
from workflow.offers import OFFER_REASON
from workflow.phases import Role

REFUSED = "bevat tekens die niet zijn toegestaan"
INTAKE = {
    "gemeente": "Amsterdam",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "vraag": "Hoe zorgen we samen voor de kinderen?",
    "zorgen": "Veel ruzie thuis.",
    "aanmelder": {"naam": "Petra Wijkteam", "email": "petra@example.nl", "telefoon": "020-1234567"},
    "wensen_coordinator": {"talen": "Nederlands", "cultuur": "Turks", "leeftijd": "40+"},
    "hoofdpersonen": [{"naam": "Sem", "soort": "minderjarig"}],
}
# Where each text field of the intake sits in the API's body, and the name its error carries.
TEXT_PATHS = [
    (("gemeente",), "gemeente"),
    (("vraag",), "vraag"),
    (("zorgen",), "zorgen"),
    (("voorwaarden",), "voorwaarden"),
    (("aanmelder", "naam"), "aanmelder_naam"),
    (("aanmelder", "organisatie"), "aanmelder_organisatie"),
    (("aanmelder", "email"), "aanmelder_email"),
    (("aanmelder", "telefoon"), "aanmelder_telefoon"),
    (("wensen_coordinator", "talen"), "wensen_coordinator_talen"),
    (("wensen_coordinator", "cultuur"), "wensen_coordinator_cultuur"),
    (("wensen_coordinator", "leeftijd"), "wensen_coordinator_leeftijd"),
]


@pytest.fixture
def engine(any_engine):
    return any_engine


@pytest.fixture
def team(engine, clock):
    """rm@kring.test and co@kring.test, a case of theirs in nazorg and one offered to co; a token per role."""
    people = People(engine)
    manager, coordinator = people.team()
    admin_user, _ = people.make(Role.ADMIN, "admin@kring.test", regions=())
    uow = units_of_work(engine, clock)
    nazorg, offered = case_in_nazorg(uow, manager, coordinator), offered_case(uow, manager, coordinator)
    tokens = {
        "rm": people.token(manager.user_id),
        "co": people.token(coordinator.user_id),
        "admin": people.token(admin_user.id),
    }
    return {"nazorg": nazorg.id, "offered": offered.id, "tokens": tokens}


def call(app, team, who, method, path, body):
    headers = {"Authorization": f"Bearer {team['tokens'][who]}"}
    response = app.test_client().open("/api/v1" + path, method=method, json=body, headers=headers)
    assert response.status_code != 500 and response.is_json
    return response


def with_value(body: dict, keys: tuple[str, ...], value) -> dict:
    changed = {k: dict(v) if isinstance(v, dict) else v for k, v in body.items()}
    target = changed
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value
    return changed


def stored(engine, case_ids=()) -> tuple:
    with Session(engine) as session:
        versions = tuple(session.get(Case, i).version for i in case_ids)
        offers = tuple(session.exec(select(Offer.state).order_by(Offer.id)).all())
    return count_rows(engine, Case), count_rows(engine, CaseEvent), versions, offers


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x85"], ids=["NUL", "ESC", "BEL", "C1"])
def test_a_new_case_with_a_control_character_in_any_text_field_is_400_and_stores_nothing(app, engine, team, char):
    before = stored(engine)
    for keys, name in TEXT_PATHS + [(("hoofdpersonen",), "naam")]:
        value = [{"naam": f"S{char}m", "soort": "minderjarig"}] if keys == ("hoofdpersonen",) else f"a{char}b"
        response = call(app, team, "rm", "POST", "/cases", with_value(INTAKE, keys, value))
        assert response.status_code == 400, (keys, response.json)
        if char != "\x00":  # NUL is refused for the whole body before any field is read
            assert REFUSED in response.json["error"]["details"]["fields"][name], keys
    assert stored(engine) == before


@pytest.mark.parametrize("char", ["\x00", "\x1b"], ids=["NUL", "ESC"])
def test_a_change_with_a_control_character_is_400_and_the_case_stays(app, engine, team, char):
    case_id = team["nazorg"]
    before = stored(engine, [case_id])
    version = before[2][0]
    for keys, _name in TEXT_PATHS:
        if keys == ("gemeente",):
            continue  # not editable; refused as such
        body = with_value({"version": version}, keys, f"a{char}b")
        response = call(app, team, "rm", "PATCH", f"/cases/{case_id}", body)
        assert response.status_code == 400, (keys, response.json)
    assert stored(engine, [case_id]) == before


@pytest.mark.parametrize("char", ["\x00", "\x1b"], ids=["NUL", "ESC"])
def test_a_step_or_decline_with_a_control_character_is_400_and_nothing_moves(app, engine, team, char):
    case_id, offered = team["nazorg"], team["offered"]
    before = stored(engine, [case_id, offered])
    version = before[2][0]
    step = {"trigger": "start_follow_up_conference", "version": version, "reason": f"Nieuwe{char} zorgen"}
    assert call(app, team, "co", "POST", f"/cases/{case_id}/transitions", step).status_code == 400
    close = {"trigger": "close", "version": version, "data": {"follow_up_toelichting": f"a{char}b"}}
    assert call(app, team, "co", "POST", f"/cases/{case_id}/transitions", close).status_code == 400
    offer_id = _open_offer(engine, offered)
    decline = call(app, team, "co", "POST", f"/offers/{offer_id}/decline", {"reason": f"Vol{char}"})
    assert decline.status_code == 400
    assert stored(engine, [case_id, offered]) == before


def test_a_reason_over_the_limit_is_refused_by_the_api_not_stored_whole(app, engine, team):
    case_id = team["nazorg"]
    before = stored(engine, [case_id])
    body = {"trigger": "start_follow_up_conference", "version": before[2][0], "reason": "r" * 10_000}
    response = call(app, team, "co", "POST", f"/cases/{case_id}/transitions", body)
    assert response.status_code == 400
    assert response.json["error"]["details"]["fields"]["reden"] == "Reden: maximaal 4000 tekens (nu 10000)"
    decline = {"reason": "r" * (OFFER_REASON.max_length + 1)}
    response = call(app, team, "co", "POST", f"/offers/{_open_offer(engine, team['offered'])}/decline", decline)
    assert (
        response.status_code == 400 and "maximaal 2000 tekens" in response.json["error"]["details"]["fields"]["reason"]
    )
    assert stored(engine, [case_id]) == before
    body["reason"] = "r" * STEP_REASON.max_length  # at the limit: taken whole
    assert call(app, team, "co", "POST", f"/cases/{case_id}/transitions", body).status_code == 200


@pytest.mark.parametrize("path", ["/cases?region=%00", "/cases?region=" + "x" * 81, "/reports/yearly?gemeente=a%00b"])
def test_a_query_filter_no_name_can_match_is_400(app, team, path):
    response = call(app, team, "rm", "GET", path, None)
    assert response.status_code == 400


# --- one permission to create a case ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["co", "admin"])
def test_only_a_regiomanager_creates_a_case_through_the_api_as_on_the_pages(app, engine, team, login, who):
    before = stored(engine)
    response = call(app, team, who, "POST", "/cases", INTAKE)
    assert response.status_code == 403, response.json
    assert "regiomanager" in response.json["error"]["message"]
    assert stored(engine) == before
    assert call(app, team, "rm", "POST", "/cases", INTAKE).status_code == 201


# --- the document's limits are the code's ----------------------------------------------------------------------


def _value(schemas, schema):
    """A property's schema: null left out, its $ref followed (OpenAPI 3.1: JSON Schema 2020-12). A choice of
    forms (talen: a line or a list) gives the first."""
    chosen = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"][0]
    return _value(schemas, schemas[chosen["$ref"].rsplit("/", 1)[1]]) if "$ref" in chosen else chosen


def _property(schemas, model, name):
    """The schema of an intake field's name in a model; `aanmelder_naam` is `naam` of the object `aanmelder`."""
    properties = schemas[model]["properties"]
    for group in ("aanmelder", "wensen_coordinator"):
        if name.startswith(group + "_"):
            nested = _value(schemas, properties[group])
            return _value(schemas, nested["properties"][name.removeprefix(group + "_")])
    return _value(schemas, properties[name])


def _input_schemas():
    schemas = openapi_document()["components"]["schemas"]
    return [(spec, _property(schemas, "CaseInput", spec.name)) for spec in INTAKE_FIELDS] + [
        *((spec, _property(schemas, "CasePatch", spec.name)) for spec in EDITABLE_FIELDS),
        *((spec, _property(schemas, "MainPersonInput", spec.name)) for spec in MAIN_PERSON_FIELDS),
        (STEP_REASON, _property(schemas, "StepClose", "reason")),
        (OFFER_REASON, _property(schemas, "DeclineRequest", "reason")),
        (OVERRIDE_REASON, _property(schemas, "OfferRequest", "override_reason")),
    ]


@pytest.mark.parametrize("spec, schema", _input_schemas(), ids=lambda x: getattr(x, "name", ""))
def test_the_openapi_limits_are_the_field_specs(spec, schema):
    if spec.kind in ("text", "line", "email", "phone"):
        assert schema["maxLength"] == spec.max_length
        assert re.fullmatch(schema["pattern"], "a\x1bb") is None and re.fullmatch(schema["pattern"], "a\x00b") is None
        assert (re.fullmatch(schema["pattern"], "a\nb") is not None) is (spec.kind == "text")
    if spec.kind == "choice":
        assert schema["enum"] == list(spec.choices)
    if spec.kind == "email":
        assert re.fullmatch(schema["pattern"], "naam@voorbeeld.nl") and not re.fullmatch(schema["pattern"], "x@y")
    if spec.kind == "phone":
        assert re.fullmatch(schema["pattern"], "06 12345678") and not re.fullmatch(schema["pattern"], "bel me")


def _open_offer(engine, case_id: int) -> int:
    with Session(engine) as session:
        return session.exec(select(Offer.id).where(Offer.case_id == case_id, Offer.state == "open")).one()
