"""articles.reanalysis_pending: which articles a re-analysis run still has to do (so a killed run resumes)

Revision ID: 0003_i11
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003_i11'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('reanalysis_pending', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.drop_column('reanalysis_pending')
