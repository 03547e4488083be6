"""Import and re-analysis: worker processes and a Dask cluster, workers or the whole import killed, resumed runs, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile

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


@pytest.fixture(autouse=True)
def engine_in_the_test_process(engine):
    """Worker processes are forked from this one: with the engine built here once, they start with it."""
    return engine


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


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_cli_ingest_of_a_batch_with_hostile_files_imports_the_rest(database_url, tmp_path):
    """Issue 13: a docx entity bomb or a JSON nested past the parser's recursion aborted the whole folder or zip."""
    from test_ingest import DEEP_JSON, entity_bomb_docx

    files = {"a.txt": batch(1)[0].text.encode(), "b.txt": batch(2)[1].text.encode(), "bomb.docx": entity_bomb_docx(),
             "deep.json": DEEP_JSON}
    folder = tmp_path / "folder"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with zipfile.ZipFile(tmp_path / "batch.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    for target, imported, duplicates in [(folder, 2, 0), (tmp_path / "batch.zip", 0, 2)]:  # the zip: the same texts
        result = run_cli("ingest", str(target), "--json", database_url=database_url)
        report = json.loads(result.stdout)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert (report["imported"], report["duplicates"]) == (imported, duplicates)
        reasons = {r["source"].rsplit("/", 1)[-1]: r["reason"] for r in report["rejected"]}
        assert sorted(reasons) == ["bomb.docx", "deep.json"]  # exactly one line each
        assert "entity" in reasons["bomb.docx"] and "nested more than" in reasons["deep.json"]
        assert all(len(reason) <= 300 for reason in reasons.values())


def test_a_store_failure_reason_is_short():
    from sqlalchemy.exc import DataError

    from goftar.store.repository import store_failure_reason

    error = DataError("INSERT INTO articles " + "x" * 2000, {}, Exception("value too long\n" + "detail " * 300))
    reason = store_failure_reason(error)
    assert len(reason) < 250 and "value too long" in reason and "could not be stored" in reason


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_every_record_is_counted_once_in_the_report(store):
    items = [*batch(3), batch(3)[0], Rejection("feed.csv:9", "malformed CSV row"),
             pipeline.Record("mixed.txt", batch(4)[3].text, warnings=("mixed encodings: …",))]
    report = pipeline.ingest_records(items, store, workers=1)
    assert (report.imported, report.duplicates, len(report.rejected)) == (4, 1, 1)
    assert report.imported == len(report.imported_names) and report.duplicates == len(report.duplicate_names)
    assert report.imported + report.duplicates + len(report.rejected) == len(items)
    assert report.to_dict()["warnings"] == [{"source": "mixed.txt", "warning": "mixed encodings: …"}]
    again = pipeline.ingest_records([items[-1]], store, workers=1)  # the same text again: a duplicate, no caveat
    assert (again.duplicates, again.warnings) == (1, [])


def test_unreadable_files_do_not_build_the_engine(store, monkeypatch):
    """`ingest` of an empty or binary file: one line each, without the 15 s and 500 MB of building the engine."""
    monkeypatch.setattr(pipeline, "_engine_for", lambda *args: pytest.fail("the engine was built"))
    files = [pipeline.RawFile("empty.txt", b""), pipeline.RawFile("blob.txt", b"\x00\x01binary\x00" * 50)]
    report = pipeline.ingest_records(files, store, workers=1)
    assert [r.source for r in report.rejected] == ["empty.txt", "blob.txt"] and report.imported == 0


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_viewer_batch_is_refused_before_analysis(store, monkeypatch):
    from goftar.store.roles import Actor, PermissionDenied

    monkeypatch.setattr(pipeline, "_analyze_record", lambda *args: pytest.fail("a viewer's batch was analysed"))
    with pytest.raises(PermissionDenied):
        pipeline.ingest_records(batch(2), store, actor=Actor("vida", "viewer"))
    assert store.counts()["articles"] == 0


KILLED_INGEST = """
import sys, time
import goftar.pipeline as pipeline
from goftar.ingest import Record
from goftar.store import Store

pipeline.BATCH = 8
real = Store._write_analysis

def slow(self, *args):  # hold every batch's transaction open, so the kill lands inside one
    real(self, *args)
    time.sleep(0.3)

Store._write_analysis = slow
SPEAKERS = ["کیوان رستگار", "نسرین افشار"]
records = [Record(f"batch.jsonl:{n + 1}", f"سرهنگ {SPEAKERS[n % 2]} فرمانده مرزبانی در نشست شماره {n + 1} گفت: "
                  f"همکاری ادامه دارد. وی افزود: گشت شماره {n + 1} انجام شد.") for n in range(200)]
pipeline.ingest_records(records, Store(sys.argv[1]), workers=1)
"""


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_killed_ingest_keeps_only_whole_articles_and_a_rerun_completes(store, database_url):
    child = subprocess.Popen([sys.executable, "-c", KILLED_INGEST, database_url], cwd=ROOT)
    try:
        while child.poll() is None and store.counts()["articles"] == 0:
            time.sleep(0.05)
    finally:
        child.kill()
        child.wait()
    stored = store.counts()["articles"]
    assert 0 < stored < 200  # killed after some batches committed, before the last one
    assert all(n == 2 for _, n in article_statement_pairs(store))  # no article without its statements
    rerun = pipeline.ingest_records(
        [Record(f"batch.jsonl:{n + 1}", f"سرهنگ {['کیوان رستگار', 'نسرین افشار'][n % 2]} فرمانده مرزبانی در نشست "
                f"شماره {n + 1} گفت: همکاری ادامه دارد. وی افزود: گشت شماره {n + 1} انجام شد.") for n in range(200)],
        store, workers=1)
    assert (rerun.imported, rerun.duplicates, rerun.rejected) == (200 - stored, stored, [])


def without_statements(store) -> None:
    """Every article's analysis removed the way the store does it (the stored analysis and its totals first)."""
    with store.engine.begin() as connection:
        store._delete_analysis(connection, store.article_ids())


class Stop(Exception):
    """Stands for the process being killed between two batches."""


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_reanalysis_stopped_after_a_batch_resumes_where_it_stopped(store, monkeypatch):
    pipeline.ingest_records(batch(20), store, workers=1)
    without_statements(store)
    monkeypatch.setattr(pipeline, "BATCH", 4)

    stored = []

    def stop_after_first_batch(done, total):
        stored.append(done)
        raise Stop

    with pytest.raises(Stop):
        pipeline.reanalyze_corpus(store, workers=1, progress=stop_after_first_batch)
    assert 4 <= stored[0] < 20 and store.counts()["statements"] == 2 * stored[0]  # the first batch is done, whole
    resumed = pipeline.reanalyze_corpus(store, workers=1)
    assert (resumed.resumed, resumed.articles, resumed.failed) == (True, 20 - stored[0], [])
    assert all(n == 2 for _, n in article_statement_pairs(store))
    fresh = pipeline.reanalyze_corpus(store, workers=1)  # nothing left to resume: a new run does everything
    assert (fresh.resumed, fresh.articles) == (False, 20)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_reanalysis_on_worker_processes(store):
    pipeline.ingest_records(batch(40), store, workers=1)
    without_statements(store)
    seen = []
    outcome = pipeline.reanalyze_corpus(store, executor=pipeline.LocalProcesses(2),
                                        progress=lambda done, total: seen.append((done, total)))
    assert (outcome.articles, outcome.failed) == (40, [])
    assert all(n == 2 for _, n in article_statement_pairs(store))
    assert seen[-1] == (40, 40)


@pytest.mark.parametrize(
    ("workers", "scheduler", "jobs", "expected"),
    [
        (2, None, 1000, "LocalProcesses"),  # a real batch: worker processes
        (2, None, 3, "InProcess"),  # a few articles: starting workers costs more than it saves
        (1, None, 1000, "InProcess"),  # one worker asked for: this process
        (2, "tcp://127.0.0.1:8786", 3, "DaskCluster"),  # a scheduler given: the cluster, whatever the size
    ],
)
def test_executor_choice(workers, scheduler, jobs, expected, monkeypatch):
    monkeypatch.delenv(pipeline.SCHEDULER_VARIABLE, raising=False)
    assert type(pipeline.make_executor(workers, scheduler, jobs)).__name__ == expected


def test_scheduler_from_the_environment(monkeypatch):
    monkeypatch.setenv(pipeline.SCHEDULER_VARIABLE, "tcp://127.0.0.1:8787")
    executor = pipeline.make_executor(2, None, 1000)
    assert isinstance(executor, pipeline.DaskCluster) and executor.address == "tcp://127.0.0.1:8787"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.txt", "متن", "RawFile"),  # one article per file: decoded and parsed in the worker
        ("a.html", "<p>متن</p>", "RawFile"),  # HTML main text is extracted in the worker too
        ("a.csv", "text\nمتن\n", "Record"),  # many articles per file: split into records here
    ],
)
def test_import_jobs(tmp_path, name, content, expected):
    (tmp_path / name).write_text(content, encoding="utf-8")
    jobs = list(pipeline.import_jobs([tmp_path]))
    assert [type(job).__name__ for job in jobs] == [expected]


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_dask_cluster_analyses_and_this_process_stores(store, dask_client):
    executor = pipeline.DaskCluster(client=dask_client)
    report = pipeline.ingest_records(batch(40), store, executor=executor)
    assert (report.imported, report.duplicates, report.rejected) == (40, 0, [])
    assert executor.workers == 2
    assert all(n == 2 for _, n in article_statement_pairs(store))
    without_statements(store)
    outcome = pipeline.reanalyze_corpus(store, executor=executor)
    assert (outcome.articles, outcome.failed) == (40, [])
    assert all(n == 2 for _, n in article_statement_pairs(store))


