"""Billing as pure domain: deliveries from the history and the phase table's marks, contract rules, and
invoice drafts with their credit lines, to the cent."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.unit.fakes import FakeCase
from workflow.billing.contracts import Contract, Frequency, Period, PriceList, Vat, contract_errors, covering
from workflow.billing.deliveries import deliveries
from workflow.billing.invoices import Billable, Invoiced, billables, draft_lines, invoice_period, totals
from workflow.billing.money import euro, parse_amount
from workflow.billing.phases import BillablePhase as B
from workflow.phases import Phase as P
from workflow.table import STEPS

D = dt.date


@dataclass
class Line:
    trigger: str
    from_phase: P
    to_phase: P
    at: dt.datetime


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + "T10:00:00+00:00")


WHOLE_PATH = [
    Line("accept_match", P.AANMELDING, P.INFORMATIEF_GESPREK, at("2026-01-05")),
    Line("start_activation", P.INFORMATIEF_GESPREK, P.VERBINDEN_EN_ACTIVEREN, at("2026-01-20")),
    Line("plan_meeting", P.VERBINDEN_EN_ACTIVEREN, P.FORMELE_BIJEENKOMST, at("2026-02-10")),
    Line("hold_meeting", P.FORMELE_BIJEENKOMST, P.NAZORG, at("2026-03-02")),
    Line("close", P.NAZORG, P.AFGESLOTEN, at("2026-04-15")),
]


def held_case(meeting_day: str = "2026-03-01") -> FakeCase:
    record = {"informatief_gesprek_datum": "2026-01-18", "bijeenkomsten": [{"datum": meeting_day, "nummer": 1}]}
    return FakeCase(phase=P.AFGESLOTEN, record=record)


def test_every_billable_phase_is_delivered_by_some_row_of_the_phase_table():
    marked = {mark.phase for step in STEPS for mark in step.delivers}
    assert marked == set(B)


def test_a_whole_path_delivers_three_phases_dated_by_the_record():
    found = deliveries(held_case(), WHOLE_PATH)
    assert [(d.phase, d.on) for d in found] == [
        (B.INFORMATIEF_GESPREK, D(2026, 1, 18)),  # the conversation's own date, not the step's
        (B.VERBINDEN_EN_ACTIVEREN, D(2026, 2, 10)),
        (B.BIJEENKOMST_EN_NAZORG, D(2026, 3, 1)),  # the conference's date, once nazorg is done
    ]


def test_nazorg_not_done_yet_delivers_no_conference():
    assert B.BIJEENKOMST_EN_NAZORG not in {d.phase for d in deliveries(held_case(), WHOLE_PATH[:4])}


def test_a_reopen_undoes_what_closing_delivered_and_a_new_close_delivers_it_again():
    reopened = [*WHOLE_PATH, Line("reopen", P.AFGESLOTEN, P.NAZORG, at("2026-05-01"))]
    assert B.BIJEENKOMST_EN_NAZORG not in {d.phase for d in deliveries(held_case(), reopened)}
    assert B.INFORMATIEF_GESPREK in {d.phase for d in deliveries(held_case(), reopened)}  # that still happened
    closed_again = [*reopened, Line("close", P.NAZORG, P.AFGESLOTEN, at("2026-06-01"))]
    assert B.BIJEENKOMST_EN_NAZORG in {d.phase for d in deliveries(held_case(), closed_again)}


def test_a_plan_without_meeting_delivers_activation_but_no_conference():
    path = [
        *WHOLE_PATH[:2],
        Line("plan_without_meeting", P.VERBINDEN_EN_ACTIVEREN, P.NAZORG, at("2026-02-11")),
        Line("close", P.NAZORG, P.AFGESLOTEN, at("2026-04-01")),
    ]
    case = FakeCase(record={"informatief_gesprek_datum": "2026-01-18"})
    assert [d.phase for d in deliveries(case, path)] == [B.INFORMATIEF_GESPREK, B.VERBINDEN_EN_ACTIVEREN]


def test_closing_right_after_the_informatief_gesprek_delivers_it_only_when_it_was_held():
    path = [WHOLE_PATH[0], Line("close", P.INFORMATIEF_GESPREK, P.AFGESLOTEN, at("2026-01-25"))]
    assert deliveries(FakeCase(record={}), path) == []
    held = FakeCase(record={"informatief_gesprek_datum": "2026-01-22"})
    assert [(d.phase, d.on) for d in deliveries(held, path)] == [(B.INFORMATIEF_GESPREK, D(2026, 1, 22))]


def contract(**changes) -> Contract:
    values = dict(
        id=1,
        funder_id=10,
        period=Period(D(2026, 1, 1), D(2026, 12, 31)),
        domains=frozenset({"Jeugd"}),
        price_lists=(
            PriceList(
                D(2026, 1, 1), {B.INFORMATIEF_GESPREK: Decimal("300.00"), B.BIJEENKOMST_EN_NAZORG: Decimal("3895.00")}
            ),
            PriceList(D(2026, 7, 1), {B.BIJEENKOMST_EN_NAZORG: Decimal("3580.00")}),
        ),
    )
    return Contract(**(values | changes))


def test_a_price_holds_for_the_period_it_was_agreed_in():
    agreed = contract()
    assert agreed.price_on(B.BIJEENKOMST_EN_NAZORG, D(2026, 6, 30)) == Decimal("3895.00")
    assert agreed.price_on(B.BIJEENKOMST_EN_NAZORG, D(2026, 7, 1)) == Decimal("3580.00")
    assert agreed.price_on(B.INFORMATIEF_GESPREK, D(2026, 8, 1)) == Decimal("300.00")  # unchanged price goes on
    assert agreed.price_on(B.VERBINDEN_EN_ACTIVEREN, D(2026, 8, 1)) is None  # not bought
    assert agreed.price_on(B.INFORMATIEF_GESPREK, D(2027, 1, 1)) is None  # after the contract


def test_covering_finds_the_contract_of_the_funder_domain_and_day():
    agreed = contract()
    assert covering([agreed], {10}, "Jeugd", D(2026, 3, 1)) is agreed
    assert covering([agreed], {10}, "Wmo/volwassenen", D(2026, 3, 1)) is None
    assert covering([agreed], {11}, "Jeugd", D(2026, 3, 1)) is None
    assert covering([agreed], {10}, "Jeugd", D(2027, 3, 1)) is None


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"period": Period(D(2026, 5, 1), D(2026, 4, 1))}, "einddatum", "vóór de begindatum"),
        ({"domains": frozenset()}, "domeinen", "minstens één"),
        ({"domains": frozenset({"Ruimtevaart"})}, "domeinen", "onbekend"),
        ({"price_lists": (PriceList(D(2026, 1, 1), {B.INFORMATIEF_GESPREK: Decimal("-1")}),)}, "prijzen", "negatief"),
        ({"price_lists": (PriceList(D(2025, 1, 1), {B.INFORMATIEF_GESPREK: Decimal("1")}),)}, "prijzen", "buiten"),
        ({"price_lists": ()}, "prijzen", "minstens één"),
        ({"budget": Decimal("-5")}, "budget", "negatief"),
        ({"vat": Vat(Decimal("21"))}, "btw", "0 tot 100"),
        ({"purchased": {B.INFORMATIEF_GESPREK: -2}}, "ingekocht", "negatief"),
    ],
)
def test_a_wrong_contract_is_refused_in_dutch(changes, field, words):
    errors = contract_errors(contract(**changes), [])
    assert words in errors[field]


def test_overlapping_periods_for_the_same_funder_and_domain_are_refused():
    existing = contract(id=1)
    clash = contract(id=2, period=Period(D(2026, 12, 1), D(2027, 11, 30)))
    assert "overlapt" in contract_errors(clash, [existing])["periode"]
    assert contract_errors(contract(id=2, funder_id=11), [existing]) == {}
    assert contract_errors(contract(id=2, domains=frozenset({"Armoede"})), [existing]) == {}
    assert contract_errors(existing, [existing]) == {}  # editing a contract does not clash with itself


def test_invoice_periods_are_months_or_quarters():
    assert invoice_period(Frequency.MONTH, D(2026, 2, 14)) == Period(D(2026, 2, 1), D(2026, 2, 28))
    assert invoice_period(Frequency.QUARTER, D(2026, 8, 14)) == Period(D(2026, 7, 1), D(2026, 9, 30))
    assert invoice_period(Frequency.QUARTER, D(2026, 12, 31)) == Period(D(2026, 10, 1), D(2026, 12, 31))


MARCH = Period(D(2026, 3, 1), D(2026, 3, 31))


def bill(case_id: int, phase: B, on: dt.date, amount: str) -> Billable:
    return Billable(case_id, f"EK-{case_id}", phase, on, Decimal(amount))


def test_a_draft_holds_new_deliveries_up_to_the_period_end_and_nothing_later():
    due = [bill(1, B.INFORMATIEF_GESPREK, D(2026, 2, 20), "300"), bill(2, B.INFORMATIEF_GESPREK, D(2026, 4, 1), "300")]
    lines = draft_lines(MARCH, due, [])
    assert [(line.case_ref, line.amount) for line in lines] == [("EK-1", Decimal("300"))]  # a late one caught up


def test_an_invoiced_delivery_is_not_billed_twice():
    due = [bill(1, B.INFORMATIEF_GESPREK, D(2026, 3, 2), "300")]
    first = draft_lines(MARCH, due, [])
    assert draft_lines(MARCH, due, [Invoiced(first[0], "2026-0001")]) == []


def test_a_reopened_case_gets_a_credit_line_for_what_was_invoiced():
    line = draft_lines(MARCH, [bill(1, B.BIJEENKOMST_EN_NAZORG, D(2026, 3, 2), "3895")], [])[0]
    credit = draft_lines(Period(D(2026, 4, 1), D(2026, 4, 30)), [], [Invoiced(line, "2026-0001")])
    assert [(c.amount, c.credits, c.on) for c in credit] == [(Decimal("-3895"), "2026-0001", D(2026, 3, 2))]


def test_a_corrected_date_credits_the_old_line_and_bills_the_new_price():
    line = draft_lines(MARCH, [bill(1, B.BIJEENKOMST_EN_NAZORG, D(2026, 3, 2), "3895")], [])[0]
    moved = [bill(1, B.BIJEENKOMST_EN_NAZORG, D(2026, 7, 2), "3580")]
    lines = draft_lines(Period(D(2026, 7, 1), D(2026, 7, 31)), moved, [Invoiced(line, "2026-0001")])
    assert [(x.amount, x.on) for x in lines] == [(Decimal("-3895"), D(2026, 3, 2)), (Decimal("3580"), D(2026, 7, 2))]


def test_a_credited_line_billed_again_counts_from_the_new_line():
    line = draft_lines(MARCH, [bill(1, B.BIJEENKOMST_EN_NAZORG, D(2026, 3, 2), "3895")], [])[0]
    credit = draft_lines(MARCH, [], [Invoiced(line, "2026-0001")])[0]
    again = draft_lines(
        MARCH,
        [bill(1, B.BIJEENKOMST_EN_NAZORG, D(2026, 3, 2), "3895")],
        [
            Invoiced(line, "2026-0001"),
            Invoiced(credit, "2026-0002"),
        ],
    )
    assert [x.amount for x in again] == [Decimal("3895")]


def test_billables_price_each_delivery_on_its_own_date():
    found = billables(
        contract(),
        [
            (1, "EK-1", B.BIJEENKOMST_EN_NAZORG, D(2026, 6, 30)),
            (2, "EK-2", B.BIJEENKOMST_EN_NAZORG, D(2026, 7, 1)),
            (3, "EK-3", B.VERBINDEN_EN_ACTIVEREN, D(2026, 7, 1)),
        ],
    )
    assert [(b.case_ref, b.amount) for b in found] == [("EK-1", Decimal("3895.00")), ("EK-2", Decimal("3580.00"))]


def test_totals_to_the_cent_exempt_and_with_a_rate():
    lines = draft_lines(
        MARCH,
        [
            bill(1, B.INFORMATIEF_GESPREK, D(2026, 3, 2), "300.00"),
            bill(2, B.INFORMATIEF_GESPREK, D(2026, 3, 3), "0.05"),
        ],
        [],
    )
    assert totals(lines, None) == (Decimal("300.05"), Decimal("0.00"), Decimal("300.05"))
    assert totals(lines, Decimal("0.21")) == (Decimal("300.05"), Decimal("63.01"), Decimal("363.06"))  # 63.0105


@pytest.mark.parametrize(
    "text, amount",
    [
        ("3.895,00", "3895.00"),
        ("3895", "3895.00"),
        ("€ 3895,5", "3895.50"),
        ("300.25", "300.25"),
        ("1.200", "1200.00"),
        ("1.200.000", "1200000.00"),
        ("12.5", "12.50"),
        ("-12,5", "-12.50"),
    ],
)
def test_amounts_read_in_dutch_notation(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "drie", "1e400000", "NaN", "Infinity", "1" * 40, "\x00"])
def test_what_is_not_an_amount_is_none(text):
    assert parse_amount(text) is None


def test_euros_print_in_dutch_notation():
    assert euro(Decimal("3895")) == "€ 3.895,00"
    assert euro(Decimal("-1234567.005")) == "-€ 1.234.567,01"
