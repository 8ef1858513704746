"""benchmark reports: each organisation's benchmarking report as issued (the inputs it
rests on, its group sizes for the change-by-one rule) and its kept PDFs

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "benchmark_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("follows_id", sa.Integer(), nullable=True),
        sa.Column("inputs_sha256", sa.String(length=64), nullable=False),
        sa.Column("group_sizes", sa.Text(), nullable=False),
        sa.Column("compared_with", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_benchmark_report_assessment_id_assessment"),
        ),
        sa.ForeignKeyConstraint(
            ["follows_id"],
            ["benchmark_report.id"],
            name=op.f("fk_benchmark_report_follows_id_benchmark_report"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_benchmark_report_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benchmark_report")),
        sa.UniqueConstraint(
            "organisation_id", "follows_id", name=op.f("uq_benchmark_report_organisation_id")
        ),
    )
    with op.batch_alter_table("benchmark_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_benchmark_report_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "benchmark_report_pdf",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("pdf_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pdf_key"],
            ["stored_file.key"],
            name=op.f("fk_benchmark_report_pdf_pdf_key_stored_file"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["benchmark_report.id"],
            name=op.f("fk_benchmark_report_pdf_report_id_benchmark_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benchmark_report_pdf")),
        sa.UniqueConstraint(
            "report_id", "language", name=op.f("uq_benchmark_report_pdf_report_id")
        ),
    )

    # Covering peer indexes: a group's statistics read from the index alone.
    with op.batch_alter_table("section_result", schema=None) as batch_op:
        batch_op.drop_index("ix_section_result_peers")
        batch_op.create_index(
            "ix_section_result_peers",
            ["criteria_version_id", "section_id", "percent", "assessment_id"],
            unique=False,
        )
    with op.batch_alter_table("indicator_result", schema=None) as batch_op:
        batch_op.drop_index("ix_indicator_result_peers")
        batch_op.create_index(
            "ix_indicator_result_peers",
            ["criteria_version_id", "indicator_id", "number", "met", "assessment_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("indicator_result", schema=None) as batch_op:
        batch_op.drop_index("ix_indicator_result_peers")
        batch_op.create_index(
            "ix_indicator_result_peers", ["criteria_version_id", "indicator_id"], unique=False
        )
    with op.batch_alter_table("section_result", schema=None) as batch_op:
        batch_op.drop_index("ix_section_result_peers")
        batch_op.create_index(
            "ix_section_result_peers", ["criteria_version_id", "section_id"], unique=False
        )
    op.drop_table("benchmark_report_pdf")
    with op.batch_alter_table("benchmark_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_benchmark_report_organisation_id"))

    op.drop_table("benchmark_report")
