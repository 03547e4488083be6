"""Races between analysts in separate processes: creating the same new speaker or teaching the same alias at the
same moment reuses what the other made; no save ends in an unhandled error (issue 9)."""

from __future__ import annotations

import multiprocessing
import queue
import time
import traceback

import pytest
from conftest import BACKENDS

from goftar.store import Store
from goftar.store.reviews import Actor, Decision, EditConflict, Reviews

PROCESSES = 4
# Fictional family names: one statement (and so one mention to teach) per round.
FAMILIES = [prefix + suffix for prefix in ("کیان", "مهر", "روشن", "نیک", "آذر", "بهار", "شاد", "فرخ")
            for suffix in ("پور", "زاده", "نیا", "فر", "راد")]
ROUNDS = len(FAMILIES)
ARTICLE = "\n".join(f"بهرام {family} گفت: نشست شمارهٔ {n + 1} موفق بود." for n, family in enumerate(FAMILIES))


def mention(round_number: int) -> str:
    return f"بهرام {FAMILIES[round_number]}"


def new_speaker(round_number: int) -> str:
    return f"بهرام {FAMILIES[round_number]}ی"  # one new person per round, the same in every process


def analyst(url: str, number: int, article_id: int, barrier, results) -> None:
    """One analyst: every round, all of them at once correct the speaker of the same statement in their own copy of
    the article to the same new person (creating it), and so teach the same alias."""
    outcome = {"saved": 0, "conflicts": 0, "errors": []}
    store = Store(url, migrate=False)
    try:
        reviews = Reviews(store)
        actor = Actor(f"analyst{number}", "analyst")
        items = {i.mention: i for i in reviews.queue(article_id=article_id)}
        for round_number in range(ROUNDS):
            item = items[mention(round_number)]
            barrier.wait(timeout=120)
            try:
                reviews.save(actor, item.article_id, item.start, item.end, Decision(speaker=new_speaker(round_number)),
                             None)
                outcome["saved"] += 1
            except EditConflict:  # a handled outcome, shown to the analyst
                outcome["conflicts"] += 1
            except Exception:  # what the issue saw: IntegrityError on uq_people_name_type / uq_lexicon_addition
                outcome["errors"].append(traceback.format_exc(limit=3))
    except Exception:
        outcome["errors"].append(traceback.format_exc(limit=3))
    finally:
        store.dispose()
        results.put(outcome)


def collect(results, workers, seconds: float) -> list[dict]:
    """Every worker's outcome; fails at once, with the exit codes, when a worker ended without reporting."""
    outcomes: list[dict] = []
    deadline = time.monotonic() + seconds
    while len(outcomes) < len(workers):
        try:
            outcomes.append(results.get(timeout=2))
            continue
        except queue.Empty:
            pass
        codes = [worker.exitcode for worker in workers]
        assert time.monotonic() < deadline, f"analysts still running after {seconds} s; exit codes {codes}"
        if all(code is not None for code in codes) and results.empty():
            pytest.fail(f"{len(workers) - len(outcomes)} analysts ended without an outcome; exit codes {codes}")
    for worker in workers:
        worker.join(timeout=60)
    return outcomes


@pytest.mark.slow
@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_analysts_creating_the_same_speaker_and_alias_at_once(store, database_url, engine):
    article_ids = [store.add(engine.analyze(ARTICLE + f"\nگزارش شمارهٔ {n + 1}.")).article_id
                   for n in range(PROCESSES)]
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=analyst, args=(database_url, n, article_ids[n], barrier, results))
               for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    outcomes = collect(results, workers, seconds=600)
    errors = [error for outcome in outcomes for error in outcome["errors"]]
    saved = sum(outcome["saved"] for outcome in outcomes)
    print(f"\nrace on {store.dialect}: {PROCESSES} processes × {ROUNDS} rounds, {saved} saved, "
          f"{sum(o['conflicts'] for o in outcomes)} conflicts, {len(errors)} unhandled errors")
    assert errors == [], errors[0]
    assert saved == PROCESSES * ROUNDS  # each analyst edits only their own statement: every save goes through

    reviews = Reviews(store)
    people = [r["speaker"] for r in store.speaker_topic_counts()]
    for round_number in range(ROUNDS):  # one person and one alias each, shared by every analyst who named them
        assert people.count(new_speaker(round_number)) <= 1
    taught = [(a["value"], a["target"]) for a in reviews.additions()]
    assert sorted(taught) == sorted((mention(r), new_speaker(r)) for r in range(ROUNDS))  # each once
    final = {(i.mention, i.speaker) for i in reviews.queue()}
    assert final == {(mention(r), new_speaker(r)) for r in range(ROUNDS)}
