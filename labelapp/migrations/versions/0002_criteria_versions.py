"""criteria versions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('criteria_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'retired', name='criteria_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('source_name', sa.String(length=255), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criteria_version')),
    sa.UniqueConstraint('scheme', 'version', name=op.f('uq_criteria_version_scheme'))
    )
    with op.batch_alter_table('criteria_version', schema=None) as batch_op:
        batch_op.create_index('uq_criteria_version_current', ['scheme'], unique=True, sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))

def downgrade() -> None:
    with op.batch_alter_table('criteria_version', schema=None) as batch_op:
        batch_op.drop_index('uq_criteria_version_current', sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))

    op.drop_table('criteria_version')
