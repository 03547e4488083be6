"""An upload within its wall-time budget: what the budget does not reach is a rejection line, nothing vanishes."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from conftest import BACKENDS

from goftar.ingest import Budget, Record
from goftar.store.roles import Actor, PermissionDenied
from goftar.uploads import import_records, read_files

SPEAKERS = ["کیوان رستگار", "نسرین افشار", "بهمن کاویانی"]


def article(n: int) -> str:
    return f"سرهنگ {SPEAKERS[n % 3]} فرمانده مرزبانی در نشست شماره {n} گفت: گشت شماره {n} انجام شد."


class Clock:
    """A clock that moves `tick` seconds each time it is read (time passing while files are read)."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 0.0, tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


def zip_of(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(count):
            archive.writestr(f"{n}.txt", article(n))
    return buffer.getvalue()


def test_files_past_the_budget_are_rejected_not_dropped():
    files = [(f"{n}.txt", article(n).encode()) for n in range(5)]
    records, rejections = read_files(files, seconds=2.5, clock=Clock(1.0))  # time for two files
    assert [r.source_name for r in records] == ["0.txt", "1.txt"]
    assert [r.source for r in rejections] == ["2.txt", "3.txt", "4.txt"] and "budget ran out" in rejections[0].reason


def test_one_inflation_budget_for_the_whole_upload():
    records, rejections = read_files([("a.zip", zip_of(3)), ("b.zip", zip_of(3))], budget=Budget(members_left=5))
    assert len(records) == 3 and [r.source for r in rejections] == ["b.zip"]  # 6 entries in one upload: over 5


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_articles_past_the_budget_are_rejected_and_the_rest_stored(store):
    records = [Record(f"a{n}.txt", article(n)) for n in range(40)]
    done = []
    report = import_records(records, store, Actor("sara", "analyst"), seconds=2.5, clock=Clock(1.0),
                            progress=lambda count, total: done.append((count, total)))
    assert report.imported == 32 and len(report.rejected) == 8  # two steps of 16 fitted the budget
    assert report.imported + report.duplicates + len(report.rejected) == len(records)
    assert done == [(16, 40), (32, 40)] and store.counts()["articles"] == 32


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_viewer_cannot_import(store):
    with pytest.raises(PermissionDenied):
        import_records([Record("a.txt", article(1))], store, Actor("vida", "viewer"))
    assert store.counts()["articles"] == 0


def test_progress_is_reported_after_every_file():
    seen = []
    read_files([("a.txt", "متن یک".encode()), ("b.exe", b"x"), ("c.txt", "متن دو".encode())],
               progress=lambda done, name: seen.append((done, name)))
    assert seen == [(1, "a.txt"), (2, "b.exe"), (3, "c.txt")]


def csv_of(count: int) -> bytes:
    return ("text\n" + "".join(f'"{article(n)}"\n' for n in range(count))).encode()


def test_an_archive_past_the_budget_is_cut_member_by_member():
    records, rejections = read_files([("big.zip", zip_of(8))], seconds=4.5, clock=Clock(1.0))
    read = [r.source_name for r in records]
    assert 0 < len(read) < 8 and read == [f"big.zip/{n}.txt" for n in range(len(read))]  # the first members, in order
    # every member the budget did not reach has its own line: none vanishes
    assert [r.source for r in rejections] == [f"big.zip/{n}.txt" for n in range(len(read), 8)]
    assert all("budget ran out" in r.reason for r in rejections)


def test_a_feed_past_the_budget_gets_one_line_for_its_unread_rows():
    records, rejections = read_files([("rows.csv", csv_of(10))], seconds=4.5, clock=Clock(1.0))
    assert 0 < len(records) < 10 and len(rejections) == 1
    # rows are lines 2–11; the line names the unread ones, from the first the budget did not reach to the last
    assert rejections[0].source == f"rows.csv:{len(records) + 2}–11" and "budget ran out" in rejections[0].reason


@pytest.mark.parametrize(
    ("files", "kept", "refused"),
    [
        ([("a.zip", zip_of(5)), ("b.txt", article(9).encode())], 3, ["a.zip/3.txt", "a.zip/4.txt", "b.txt"]),  # members
        ([("rows.csv", csv_of(5))], 3, ["rows.csv:5–6"]),  # the rest of a feed in one line
        ([("feed.jsonl", "\n".join(json.dumps({"text": article(n)}) for n in range(5)).encode())], 3,
         ["feed.jsonl:4–5"]),  # JSON lines
    ],
)
def test_articles_past_the_per_upload_count_are_rejected(files, kept, refused):
    records, rejections = read_files(files, max_articles=3)
    assert len(records) == kept and [r.source for r in rejections] == refused
    assert all("article limit per upload" in r.reason for r in rejections)


def test_a_closed_session_stops_the_reading_inside_an_archive():
    """Streamlit stops a run whose browser went away by raising StopException from the next page update (a
    BaseException): it must pass through the parsers' error boundaries, not become a rejection line."""
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    heard = []

    def progress(done: int, name: str) -> None:
        heard.append(name)
        if len(heard) == 3:
            raise StopException()

    with pytest.raises(StopException):
        read_files([("big.zip", zip_of(8)), ("next.txt", article(9).encode())], clock=Clock(1.0), progress=progress)
    assert heard == ["big.zip", "big.zip/0.txt", "big.zip/1.txt"]  # heard from inside the archive, then stopped


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_closed_session_stops_the_analysis_after_its_step(store):
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    def progress(count: int, total: int) -> None:
        raise StopException()

    with pytest.raises(StopException):
        import_records([Record(f"a{n}.txt", article(n)) for n in range(40)], store, Actor("sara", "analyst"),
                       progress=progress)
    assert store.counts()["articles"] == 16  # the first step is stored whole; nothing after it ran


def test_long_articles_make_shorter_steps(store, monkeypatch):
    import goftar.uploads

    monkeypatch.setattr(goftar.uploads, "STEP_CHARS", 2 * len(article(0)))  # two articles per step at most
    done = []
    report = import_records([Record(f"a{n}.txt", article(n)) for n in range(5)], store, Actor("sara", "analyst"),
                            progress=lambda count, total: done.append(count))
    assert done == [2, 4, 5] and report.imported == 5


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_upload_with_hostile_files_imports_the_good_ones(store):
    """The Add page's path (read, then import): a docx entity bomb and a JSON nested too deep are one line each."""
    from test_ingest import DEEP_JSON, entity_bomb_docx

    from components.report import combined

    files = [("a.txt", article(1).encode()), ("bomb.docx", entity_bomb_docx()), ("deep.json", DEEP_JSON),
             ("b.txt", article(2).encode())]
    records, rejections = read_files(files)
    assert [r.source_name for r in records] == ["a.txt", "b.txt"]  # offered for import
    assert [r.source for r in rejections] == ["bomb.docx", "deep.json"]
    report = combined(rejections, import_records(records, store, Actor("sara", "analyst")))
    assert (report.imported, report.duplicates, len(report.rejected)) == (2, 0, 2)
