"""`kring demo` brings money: the organisation's details, two funders whose contracts cover the demo cases, and
one open demo case nobody pays for; loading it twice makes nothing new."""

import datetime as dt
import os

from sqlmodel import Session, select

from storage.billing_models import CaseFunding, Contract, Funder
from storage.demo import load_demo
from storage.models import Case, Municipality
from storage.organisation import load_organisation
from web.bootstrap import bootstrap

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_the_demo_cases_are_covered_but_one(engine):
    bus = bootstrap()
    assert load_demo(engine, NOW, bus, os.environ["KRING_PASSWORD_METHOD"])["cases"] > 0
    with Session(engine) as session:
        assert load_organisation(session) is not None
        assert len(session.exec(select(Funder)).all()) == 2
        contracts = session.exec(select(Contract)).all()
        assert len(contracts) == 2 and all(c.start <= NOW.date() - dt.timedelta(days=70) for c in contracts)
        rows = session.exec(
            select(Case.ref, Municipality.name, CaseFunding.contract_id, Case.phase)
            .join(Municipality, Municipality.id == Case.municipality_id)
            .join(CaseFunding, CaseFunding.case_id == Case.id)
        ).all()
    assert len(rows) == 16  # the dozen demo cases, two of the change of coordinator, two after the plan
    uncovered = [(name, phase) for _, name, contract, phase in rows if contract is None]
    assert uncovered == [("Alkmaar", "nazorg")]
    assert load_demo(engine, NOW, bus, os.environ["KRING_PASSWORD_METHOD"]) == {"users": 0, "cases": 0}
    with Session(engine) as session:
        assert len(session.exec(select(Contract)).all()) == 2
