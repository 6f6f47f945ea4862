"""What the domain reads and writes on a case, whatever stores it (a database row or a test double)."""

import datetime as dt
from typing import Any, Protocol

from workflow.phases import Phase


class OfferLike(Protocol):
    coordinator_id: int
    state: str


class CaseLike(Protocol):
    """The attributes of a case the workflow uses. `record` holds the registration data as JSON."""

    id: int | None
    phase: Phase
    version: int | None
    compulsory_framework: bool
    conditions: str | None
    coordinator_id: int | None
    co_coordinator_id: int | None  # a second coordinator (herstel, groep), with the same rights
    variant: str
    region_id: int
    outcome: str | None
    closed_from: Phase | None
    closed_at: dt.datetime | None
    personal_data_removed_at: dt.datetime | None
    record: dict[str, Any]
    offers: list[OfferLike]


def record_get(case: CaseLike, key: str, default: Any = None) -> Any:
    """A value of the case's registration record."""
    return (case.record or {}).get(key, default)


def record_set(case: CaseLike, **values: Any) -> None:
    """Set values in the record by replacing the dict, so the ORM sees the change."""
    case.record = {**(case.record or {}), **{k: _jsonable(v) for k, v in values.items()}}


def record_append(case: CaseLike, key: str, item: dict[str, Any]) -> None:
    """Append an item to a list in the record."""
    record_set(case, **{key: [*record_get(case, key, []), item]})


def held_meetings(case: CaseLike) -> list[dict[str, Any]]:
    """The meetings that took place, in order."""
    return list(record_get(case, "bijeenkomsten", []))


def open_offer(case: CaseLike) -> OfferLike | None:
    """The offer of this case waiting for an answer, if any."""
    return next((o for o in case.offers if o.state == "open"), None)


def record_date(value: Any) -> dt.date | None:
    """A date as the record keeps it (ISO text, or a date), or None when it is missing or unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