def test_cli_reanalyze(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'store.db'}"
    (tmp_path / "a.txt").write_text(batch(1)[0].text, encoding="utf-8")
    run_cli("ingest", str(tmp_path / "a.txt"), "--json", database_url=database_url)
    result = run_cli("reanalyze", "--workers", "2", database_url=database_url)
    assert result.returncode == 0 and "re-analysed 1 articles" in result.stdout
    counts = json.loads(run_cli("corpus", "--json", database_url=database_url).stdout)
    assert counts == {"articles": 1, "statements": 2, "people": 1}


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_stale_articles_reanalysed_through_the_pipeline(store):
    from goftar.store.analysis import mark_stale, stale_ids

    pipeline.ingest_records(batch(40), store, workers=1)
    ids = store.article_ids()
    mark_stale(store, ids[:30])
    seen = []
    outcome = pipeline.reanalyze_stale_articles(store, executor=pipeline.LocalProcesses(2),
                                                progress=lambda done, total: seen.append((done, total)))
    assert (outcome.articles, outcome.failed, stale_ids(store)) == (30, [], [])
    assert seen[-1] == (30, 30) and all(n == 2 for _, n in article_statement_pairs(store))
    assert pipeline.reanalyze_stale_articles(store).articles == 0  # nothing stale: no engine, no work


def test_cli_reanalyze_stale(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'store.db'}"
    (tmp_path / "a.txt").write_text(batch(1)[0].text, encoding="utf-8")
    run_cli("ingest", str(tmp_path / "a.txt"), "--json", database_url=database_url)
    assert "re-analysed 0 articles" in run_cli("reanalyze", "--stale", database_url=database_url).stdout
    from goftar.store import Store
    from goftar.store.analysis import mark_stale

    corpus = Store(database_url)
    mark_stale(corpus)
    result = run_cli("reanalyze", "--stale", database_url=database_url)
    assert result.returncode == 0 and "re-analysed 1 articles" in result.stdout
    assert json.loads(run_cli("corpus", "--json", database_url=database_url).stdout)["statements"] == 2
    corpus.dispose()
