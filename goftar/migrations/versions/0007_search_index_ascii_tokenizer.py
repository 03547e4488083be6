"""search index rebuilt: words split before indexing, SQLite's FTS5 with the ascii tokenizer

The indexed text now has every character that belongs to no word turned into a space (`fulltext.index_text`), so
SQLite's FTS5 tables use the `ascii` tokenizer (half the cost of `unicode61` at import). Both databases' search
tables are filled again from the stored statements and articles.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from goftar.store.fulltext import create_index, drop_index

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    drop_index(op.get_bind())
    create_index(op.get_bind(), tokenizer="ascii")


def downgrade() -> None:
    drop_index(op.get_bind())
    create_index(op.get_bind(), tokenizer="unicode61")
