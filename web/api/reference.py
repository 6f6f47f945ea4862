"""The database's lists that the OpenAPI document names as values: the municipalities an application may name
and the regions a report may be asked for (reference data the bureau maintains, so read when asked)."""

from dataclasses import dataclass

from sqlmodel import Session, select

from storage.models import Municipality, Region


@dataclass(frozen=True)
class Reference:
    municipalities: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # by name and by id (as text), as the filter takes them


def region_names(session: Session) -> tuple[str, ...]:
    """Every region's name, then every region's id as text."""
    rows = session.exec(select(Region.id, Region.name).order_by(Region.name)).all()
    return tuple(name for _, name in rows) + tuple(str(rid) for rid, _ in rows)


def reference_lists(session: Session) -> Reference:
    """The lists as they are now."""
    names = session.exec(select(Municipality.name).order_by(Municipality.name)).all()
    return Reference(tuple(names), region_names(session))
