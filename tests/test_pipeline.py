"""Import batches: parallel workers, a worker killed mid-batch, reruns without duplicates, the CLI report."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import BACKENDS, ROOT
from sqlalchemy import func, select

import goftar.pipeline as pipeline
from goftar.ingest import Record, Rejection
from goftar.store.models import ArticleRow, StatementRow

SPEAKERS = ["کیوان رستگار", "نسرین افشار", "بهمن کاویانی", "سارا مهرآیین"]


def batch(count: int) -> list[Record]:
    """Distinct synthetic articles (fictional people)."""
    return [
        Record(f"batch.jsonl:{n + 1}",
               f"سرهنگ {SPEAKERS[n % 4]} فرمانده مرزبانی در نشست شماره {n + 1} گفت: همکاری در چارچوب شانگهای "
               f"ادامه دارد. وی افزود: مرزهای شمالی امن است و گشت شماره {n + 1} انجام شد.")
        for n in range(count)
    ]


PARENT_PID = os.getpid()
REAL_ANALYZE = pipeline._analyze_record


def dies_on_the_seventh(record):
    """Kills the worker process that analyses article 7 (workers are forked, so they see this module)."""
    if os.getpid() != PARENT_PID and record.source_name == "batch.jsonl:7":
        os._exit(9)
    return REAL_ANALYZE(record)


def article_statement_pairs(store) -> list[tuple[int, int]]:
    with store.engine.connect() as connection:
        return connection.execute(
            select(ArticleRow.id, func.count(StatementRow.id)).outerjoin(StatementRow).group_by(ArticleRow.id)
        ).all()


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_parallel_batch_with_rejections(store):
    items = [*batch(40), Rejection("bad.csv:3", "malformed CSV row")]
    report = pipeline.ingest_records(items, store, workers=2)
    assert report.imported == 40 and report.duplicates == 0 and [r.source for r in report.rejected] == ["bad.csv:3"]
    assert all(n == 2 for _, n in article_statement_pairs(store))


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_killed_worker_leaves_no_half_article_and_a_rerun_completes(store, monkeypatch):
    real = pipeline._analyze_record
    monkeypatch.setattr(pipeline, "_analyze_record", dies_on_the_seventh)
    records = batch(40)
    first = pipeline.ingest_records(records, store, workers=2)
    # the dead worker's articles are analysed again in the parent: the batch still completes, each article whole
    assert (first.imported, first.rejected) == (40, [])
    assert store.counts()["articles"] == 40 and all(n == 2 for _, n in article_statement_pairs(store))
    monkeypatch.setattr(pipeline, "_analyze_record", real)
    second = pipeline.ingest_records(records, store, workers=2)
    assert (second.imported, second.duplicates) == (0, 40)  # a rerun stores nothing twice
    assert store.counts()["articles"] == 40


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_failure_inside_one_article_transaction(store, monkeypatch):
    from goftar.store import Store

    real = Store._write_analysis

    def fails_on_the_third(self, connection, written, *rest):
        if any(rows.origin == "batch.jsonl:3" for _, rows in written):
            raise RuntimeError("constraint violated")
        return real(self, connection, written, *rest)

    monkeypatch.setattr(Store, "_write_analysis", fails_on_the_third)
    report = pipeline.ingest_records(batch(6), store, workers=1)
    # the batch's transaction is rolled back whole, then each article is stored alone: only the third is lost
    assert report.imported == 5 and len(report.rejected) == 1 and "could not be stored" in report.rejected[0].reason
    assert report.rejected[0].source == "batch.jsonl:3"
    assert store.counts()["articles"] == 5 and all(n == 2 for _, n in article_statement_pairs(store))
    monkeypatch.setattr(Store, "_write_analysis", real)
    rerun = pipeline.ingest_records(batch(6), store, workers=1)
    assert (rerun.imported, rerun.duplicates) == (1, 5)


def run_cli(*args, database_url):
    environment = {**os.environ, "GOFTAR_DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "goftar", *args], capture_output=True, text=True, cwd=ROOT,
                          env=environment, timeout=300)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_cli_ingest_and_corpus_json(database_url, tmp_path):
    (tmp_path / "a.txt").write_text(batch(1)[0].text, encoding="utf-8")
    (tmp_path / "b.csv").write_text('text\n"' + batch(2)[1].text + '"\n"x","y"\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run_cli("ingest", str(tmp_path), "--json", database_url=database_url)
    report = json.loads(result.stdout)
    assert result.returncode == 1  # something was rejected
    assert report["imported"] == 2 and report["duplicates"] == 0
    assert sorted(r["source"].rsplit("/", 1)[-1] for r in report["rejected"]) == ["b.csv:3", "empty.txt"]
    counts = json.loads(run_cli("corpus", "--json", database_url=database_url).stdout)
    assert counts == {"articles": 2, "statements": 4, "people": 2}
    again = json.loads(run_cli("ingest", str(tmp_path / "a.txt"), "--json", database_url=database_url).stdout)
    assert again == {"imported": 0, "duplicates": 1, "rejected": []}
