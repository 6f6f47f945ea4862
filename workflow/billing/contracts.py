"""Funders and contracts: who pays, for which domains, in which period, at which price per phase delivered."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from workflow.billing.money import euro
from workflow.billing.phases import BillablePhase


class FunderKind(StrEnum):
    GEMEENTE = "gemeente"
    SAMENWERKINGSVERBAND = "samenwerkingsverband"
    FONDS = "fonds"


DOMAINS = ("Jeugd", "Wmo/volwassenen", "Armoede", "Detentie")


class Frequency(StrEnum):
    MONTH = "maand"
    QUARTER = "kwartaal"


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: "Period") -> bool:
        return self.start <= other.end and other.start <= self.end

    def label(self) -> str:
        return f"{self.start:%d-%m-%Y} t/m {self.end:%d-%m-%Y}"


@dataclass(frozen=True)
class PriceList:
    """The prices agreed from `valid_from` on (a price holds for the period it was agreed in)."""

    valid_from: dt.date
    prices: Mapping[BillablePhase, Decimal]


@dataclass(frozen=True)
class Vat:
    """Exempt (rate None) or a rate such as Decimal('0.21'); the reason text goes on the invoice."""

    rate: Decimal | None = None
    reason: str = "Vrijgesteld van btw (artikel 11, lid 1, Wet op de omzetbelasting 1968)"


@dataclass(frozen=True)
class Contract:
    id: int | None
    funder_id: int
    period: Period
    domains: frozenset[str]
    price_lists: tuple[PriceList, ...]
    purchased: Mapping[BillablePhase, int] = field(default_factory=dict)
    budget: Decimal | None = None
    reference: str = ""  # the funder's purchase order number (inkoopordernummer)
    vat: Vat = field(default_factory=Vat)
    frequency: Frequency = Frequency.MONTH

    def price_on(self, phase: BillablePhase, day: dt.date) -> Decimal | None:
        """The price agreed for `phase` on `day`: the newest price list in force then that names the phase."""
        lists = sorted((p for p in self.price_lists if p.valid_from <= day), key=lambda p: p.valid_from)
        prices = [p.prices[phase] for p in lists if phase in p.prices]
        return prices[-1] if prices and day in self.period else None

    def covers(self, domain: str, day: dt.date) -> bool:
        return domain in self.domains and day in self.period


def covering(contracts: Iterable[Contract], funder_ids: set[int], domain: str, day: dt.date) -> Contract | None:
    """The contract of one of `funder_ids` that covers `domain` on `day` (contracts of a funder and domain never
    overlap, so there is at most one per funder; the first funder in the order given wins)."""
    found = [c for c in contracts if c.funder_id in funder_ids and c.covers(domain, day)]
    return found[0] if found else None


def contract_errors(contract: Contract, others: Iterable[Contract]) -> dict[str, str]:
    """What is wrong with a contract, in Dutch, by field; empty when it may be saved."""
    errors: dict[str, str] = {}
    if contract.period.end < contract.period.start:
        errors["einddatum"] = "Einddatum: ligt vóór de begindatum."
    if not contract.domains:
        errors["domeinen"] = "Domeinen: kies er minstens één."
    elif unknown := sorted(contract.domains - set(DOMAINS)):
        errors["domeinen"] = "Domeinen: onbekend: " + ", ".join(unknown)
    errors |= _price_errors(contract)
    if contract.budget is not None and contract.budget < 0:
        errors["budget"] = f"Budgetplafond: mag niet negatief zijn ({euro(contract.budget)})."
    if any(n < 0 for n in contract.purchased.values()):
        errors["ingekocht"] = "Ingekochte aantallen: mogen niet negatief zijn."
    if contract.vat.rate is not None and not Decimal(0) <= contract.vat.rate < 1:
        errors["btw"] = "Btw-tarief: geef een percentage van 0 tot 100."
    if "einddatum" not in errors and (clash := _overlapping(contract, others)):
        errors["periode"] = (
            f"Periode: overlapt met een ander contract van deze financier voor "
            f"{', '.join(sorted(contract.domains & clash.domains))} ({clash.period.label()})."
        )
    return errors


def _price_errors(contract: Contract) -> dict[str, str]:
    if not contract.price_lists:
        return {"prijzen": "Prijzen: geef minstens één prijs per fase."}
    for price_list in contract.price_lists:
        for phase, price in price_list.prices.items():
            if price < 0:
                return {"prijzen": f"Prijs {phase.label}: mag niet negatief zijn ({euro(price)})."}
        if price_list.valid_from not in contract.period:
            return {"prijzen": f"Prijzen vanaf {price_list.valid_from:%d-%m-%Y}: ligt buiten de contractperiode."}
    return {}


def _overlapping(contract: Contract, others: Iterable[Contract]) -> Contract | None:
    return next(
        (
            other
            for other in others
            if other.id != contract.id
            and other.funder_id == contract.funder_id
            and other.domains & contract.domains
            and other.period.overlaps(contract.period)
        ),
        None,
    )
