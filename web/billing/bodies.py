"""Funders and contracts as JSON (the API's bodies and `kring money`'s files), read by the very forms of the
bureau pages: a body is turned into the form's values and parsed by forms.py, so the limits, the Dutch messages
and the checks of storage.contracts are the pages'. Refusals name the body's fields, not the form's."""

import datetime as dt
import re
from typing import Any

from sqlmodel import Session

from storage.contracts import ContractInput, add_funder, municipality_ids
from web.billing import forms
from workflow.billing.phases import BillablePhase
from workflow.errors import InvalidInput

# An amount as text with a decimal point, as the API sends them ("3895.00"); a minus is read, so that the domain
# refuses a negative price with its own message. No thousands separators: "1.200" would be ambiguous.
AMOUNT = re.compile(r"-?\d{1,13}(\.\d{1,2})?")
MAX_PRICE_LISTS = 2  # the agreed prices and one change, as the contract page shows and edits them
FUNDER_KEYS = {"name", "kind", "municipalities", "identifier", "scheme", "street", "postcode", "city"}
CONTRACT_KEYS = {
    "funder_id", "start", "end", "domains", "prices", "purchased", "budget", "reference", "vat_percent",
    "vat_reason", "frequency",
}  # fmt: skip
SCHEMES = {code: label for label, code in forms.IDENTIFIER_SCHEMES.items()}  # "0190" → "OIN (overheid)"
VAT = {"21": "21", "21.0": "21", "21.00": "21", "9": "9", "9.0": "9", "9.00": "9"}
# The form's field names → the body's (a price field by its phase, see _body_name).
NAMES = {
    "naam": "name", "soort": "kind", "gemeenten": "municipalities", "id_soort": "scheme", "nummer": "identifier",
    "straat": "street", "postcode": "postcode", "plaats": "city", "financier": "funder_id", "begin": "start",
    "einde": "end", "einddatum": "end", "domeinen": "domains", "wijziging_vanaf": "prices.1.valid_from",
    "budget": "budget", "inkoopordernummer": "reference", "btw": "vat_percent", "btw_reden": "vat_reason",
    "frequentie": "frequency", "prijzen": "prices", "ingekocht": "purchased", "periode": "period",
}  # fmt: skip


def funder_values(body: Any, today: dt.date) -> dict[str, Any]:
    """A funder's body as forms.parse_funder reads it (municipalities by name, as on the page)."""
    body = _object(body, FUNDER_KEYS)
    towns = body.get("municipalities", [])
    if not isinstance(towns, list) or not all(isinstance(t, str) and "," not in t for t in towns):
        raise InvalidInput({"municipalities": "Gemeenten: geef een lijst van namen van gemeenten."})
    scheme = body.get("scheme", "0190")
    if not isinstance(scheme, str) or scheme not in SCHEMES:
        raise InvalidInput({"scheme": "Soort nummer: kies 0190 (OIN) of 0106 (KvK-nummer)."})
    raw = {
        "naam": body.get("name"),
        "soort": body.get("kind"),
        "gemeenten": ", ".join(towns),
        "id_soort": SCHEMES[scheme],
        "nummer": body.get("identifier"),
        "straat": body.get("street"),
        "postcode": body.get("postcode"),
        "plaats": body.get("city"),
    }
    return _renamed(forms.parse_funder, raw, today)


def store_funder(session: Session, values: dict[str, Any], now: dt.datetime) -> int:
    """Add the funder of `funder_values` (its municipalities by name) as the funder page does; its id."""
    address = {"street": values["straat"] or "", "postcode": values["postcode"] or "", "city": values["plaats"] or ""}
    funder = add_funder(
        session, values["naam"], values["soort"], municipality_ids(session, values["gemeenten"]), now,
        identifier=values["nummer"] or "", scheme=values["scheme"], **address,
    )  # fmt: skip
    return funder.id


def contract_input(body: Any, today: dt.date) -> ContractInput:
    """A contract's body as forms.parse_contract reads it; InvalidInput naming the body's fields."""
    body = _object(body, CONTRACT_KEYS)
    if body.get("domains") is not None and not isinstance(body["domains"], list):
        raise InvalidInput({"domains": 'Domeinen: geef een lijst, zoals ["Jeugd"].'})
    raw: dict[str, Any] = {
        "financier": _whole(body.get("funder_id"), "funder_id", "Financier"),
        "begin": body.get("start"),
        "einde": body.get("end"),
        "domeinen": body.get("domains"),
        "budget": _amount(body.get("budget"), "budget", "Budgetplafond"),
        "inkoopordernummer": body.get("reference"),
        "btw": _vat(body.get("vat_percent")),
        "btw_reden": body.get("vat_reason"),
        "frequentie": body.get("frequency") or "maand",
    }
    raw |= _price_values(body.get("prices"), body.get("start"))
    purchased = body.get("purchased") or {}
    if (
        not isinstance(purchased, dict)
        or not set(purchased) <= {p.value for p in BillablePhase}
        or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in purchased.values())
    ):
        raise InvalidInput({"purchased": "Ingekocht: geef per fase (" + _phases() + ") een aantal."})
    raw |= {f"ingekocht_{phase}": n for phase, n in purchased.items()}
    return _renamed(forms.parse_contract, raw, today)


