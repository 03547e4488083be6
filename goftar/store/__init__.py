"""Corpus storage (SQLAlchemy 2 + Alembic). No Streamlit import."""

from goftar.store.repository import AddResult, SpeakerSummary, Store, StoredArticle, database_url
from goftar.store.rows import ArticleMeta, ArticleRows, article_rows, content_hash

__all__ = ["AddResult", "ArticleMeta", "ArticleRows", "SpeakerSummary", "Store", "StoredArticle", "article_rows", "content_hash",
           "database_url"]
