"""languages: an account's language, an organisation's certificate language, the
language a certificate was issued in, and its copies in other languages

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: existing accounts have chosen nothing and keep following their browser.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
    # Everything issued so far was English.
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('certificate_language', sa.String(length=8), nullable=False, server_default='en')
        )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('language', sa.String(length=8), nullable=False, server_default='en')
        )
    op.create_table(
        'certificate_copy',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('certificate_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('pdf_key', sa.String(length=64), nullable=False),
        sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['pdf_key'], ['stored_file.key']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('certificate_id', 'language'),
    )
    with op.batch_alter_table('certificate_copy', schema=None) as batch_op:
        batch_op.create_index('ix_certificate_copy_certificate_id', ['certificate_id'], unique=False)
        batch_op.create_index('ix_certificate_copy_pdf_sha256', ['pdf_sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('certificate_copy', schema=None) as batch_op:
        batch_op.drop_index('ix_certificate_copy_pdf_sha256')
        batch_op.drop_index('ix_certificate_copy_certificate_id')
    op.drop_table('certificate_copy')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('certificate_language')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('language')
