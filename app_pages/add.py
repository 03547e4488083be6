"""Add articles: paste or upload (text, HTML, Word, CSV/JSON/JSONL, zip); metadata is guessed and editable.

Analysts and admins only (a viewer never gets this page, and the data layer refuses a viewer's add anyway). An
upload has a wall-time budget: files are read, then articles analysed, in steps; what is left when the budget runs
out gets a rejection line (import it again), and each step is a point where Streamlit stops the run if the
session ended (browser closed), so an abandoned upload does not keep a core busy.
"""

import pandas as pd
import streamlit as st

from app_pages.common import (
    OPEN_KEY,
    actor,
    corpus_changed,
    engine,
    engine_ready,
    engine_warmup,
    guarded,
    reanalyzer,
    store,
)
from components.article_meta import untitled
from components.labels import bilingual, bilingual_message, english, fa_en
from components.report import bilingual_reason, combined, rejection_rows, summary
from components.safe import md_text
from components.tables import Column, table_html
from goftar.dates import jalali_long, jalali_text
from goftar.ingest import Rejection, guess_metadata, parse_date, parse_pasted, with_metadata
from goftar.pipeline import ingest_records
from goftar.uploads import import_records, read_files

PENDING = "pending_records"
GUESSED = "paste_guessed"  # the last guesses put in the form (a field still equal to its guess is refreshed)
RESET = "paste_reset"
SAVED = "paste_saved"  # the last paste's outcome, shown above the emptied form
UPLOAD_DONE = "upload_done"  # the last upload's report, shown above a fresh uploader
UPLOAD_GENERATION = "upload_generation"  # bumped after an import: a new uploader key empties the form
REJECTION_COLUMNS = [Column("input", "text"), Column("reason", "statement")]
# The preview grid (st.data_editor draws left to right on a canvas): its columns listed last to first, so the file
# stands rightmost and the text's beginning leftmost, as a right-to-left table reads.
PREVIEW_ORDER = ("preview", "date", "source", "title", "source_name")


def _shown_reason(reason: str) -> str:
    """A reason as a Markdown message shows it: escaped, then its English isolated (escaping drops bidi controls)."""
    return bilingual_message(md_text(bilingual_reason(reason)))


def _report(report, key: str) -> None:
    """The import's outcome: counts that equal the lists under them, reasons in Persian with the English beside."""
    has_problems = bool(report.rejected or report.warnings)
    (st.warning if has_problems and not report.imported else st.success)(summary(report))
    if report.warnings:
        st.warning(fa_en("وارد شد، ولی بررسی کنید:", "imported, but check:", " · ") + " " + "؛ ".join(
            f"{md_text(w.source)}: {_shown_reason(w.reason)}" for w in report.warnings[:20]))
    if report.duplicate_names:
        count = len(report.duplicate_names)
        st.info(fa_en(f"تکراری، دوباره ذخیره نشد ({count}):", f"duplicates, not stored again ({count}):", " · ")
                + " " + "، ".join(md_text(name) for name in report.duplicate_names[:20]))
    if report.rejected:
        st.html(table_html(pd.DataFrame(rejection_rows(report.rejected)), REJECTION_COLUMNS, key=key))


def _open_latest() -> None:
    from goftar.store.search import find_articles

    newest = find_articles(store(), limit=1)
    if newest:
        st.session_state[OPEN_KEY] = newest[0]["id"]


def _fill_guesses() -> None:
    """The pasted text's title, source and date fill the form; a field the analyst edited is left alone."""
    text = st.session_state.get("paste_text", "")
    guessed = guess_metadata(text) if text.strip() else {"title": None, "source": None, "published": None,
                                                         "date_note": None}
    previous = st.session_state.get(GUESSED, {})
    values = {"paste_title": guessed["title"] or "", "paste_source": guessed["source"] or "",
              "paste_date": jalali_text(guessed["published"])}
    for key, value in values.items():
        if not st.session_state.get(key) or st.session_state.get(key) == previous.get(key):
            st.session_state[key] = value
    st.session_state[GUESSED] = {**values, "note": guessed.get("date_note")}


def _reset_paste() -> None:
    for key in ("paste_text", "paste_title", "paste_source", "paste_date"):
        st.session_state[key] = ""
    st.session_state.pop(GUESSED, None)


def _open(article_id: int) -> None:
    st.session_state[OPEN_KEY] = article_id
    st.switch_page("app_pages/read.py")


