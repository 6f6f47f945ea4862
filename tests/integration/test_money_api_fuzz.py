"""The bureau's money operations against the OpenAPI document (schemathesis 4), with the bureau's token: data
the document allows and data it refuses, never a 5xx, every answer as the document says (status, content type,
schema), and a refused request stores nothing. Data the document allows may still be refused with 400: an
unknown funder, an end before the start, an overlap: rules of what is stored, which no schema states."""

import pytest
import schemathesis

from storage.billing_models import Contract, ContractPrice, Funder
from storage.idempotency import IdempotencyKey
from tests.conftest import People, count_rows, make_app
from tests.integration.test_api_fuzz import fuzz_operations
from tests.integration.test_money_api_writes import FUNDER, contract
from workflow.phases import Role

MONEY = r"^/(funders|contracts|invoices|budget)"
EXAMPLES = 25


@pytest.fixture
def bureau_app(any_engine, clock):
    """The app with the bureau's token, one funder and one contract (so that PUT and PATCH find one)."""
    people = People(any_engine)
    user, _ = people.make(Role.ADMIN, "bureau@x.nl", regions=())
    app = make_app(any_engine, clock, WTF_CSRF_ENABLED=True)
    token = people.token(user.id, clock.now())
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    funder = client.post("/api/v1/funders", json=FUNDER, headers=headers).get_json()
    assert client.post("/api/v1/contracts", json=contract(funder["id"]), headers=headers).status_code == 201
    return app, token


def stored(engine) -> tuple[int, ...]:
    return tuple(count_rows(engine, table) for table in (Funder, Contract, ContractPrice, IdempotencyKey))


def test_the_bureau_meets_the_document_in_every_money_operation(bureau_app):
    app, token = bureau_app
    engine = app.extensions["kring.engine"]
    config = schemathesis.Config.from_dict(
        {
            "auth": {"openapi": {"bearer": {"bearer": token}}},
            "checks": {"positive_data_acceptance": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config).include(path_regex=MONEY)
    sent = fuzz_operations(schema, lambda: stored(engine), EXAMPLES)
    print(f"bureau: {len(sent)} requests, {sum(s < 300 for s in sent)} accepted")
    assert len(sent) >= EXAMPLES * 7 and any(s < 300 for s in sent)
