"""stored analysis per article, corpus version, statement key with the speaker

Revision ID: i10_0003
Revises: 0002

- `article_analyses`: the engine's whole analysis per article (the pages render it; never a fresh analysis).
  Articles stored before this revision get an empty, stale analysis: the app re-analyses them in the background.
- `corpus_meta` + triggers: a version number bumped by every write (cache key of the pages' views).
- `reviews.statement_speaker_id`: a review is keyed by (article, start, end, engine speaker), so two statements in
  one sentence (coordinated subjects) are reviewed separately. Existing reviews keep their decisions: the key speaker
  is the statement's speaker whose name is the review's engine speaker (else the span's first statement's, else the
  reviewed speaker).
"""

import sqlalchemy as sa
from alembic import op

from goftar.store.analysis import install_version_triggers

revision = 'i10_0003'
down_revision = '0002'
branch_labels = None
depends_on = None

KEY_SPEAKER = """
UPDATE reviews SET statement_speaker_id = COALESCE(
  (SELECT s.speaker_id FROM statements s JOIN people p ON p.id = s.speaker_id
    WHERE s.article_id = reviews.article_id AND s.start = reviews.start AND s."end" = reviews."end"
      AND p.name = reviews.engine_speaker ORDER BY s.position LIMIT 1),
  (SELECT s.speaker_id FROM statements s
    WHERE s.article_id = reviews.article_id AND s.start = reviews.start AND s."end" = reviews."end"
    ORDER BY s.position LIMIT 1),
  (SELECT p.id FROM people p WHERE p.name = reviews.engine_speaker ORDER BY p.id LIMIT 1),
  reviews.speaker_id)
"""


def upgrade() -> None:
    op.create_table('article_analyses',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('engine_version', sa.String(length=32), nullable=False),
    sa.Column('analysis', sa.JSON(), nullable=False),
    sa.Column('stale', sa.Boolean(), nullable=False),
    sa.Column('analyzed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id')
    )
    op.create_index('ix_article_analyses_stale', 'article_analyses', ['stale'], unique=False)
    op.create_table('corpus_meta',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('name')
    )
    op.execute("INSERT INTO corpus_meta (name, number) VALUES ('version', 1)")
    op.execute("INSERT INTO article_analyses (article_id, engine_version, analysis, stale, analyzed_at) "
               "SELECT id, engine_version, '{}', true, ingested_at FROM articles")

    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statement_speaker_id', sa.Integer(), nullable=True))
    op.execute(KEY_SPEAKER)
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_constraint('uq_reviews_span', type_='unique')
        batch_op.create_unique_constraint('uq_reviews_statement', ['article_id', 'start', 'end', 'statement_speaker_id'])
        batch_op.create_foreign_key('fk_reviews_statement_speaker', 'people', ['statement_speaker_id'], ['id'])
        batch_op.create_index('ix_reviews_statement', ['article_id', 'start', 'end'], unique=False)
    install_version_triggers(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql("DROP FUNCTION IF EXISTS goftar_bump_version() CASCADE")
        bind.exec_driver_sql("DROP SEQUENCE IF EXISTS goftar_corpus_version")
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_reviews_statement')
        batch_op.drop_constraint('fk_reviews_statement_speaker', type_='foreignkey')
        batch_op.drop_constraint('uq_reviews_statement', type_='unique')
        batch_op.create_unique_constraint('uq_reviews_span', ['article_id', 'start', 'end'])
        batch_op.drop_column('statement_speaker_id')
    op.drop_table('corpus_meta')
    op.drop_index('ix_article_analyses_stale', table_name='article_analyses')
    op.drop_table('article_analyses')
