"""Which billable phases a case has delivered, read from its history and the marks on the phase table's rows.

The history is replayed in order. A row marked `Delivers` delivers its phase the first time it is taken; a
reopen undoes what the closing row delivered (the nazorg is no longer done), so a later close delivers it
again, perhaps on another date. What the case shows now is what may be invoiced now: the invoices compare it
with what was invoiced before (workflow.billing.invoices)."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from workflow.billing.phases import BillablePhase
from workflow.case import CaseLike
from workflow.clock import AMSTERDAM
from workflow.phases import Phase
from workflow.table import STEPS, Step


class HistoryLine(Protocol):
    """One line of the case history (storage.models.CaseEvent has these)."""

    trigger: str
    from_phase: Phase
    to_phase: Phase
    at: dt.datetime


@dataclass(frozen=True)
class Delivery:
    phase: BillablePhase
    on: dt.date


def deliveries(case: CaseLike, history: Iterable[HistoryLine], steps: Sequence[Step] = STEPS) -> list[Delivery]:
    """The phases the case has delivered now, each once, in the order they were delivered."""
    rows = {(step.trigger, step.dest): step for step in steps}
    delivered: dict[BillablePhase, tuple[Delivery, bool]] = {}
    for line in history:
        row = rows.get((line.trigger, Phase(line.to_phase)))
        if row is None:
            continue
        if row.trigger == "reopen":
            delivered = {phase: kept for phase, kept in delivered.items() if not kept[1]}
            continue
        for mark in row.delivers:
            if mark.phase not in delivered and mark.applies(Phase(line.from_phase), case):
                on = mark.date_of(case, _local_date(line.at))
                delivered[mark.phase] = (Delivery(mark.phase, on), row.dest == Phase.AFGESLOTEN)
    return [delivery for delivery, _ in delivered.values()]


def _local_date(moment: dt.datetime) -> dt.date:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(AMSTERDAM).date()
