"""registry indexes that cover its pages and filter choices

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index('ix_certificate_registry')
        batch_op.create_index('ix_certificate_registry_order', ['status', 'name_key', 'number', 'valid_until', 'superseded_by_id'], unique=False)
        batch_op.create_index('ix_certificate_registry_choices', ['status', 'country', 'level', 'level_title', 'scheme', 'scheme_title', 'valid_until', 'superseded_by_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index('ix_certificate_registry_choices')
        batch_op.drop_index('ix_certificate_registry_order')
        batch_op.create_index('ix_certificate_registry', ['status', 'valid_until'], unique=False)
