"""The migrations make exactly the schema the models describe, on SQLite and PostgreSQL: a model changed
without its migration (or a migration without its model) is found here, not on a production database."""

import ast
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import storage.all_models  # noqa: F401  (every table on the metadata, as the migrations see them)

STORAGE = Path(__file__).resolve().parents[2] / "storage"


def test_the_migrated_schema_is_the_models_schema(any_engine):
    with any_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_every_module_with_tables_is_on_the_metadata_the_migrations_use():
    imported = {
        alias.name
        for node in ast.parse((STORAGE / "all_models.py").read_text()).body
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    with_tables = {f"storage.{p.stem}" for p in STORAGE.glob("*.py") if "table=True" in p.read_text()}
    assert with_tables <= imported, f"add to storage/all_models.py: {sorted(with_tables - imported)}"
