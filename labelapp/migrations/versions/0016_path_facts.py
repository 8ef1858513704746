"""path facts: an assessor's country, the assessment's dates and the certificate's
assessment date (the label's path and its validity count from them)

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=True))
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assessed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("assessed_until", sa.Date(), nullable=True))
    # Certificates issued before the date was recorded keep none: their validity ran
    # from the day of issue and nothing may claim an assessment date they did not record.
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assessed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_column("assessed_on")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("assessed_until")
        batch_op.drop_column("assessed_on")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("country")
