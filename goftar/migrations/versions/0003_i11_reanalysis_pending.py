"""articles.reanalysis_pending: which articles a re-analysis run still has to do (so a killed run resumes)

Revision ID: 0003_i11
Revises: i10_0005 (written against 0002; re-chained after issue 10's migrations when merged)
"""

import sqlalchemy as sa
from alembic import op

revision = '0003_i11'
down_revision = 'i10_0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ALTER TABLE, never a batch rebuild: on SQLite (foreign keys on) dropping the old `articles` table would
    # delete every statement and review with it, and its version triggers would go too
    op.add_column('articles', sa.Column('reanalysis_pending', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column('articles', 'reanalysis_pending')  # SQLite ≥ 3.35 drops a column in place
