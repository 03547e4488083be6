"""Corpus storage (SQLAlchemy 2 + Alembic). No Streamlit import."""

from goftar.store.repository import AddResult, ArticleMeta, Store, StoredArticle, content_hash, database_url

__all__ = ["AddResult", "ArticleMeta", "Store", "StoredArticle", "content_hash", "database_url"]
