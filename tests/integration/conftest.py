"""Fixtures shared by integration test modules (the app, people and databases are in tests/conftest.py)."""

import datetime as dt

import pytest

from tests.walks import case_in_activation, team_in_nazorg
from workflow.clock import FrozenClock


@pytest.fixture
def held(any_engine):
    """On both databases, a case whose meeting (2026-03-02) was held with a plan, now in nazorg:
    (engine, uow, case id, manager, coordinator). test_questionnaires.py has its own `held`."""
    clock = FrozenClock(dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC))
    case, uow, manager, coordinator = team_in_nazorg(any_engine, clock)
    return any_engine, uow, case.id, manager, coordinator


@pytest.fixture
def active(any_engine):
    """On both databases, a case in verbinden en activeren whose last step was on 2026-03-02 15:00 UTC and that
    waits for no planned moment: (engine, uow, case id, manager, coordinator)."""
    clock = FrozenClock(dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC))
    case, uow, manager, coordinator = case_in_activation(any_engine, clock)
    return any_engine, uow, case.id, manager, coordinator
