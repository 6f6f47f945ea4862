"""Invoices drawn from what the cases delivered, compared with what was invoiced before.

An invoice line carries a case reference, a phase, a date and an amount, never a name. A draft for a period
holds every delivery of the contract up to the period's end that was not yet invoiced, and a credit line for
every invoiced delivery that the cases no longer show as it was invoiced (reopened, another date, another
funder, another price); a changed delivery gets its credit line and a new line. A finalised invoice never
changes: corrections are always new lines on a later invoice."""

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from workflow.billing.contracts import Contract, Frequency, Period
from workflow.billing.money import cents
from workflow.billing.phases import BillablePhase


@dataclass(frozen=True)
class Billable:
    """A delivery the contract pays for: the case (id and reference), the phase, its date and the price."""

    case_id: int
    case_ref: str
    phase: BillablePhase
    on: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Line:
    """An invoice line; a credit line has a negative amount and says which earlier line it reverses."""

    case_id: int
    case_ref: str
    phase: BillablePhase
    on: dt.date
    amount: Decimal
    credits: str = ""  # the invoice number of the line it reverses

    @property
    def is_credit(self) -> bool:
        return self.amount < 0


@dataclass(frozen=True)
class Invoiced:
    """A line of a finalised invoice, as the drafts compare against it."""

    line: Line
    invoice_number: str


class Totals(NamedTuple):
    net: Decimal
    vat: Decimal
    gross: Decimal


def invoice_period(frequency: Frequency, day: dt.date) -> Period:
    """The month or quarter that holds `day`."""
    first_month = day.month if frequency == Frequency.MONTH else 3 * ((day.month - 1) // 3) + 1
    last_month = first_month if frequency == Frequency.MONTH else first_month + 2
    last_day = calendar.monthrange(day.year, last_month)[1]
    return Period(dt.date(day.year, first_month, 1), dt.date(day.year, last_month, last_day))


def billables(contract: Contract, deliveries: Iterable[tuple[int, str, BillablePhase, dt.date]]) -> list[Billable]:
    """The deliveries of the contract's cases priced by the contract (a delivery outside it has no price)."""
    found = []
    for case_id, ref, phase, on in deliveries:
        price = contract.price_on(phase, on)
        if price is not None:
            found.append(Billable(case_id, ref, phase, on, price))
    return found


def draft_lines(period: Period, due: Iterable[Billable], invoiced: Iterable[Invoiced]) -> list[Line]:
    """The lines of the draft for `period`: new deliveries up to its end, and corrections of earlier lines."""
    standing = _standing(invoiced)
    lines: list[Line] = []
    seen = set()
    for item in sorted(due, key=lambda b: (b.on, b.case_ref, list(BillablePhase).index(b.phase))):
        if item.on > period.end:
            continue
        key = (item.case_id, item.phase)
        seen.add(key)
        earlier = standing.get(key)
        if earlier is not None and (earlier.line.on, earlier.line.amount) == (item.on, item.amount):
            continue
        if earlier is not None:
            lines.append(_credit(earlier))
        lines.append(Line(item.case_id, item.case_ref, item.phase, item.on, item.amount))
    lines += [_credit(earlier) for key, earlier in standing.items() if key not in seen]
    return lines


def totals(lines: Iterable[Line], vat_rate: Decimal | None) -> Totals:
    net = cents(sum((line.amount for line in lines), Decimal(0)))
    vat = cents(net * vat_rate) if vat_rate is not None else Decimal("0.00")
    return Totals(net, vat, net + vat)


def invoice_number(year: int, sequence: int) -> str:
    """Gap-free per year: 2026-0001, 2026-0002, … (storage hands out the sequence under a lock)."""
    return f"{year}-{sequence:04d}"


def _standing(invoiced: Iterable[Invoiced]) -> dict[tuple[int, BillablePhase], Invoiced]:
    """Per (case, phase) the invoiced line still in force: the last debit, unless a credit reversed it."""
    standing: dict[tuple[int, BillablePhase], Invoiced] = {}
    for item in invoiced:
        key = (item.line.case_id, item.line.phase)
        if item.line.is_credit:
            standing.pop(key, None)
        else:
            standing[key] = item
    return standing


def _credit(earlier: Invoiced) -> Line:
    line = earlier.line
    return Line(line.case_id, line.case_ref, line.phase, line.on, -line.amount, credits=earlier.invoice_number)
