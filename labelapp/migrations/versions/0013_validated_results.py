"""validated results: the validated per-section and per-indicator results of approved
assessments, as rows that reports aggregate with SQL

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30

Assessments approved before this revision get their rows from
`labelapp results backfill` (scoring needs the engine and the stored criteria,
which a migration must not depend on; decision 22).
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'section_result',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('criteria_version_id', sa.Integer(), nullable=False),
        sa.Column('section_id', sa.String(length=64), nullable=False),
        sa.Column('percent', sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column('points', sa.Numeric(precision=12, scale=4), nullable=False),
        sa.Column('max_points', sa.Integer(), nullable=False),
        sa.CheckConstraint(
            'percent >= 0 AND percent <= 100', name=op.f('ck_section_result_percent_range')
        ),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['criteria_version_id'], ['criteria_version.id']),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('assessment_id', 'section_id'),
    )
    with op.batch_alter_table('section_result', schema=None) as batch_op:
        batch_op.create_index(
            'ix_section_result_organisation_id', ['organisation_id'], unique=False
        )
        batch_op.create_index(
            'ix_section_result_peers', ['criteria_version_id', 'section_id'], unique=False
        )
    op.create_table(
        'indicator_result',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('criteria_version_id', sa.Integer(), nullable=False),
        sa.Column('indicator_id', sa.String(length=64), nullable=False),
        sa.Column('value', sa.String(length=64), nullable=True),
        sa.Column('number', sa.Numeric(), nullable=True),
        sa.Column('met', sa.Boolean(), nullable=False),
        sa.Column('points', sa.Integer(), nullable=False),
        sa.Column('max_points', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['criteria_version_id'], ['criteria_version.id']),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('assessment_id', 'indicator_id'),
    )
    with op.batch_alter_table('indicator_result', schema=None) as batch_op:
        batch_op.create_index(
            'ix_indicator_result_organisation_id', ['organisation_id'], unique=False
        )
        batch_op.create_index(
            'ix_indicator_result_peers', ['criteria_version_id', 'indicator_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('indicator_result', schema=None) as batch_op:
        batch_op.drop_index('ix_indicator_result_peers')
        batch_op.drop_index('ix_indicator_result_organisation_id')
    op.drop_table('indicator_result')
    with op.batch_alter_table('section_result', schema=None) as batch_op:
        batch_op.drop_index('ix_section_result_peers')
        batch_op.drop_index('ix_section_result_organisation_id')
    op.drop_table('section_result')
