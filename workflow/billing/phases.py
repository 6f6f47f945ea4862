"""The phases a funder pays for, and the mark a row of the phase table carries when taking it delivers one."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from workflow.case import CaseLike, held_meetings, record_date, record_get
from workflow.phases import Phase


class BillablePhase(StrEnum):
    """DOMAIN.md §9 and §11: billing per phase delivered."""

    INFORMATIEF_GESPREK = "informatief_gesprek"
    VERBINDEN_EN_ACTIVEREN = "verbinden_en_activeren"
    BIJEENKOMST_EN_NAZORG = "bijeenkomst_en_nazorg"

    @property
    def label(self) -> str:
        return BILLABLE_LABELS[self]


BILLABLE_LABELS = {
    BillablePhase.INFORMATIEF_GESPREK: "Informatief gesprek",
    BillablePhase.VERBINDEN_EN_ACTIVEREN: "Verbinden en activeren",
    BillablePhase.BIJEENKOMST_EN_NAZORG: "Formele bijeenkomst en nazorg",
}

# When the delivered phase is dated: from the case's record, else the moment of the step.
DateOf = Callable[[CaseLike, dt.date], dt.date]
Condition = Callable[[CaseLike], bool]


def step_date(_case: CaseLike, at: dt.date) -> dt.date:
    return at


def informatief_gesprek_date(case: CaseLike, at: dt.date) -> dt.date:
    return record_date(record_get(case, "informatief_gesprek_datum")) or at


def first_meeting_date(case: CaseLike, at: dt.date) -> dt.date:
    """The conference's date: a corrected meeting date moves the delivery (and so corrects an invoice)."""
    dates = [record_date(m.get("datum")) for m in held_meetings(case)]
    return next((d for d in dates if d is not None), at)


def always(_case: CaseLike) -> bool:
    return True


def informatief_gesprek_held(case: CaseLike) -> bool:
    return bool(record_get(case, "informatief_gesprek_datum"))


def meeting_held(case: CaseLike) -> bool:
    return bool(held_meetings(case))


@dataclass(frozen=True)
class Delivers:
    """The mark on a row of the phase table: taking this row (from `sources`, when `condition` holds) delivers
    `phase`, dated by `date_of`. A row that ends in afgesloten is undone by a later reopen."""

    phase: BillablePhase
    sources: tuple[Phase, ...] = ()  # empty: from any of the row's sources
    condition: Condition = always
    date_of: DateOf = step_date

    def applies(self, source: Phase, case: CaseLike) -> bool:
        return (not self.sources or source in self.sources) and self.condition(case)

    def describe(self) -> dict[str, Any]:
        """For the diagram and the docs: what the mark says, in words."""
        return {"phase": self.phase.label, "from": [p.label for p in self.sources]}
