"""improvement areas: declared on a label's benchmarking report with a plan, reported
on and validated at the next assessment

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "improvement_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("base_assessment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("target_on", sa.Date(), nullable=False),
        sa.Column("declared_by_id", sa.Integer(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("achieved", sa.Text(), nullable=False),
        sa.Column("evidence_link", sa.String(length=2000), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("verdict_comment", sa.Text(), nullable=False),
        sa.Column("verdict_assessment_id", sa.Integer(), nullable=True),
        sa.Column("verdict_by_id", sa.Integer(), nullable=True),
        sa.Column("verdict_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["base_assessment_id"], ["assessment.id"]),
        sa.ForeignKeyConstraint(["declared_by_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.ForeignKeyConstraint(["verdict_assessment_id"], ["assessment.id"]),
        sa.ForeignKeyConstraint(["verdict_by_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("base_assessment_id", "kind", "subject"),
    )
    op.create_index("ix_improvement_area_organisation_id", "improvement_area", ["organisation_id"])
    op.create_index(
        "ix_improvement_area_base_assessment_id", "improvement_area", ["base_assessment_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_improvement_area_base_assessment_id", table_name="improvement_area")
    op.drop_index("ix_improvement_area_organisation_id", table_name="improvement_area")
    op.drop_table("improvement_area")
