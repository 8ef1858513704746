"""certificates

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificate_counter',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_certificate_counter'))
    )
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('criteria_version_id', sa.Integer(), nullable=False),
    sa.Column('organisation_name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('level', sa.String(length=32), nullable=False),
    sa.Column('level_title', sa.String(length=120), nullable=False),
    sa.Column('scheme', sa.String(length=64), nullable=False),
    sa.Column('scheme_title', sa.String(length=500), nullable=False),
    sa.Column('criteria_version', sa.String(length=32), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('valid', 'suspended', 'revoked', name='certificate_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.Column('expiry_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pdf_key', sa.String(length=64), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_certificate_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['criteria_version_id'], ['criteria_version.id'], name=op.f('fk_certificate_criteria_version_id_criteria_version')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_certificate_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['pdf_key'], ['stored_file.key'], name=op.f('fk_certificate_pdf_key_stored_file')),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['certificate.id'], name=op.f('fk_certificate_superseded_by_id_certificate')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('assessment_id', name=op.f('uq_certificate_assessment_id')),
    sa.UniqueConstraint('number', name=op.f('uq_certificate_number'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_level'), ['level'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_pdf_sha256'), ['pdf_sha256'], unique=False)
        batch_op.create_index('ix_certificate_registry', ['status', 'valid_until'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index('ix_certificate_registry')
        batch_op.drop_index(batch_op.f('ix_certificate_pdf_sha256'))
        batch_op.drop_index(batch_op.f('ix_certificate_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_level'))
        batch_op.drop_index(batch_op.f('ix_certificate_country'))

    op.drop_table('certificate')
    op.drop_table('certificate_counter')
