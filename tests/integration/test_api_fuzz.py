"""Fuzzing the JSON API from its own OpenAPI document (schemathesis): whatever it sends, never a 5xx,
and a refused request stores nothing."""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from storage.models import Case, CaseEvent, Offer
from tests.conftest import count_rows, make_app, units_of_work
from tests.walks import offered_case
from workflow.phases import Role


@schemathesis.serializer("application/x-ndjson")
def _json_lines(_ctx, value):
    """The registrations endpoints take JSON Lines: a list becomes one line per item."""
    items = value if isinstance(value, list) else [value]
    return "\n".join(json.dumps(item) for item in items).encode()


MAX_EXAMPLES = 100


@pytest.fixture
def fuzz_app(engine, clock, people):
    """The app (CSRF on, as in production) with one case in reach of a regiomanager, and that regiomanager's token."""
    user, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, coordinator = people.make(Role.COORDINATOR, "co@x.nl")
    offered_case(units_of_work(engine, clock), manager, coordinator)
    app = make_app(engine, clock, WTF_CSRF_ENABLED=True)
    app.config["FUZZ_TOKEN"] = people.token(user.id, clock.now())
    return app


def stored(engine) -> tuple[int, ...]:
    return tuple(count_rows(engine, table) for table in (Case, CaseEvent, Offer))


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_the_api_never_answers_5xx_and_refusals_store_nothing(fuzz_app):
    """Every operation of the OpenAPI document, fuzzed with positive and negative data."""
    engine = fuzz_app.extensions["kring.engine"]
    headers = {"Authorization": f"Bearer {fuzz_app.config['FUZZ_TOKEN']}"}
    sent = 0
    for operation in operations(fuzz_app):

        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def fuzz(case):
            nonlocal sent
            before = stored(engine)
            response = case.call(headers=headers)
            sent += 1
            assert response.status_code < 500, (case.method, case.path, response.text[:300])
            if response.status_code >= 400:
                assert stored(engine) == before, "a refused request changed the database"
                assert "error" in json.loads(response.text or "{}"), "every refusal is the API's JSON error"

        fuzz()
    assert sent >= MAX_EXAMPLES
