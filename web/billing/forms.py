"""The bureau's money forms as FieldSpecs (rendered by templates/_form.html) and their parsing into what
storage takes. Amounts are typed in Dutch notation and read as Decimal (workflow.billing.money)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from storage.contracts import ContractInput
from storage.organisation import FIELDS as ORGANISATION_LABELS
from workflow.billing.contracts import DOMAINS, Frequency, FunderKind
from workflow.billing.money import parse_amount
from workflow.billing.phases import BillablePhase
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_fields

EXEMPT = "vrijgesteld"
VAT_CHOICES = (EXEMPT, "21", "9")
IDENTIFIER_SCHEMES = {"OIN (overheid)": "0190", "KvK-nummer": "0106"}

ORGANISATION_FIELDS = tuple(
    FieldSpec(name, label, "line", required=name != "vat_number", max_length=120)
    for name, label in ORGANISATION_LABELS.items()
)

FUNDER_FIELDS = (
    FieldSpec("naam", "Naam", "line", required=True, max_length=120),
    FieldSpec("soort", "Soort financier", "choice", required=True, choices=tuple(k.value for k in FunderKind)),
    FieldSpec("gemeenten", "Gemeenten (gescheiden door komma's)", "text", max_length=4000),
    FieldSpec("id_soort", "Soort nummer voor de e-factuur", "choice", choices=tuple(IDENTIFIER_SCHEMES)),
    FieldSpec("nummer", "OIN of KvK-nummer", "line", max_length=20),
    FieldSpec("straat", "Straat en huisnummer", "line", max_length=120),
    FieldSpec("postcode", "Postcode", "line", max_length=10),
    FieldSpec("plaats", "Plaats", "line", max_length=80),
)


def _price_fields(prefix: str, label: str) -> tuple[FieldSpec, ...]:
    return tuple(
        FieldSpec(f"{prefix}_{phase.value}", f"{label}: {phase.label} (€)", "line", max_length=20)
        for phase in BillablePhase
    )


CONTRACT_FIELDS = (
    FieldSpec("financier", "Financier", "int", required=True, minimum=1, maximum=2**31 - 1),
    FieldSpec("begin", "Begindatum", "date", required=True),
    FieldSpec("einde", "Einddatum", "date", required=True),
    FieldSpec("domeinen", "Domeinen", "multichoice", required=True, choices=DOMAINS),
    *_price_fields("prijs", "Prijs"),
    FieldSpec("wijziging_vanaf", "Nieuwe prijzen vanaf (leeg: geen wijziging)", "date"),
    *_price_fields("nieuwe_prijs", "Nieuwe prijs"),
    *(
        FieldSpec(f"ingekocht_{p.value}", f"Ingekocht aantal: {p.label}", "int", minimum=0, maximum=100_000)
        for p in BillablePhase
    ),
    FieldSpec("budget", "Budgetplafond (€, leeg: geen)", "line", max_length=20),
    FieldSpec("inkoopordernummer", "Inkoopordernummer van de financier", "line", max_length=60),
    FieldSpec("btw", "Btw", "choice", required=True, choices=VAT_CHOICES),
    FieldSpec("btw_reden", "Reden van de vrijstelling (op de factuur)", "line", max_length=200),
    FieldSpec("frequentie", "Factureren per", "choice", required=True, choices=tuple(f.value for f in Frequency)),
)


def parse_contract(raw: dict[str, Any], today: dt.date) -> ContractInput:
    """The contract typed in the form; InvalidInput naming every field that is wrong."""
    values = parse_fields(CONTRACT_FIELDS, raw, today)
    errors: dict[str, str] = {}
    prices = {values["begin"]: _prices(values, "prijs", errors, required=True)}
    if values["wijziging_vanaf"]:
        prices[values["wijziging_vanaf"]] = _prices(values, "nieuwe_prijs", errors, required=True)
    budget = _amount(values, "budget", "Budgetplafond", errors)
    if errors:
        raise InvalidInput(errors)
    vat = None if values["btw"] == EXEMPT else Decimal(values["btw"])
    return ContractInput(
        funder_id=values["financier"],
        start=values["begin"],
        end=values["einde"],
        domains=frozenset(values["domeinen"]),
        prices=prices,
        purchased={p: n for p in BillablePhase if (n := values[f"ingekocht_{p.value}"]) is not None},
        budget=budget,
        reference=values["inkoopordernummer"] or "",
        vat_percent=vat,
        vat_reason=values["btw_reden"] or "",
        frequency=Frequency(values["frequentie"]),
    )


def contract_values(contract, funder_id: int) -> dict[str, Any]:
    """A stored contract as the form's raw values (for editing)."""
    lists = sorted(contract.price_lists, key=lambda p: p.valid_from)
    values: dict[str, Any] = {
        "financier": str(funder_id),
        "begin": contract.period.start.isoformat(),
        "einde": contract.period.end.isoformat(),
        "domeinen": sorted(contract.domains),
        "budget": _euro_text(contract.budget),
        "inkoopordernummer": contract.reference,
        "btw": EXEMPT if contract.vat.rate is None else f"{contract.vat.rate * 100:.0f}",
        "btw_reden": contract.vat.reason if contract.vat.rate is None else "",
        "frequentie": contract.frequency.value,
    }
    values |= {f"prijs_{p.value}": _euro_text(lists[0].prices.get(p)) for p in BillablePhase} if lists else {}
    if len(lists) > 1:
        values["wijziging_vanaf"] = lists[1].valid_from.isoformat()
        values |= {f"nieuwe_prijs_{p.value}": _euro_text(lists[1].prices.get(p)) for p in BillablePhase}
    values |= {f"ingekocht_{p.value}": str(n) for p, n in contract.purchased.items()}
    return values


def parse_funder(raw: dict[str, Any], today: dt.date) -> dict[str, Any]:
    values = parse_fields(FUNDER_FIELDS, raw, today)
    names = [n.strip() for n in (values["gemeenten"] or "").replace("\n", ",").split(",") if n.strip()]
    return {**values, "gemeenten": names, "scheme": IDENTIFIER_SCHEMES.get(values["id_soort"] or "", "0190")}


def _prices(values: dict[str, Any], prefix: str, errors: dict[str, str], required: bool) -> dict:
    prices = {}
    for phase in BillablePhase:
        name = f"{prefix}_{phase.value}"
        amount = _amount(values, name, f"Prijs {phase.label}", errors)
        if amount is not None:
            prices[phase] = amount
    if required and not prices and not errors:
        errors[f"{prefix}_{BillablePhase.INFORMATIEF_GESPREK.value}"] = "Prijzen: geef minstens één prijs."
    return prices


def _amount(values: dict[str, Any], name: str, label: str, errors: dict[str, str]) -> Decimal | None:
    text = values.get(name) or ""
    if not text:
        return None
    amount = parse_amount(text)
    if amount is None:
        errors[name] = f"{label}: geef een bedrag, zoals 3.895,00."
    return amount


def _euro_text(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:.2f}".replace(".", ",")
