"""The audit trail of money: every new, changed or removed funder, contract, price, invoice and invoice line,
field by field, with who and when. Written by a flush listener, so no page or command can forget it."""

import datetime as dt
import decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import JSON, Field, SQLModel

from storage.audit import current_actor
from storage.billing_models import CaseFunding, Contract, ContractPrice, Funder, Invoice, InvoiceLine
from storage.types import UTCDateTime
from workflow.clock import SystemClock

KINDS = {
    Funder: "financier",
    Contract: "contract",
    ContractPrice: "prijs",
    CaseFunding: "financiering",
    Invoice: "factuur",
    InvoiceLine: "factuurregel",
}


class MoneyAuditEntry(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(sa_type=UTCDateTime, index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    kind: str = Field(max_length=20)
    object_id: int = Field(index=True)
    change: str = Field(max_length=12)  # nieuw | gewijzigd | verwijderd
    field: str = Field(max_length=40)
    old: Any = Field(default=None, sa_type=JSON, nullable=True)  # None: the field was empty
    new: Any = Field(default=None, sa_type=JSON, nullable=True)  # None: the field was empty


def listen() -> None:
    """Write the money audit after every flush of every session (called by web.bootstrap; twice is harmless)."""
    if not sa.event.contains(OrmSession, "after_flush", _audit):
        sa.event.listen(OrmSession, "after_flush", _audit)


def _audit(session: OrmSession, _context: Any) -> None:
    # After the flush the new rows have their ids, while new/dirty/deleted still show what the flush wrote.
    now = session.info.get("clock", SystemClock()).now()
    rows = [
        *(_rows(obj, "nieuw") for obj in session.new if type(obj) in KINDS),
        *(_rows(obj, "gewijzigd") for obj in session.dirty if type(obj) in KINDS),
        *(_rows(obj, "verwijderd") for obj in session.deleted if type(obj) in KINDS),
    ]
    entries = [dict(row, at=now, user_id=current_actor()) for group in rows for row in group]
    if entries:
        session.connection().execute(sa.insert(MoneyAuditEntry.__table__), entries)


def _rows(obj: Any, change: str) -> list[dict[str, Any]]:
    state = sa.inspect(obj)
    object_id = state.mapper.primary_key_from_instance(obj)[0] or 0
    found = []
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if change == "gewijzigd" and not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else (history.unchanged[0] if change == "verwijderd" else None)
        new = history.added[0] if history.added else None
        if change == "nieuw" and new is None:
            continue
        found.append(
            {
                "kind": KINDS[type(obj)],
                "object_id": object_id,
                "change": change,
                "field": attr.key,
                "old": _plain(old),
                "new": _plain(new),
            }
        )
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
