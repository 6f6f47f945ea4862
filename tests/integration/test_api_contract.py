"""The document against real answers: every case of the demo data (one in every phase, closed ones with their
registration) and every other reading answer validates against the OpenAPI document the app serves."""

import pytest
import schemathesis
from sqlmodel import Session

from storage.accounts import find_user
from storage.demo import ADMIN, REGIOMANAGERS, load_demo
from tests.conftest import START, make_app
from web.bootstrap import bootstrap
from workflow.phases import Phase


@pytest.fixture
def engine(any_engine):
    """On SQLite and on PostgreSQL (skipped when unreachable): JSON columns come back differently."""
    return any_engine


@pytest.fixture
def demo_app(engine, clock):
    load_demo(engine, START, bootstrap(), "pbkdf2:sha256:1")
    return make_app(engine, clock)


def token_of(app, people, email: str) -> str:
    with Session(app.extensions["kring.engine"]) as session:
        user = find_user(session, email)
    return people.token(user.id)


def test_every_demo_case_and_reading_answers_as_the_document_says(demo_app, people):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", demo_app)
    client = demo_app.test_client()
    phases = set()
    for email in (ADMIN, *REGIOMANAGERS):  # the bureau sees every case, a regiomanager their region's
        headers = {"Authorization": f"Bearer {token_of(demo_app, people, email)}"}

        def read(operation_id: str, path: str, headers=headers):
            response = client.get("/api/v1" + path, headers=headers)
            assert response.status_code == 200, (path, response.json)
            schema.find_operation_by_id(operation_id).validate_response(response)
            return response.json

        for case in read("listCases", "/cases")["cases"]:
            phases.add(read("getCase", f"/cases/{case['id']}")["phase"])
            read("caseMatches", f"/cases/{case['id']}/matches")
        read("reminders", "/reminders")
        read("yearlyReport", f"/reports/yearly?year={START.year}")
    assert phases == {p.value for p in Phase}  # the answer of a case in every phase was checked


def test_the_links_lead_from_a_new_case_and_an_offer_to_what_follows(app):
    document = app.test_client().get("/api/v1/openapi.json").json
    operations = {
        op["operationId"]: op for item in document["paths"].values() for op in item.values() if "operationId" in op
    }
    created = operations["createCase"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in created.values()} == {
        "getCase",
        "updateCase",
        "fireTransition",
        "offerCase",
        "caseMatches",
    }
    assert all(link["parameters"] == {"case_id": "$response.body#/id"} for link in created.values())
    offered = operations["offerCase"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in offered.values()} == {"acceptOffer", "declineOffer"}
    assert all(link["parameters"] == {"offer_id": "$response.body#/id"} for link in offered.values())
    gemeente = document["components"]["schemas"]["CaseInput"]["properties"]["gemeente"]
    assert "Amsterdam" in gemeente["enum"]  # the database's municipalities are the values the intake takes
