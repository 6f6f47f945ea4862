"""Case lists a page at a time: the sort orders a list may offer, one page of a query, and the short hints
(first name, the question's first words) that tell one row from another."""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select

from storage.models import Case, Coordinator, MainPerson, Municipality
from workflow.phases import Phase

PAGE_SIZE = 50
QUESTION_WORDS = 8
TOTAL = "listing_total"  # the window count's label in a page's rows
# The columns a case row shows: plain rows, no ORM entities (no record, persons or offers), so a list stays cheap.
ROW_COLUMNS = (Case.id, Case.ref, Case.phase, Case.municipality_id, Case.coordinator_id, Case.application_date)

# Every sort key a case list may offer (the URL's `sorteer=`), as the SQL it orders by. Names and places are
# correlated subqueries, so the list's own query stays `visible_cases` with no join to get wrong.
SORT_COLUMNS: dict[str, Any] = {
    "zaak": Case.ref,
    "aangemeld": Case.application_date,
    "fase": sa.case({p: n for n, p in enumerate(Phase)}, value=Case.phase),
    "gemeente": select(Municipality.name).where(Municipality.id == Case.municipality_id).scalar_subquery(),
    "coordinator": select(Coordinator.name).where(Coordinator.id == Case.coordinator_id).scalar_subquery(),
}

NULLABLE_SORTS = frozenset({"coordinator"})  # a case without a coordinator comes last, either way round


@dataclass(frozen=True)
class Sorting:
    key: str
    descending: bool = False

    def order_by(self) -> tuple[Any, ...]:
        """The ORDER BY of this sorting; the case id breaks ties, so a page never shifts between requests."""
        column = SORT_COLUMNS[self.key]
        ordered = column.desc() if self.descending else column.asc()
        if self.key in NULLABLE_SORTS:  # only where a value may be missing: NULLS LAST costs SQLite a plain sort
            ordered = ordered.nulls_last()
        return ordered, Case.id.desc() if self.descending else Case.id.asc()


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, and where it is among the others."""

    rows: list[Any]
    total: int
    page: int  # the page shown (the one asked for, or the last when that was beyond the end)
    pages: int
    size: int


def page_of(
    session: Session, query: Any, sorting: Sorting, page: int, size: int = PAGE_SIZE, costly_filter: bool = False
) -> Page:
    """Page `page` of the cases `query` selects (a select of Case or of Case's columns), sorted; a page beyond
    the end becomes the last page. A count, then the page: a top-N sort that is cheap for plain filters. With a
    `costly_filter` (the search's LIKEs), one query brings the page and a window count, so the filter runs once."""
    if costly_filter:
        rows, total = _rows_and_total(session, query, sorting, page, size)
        if rows or page == 1:
            return Page(rows, total, page, _pages(total, size), size)
    total = session.execute(query.with_only_columns(func.count(Case.id)).order_by(None)).scalar_one()
    page = min(max(page, 1), _pages(total, size))
    result = session.execute(query.order_by(*sorting.order_by()).offset((page - 1) * size).limit(size))
    return Page(_shaped(query, result.all()), total, page, _pages(total, size), size)


def _rows_and_total(session: Session, query: Any, sorting: Sorting, page: int, size: int) -> tuple[list, int]:
    counted = query.add_columns(func.count().over().label(TOTAL)).order_by(*sorting.order_by())
    found = session.execute(counted.offset((page - 1) * size).limit(size)).all()
    return _shaped(query, found), getattr(found[0], TOTAL) if found else 0


def _shaped(query: Any, found: list) -> list:
    """One entity (select(Case)) gives the cases; several columns give their rows as they are."""
    return [row[0] for row in found] if len(query.column_descriptions) == 1 else list(found)


def _pages(total: int, size: int) -> int:
    return max((total + size - 1) // size, 1)


@dataclass(frozen=True)
class Hint:
    """What tells a case apart at a glance: the main person's first name and the question's first words."""

    first_name: str
    question: str

    def __bool__(self) -> bool:
        return bool(self.first_name or self.question)


def hints_for(session: Session, case_ids: set[int]) -> dict[int, Hint]:
    """The hint of each case, in one query. The ids must come from a scoped list (visible_cases): whoever may
    see a case in a list may see its first name and question."""
    if not case_ids:
        return {}
    first_person = (
        select(MainPerson.name)
        .where(MainPerson.case_id == Case.id, MainPerson.name.is_not(None))
        .order_by(MainPerson.position)
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(select(Case.id, Case.question, first_person).where(Case.id.in_(case_ids))).all()
    found = {case_id: Hint(first_name(name), first_words(question)) for case_id, question, name in rows}
    return {case_id: found.get(case_id, Hint("", "")) for case_id in case_ids}


def first_name(name: str | None) -> str:
    """The first word of a name ("Sam" of "Sam Jansen")."""
    words = (name or "").split()
    return words[0] if words else ""


def first_words(text: str | None, count: int = QUESTION_WORDS) -> str:
    """The first `count` words of a text on one line, with an ellipsis when there is more."""
    words = (text or "").split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")
