"""Finding a case by its reference, a main person's name, the referrer (name or organisation) or the
municipality: case-insensitive, partial, the same on SQLite and PostgreSQL. The scope is the caller's
(`visible_cases`); a case whose personal data was removed is found by its reference only."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, select

from storage.case_listing import ROW_COLUMNS, Page, Sorting, page_of
from storage.models import Case, MainPerson, Municipality
from storage.uow import visible_cases
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_one
from workflow.guards import Actor

SEARCH_TEXT = FieldSpec("q", "Zoekterm", "line", max_length=100)
MIN_LENGTH = 2
LIKE_ESCAPE = "\\"
SQLITE_FOLD = "kring_fold"  # registered on every SQLite connection by storage.engine


def parse_search_text(raw: Any) -> str:
    """The search text, stripped; InvalidInput (a Dutch message) when it has control characters, is too long
    or too short to mean anything. Empty stays empty (no search yet)."""
    text = parse_one(SEARCH_TEXT, raw) or ""
    if 0 < len(text) < MIN_LENGTH:
        raise InvalidInput({"q": f"Zoekterm: typ minstens {MIN_LENGTH} tekens"})
    return text


class fold(FunctionElement):  # noqa: N801  (an SQL function, named as one)
    """lower() that folds every letter: SQLite's own lower() leaves non-ASCII letters (Ö, É) alone, so SQLite
    connections get a Python one (storage.engine registers it); PostgreSQL's lower() already does."""

    type = sa.String()
    inherit_cache = True


@compiles(fold)
def _fold_default(element: fold, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(fold, "sqlite")
def _fold_sqlite(element: fold, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_FOLD}({compiler.process(element.clauses, **kw)})"


class ascii_ilike(FunctionElement):  # noqa: N801  (an SQL operator, named as one)
    """`column` LIKE a lower-case `pattern`, ignoring case: lower(column) LIKE on PostgreSQL (measured faster
    there than ILIKE), a bare LIKE on SQLite (whose LIKE already ignores the case of ASCII letters)."""

    type = sa.Boolean()
    inherit_cache = True


@compiles(ascii_ilike)
def _ilike_default(element: ascii_ilike, compiler: Any, **kw: Any) -> str:
    column, pattern = (compiler.process(c, **kw) for c in element.clauses)
    return f"lower({column}) LIKE {pattern} ESCAPE '{LIKE_ESCAPE}'"


@compiles(ascii_ilike, "sqlite")
def _ilike_sqlite(element: ascii_ilike, compiler: Any, **kw: Any) -> str:
    column, pattern = (compiler.process(c, **kw) for c in element.clauses)
    return f"{column} LIKE {pattern} ESCAPE '{LIKE_ESCAPE}'"


def matches(text: str) -> Any:
    """The WHERE clause of a search for `text`: % and _ are literal characters, never wildcards."""
    escaped = text.lower().replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", r"\%").replace("_", r"\_")
    pattern = f"%{escaped}%"

    def like(column: Any) -> Any:
        # An ASCII text can only match ASCII letters, whose case SQLite's LIKE ignores by itself: no function
        # call per row there, which halves SQLite's time. Other letters go through `fold`.
        if text.isascii():
            return ascii_ilike(column, sa.literal(pattern))
        return fold(column).like(pattern, escape=LIKE_ESCAPE)

    personal = sa.or_(
        like(Case.referrer_name),
        like(Case.referrer_organisation),
        Case.id.in_(select(MainPerson.case_id).where(like(MainPerson.name))),
        Case.municipality_id.in_(select(Municipality.id).where(like(Municipality.name))),
    )
    return sa.or_(like(Case.ref), sa.and_(Case.personal_data_removed_at.is_(None), personal))


def search_cases(session: Session, actor: Actor, text: str, sorting: Sorting, page: int) -> Page:
    """One page of the cases `actor` may see that match `text` (rows of a case's list columns)."""
    query = visible_cases(actor).where(matches(text))
    return page_of(session, query.with_only_columns(*ROW_COLUMNS), sorting, page, costly_filter=True)
