"""industrial ecosystems: an organisation's primary and secondary EU industrial ecosystems

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Unknown until a manager chooses: existing organisations stay valid.
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ecosystem', sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column('secondary_ecosystems', sa.String(length=100), nullable=False, server_default='')
        )
        batch_op.create_index('ix_organisation_ecosystem', ['ecosystem'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index('ix_organisation_ecosystem')
        batch_op.drop_column('secondary_ecosystems')
        batch_op.drop_column('ecosystem')
