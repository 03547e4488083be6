"""`python -m goftar analyze`: readable summary, JSON schema, one-line errors with a non-zero exit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_PATH


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "goftar", *args], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=env)


def broken_lexicon(tmp_path) -> Path:
    """A copy of the lexicons with a row the loader refuses (a light verb hazm never writes)."""
    from goftar.lexicon import DEFAULT_LEXICON_DIR

    folder = tmp_path / "lexicons"
    shutil.copytree(DEFAULT_LEXICON_DIR, folder)
    with (folder / "reporting_verbs.tsv").open("a", encoding="utf-8") as verbs:
        verbs.write("گمان دارد#دار\tstance\t:\n")
    return folder


def test_a_broken_lexicon_is_one_clear_line(tmp_path):
    env = {**os.environ, "GOFTAR_LEXICON_DIR": str(broken_lexicon(tmp_path))}
    result = run("analyze", str(SAMPLE_PATH), env=env)
    assert result.returncode == 2
    assert "reporting_verbs.tsv" in result.stderr and "گمان دارد#دار" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


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


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/dev/zero", "not a regular file"),  # endless: refused before it is opened
        ("/dev/null", "not a regular file"),  # a device, not an article
    ],
)
def test_analyze_refuses_special_files(path, reason):
    result = subprocess.run([sys.executable, "-m", "goftar", "analyze", path], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 2 and reason in result.stderr and "Traceback" not in result.stderr


def test_ingest_refuses_dev_zero(tmp_path):
    result = subprocess.run([sys.executable, "-m", "goftar", "ingest", "/dev/zero", "--json"], capture_output=True,
                            text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "GOFTAR_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}"})
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["imported"] == 0
    assert [r["source"] for r in report["rejected"]] == ["/dev/zero"] and "not a regular file" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("password", "exit_code", "message"),
    [
        ("a" * 72, 0, ""),  # exactly bcrypt's limit
        ("a" * 73, 2, "over bcrypt's limit of 72"),  # one byte over
        ("گ" * 37, 2, "74 bytes"),  # 37 Persian letters are 74 bytes
    ],
)
def test_hash_password_limit(password, exit_code, message):
    result = subprocess.run([sys.executable, "-m", "goftar", "hash-password"], input=password + "\n",
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == exit_code and message in result.stderr and "Traceback" not in result.stderr


def test_ingest_prints_warnings_beside_rejections(tmp_path):
    mixed = tmp_path / "mixed.txt"
    legacy = "وی افزود: گشت‌زنی ادامه دارد.".replace("ی", "ي").encode("cp1256")  # a Windows-1256 line
    mixed.write_bytes("نسرین افشار سخنگوی ستاد گفت: مرزها آرام است.\n".encode() + legacy)
    result = subprocess.run([sys.executable, "-m", "goftar", "ingest", str(mixed)], capture_output=True, text=True,
                            cwd=ROOT, timeout=300,
                            env={**os.environ, "GOFTAR_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}"})
    assert result.returncode == 0 and "imported 1, duplicates 0, rejected 0, warnings 1" in result.stdout
    assert f"warning {mixed}: " in result.stdout and "mixed encodings" in result.stdout
