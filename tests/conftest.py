"""Shared fixtures: the engine and the analysed sample are expensive, so they are built once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PATH = ROOT / "assets" / "samples" / "000_8002fddc3a075398.txt"
SYNTHETIC_DIR = Path(__file__).resolve().parent / "data" / "synthetic"


@pytest.fixture(scope="session")
def engine():
    """The process-wide engine over the shipped lexicons."""
    from goftar import default_engine

    return default_engine()


@pytest.fixture(scope="session")
def sample_article(engine):
    """The canonical sample article (Ashtiani and Shoigu), analysed."""
    return engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def synthetic_expectations() -> dict:
    """Expected output for the synthetic articles."""
    data = json.loads((SYNTHETIC_DIR / "expected.json").read_text(encoding="utf-8"))
    data.pop("_comment", None)
    return data


def synthetic_names() -> list[str]:
    """File names of the synthetic articles."""
    return sorted(p.name for p in SYNTHETIC_DIR.glob("synthetic_*.txt"))
