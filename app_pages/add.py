"""Add articles: paste or upload (text, HTML, Word, CSV/JSON/JSONL, zip); metadata is guessed and editable."""

from datetime import date

import pandas as pd
import streamlit as st

from app_pages.common import ARTICLE_KEY, corpus_changed, engine, guarded, store
from goftar.ingest import Record, Rejection, guess_metadata, parse_bytes, parse_date, parse_pasted
from goftar.pipeline import ingest_records, reanalyze_corpus

PENDING = "pending_records"


def _with_meta(record: Record, title: str | None, source: str | None, published: date | None) -> Record:
    return Record(record.source_name, record.text, title or None, source or None, published, record.url)


def _report(report) -> None:
    st.success(f"وارد شد: {report.imported} · تکراری: {report.duplicates} · رد شد: {len(report.rejected)} — "
               f"imported {report.imported}, duplicates {report.duplicates}, rejected {len(report.rejected)}")
    if report.duplicate_names:
        st.info("تکراری (ذخیره نشد) · duplicates, not stored again: " + "، ".join(report.duplicate_names[:20]))
    if report.rejected:
        st.warning("این موارد وارد نشدند · these were not imported:")
        st.dataframe(pd.DataFrame([{"source": r.source, "reason": r.reason} for r in report.rejected]),
                     hide_index=True, width="stretch", key="rejected_table")


def _open_latest() -> None:
    articles = store().articles()
    if articles:
        st.session_state[ARTICLE_KEY] = articles[0].id


@guarded
def paste_tab() -> None:
    text = st.text_area("متن خبر را اینجا بچسبانید · Paste the article text", height=220, key="paste_text")
    guessed = guess_metadata(text) if text.strip() else {"title": None, "source": None, "published": None}
    c1, c2, c3 = st.columns(3)
    title = c1.text_input("عنوان · title", value=guessed["title"] or "", key="paste_title")
    source = c2.text_input("منبع · source", value=guessed["source"] or "", key="paste_source")
    date_text = c3.text_input("تاریخ · date (۱۴۰۲/۰۸/۱۰ or 2023-11-01)",
                              value=guessed["published"].isoformat() if guessed["published"] else "", key="paste_date")
    if st.button("تحلیل و ذخیره · Analyse and save", key="paste_save", type="primary"):
        if not text.strip():
            st.error("متنی وارد نشده است. — Nothing to save: the text is empty.")
            return
        published = parse_date(date_text) if date_text.strip() else None
        if date_text.strip() and published is None:
            st.error(f"تاریخ «{date_text}» خوانده نشد. — The date could not be read; use ۱۴۰۲/۰۸/۱۰ or 2023-11-01.")
            return
        item = parse_pasted(text)
        if isinstance(item, Rejection):
            st.error(f"ذخیره نشد: {item.reason} — Not saved: {item.reason}")
            return
        report = ingest_records([_with_meta(item, title, source, published)], store(), workers=1)
        corpus_changed()
        _report(report)
        if report.imported or report.duplicates:
            existing = store().has_text(engine().analyze(item.text).text)
            st.session_state[ARTICLE_KEY] = existing
            st.switch_page("app_pages/read.py")


@guarded
def upload_tab() -> None:
    files = st.file_uploader(
        "پرونده‌ها · Files (.txt .md .html .docx .csv .json .jsonl .zip)", accept_multiple_files=True,
        key="upload_files",
    )
    if not files:
        st.session_state.pop(PENDING, None)
        return
    signature = tuple((f.name, f.size) for f in files)
    pending = st.session_state.get(PENDING)
    if pending is None or pending["signature"] != signature:
        records, rejections = [], []
        for uploaded in files:
            for item in parse_bytes(uploaded.name, uploaded.getvalue()):
                (records if isinstance(item, Record) else rejections).append(item)
        pending = {"signature": signature, "records": records, "rejections": rejections}
        st.session_state[PENDING] = pending
    records, rejections = pending["records"], pending["rejections"]
    st.caption(f"{len(records)} مقاله آمادهٔ ورود · articles ready; {len(rejections)} رد شده · rejected")
    if rejections:
        st.warning("این موارد خوانده نشدند · these could not be read:")
        st.dataframe(pd.DataFrame([{"source": r.source, "reason": r.reason} for r in rejections]), hide_index=True,
                     width="stretch", key="upload_rejections")
    if not records:
        return
    editable = pd.DataFrame([
        {"source_name": r.source_name, "title": r.title or "", "source": r.source or "",
         "date": r.published.isoformat() if r.published else "", "preview": " ".join(r.text.split()[:14])}
        for r in records
    ])
    edited = st.data_editor(
        editable, hide_index=True, width="stretch", key="upload_editor", disabled=["source_name", "preview"],
        column_config={"title": "عنوان · title", "source": "منبع · source", "date": "تاریخ · date",
                       "preview": st.column_config.TextColumn("آغاز متن · beginning", width="large")},
    )
    if st.button("ورود به پیکره · Import", key="upload_import", type="primary"):
        final, bad_dates = [], []
        for record, row in zip(records, edited.itertuples(index=False), strict=True):
            published = parse_date(row.date) if str(row.date).strip() else None
            if str(row.date).strip() and published is None:
                bad_dates.append(record.source_name)
            final.append(_with_meta(record, row.title.strip(), row.source.strip(), published))
        if bad_dates:
            st.error("تاریخ این موارد خوانده نشد · unreadable dates: " + "، ".join(bad_dates))
            return
        with st.spinner("در حال تحلیل و ذخیره… · analysing and storing"):
            report = ingest_records(final, store(), workers=1 if len(final) < 200 else None)
        corpus_changed()
        st.session_state.pop(PENDING, None)
        _report(report)
        if report.imported:
            _open_latest()
            if st.button("باز کردن در خواننده · Open in reader", key="upload_open"):
                st.switch_page("app_pages/read.py")


@guarded
def maintenance() -> None:
    with st.expander("نگهداری · Maintenance"):
        st.write("پس از تغییر واژه‌نامه‌ها یا موتور، پیکره را دوباره تحلیل کنید. — Re-analyse after the lexicons "
                 "or the engine change.")
        if st.button("تحلیل دوبارهٔ پیکره · Re-analyse corpus", key="reanalyze"):
            bar = st.progress(0.0)
            # every core; a run stopped half-way (server restarted) continues where it stopped
            outcome = reanalyze_corpus(store(), progress=lambda done, total: bar.progress(done / max(total, 1)))
            corpus_changed()
            count = outcome.articles
            st.success(f"{count} مقاله دوباره تحلیل شد. — {count} articles re-analysed.")


st.title("افزودن مقاله · Add articles")
paste, upload = st.tabs(["چسباندن متن · Paste", "بارگذاری پرونده · Upload"])
with paste:
    paste_tab()
with upload:
    upload_tab()
maintenance()
