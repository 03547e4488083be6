"""Corpus storage (SQLAlchemy 2 + Alembic). No Streamlit import."""

from goftar.store.repository import AddResult, Store, StoredArticle, database_url
from goftar.store.rows import ArticleMeta, ArticleRows, article_rows, content_hash

__all__ = ["AddResult", "ArticleMeta", "ArticleRows", "Store", "StoredArticle", "article_rows", "content_hash",
           "database_url"]