def _saved_notice() -> None:
    """The last save's confirmation (or duplicate notice) with a button that opens the article."""
    saved = st.session_state.get(SAVED)
    if not saved:
        return
    title = md_text(saved["title"])
    if saved["status"] == "duplicate":
        st.info(fa_en(f"این متن پیش‌تر ذخیره شده است: «{title}»",
                      "duplicate: this text is already in the corpus, not stored again."))
    else:
        st.success(fa_en(f"ذخیره شد: «{title}»", "saved and analysed."))
    for warning in saved.get("warnings", ()):  # e.g. a relative date left unset: the article has no date
        st.warning(fa_en("ذخیره شد، ولی بررسی کنید:", "saved, but check:", " · ") + f" {_shown_reason(warning)}")
    if saved.get("id") is not None and st.button("خواندن این مقاله · Read it", key="paste_open"):
        st.session_state.pop(SAVED, None)
        _open(saved["id"])


@guarded
def paste_tab() -> None:
    if st.session_state.pop(RESET, False):  # after a save: an empty form (before its widgets exist)
        _reset_paste()
    _saved_notice()
    st.text_area("متن خبر را اینجا بچسبانید · Paste the article text", height=220, key="paste_text",
                 on_change=_fill_guesses)
    title_column, source_column, date_column = st.columns(3)
    title = title_column.text_input("عنوان · title", key="paste_title")
    source = source_column.text_input("منبع · source", key="paste_source",
                                      help=fa_en("رسانه‌ای که خبر را فرستاده (مانند خبرگزاری فارس)، از «به گزارش …» حدس زده می‌شود",
                                                "the outlet that filed the story, guessed from «به گزارش …»"))
    date_text = date_column.text_input("تاریخ · date", key="paste_date", placeholder="۱۴۰۲/۰۸/۱۰ · 2023-11-01",
                                       help=fa_en("شمسی (۱۴۰۲/۰۸/۱۰، ۱۰ آبان ۱۴۰۲) یا میلادی (2023-11-01)",
                                                  "Jalali or Gregorian"))
    published_preview = parse_date(date_text) if date_text.strip() else None
    if published_preview:
        date_column.caption(f"{jalali_long(published_preview)} · {published_preview.isoformat()}")
    note = (st.session_state.get(GUESSED) or {}).get("note")
    if note and not date_text.strip():
        st.warning(bilingual_message(md_text(note)))
    if st.button("تحلیل و ذخیره · Analyse and save", key="paste_save", type="primary"):
        text = st.session_state.get("paste_text", "")
        if not text.strip():
            st.error(fa_en("متنی وارد نشده است.", "Nothing to save: the text is empty."))
            return
        if date_text.strip() and published_preview is None:
            st.error(fa_en(f"تاریخ «{md_text(date_text)}» خوانده نشد؛ به این شکل بنویسید: ۱۴۰۲/۰۸/۱۰ یا 2023-11-01.",
                           "The date could not be read; use 1402/08/10 or 2023-11-01."))
            return
        item = parse_pasted(text)
        if isinstance(item, Rejection):
            st.error(fa_en("ذخیره نشد:", "not saved:", " · ") + f" {_shown_reason(item.reason)}")
            return
        engine_ready()  # built in the background since the page was first shown: usually at once
        with st.spinner("در حال تحلیل… · analysing"):
            report = ingest_records([with_metadata(item, title.strip(), source.strip(), published_preview)], store(),
                                    workers=1, actor=actor())
        corpus_changed()
        if report.rejected:
            _report(report, "paste_rejections")
            return
        existing = store().has_text(engine().analyze(item.text).text)
        st.session_state[SAVED] = {"status": "duplicate" if report.duplicates else "imported", "id": existing,
                                   "title": title.strip() or untitled(item.text),
                                   "warnings": [w.reason for w in report.warnings]}
        st.session_state[RESET] = True
        st.rerun()


