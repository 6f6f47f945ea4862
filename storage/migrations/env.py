"""Alembic environment: our metadata, our engine settings, batch mode for SQLite's limited ALTER."""

from alembic import context
from sqlmodel import SQLModel

import storage.audit  # noqa: F401
import storage.billing_audit  # noqa: F401
import storage.billing_models  # noqa: F401
import storage.idempotency  # noqa: F401
import storage.matching  # noqa: F401
import storage.models  # noqa: F401  (registers every table on the metadata)
import storage.password_reset  # noqa: F401
import storage.questionnaires  # noqa: F401
import storage.registrations  # noqa: F401
import storage.reminders  # noqa: F401
import storage.settings  # noqa: F401
import storage.withdrawals  # noqa: F401
from storage.engine import make_engine

config = context.config


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
