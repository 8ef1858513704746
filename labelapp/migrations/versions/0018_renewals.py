"""renewals: the label an assessment renews, answers carried over from it, and the
label a certificate continues the history of

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("renews_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_assessment_renews_id_certificate", "certificate", ["renews_id"], ["id"]
        )
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("carried_over", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("continues_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("earlier_labels", sa.Text(), nullable=False, server_default="[]")
        )
        batch_op.create_foreign_key(
            "fk_certificate_continues_id_certificate", "certificate", ["continues_id"], ["id"]
        )
    # Existing answers were typed, not carried over, and existing labels continue none;
    # new rows get the model's defaults.
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.alter_column("carried_over", server_default=None)
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.alter_column("earlier_labels", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_constraint("fk_certificate_continues_id_certificate", type_="foreignkey")
        batch_op.drop_column("earlier_labels")
        batch_op.drop_column("continues_id")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_column("carried_over")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint("fk_assessment_renews_id_certificate", type_="foreignkey")
        batch_op.drop_column("renews_id")
