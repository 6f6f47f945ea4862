"""The JSON API against its own OpenAPI document (schemathesis 4), with every check on: each answer matches the
document (status, content type, schema), data the document allows is accepted, data it refuses is refused,
never a 5xx, a refusal stores nothing; and a stateful run that follows the document's links."""

import datetime as dt
import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

from storage.idempotency import IdempotencyKey
from storage.models import Case, CaseEvent, Offer
from tests.conftest import START, count_rows, make_app, units_of_work
from tests.walks import offered_case
from workflow.phases import Role
from workflow.vocabulary import PROVINCES

MAX_EXAMPLES = 10  # per operation and mode (random runs of 60 found nothing more): within the time budget
STATEFUL_EXAMPLES, STATEFUL_STEPS = 15, 6
# 409 (the case changed, or the step is not for this phase) and 422 (a guard, or a reused Idempotency-Key)
# answer data the document allows: they depend on what is stored, not on the request's shape.
ACCEPTED = ["2xx", "401", "403", "404", "409", "422"]
# derandomize: the same requests on every run, so the suite never flickers; a wider random run is one setting away.
SETTINGS = {"deadline": None, "suppress_health_check": list(HealthCheck), "database": None, "derandomize": True}


@schemathesis.serializer("application/x-ndjson")
def _json_lines(_ctx, value):
    """The registrations endpoints take JSON Lines: a list becomes one line per item."""
    items = value if isinstance(value, list) else [value]
    return "\n".join(json.dumps(item) for item in items).encode()


# A date the intake takes is not in the future nor before 1900 (FieldSpec.not_in_future): a bound on today,
# which no schema can state. Generated dates stay in the years the parser accepts, up to the test's today.
schemathesis.openapi.format("date", st.dates(dt.date(1900, 1, 1), START.date()).map(dt.date.isoformat))


@pytest.fixture
def engine(any_engine):
    """On SQLite and on PostgreSQL (skipped when unreachable): what text and numbers each stores differs."""
    return any_engine


@pytest.fixture
def fuzz_app(engine, clock, people):
    """The app (CSRF on, as in production) with one offered case, and tokens of its regiomanager (of every
    region) and of the coordinator it is offered to (another scope: their own cases only)."""
    user, manager = people.make(Role.REGIOMANAGER, "rm@x.nl", regions=PROVINCES)  # every case created is theirs
    coordinator_user, coordinator = people.make(Role.COORDINATOR, "co@x.nl")
    offered_case(units_of_work(engine, clock), manager, coordinator)
    app = make_app(engine, clock, WTF_CSRF_ENABLED=True)
    app.config["TOKENS"] = {
        Role.REGIOMANAGER: people.token(user.id, clock.now()),
        Role.COORDINATOR: people.token(coordinator_user.id, clock.now()),
    }
    return app


def api_schema(app, role: Role):
    """The document as the app serves it, with every check on and the role's token on every request."""
    config = schemathesis.Config.from_dict(
        {
            "auth": {"openapi": {"bearer": {"bearer": app.config["TOKENS"][role]}}},
            "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
        }
    )
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)


def stored(engine) -> tuple[int, ...]:
    return tuple(count_rows(engine, table) for table in (Case, CaseEvent, Offer, IdempotencyKey))


def fuzz_every_operation(app, role: Role) -> list[int]:
    """Every operation, with data the document allows and data it refuses, every check of schemathesis on;
    a refused request stores nothing. The statuses answered."""
    engine = app.extensions["kring.engine"]
    sent = fuzz_operations(api_schema(app, role), lambda: stored(engine), MAX_EXAMPLES)
    print(f"{role.value}: {len(sent)} requests, {sum(s < 300 for s in sent)} accepted")
    return sent


def fuzz_operations(schema, stored_rows, examples: int) -> list[int]:
    """Send every operation of `schema` with allowed and refused data; a refused request must leave
    `stored_rows()` as it was. The statuses answered."""
    sent = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=examples, **SETTINGS)
            @given(case=operation.as_strategy(generation_mode=mode))
            def fuzz(case):
                before = stored_rows()
                response = case.call_and_validate()
                sent.append(response.status_code)
                if response.status_code >= 400:
                    assert stored_rows() == before, "a refused request changed the database"

            fuzz()
    return sent


def test_a_regiomanager_meets_the_document_everywhere(fuzz_app):
    assert len(fuzz_every_operation(fuzz_app, Role.REGIOMANAGER)) >= MAX_EXAMPLES * 13


@pytest.mark.parametrize("any_engine", ["sqlite"], indirect=True)  # the scope is the code's, not the database's
def test_a_coordinator_meets_the_document_everywhere(fuzz_app):
    assert len(fuzz_every_operation(fuzz_app, Role.COORDINATOR)) >= MAX_EXAMPLES * 13


def test_stateful_runs_follow_the_links_and_keep_the_document(fuzz_app):
    """Create a case, then get, change, step, rank, offer it, and answer the offer (the document's links)."""
    machine = api_schema(fuzz_app, Role.REGIOMANAGER).as_state_machine()
    sent = []

    class Counting(machine):
        def after_call(self, response, case):
            super().after_call(response, case)
            sent.append(response.status_code)

    Counting.run(settings=settings(max_examples=STATEFUL_EXAMPLES, stateful_step_count=STATEFUL_STEPS, **SETTINGS))
    print(f"stateful: {len(sent)} requests, {sum(s < 300 for s in sent)} accepted")
    assert sent
