"""Persian full-text search over statements and articles

Revision ID: i10_0004
Revises: i10_0003

SQLite: FTS5 tables `statement_fts` and `article_fts`; PostgreSQL: `statement_search` and `article_search` with a
generated tsvector and GIN indexes. Filled from the stored statements and articles (folded as
`goftar.store.fulltext` says).
"""

from alembic import op

from goftar.store.fulltext import create_index, drop_index

revision = 'i10_0004'
down_revision = 'i10_0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_index(op.get_bind(), tokenizer="unicode61")  # (0007 moved SQLite to the ascii tokenizer)


def downgrade() -> None:
    drop_index(op.get_bind())
