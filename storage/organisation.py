"""The organisation's own details as invoices need them (name, KvK, VAT number, address, IBAN), set by the
bureau and stored as a setting; until they are set, no invoice can be finalised."""

import datetime as dt

from sqlmodel import Session

from storage.settings import Setting
from workflow.billing.ubl import KVK, Party
from workflow.errors import InvalidInput

ORGANISATION = "organisatie"
FIELDS = {
    "name": "Naam",
    "identifier": "KvK-nummer",
    "vat_number": "Btw-nummer",
    "street": "Straat en huisnummer",
    "postcode": "Postcode",
    "city": "Plaats",
    "iban": "IBAN",
}
REQUIRED = ("name", "identifier", "street", "postcode", "city", "iban")


def load_organisation(session: Session) -> Party | None:
    """The organisation as the supplier of its invoices, or None while its details are incomplete."""
    row = session.get(Setting, ORGANISATION)
    values = {k: str(v) for k, v in (row.value if row else {}).items() if k in FIELDS}
    if any(not values.get(k) for k in REQUIRED):
        return None
    return Party(scheme=KVK, **{k: values.get(k, "") for k in FIELDS})


def save_organisation(session: Session, values: dict[str, str], now: dt.datetime) -> None:
    """Store the details; refused in Dutch when a required one is missing or a value is too long."""
    cleaned = {k: " ".join(str(values.get(k, "")).split()) for k in FIELDS}
    errors = {k: f"{FIELDS[k]}: vul dit in." for k in REQUIRED if not cleaned[k]}
    errors |= {k: f"{FIELDS[k]}: hoogstens 120 tekens." for k, v in cleaned.items() if len(v) > 120}
    if errors:
        raise InvalidInput(errors)
    row = session.get(Setting, ORGANISATION) or Setting(key=ORGANISATION)
    row.value, row.updated_at = cleaned, now
    session.add(row)
