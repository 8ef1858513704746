"""invitation answers: declined invitations, and the addressee's list by e-mail

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('declined_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('declined_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_invitation_declined_by_id_user_account'), 'user_account', ['declined_by_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_invitation_email'), ['email'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_email'))
        batch_op.drop_constraint(batch_op.f('fk_invitation_declined_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('declined_by_id')
        batch_op.drop_column('declined_at')