def contract_body(contract) -> dict[str, Any]:
    """A stored contract as the body that would store it again (a PATCH changes this, then saves it whole)."""
    lists = sorted(contract.price_lists, key=lambda p: p.valid_from)
    return {
        "funder_id": contract.funder_id,
        "start": contract.period.start.isoformat(),
        "end": contract.period.end.isoformat(),
        "domains": sorted(contract.domains),
        "prices": [
            {"valid_from": p.valid_from.isoformat(), "prices": {k.value: f"{v:.2f}" for k, v in p.prices.items()}}
            for p in lists
        ],
        "purchased": {phase.value: n for phase, n in contract.purchased.items()},
        "budget": None if contract.budget is None else f"{contract.budget:.2f}",
        "reference": contract.reference,
        "vat_percent": None if contract.vat.rate is None else f"{contract.vat.rate * 100:.2f}",
        "vat_reason": contract.vat.reason if contract.vat.rate is None else "",
        "frequency": contract.frequency.value,
    }


def _object(body: Any, keys: set[str]) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidInput({"body": "Stuur een JSON-object met velden."})
    unknown = sorted(k for k in body if k not in keys)
    if unknown:
        raise InvalidInput({k[:80]: "dit veld bestaat niet of kan hier niet worden meegegeven" for k in unknown[:20]})
    return body


def _price_values(lists: Any, start: Any) -> dict[str, Any]:
    """The form's first prices (from the start date) and its one change (`wijziging_vanaf`)."""
    if not isinstance(lists, list) or not 1 <= len(lists) <= MAX_PRICE_LISTS:
        raise InvalidInput({"prices": "Prijzen: geef de afgesproken prijzen en hoogstens één wijziging."})
    raw: dict[str, Any] = {}
    for index, (prefix, item) in enumerate(zip(("prijs", "nieuwe_prijs"), lists, strict=False)):
        if not isinstance(item, dict) or set(item) != {"valid_from", "prices"} or not isinstance(item["prices"], dict):
            raise InvalidInput({f"prices.{index}": "Prijzen: geef per lijst valid_from en prices."})
        unknown = sorted(k for k in item["prices"] if k not in {p.value for p in BillablePhase})
        if unknown:
            raise InvalidInput({f"prices.{index}.prices": "Prijzen: onbekende fase; kies uit " + _phases() + "."})
        for phase, price in item["prices"].items():
            raw[f"{prefix}_{phase}"] = _amount(price, f"prices.{index}.prices.{phase}", "Prijs")
    if _day(lists[0]["valid_from"]) != _day(start) and _day(start):  # a wrong start date is the form's to name
        raise InvalidInput({"prices.0.valid_from": "Prijzen: de eerste prijzen gelden vanaf de begindatum."})
    if len(lists) == MAX_PRICE_LISTS:
        raw["wijziging_vanaf"] = lists[1]["valid_from"]
    return raw


def _day(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _amount(value: Any, name: str, label: str) -> str | None:
    """An amount sent as text ("3895.00") in the form's notation (a decimal comma): never a float, never read
    as thousands."""
    if value is None:
        return None
    if not isinstance(value, str) or not AMOUNT.fullmatch(value):
        raise InvalidInput({name: f'{label}: geef het bedrag als tekst met een punt, zoals "3895.00".'})
    return value.replace(".", ",")


def _vat(value: Any) -> str:
    if value is None:
        return forms.EXEMPT
    if not isinstance(value, str) or value not in VAT:
        raise InvalidInput({"vat_percent": 'Btw: geef "21.00", "9.00" of null (vrijgesteld).'})
    return VAT[value]


def _whole(value: Any, name: str, label: str) -> str:
    """A JSON number without a fraction (7.0 is 7, as everywhere in the API); not a boolean, not text."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput({name: f"{label}: geef een heel getal."})
    return str(value)


def in_body_names(problem: InvalidInput) -> InvalidInput:
    """A refusal of the form or of storage.contracts, naming the body's fields."""
    return InvalidInput({_body_name(k): v for k, v in problem.errors.items()})


def _renamed(parse, raw: dict[str, Any], today: dt.date):
    try:
        return parse(raw, today)
    except InvalidInput as problem:
        raise in_body_names(problem) from None


def _body_name(name: str) -> str:
    for prefix, index in (("nieuwe_prijs_", 1), ("prijs_", 0)):
        if name.startswith(prefix):
            return f"prices.{index}.prices.{name.removeprefix(prefix)}"
    if name.startswith("ingekocht_"):
        return f"purchased.{name.removeprefix('ingekocht_')}"
    return NAMES.get(name, name)


def _phases() -> str:
    return ", ".join(p.value for p in BillablePhase)
