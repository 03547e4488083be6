"""`python -m goftar analyze`: readable summary, JSON schema, one-line errors with a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE_PATH


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "goftar", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_summary_names_both_speakers():
    result = run("analyze", str(SAMPLE_PATH))
    assert result.returncode == 0
    assert "محمدرضا آشتیانی" in result.stdout and "سرگئی شایگو" in result.stdout
    assert "اکونا پرس ← ایسنا" in result.stdout


def test_json_schema():
    result = run("analyze", str(SAMPLE_PATH), "--json")
    data = json.loads(result.stdout)
    assert len(data["statements"]) == 12
    first = data["statements"][0]
    assert data["text"][first["start"] : first["end"]] == first["text"]
    assert first["speaker"] == "محمدرضا آشتیانی" and first["speaker_type"] == "person"
    assert data["sources"] == ["اکونا پرس", "ایسنا"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),  # missing file
        (b"", "empty"),  # empty file
        (b"\x00\x01\x02binary\x00" * 50, "binary"),  # binary
        (b"\xff\xfe\x00", "UTF-16"),  # broken UTF-16
    ],
)
def test_bad_input_one_line_error(tmp_path, content, reason):
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    result = run("analyze", str(path))
    assert result.returncode != 0
    assert reason in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
