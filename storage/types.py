"""Column types that behave the same on SQLite and PostgreSQL."""

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from workflow.phases import Phase


class UTCDateTime(sa.TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out. SQLite drops offsets silently, so we normalise to UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store aware datetimes only")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def phase_type() -> sa.Enum:
    """Phases as VARCHAR holding the values, read back as Phase members (no native PG enum to migrate)."""
    return sa.Enum(
        Phase,
        native_enum=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        name="phase",
        create_constraint=False,
    )


class Money(sa.TypeDecorator):
    """Euro amounts as whole cents (BIGINT) in the database, Decimal in Python: exact on SQLite too, where a
    NUMERIC column would be a float."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: sa.Dialect) -> int | None:
        if value is None:
            return None
        cents = Decimal(value) * 100
        if cents != cents.to_integral_value():
            raise ValueError(f"an amount finer than a cent: {value}")
        return int(cents)

    def process_result_value(self, value: int | None, dialect: sa.Dialect) -> Decimal | None:
        return None if value is None else (Decimal(value) / 100).quantize(Decimal("0.01"))
