"""speaker × issue totals of engine statements, kept by the analysis writes

Revision ID: i10_0005
Revises: i10_0004
"""

import sqlalchemy as sa
from alembic import op

from goftar.store.analysis import rebuild_totals

revision = 'i10_0005'
down_revision = 'i10_0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('speaker_topic_totals',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ),
    sa.PrimaryKeyConstraint('person_id', 'topic')
    )
    rebuild_totals(op.get_bind())


def downgrade() -> None:
    op.drop_table('speaker_topic_totals')
