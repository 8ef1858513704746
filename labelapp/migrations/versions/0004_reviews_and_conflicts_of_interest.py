"""reviews and conflicts of interest

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conflict_of_interest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessor_id'], ['user_account.id'], name=op.f('fk_conflict_of_interest_assessor_id_user_account')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_conflict_of_interest_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_conflict_of_interest_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_of_interest')),
    sa.UniqueConstraint('assessor_id', 'organisation_id', name=op.f('uq_conflict_of_interest_assessor_id'))
    )
    with op.batch_alter_table('conflict_of_interest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_of_interest_assessor_id'), ['assessor_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('no_conflict_declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recommendation', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=32), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_review_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assessor_id'], ['user_account.id'], name=op.f('fk_review_assessor_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('assessment_id', 'round', 'assessor_id', name=op.f('uq_review_assessment_id'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_assessor_id'), ['assessor_id'], unique=False)

    op.create_table('review_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('validated_value', sa.String(length=64), nullable=True),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('improvements', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_item_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_item')),
    sa.UniqueConstraint('review_id', 'item_id', name=op.f('uq_review_item_review_id'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        # Existing assessments start at round 0; the default is dropped again below.
        batch_op.add_column(sa.Column('round', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('assigned_assessor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('lead_assessor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pending_level', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('approved_level', sa.String(length=32), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_assessment_assigned_assessor_id_user_account'), 'user_account', ['assigned_assessor_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_assessment_lead_assessor_id_user_account'), 'user_account', ['lead_assessor_id'], ['id'])
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.alter_column('round', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assessment_lead_assessor_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_assessment_assigned_assessor_id_user_account'), type_='foreignkey')
        batch_op.drop_column('approved_level')
        batch_op.drop_column('pending_level')
        batch_op.drop_column('lead_assessor_id')
        batch_op.drop_column('assigned_assessor_id')
        batch_op.drop_column('round')

    op.drop_table('review_item')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_assessor_id'))
        batch_op.drop_index(batch_op.f('ix_review_assessment_id'))

    op.drop_table('review')
    with op.batch_alter_table('conflict_of_interest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_of_interest_assessor_id'))

    op.drop_table('conflict_of_interest')
