"""An upload within its wall-time budget: what the budget does not reach is a rejection line, nothing vanishes."""

from __future__ import annotations

import io
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
