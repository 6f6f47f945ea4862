"""The tables of money (DOMAIN.md §11): funders, contracts with dated prices, which contract pays for a case,
and invoices with their lines. Amounts are whole cents in the database (storage.types.Money)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlmodel import JSON, Field, SQLModel

from storage.types import Money, UTCDateTime


class Funder(SQLModel, table=True):
    """A municipality, a group of municipalities, or a fund."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    kind: str = Field(max_length=30)
    # Where the e-invoice goes: the government OIN (Peppol scheme 0190) or a KvK number (0106), and the address.
    identifier: str = Field(default="", max_length=20)
    scheme: str = Field(default="0190", max_length=4)
    street: str = Field(default="", max_length=120)
    postcode: str = Field(default="", max_length=10)
    city: str = Field(default="", max_length=80)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)


class FunderMunicipality(SQLModel, table=True):
    """The municipalities whose residents a funder pays for."""

    funder_id: int = Field(foreign_key="funder.id", primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True, index=True)


class Contract(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    funder_id: int = Field(foreign_key="funder.id", index=True)
    start: dt.date
    end: dt.date
    domains: list[str] = Field(default_factory=list, sa_type=JSON)
    purchased: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # phase → number bought
    budget: Decimal | None = Field(default=None, sa_type=Money)
    reference: str = Field(default="", max_length=60)  # the funder's purchase order number
    vat_percent: Decimal | None = Field(default=None, sa_type=Money)  # None: exempt
    vat_reason: str = Field(default="", max_length=200)
    frequency: str = Field(default="maand", max_length=10)
    hourly_rate: Decimal | None = Field(default=None, sa_type=Money)  # regiomanager hours, when paid
    hours: int | None = None
    created_at: dt.datetime = Field(sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(sa_type=UTCDateTime)


class ContractPrice(SQLModel, table=True):
    """A price of a contract for one billable phase, from a date on."""

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    valid_from: dt.date
    phase: str = Field(max_length=30)
    price: Decimal = Field(sa_type=Money)


class CaseFunding(SQLModel, table=True):
    """Which contract pays for a case now (its changes are lines of the case history)."""

    case_id: int = Field(foreign_key="case.id", primary_key=True)
    contract_id: int | None = Field(default=None, foreign_key="contract.id", index=True)
    domain: str = Field(max_length=30)
    confirmed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    confirmed_by_id: int | None = Field(default=None, foreign_key="user.id")


class Invoice(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    period_start: dt.date
    period_end: dt.date
    state: str = Field(default="concept", max_length=12)  # concept | definitief
    number: str | None = Field(default=None, max_length=20, unique=True)
    issued_on: dt.date | None = None
    net: Decimal = Field(sa_type=Money)
    vat: Decimal = Field(sa_type=Money)
    gross: Decimal = Field(sa_type=Money)
    vat_percent: Decimal | None = Field(default=None, sa_type=Money)
    vat_reason: str = Field(default="", max_length=200)
    reference: str = Field(default="", max_length=60)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)
    finalised_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    finalised_by_id: int | None = Field(default=None, foreign_key="user.id")


class InvoiceLine(SQLModel, table=True):
    """A line: the case reference, the phase, the date and the amount; never a name."""

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    case_ref: str = Field(max_length=20)
    phase: str = Field(max_length=30)
    on: dt.date
    amount: Decimal = Field(sa_type=Money)
    credits: str = Field(default="", max_length=20)  # the invoice number of the line a credit line reverses


class InvoiceCounter(SQLModel, table=True):
    """The last invoice number handed out in a year: locked while finalising, so numbers have no gaps."""

    year: int = Field(primary_key=True)
    last: int = 0
