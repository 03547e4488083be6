"""Goftar engine: who said what about which issue in Persian news. Pure Python; never imports Streamlit."""

from goftar.engine import ENGINE_VERSION, AnalysisError, Engine, analyze, default_engine
from goftar.model import Article, Entity, Mention, Sentence, Statement, TopicMention, Verb

__all__ = [
    "ENGINE_VERSION",
    "AnalysisError",
    "Article",
    "Engine",
    "Entity",
    "Mention",
    "Sentence",
    "Statement",
    "TopicMention",
    "Verb",
    "analyze",
    "default_engine",
]
