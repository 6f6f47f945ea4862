"""Alembic, configured in code: `kring db upgrade` and the tests call these."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from storage.engine import database_url

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at our migrations and the given (or configured) database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "heads") -> None:
    """Bring the schema to `revision`."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Take the schema back to `revision`."""
    command.downgrade(alembic_config(url), revision)
