"""billing: funders, contracts with dated prices, the contract paying for a case, invoices and their lines

Revision ID: 0009_billing
Revises: 0008_idempotency
"""

import sqlalchemy as sa
import sqlmodel  # autogenerate writes sqlmodel.sql.sqltypes.AutoString
from alembic import op

import storage.types

revision = "0009_billing"
down_revision = "0008_idempotency"
branch_labels = None
depends_on = None

TABLES = (
    "invoiceline",
    "casefunding",
    "invoice",
    "fundermunicipality",
    "contractprice",
    "contract",
    "invoicecounter",
    "funder",
)


def upgrade() -> None:
    op.create_table(
        "funder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("identifier", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("scheme", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("street", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("postcode", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("city", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "invoicecounter",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("funder_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("domains", sa.JSON(), nullable=False),
        sa.Column("purchased", sa.JSON(), nullable=False),
        sa.Column("budget", storage.types.Money(), nullable=True),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("vat_percent", storage.types.Money(), nullable=True),
        sa.Column("vat_reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("frequency", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("hourly_rate", storage.types.Money(), nullable=True),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["funder_id"],
            ["funder.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_funder_id"), ["funder_id"], unique=False)

    op.create_table(
        "contractprice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("phase", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("price", storage.types.Money(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contractprice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contractprice_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "fundermunicipality",
        sa.Column("funder_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["funder_id"],
            ["funder.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("funder_id", "municipality_id"),
    )
    with op.batch_alter_table("fundermunicipality", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fundermunicipality_municipality_id"), ["municipality_id"], unique=False)

    op.create_table(
        "invoice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("net", storage.types.Money(), nullable=False),
        sa.Column("vat", storage.types.Money(), nullable=False),
        sa.Column("gross", storage.types.Money(), nullable=False),
        sa.Column("vat_percent", storage.types.Money(), nullable=True),
        sa.Column("vat_reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finalised_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finalised_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
        ),
        sa.ForeignKeyConstraint(
            ["finalised_by_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "casefunding",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("domain", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("confirmed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
        ),
        sa.PrimaryKeyConstraint("case_id"),
    )
    with op.batch_alter_table("casefunding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casefunding_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "invoiceline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("case_ref", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("phase", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("amount", storage.types.Money(), nullable=False),
        sa.Column("credits", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("invoiceline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoiceline_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invoiceline_invoice_id"), ["invoice_id"], unique=False)

    op.create_table(
        "moneyauditentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("change", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("moneyauditentry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_moneyauditentry_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_moneyauditentry_object_id"), ["object_id"], unique=False)


def downgrade() -> None:
    for table in TABLES:  # dependants first; dropping a table drops its indexes
        op.drop_table(table)
