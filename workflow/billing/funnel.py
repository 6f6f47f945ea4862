"""Budget use and the funnel (DOMAIN.md §11): per contract, from application to conference, counted on a
reference date (peildatum), and the yearly counting units the yearly report lacks.

Pure counting over plain facts of the cases; storage (storage.budget) gathers the facts, the pages draw them.
Every number keeps the case ids it counts, so a page can drill down to the cases behind it."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from workflow.billing.contracts import Contract
from workflow.billing.phases import BillablePhase

# The funnel's steps, in order: the key, its Dutch label, and the billable phase its purchase is counted in.
STEPS: tuple[tuple[str, str, BillablePhase | None], ...] = (
    ("aanmeldingen", "Aanmeldingen", None),
    ("gestart", "Gestart (informatief gesprek)", BillablePhase.INFORMATIEF_GESPREK),
    ("conferenties", "Conferenties gehouden", BillablePhase.BIJEENKOMST_EN_NAZORG),
    ("plannen", "Plannen", None),
)
STEP_LABELS = {key: label for key, label, _ in STEPS}
PLAN_OUTCOMES = frozenset({"plan", "plan_zonder_bijeenkomst"})


@dataclass(frozen=True)
class CaseFacts:
    """What the funnel needs of one case (no name, no personal data)."""

    case_id: int
    ref: str
    contract_id: int | None
    applied_on: dt.date
    started_on: dt.date | None = None  # the informatief gesprek held
    conference_on: dt.date | None = None  # the first formal meeting held
    closed_on: dt.date | None = None
    outcome: str | None = None
    fully_registered: bool = False

    def reached(self, step: str, on: dt.date) -> bool:
        """Whether the case had reached funnel `step` on the reference date."""
        if step == "aanmeldingen":
            return self.applied_on <= on
        if step == "gestart":
            return self.started_on is not None and self.started_on <= on
        if step == "conferenties":
            return self.conference_on is not None and self.conference_on <= on
        return self.outcome in PLAN_OUTCOMES and self.closed_on is not None and self.closed_on <= on


@dataclass(frozen=True)
class Funnel:
    """The cases at each step (ids), what was purchased for it, and the money."""

    cases: Mapping[str, tuple[int, ...]]
    purchased: Mapping[str, int | None]
    invoiced: Decimal = Decimal("0.00")
    budget: Decimal | None = None

    def count(self, step: str) -> int:
        return len(self.cases[step])

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.invoiced

    @property
    def conversion(self) -> Decimal | None:
        """Conferences held per application, as a percentage with one decimal (None without applications)."""
        applied = self.count("aanmeldingen")
        if not applied:
            return None
        return (Decimal(100) * self.count("conferenties") / applied).quantize(Decimal("0.1"))

    @property
    def budget_used(self) -> Decimal | None:
        if not self.budget:
            return None
        return (Decimal(100) * self.invoiced / self.budget).quantize(Decimal("0.1"))


def funnel(
    facts: Iterable[CaseFacts],
    on: dt.date,
    purchased: Mapping[BillablePhase, int] | None = None,
    invoiced: Decimal = Decimal("0.00"),
    budget: Decimal | None = None,
) -> Funnel:
    """The funnel of `facts` on the reference date `on`."""
    facts = list(facts)
    bought = purchased or {}
    cases = {key: tuple(f.case_id for f in facts if f.reached(key, on)) for key, _, _ in STEPS}
    wanted = {key: (bought.get(phase) if phase else None) for key, _, phase in STEPS}
    return Funnel(cases, wanted, invoiced, budget)


def contract_funnel(contract: Contract, facts: Iterable[CaseFacts], on: dt.date, invoiced: Decimal) -> Funnel:
    """The funnel of the cases a contract pays for."""
    mine = [f for f in facts if f.contract_id == contract.id]
    return funnel(mine, on, contract.purchased, invoiced, contract.budget)


def merged(funnels: Iterable[Funnel]) -> Funnel:
    """Several contracts' funnels together (a funder's): cases, purchases and money added up."""
    funnels = list(funnels)
    cases = {key: tuple(i for f in funnels for i in f.cases[key]) for key, _, _ in STEPS}
    purchased: dict[str, int | None] = {}
    for key, _, _ in STEPS:
        known = [f.purchased[key] for f in funnels if f.purchased.get(key) is not None]
        purchased[key] = sum(known) if known else None
    budgets = [f.budget for f in funnels if f.budget is not None]
    invoiced = sum((f.invoiced for f in funnels), Decimal("0.00"))
    return Funnel(cases, purchased, invoiced, sum(budgets, Decimal(0)) if budgets else None)


# The yearly counting units: what happened in a year, counted by the year of the application (a cohort) and by
# the year it happened in.
UNITS = (
    ("aangemeld", "Aangemeld"),
    ("gestart", "Gestart"),
    ("afgesloten", "Afgesloten"),
    ("volledig", "Volledig geregistreerd"),
)
UNIT_LABELS = dict(UNITS)


@dataclass(frozen=True)
class YearRow:
    year: int
    cases: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def count(self, unit: str) -> int:
        return len(self.cases.get(unit, ()))


def _unit_date(fact: CaseFacts, unit: str) -> dt.date | None:
    if unit == "aangemeld":
        return fact.applied_on
    if unit == "gestart":
        return fact.started_on
    if unit == "afgesloten":
        return fact.closed_on
    return fact.closed_on if fact.fully_registered else None


def by_application_year(facts: Iterable[CaseFacts], on: dt.date) -> list[YearRow]:
    """Per application year: how many of that year's applications had started, closed and were fully registered
    by the reference date."""
    facts = [f for f in facts if f.applied_on <= on]
    years = sorted({f.applied_on.year for f in facts})
    return [
        YearRow(
            year,
            {
                unit: tuple(
                    f.case_id
                    for f in facts
                    if f.applied_on.year == year and (d := _unit_date(f, unit)) is not None and d <= on
                )
                for unit, _ in UNITS
            },
        )
        for year in years
    ]


def by_event_year(facts: Iterable[CaseFacts], on: dt.date) -> list[YearRow]:
    """Per calendar year: applications received, cases started, closed and closed fully registered in it."""
    facts = list(facts)
    dated = [(f, unit, d) for f in facts for unit, _ in UNITS if (d := _unit_date(f, unit)) and d <= on]
    years = sorted({d.year for _, _, d in dated})
    return [
        YearRow(
            year, {unit: tuple(f.case_id for f, u, d in dated if u == unit and d.year == year) for unit, _ in UNITS}
        )
        for year in years
    ]
