"""Persian full-text search over statements and articles (filled in by the search step)."""

from __future__ import annotations


def index_article(connection, article_id: int, article) -> None:
    """Index an article's statements for search."""


def unindex_article(connection, article_id: int) -> None:
    """Drop an article from the search index."""
