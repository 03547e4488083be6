"""The review flow through AppTest: accept, correct speaker and issues, stance, reject, missed statement, conflict."""

from __future__ import annotations

import pytest
import streamlit as st
from conftest import ROOT, html_table
from streamlit.testing.v1 import AppTest

from components.labels import ISSUES_PLACEHOLDER, PDI, embedded
from components.safe import md_text
from goftar.store import Store
from goftar.store.reviews import Reviews

SHOIGU = "سرگئی شایگو"


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'goftar.db'}"
    monkeypatch.setenv("GOFTAR_DATABASE_URL", url)
    monkeypatch.delenv("GOFTAR_AUTH", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


def open_review(name: str = "ana") -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    app.text_input(key="analyst_name").input(name).run()
    app.switch_page("app_pages/review.py").run()
    assert not app.exception, app.exception
    return app


def state_of(url: str, position: int = 0):
    item = Reviews(Store(url, migrate=False)).queue()[position]
    return item, item.review


def test_review_and_quality_pages_start(database):
    app = open_review()
    assert "1 / 12" in app.markdown[0].value
    app.switch_page("app_pages/quality.py").run()
    assert not app.exception and not app.error


def test_accept_then_next(database):
    app = open_review()
    app.button(key="review_accept").click().run()
    assert not app.exception
    _, review = state_of(database)
    assert review.status == "accepted" and review.analyst == "ana"
    assert "2 / 12" in app.markdown[0].value  # moved on to the next statement


def test_change_speaker_topics_and_stance(database):
    app = open_review()
    assert app.multiselect(key="review_topics").proto.placeholder == ISSUES_PLACEHOLDER  # not «Choose options»
    app.selectbox(key="review_speaker").select(SHOIGU).run()
    app.multiselect(key="review_topics").select("SCO").run()
    app.selectbox(key="review_stance_SCO").select("supports").run()
    app.text_input(key="review_tags").input("مهم، پیگیری").run()
    app.text_area(key="review_note").input("گوینده اصلاح شد").run()
    app.button(key="review_save").click().run()
    assert not app.exception
    _, review = state_of(database)
    assert (review.status, review.speaker, review.topics) == ("corrected", SHOIGU, ("SCO",))
    assert review.stances == {"SCO": "supports"} and review.tags == ("مهم", "پیگیری")
    assert review.note == "گوینده اصلاح شد"


def test_engine_and_analyst_values_side_by_side_right_to_left(database):
    app = open_review()
    engine_speaker = state_of(database)[0].engine_speaker
    app.selectbox(key="review_speaker").select(SHOIGU).run()
    app.button(key="review_save").click().run()
    app.button(key="review_prev").click().run()  # the save moved on: back to the corrected statement
    compare = html_table(app, "review_compare")  # RTL HTML (cards on a phone), not the left-to-right data grid
    assert list(compare.columns) == ["source", "speaker", "issues", "review"]
    assert compare["source"].tolist() == ["موتور · engine", "تحلیلگر · analyst"]
    assert compare["speaker"].tolist() == [engine_speaker, SHOIGU]
    assert compare["review"].tolist() == ["", "اصلاح‌شده · corrected"]
    assert not app.dataframe


def test_new_speaker(database):
    app = open_review()
    app.selectbox(key="review_speaker").select("__new__").run()
    app.text_input(key="review_new_speaker").input("دستیار وزیر").run()
    app.button(key="review_save").click().run()
    assert state_of(database)[1].speaker == "دستیار وزیر"


def test_reject(database):
    app = open_review()
    app.button(key="review_reject").click().run()
    assert state_of(database)[1].status == "rejected"


def test_keyboard_friendly_navigation(database):
    app = open_review()
    app.button(key="review_next").click().run()
    app.button(key="review_next").click().run()
    assert "3 / 12" in app.markdown[0].value
    app.button(key="review_prev").click().run()
    assert "2 / 12" in app.markdown[0].value


def test_missed_statement_from_the_reader(database):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    options = app.selectbox(key="missed_sentence").options
    target = next(o for o in options if "طرفین" in o)
    app.selectbox(key="missed_sentence").select(target).run()
    app.selectbox(key="missed_speaker").select("__new__").run()
    app.text_input(key="missed_new_speaker").input("طرفین").run()
    app.button(key="missed_save").click().run()
    assert not app.exception and app.success
    added = [i for i in Reviews(Store(database, migrate=False)).queue() if i.review and i.review.origin == "analyst"]
    assert [(i.speaker, i.text.startswith("در این دیدار طرفین")) for i in added] == [("طرفین", True)]


def test_second_analyst_gets_a_conflict_message(database):
    ana, babak = open_review("ana"), open_review("babak")  # both open the same unreviewed statement
    ana.text_area(key="review_note").input("ana's note").run()
    ana.button(key="review_save").click().run()
    babak.button(key="review_reject").click().run()
    assert not babak.exception
    message = babak.error[0].value
    assert "ana" in message and "Not saved" in message
    sentence, decision = message.split("\n\n")  # her decision in a paragraph of its own: two languages mix less
    assert sentence.endswith(PDI) and "ana's note" in decision.replace("\\", "")
    _, review = state_of(database)
    assert (review.status, review.analyst, review.note) == ("accepted", "ana", "ana's note")  # not overwritten
    babak.button(key="review_reload").click().run()
    notice = babak.warning[0].value  # ana's decision is shown before babak can replace it
    assert f"Last decided by {embedded('ana')}:" in notice and md_text("ana's note") in notice  # escaped, isolated
    note = embedded(md_text("ana's note"))
    assert f"«{note}»" in notice.split("\n\n")[1]  # the English note isolated in its own direction
    babak.button(key="review_reject").click().run()
    assert "another analyst decided" in babak.error[0].value and state_of(database)[1].status == "accepted"
    babak.checkbox(key="review_replace_other").check().run()
    babak.button(key="review_reject").click().run()
    item, review = state_of(database)
    assert (review.status, review.analyst) == ("rejected", "babak")  # confirmed: the save goes through
    history = Reviews(Store(database, migrate=False)).history(item.article_id, item.start, item.end)
    assert [(h["analyst"], h["after"]["status"]) for h in history] == [("ana", "accepted"), ("babak", "rejected")]
    assert history[1]["before"]["analyst"] == "ana"  # the history keeps both decisions, and whose they were


def test_reader_shows_analysts_decisions(database):
    app = open_review()
    app.button(key="review_reject").click().run()  # the first statement is rejected
    app.selectbox(key="review_speaker").select("__new__").run()
    app.text_input(key="review_new_speaker").input("سخنگوی وزارت دفاع").run()
    app.button(key="review_save").click().run()  # the second gets another speaker
    app.switch_page("app_pages/read.py").run()
    table = html_table(app, "statements")
    assert len(table) == 11 and table.iloc[0]["speaker"] == "سخنگوی وزارت دفاع"
    assert "corrected" in table.iloc[0]["review"]
    assert "سخنگوی وزارت دفاع" in "".join(e.proto.body for e in app.get("html"))


def test_learning_preview_and_skipping_it(database):
    app = open_review()
    app.selectbox(key="review_speaker").select(SHOIGU).run()  # a long mention with a country in it
    assert any("will not be learned" in caption.value for caption in app.caption)
    app.button(key="review_next").click().run()
    app.button(key="review_next").click().run()  # «امیر سرتیپ آشتیانی»: a plausible name
    app.selectbox(key="review_speaker").select("__new__").run()
    app.text_input(key="review_new_speaker").input("محمدرضا آشتیانی‌نژاد").run()
    preview = next(info.value for info in app.info if "will be read as" in info.value)
    assert "امیر سرتیپ آشتیانی" in preview and "محمدرضا آشتیانی‌نژاد" in preview
    app.checkbox(key="review_skip_learning").check().run()
    app.button(key="review_save").click().run()
    assert not app.exception
    store = Reviews(Store(database, migrate=False))
    assert store.queue()[2].review.speaker == "محمدرضا آشتیانی‌نژاد" and store.additions() == []


def test_revoking_an_alias_reanalyses_its_articles(database):
    from goftar.store.reviews import Actor, Decision

    app = open_review()  # the sample corpus is in place
    reviews = Reviews(Store(database, migrate=False))
    item = reviews.queue()[2]  # «امیر سرتیپ آشتیانی»
    reviews.save(Actor("ana"), item.article_id, item.start, item.end, Decision(speaker="محمدرضا آشتیانی‌نژاد"), None)
    taught = reviews.additions()[0]
    app.run()
    learned = next(e.proto.body for e in app.get("html") if "خوانده می‌شود" in e.proto.body)
    assert "«<bdi>امیر سرتیپ آشتیانی</bdi>» همان «<bdi>محمدرضا آشتیانی‌نژاد</bdi>»" in learned  # a sentence,
    assert "person_alias" not in learned and "active" not in learned  # not the stored kind and status
    app.button(key=f"addition_{taught['id']}").click().run()
    assert not app.exception
    assert any("1 articles re-analysed" in s.value for s in app.success)
    assert reviews.additions() == [] and reviews.additions(status="revoked")[0]["id"] == taught["id"]


def test_review_shows_the_sentences_around_the_statement_and_history_as_sentences(database):
    app = open_review()
    app.button(key="review_next").click().run()  # the second statement has a sentence before and after it
    bodies = "".join(e.proto.body for e in app.get("html"))
    assert "جملهٔ پیش · before" in bodies and "جملهٔ پس · after" in bodies and "goftar-statement" in bodies
    app.button(key="review_accept").click().run()
    app.button(key="review_prev").click().run()
    history = next(e.proto.body for e in app.get("html") if "goftar-history" in e.proto.body)
    assert "<bdi>ana</bdi> بیانیه را پذیرفت — ۱۴" in history and "{" not in history  # a sentence, a Jalali time


def test_missed_statement_preselects_the_best_guess(database):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    sentences = app.selectbox(key="missed_sentence")
    sentences.select(next(o for o in sentences.options if "طرفین" in o)).run()
    assert app.selectbox(key="missed_speaker").value == SHOIGU  # the speaker of the statement just before
    sentences = app.selectbox(key="missed_sentence")
    sentences.select(next(o for o in sentences.options if "اکونا پرس" in o)).run()
    # nobody before the lead: the next statement's speaker, not the alphabetically first name (Shoigu)
    assert app.selectbox(key="missed_speaker").value == "محمدرضا آشتیانی"


def test_kappa_on_few_shared_items_carries_a_caution(database):
    from goftar.store.reviews import Actor, Decision

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()  # the sample goes in on first start
    reviews = Reviews(Store(database, migrate=False))
    for name in ("ana", "babak"):
        for item in reviews.queue()[:3]:
            current = next(i for i in reviews.queue() if i.key == item.key)
            reviews.save(Actor(name, "analyst"), item.article_id, item.start, item.end, Decision(status="accepted"),
                         current.review.version if current.review else None, replace_other=True)
    app.switch_page("app_pages/quality.py").run()
    assert not app.exception
    assert any("fewer than 20 shared items" in w.value for w in app.warning), [e.value for e in (*app.info, *app.warning)]
    kappa = html_table(app, "kappa")  # right to left, Persian headers, a card per row on a phone
    assert kappa["caution"].str.contains("only 3 shared items").any()
    scores = html_table(app, "quality")
    assert list(scores.columns[:4]) == ["measure", "precision", "recall", "F1 score"]  # the measure first
    assert "true positives (TP)" in scores.columns and not app.dataframe  # no left-to-right data grid
    body = next(e.proto.body for e in app.get("html") if 'data-table="quality"' in e.proto.body)
    assert ">درست</th>" in body and ">جاافتاده</th>" in body  # Persian headers, not «TP», «FN»


def test_revoking_reanalyses_without_the_alias_even_when_an_engine_was_built_with_it(database):
    """The app's engine is cached by the corpus version: the re-analysis after a revoke must use one that no longer
    knows the alias, not the one built earlier at the version this page run started with (here by a paste)."""
    from app_pages.common import reanalyzer
    from goftar import default_engine
    from goftar.store.reviews import Actor, Decision

    app = open_review()
    reanalyzer().stop()  # the background re-analysis would change the version in between: held still
    store = Store(database, migrate=False)
    article_id = store.add(default_engine().analyze(
        "نشست وزیران در مسکو برگزار شد.\nکیانفر افزود: دور بعدی در تهران است.\n"
    )).article_id
    reviews = Reviews(store)
    item = next(i for i in reviews.queue(article_id=article_id) if i.mention == "کیانفر")
    reviews.save(Actor("ana"), article_id, item.start, item.end, Decision(speaker="بهرام کیانفرد"), None)
    taught = reviews.additions()[0]  # «کیانفر» → بهرام کیانفرد
    app.switch_page("app_pages/add.py").run()  # a paste builds the engine, with the alias, for the new version
    app.text_area(key="paste_text").input("کیوان رستگار گفت: همکاری ادامه دارد.").run()
    app.button(key="paste_save").click().run()
    app.switch_page("app_pages/review.py").run()
    app.button(key=f"addition_{taught['id']}").click().run()
    assert not app.exception and any("1 articles re-analysed" in s.value for s in app.success)
    engine_speakers = {i.engine_speaker for i in reviews.queue(article_id=article_id)}
    assert "بهرام کیانفرد" not in engine_speakers  # re-analysed by an engine that no longer knows the alias
    store.dispose()