@guarded
def upload_tab() -> None:
    done = st.session_state.get(UPLOAD_DONE)
    if done:
        _report(done, "upload_report")
        if done.imported:
            _open_latest()
            if st.button("باز کردن در خواننده · Open in reader", key="upload_open"):
                st.switch_page("app_pages/read.py")
    generation = st.session_state.get(UPLOAD_GENERATION, 0)
    files = st.file_uploader(
        "پرونده‌ها · Files (.txt .md .html .docx .csv .json .jsonl .zip)", accept_multiple_files=True,
        key=f"upload_files_{generation}" if generation else "upload_files",
    )
    if not files:
        st.session_state.pop(PENDING, None)
        return
    st.session_state.pop(UPLOAD_DONE, None)  # a new upload: the last report goes
    signature = tuple((f.name, f.size) for f in files)
    pending = st.session_state.get(PENDING)
    if pending is None or pending["signature"] != signature:
        bar = st.progress(0.0, text="در حال خواندن پرونده‌ها… · reading the files")

        def read_one(count: int, name: str) -> None:
            bar.progress(count / len(files), text=f"خوانده شد {count} از {len(files)} · "
                                                  + english(f"read {count} of {len(files)}: {md_text(name)}"))

        records, rejections = read_files(((f.name, f.getvalue()) for f in files), progress=read_one)
        bar.empty()
        pending = {"signature": signature, "records": records, "rejections": rejections}
        st.session_state[PENDING] = pending
    records, rejections = pending["records"], pending["rejections"]
    st.caption(fa_en(f"{len(records)} مقاله آمادهٔ ورود، {len(rejections)} رد شده",
                     f"{len(records)} articles ready, {len(rejections)} rejected"))
    if rejections:
        st.warning(fa_en(f"این {len(rejections)} مورد خوانده نشدند:", f"these {len(rejections)} could not be read:"))
        st.html(table_html(pd.DataFrame(rejection_rows(rejections)), REJECTION_COLUMNS, key="upload_rejections"))
    if not records:
        return
    notes = [{"input": r.source_name, "reason": bilingual_reason(w)} for r in records for w in r.warnings]
    if notes:  # wrapped whole in a right-to-left table, Persian first: a grid cell cut them off
        st.warning(fa_en(f"{len(notes)} مورد را پیش از ورود بررسی کنید:", f"check {len(notes)} before importing:"))
        st.html(table_html(pd.DataFrame(notes), REJECTION_COLUMNS, key="upload_notes"))
    editable = pd.DataFrame([
        {"source_name": r.source_name, "title": r.title or "", "source": r.source or "",
         "date": jalali_text(r.published), "preview": " ".join(r.text.split()[:14])}
        for r in records
    ])
    st.caption(fa_en("عنوان، منبع و تاریخ حدس زده شده‌اند؛ پیش از ورود ویرایش کنید.",
                     "Title, source and date are guessed; edit them before importing."))
    edited = st.data_editor(
        editable, hide_index=True, width="stretch", key=f"upload_editor_{generation}",
        disabled=["source_name", "preview"], column_order=PREVIEW_ORDER,
        column_config={"source_name": st.column_config.TextColumn("پرونده · file", width="medium"),
                       "title": st.column_config.TextColumn("عنوان · title", width="medium"),
                       "source": st.column_config.TextColumn("منبع · source", width="medium"),
                       "date": st.column_config.TextColumn("تاریخ · date", width="small"),
                       "preview": st.column_config.TextColumn("آغاز متن · beginning", width="medium")},
    )
    if st.button("ورود به پیکره · Import", key="upload_import", type="primary"):
        final, bad_dates = [], []
        for record, row in zip(records, edited.itertuples(index=False), strict=True):
            published = parse_date(row.date) if str(row.date).strip() else None
            if str(row.date).strip() and published is None:
                bad_dates.append(record.source_name)
            final.append(with_metadata(record, row.title.strip(), row.source.strip(), published))
        if bad_dates:
            st.error(fa_en("تاریخ این موارد خوانده نشد:", "unreadable dates:", " · ") + " "
                     + "، ".join(md_text(name) for name in bad_dates))
            return
        engine_ready()
        bar = st.progress(0.0, text="در حال تحلیل و ذخیره… · analysing and storing")

        def stored_some(count: int, total: int) -> None:
            bar.progress(count / total, text=f"ذخیره شد {count} از {total} · " + english(f"stored {count} of {total}"))

        report = import_records(final, store(), actor(), progress=stored_some)
        bar.empty()
        corpus_changed()
        st.session_state[UPLOAD_DONE] = combined(rejections, report)
        st.session_state.pop(PENDING, None)
        st.session_state[UPLOAD_GENERATION] = generation + 1  # a fresh, empty uploader: the form resets
        st.rerun()


@guarded
def maintenance() -> None:
    if not actor().may("admin"):  # re-analysing the whole corpus is an admin's call (the store checks it too)
        return
    with st.expander("نگهداری · Maintenance"):
        st.write(fa_en("پس از تغییر واژه‌نامه‌ها یا موتور، پیکره را دوباره تحلیل کنید.", "Re-analyse after the lexicons "
                       "or the engine change."))
        if st.button("تحلیل دوبارهٔ پیکره · Re-analyse corpus", key="reanalyze"):
            from goftar.store.analysis import mark_stale

            count = mark_stale(store(), actor=actor())
            corpus_changed()
            reanalyzer().wake()
            st.success(fa_en(f"{count} مقاله در صف تحلیل دوباره است؛ پیشرفت در نوار کناری دیده می‌شود.",
                             f"{count} articles queued for re-analysis in the background; the sidebar shows the "
                             "progress."))


st.title(bilingual("افزودن مقاله", "Add articles"))
if not actor().may("analyst"):
    st.info(fa_en("افزودن مقاله با نقش تحلیلگر است.", "Adding articles needs the analyst role; you can read."))
    st.stop()
paste, upload = st.tabs(["چسباندن متن · Paste", "بارگذاری پرونده · Upload"])
with paste:
    paste_tab()
with upload:
    upload_tab()
maintenance()
# Last, once the page is drawn: the engine builds in the background while the analyst finds a text to paste.
engine_warmup().start()
