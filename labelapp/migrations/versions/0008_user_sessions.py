"""sign-ins held on the server (user_session) instead of a per-account token

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import secrets

from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('key_sha256', name=op.f('uq_user_session_key_sha256'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)
    # Every earlier sign-in ends: its cookie named the account's token, now gone.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint('uq_user_account_login_token', type_='unique')
        batch_op.drop_column('login_token')


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login_token', sa.String(length=64), nullable=True))
    user_account = sa.table('user_account', sa.column('id', sa.Integer), sa.column('login_token', sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(user_account.c.id)).all():
        connection.execute(
            user_account.update()
            .where(user_account.c.id == user_id)
            .values(login_token=secrets.token_urlsafe(24))
        )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('login_token', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_user_account_login_token', ['login_token'])
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
    op.drop_table('user_session')
