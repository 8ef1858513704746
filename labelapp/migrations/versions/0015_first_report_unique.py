"""first benchmark report unique: one first report per organisation (a partial unique
index: the (organisation, follows) constraint cannot, NULLs being never equal)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Two first readings at once may have recorded two first reports. One that no
    # report follows goes, with its PDFs, when the other is followed or older.
    duplicate = """
        SELECT spare.id FROM benchmark_report AS spare
        WHERE spare.follows_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM benchmark_report AS next WHERE next.follows_id = spare.id)
        AND EXISTS (SELECT 1 FROM benchmark_report AS kept
            WHERE kept.organisation_id = spare.organisation_id
            AND kept.follows_id IS NULL AND kept.id != spare.id
            AND (kept.id < spare.id
                 OR EXISTS (SELECT 1 FROM benchmark_report AS after
                            WHERE after.follows_id = kept.id)))
    """
    op.execute(f"DELETE FROM benchmark_report_pdf WHERE report_id IN ({duplicate})")
    op.execute(f"DELETE FROM benchmark_report WHERE id IN ({duplicate})")
    with op.batch_alter_table("benchmark_report", schema=None) as batch_op:
        batch_op.create_index(
            "uq_benchmark_report_first",
            ["organisation_id"],
            unique=True,
            sqlite_where=sa.text("follows_id IS NULL"),
            postgresql_where=sa.text("follows_id IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("benchmark_report", schema=None) as batch_op:
        batch_op.drop_index("uq_benchmark_report_first")
