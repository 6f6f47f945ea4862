"""The funnel and the yearly counting units: pure counting over case facts on a reference date."""

import datetime as dt
from decimal import Decimal

from workflow.billing.contracts import Contract, Period, PriceList
from workflow.billing.funnel import CaseFacts, by_application_year, by_event_year, contract_funnel, funnel, merged
from workflow.billing.phases import BillablePhase as B

D = dt.date
FACTS = [
    # applied 2025, started 2025, conference and plan 2026, fully registered
    CaseFacts(1, "EK-1", 7, D(2025, 11, 3), D(2025, 12, 1), D(2026, 1, 20), D(2026, 3, 1), "plan", True),
    # applied 2026, started, closed without conference, registration incomplete
    CaseFacts(2, "EK-2", 7, D(2026, 1, 5), D(2026, 2, 1), None, D(2026, 2, 10), "zelf_verder", False),
    # applied 2026, nothing yet; another contract
    CaseFacts(3, "EK-3", 8, D(2026, 2, 5)),
    # applied after the reference date used below
    CaseFacts(4, "EK-4", 7, D(2026, 6, 1), D(2026, 6, 2)),
]
CONTRACT = Contract(
    7,
    1,
    Period(D(2025, 1, 1), D(2026, 12, 31)),
    frozenset({"Jeugd"}),
    (PriceList(D(2025, 1, 1), {}),),
    purchased={B.INFORMATIEF_GESPREK: 10, B.BIJEENKOMST_EN_NAZORG: 3},
    budget=Decimal("10000.00"),
)


def test_the_funnel_counts_what_had_happened_on_the_reference_date():
    f = contract_funnel(CONTRACT, FACTS, D(2026, 3, 31), Decimal("4200.00"))
    assert {k: f.count(k) for k in f.cases} == {"aanmeldingen": 2, "gestart": 2, "conferenties": 1, "plannen": 1}
    assert f.cases["conferenties"] == (1,)
    assert f.purchased == {"aanmeldingen": None, "gestart": 10, "conferenties": 3, "plannen": None}
    assert f.conversion == Decimal("50.0")
    assert f.remaining == Decimal("5800.00") and f.budget_used == Decimal("42.0")
    earlier = contract_funnel(CONTRACT, FACTS, D(2026, 1, 10), Decimal(0))
    assert earlier.count("conferenties") == 0 and earlier.count("gestart") == 1


def test_an_empty_funnel_has_no_conversion_and_no_budget():
    f = funnel([], D(2026, 1, 1))
    assert f.conversion is None and f.remaining is None and f.budget_used is None


def test_funders_add_up_their_contracts():
    a = contract_funnel(CONTRACT, FACTS, D(2026, 12, 31), Decimal("100.00"))
    b = funnel([f for f in FACTS if f.contract_id == 8], D(2026, 12, 31), {B.INFORMATIEF_GESPREK: 5})
    both = merged([a, b])
    assert both.count("aanmeldingen") == 4 and both.purchased["gestart"] == 15
    assert both.budget == Decimal("10000.00") and both.invoiced == Decimal("100.00")


def test_counting_units_by_application_year_and_by_the_year_it_happened():
    on = D(2026, 3, 31)
    cohort = {row.year: {u: row.count(u) for u in row.cases} for row in by_application_year(FACTS, on)}
    assert cohort == {
        2025: {"aangemeld": 1, "gestart": 1, "afgesloten": 1, "volledig": 1},
        2026: {"aangemeld": 2, "gestart": 1, "afgesloten": 1, "volledig": 0},
    }
    happened = {row.year: {u: row.count(u) for u in row.cases} for row in by_event_year(FACTS, on)}
    assert happened == {
        2025: {"aangemeld": 1, "gestart": 1, "afgesloten": 0, "volledig": 0},
        2026: {"aangemeld": 2, "gestart": 1, "afgesloten": 2, "volledig": 1},
    }
