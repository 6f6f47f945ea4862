"""Many new rows into one table at once, in the caller's transaction: COPY on PostgreSQL, an executemany
INSERT elsewhere (SQLite). An import of 100,000 registrations writes 200,000 rows: as INSERTs, PostgreSQL's
own work on them took longer than everything else the import does; COPY is a fraction of it."""

import json
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

PAGE = 5_000  # rows per INSERT statement's executemany (SQLite)


def insert_rows(session: Session, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (each with the same keys, columns of `table`). JSON columns are written as json.dumps
    writes them, as the INSERT does."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        for start in range(0, len(rows), PAGE):
            session.execute(sa.insert(table), rows[start : start + PAGE])
        return
    names = list(rows[0])
    quote = connection.dialect.identifier_preparer.quote
    as_json = [isinstance(table.c[name].type, sa.JSON) for name in names]
    statement = f"COPY {quote(table.name)} ({', '.join(map(quote, names))}) FROM STDIN"
    driver = connection.connection.driver_connection  # psycopg's, in this transaction
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([json.dumps(row[n]) if j else row[n] for n, j in zip(names, as_json, strict=True)])
