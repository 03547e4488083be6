"""Quality & export: the engine against analysts' reviews, agreement between analysts, and the exports.

Scores are cached by the corpus version; an export is built only when asked for, with progress, and kept for
download until the corpus changes.
"""

import pandas as pd
import streamlit as st

from app_pages.common import corpus_version, guarded, reviews, store
from components.labels import bilingual, fa_en
from components.safe import plain
from components.tables import Column, table_html
from goftar.export import XLSX_MIME, export_bytes
from goftar.quality import agreement, engine_quality

# Right to left, Persian headers (English in their tooltips), a card per row on a phone: the data grid drew these
# left to right, with English-only headers (F1, TP…) and the caution column off a phone's screen.
SCORE_TABLE = [Column("measure"), Column("precision", "number"), Column("recall", "number"), Column("f1", "number"),
               Column("tp", "number"), Column("fp", "number"), Column("fn", "number")]
KAPPA_TABLE = [Column("field"), Column("kappa", "number"), Column("items", "number"), Column("caution")]
KAPPA_MIN_ITEMS = 20  # below this many shared items one disagreement swings kappa by a tenth or more
FIELD_LABELS = {"status": "وضعیت · status", "speaker": "گوینده · speaker", "topics": "موضوع‌ها · issues",
                "issues": "موضوع‌ها · issues", "stance": "موضع · stance", "stances": "موضع · stance",
                "statements": "بیانیه‌های مشترک · shared statements"}


def kappa_caution(items: int) -> str:
    """The caution beside a kappa computed on few shared items ("" from KAPPA_MIN_ITEMS on)."""
    if items >= KAPPA_MIN_ITEMS:
        return ""
    return f"تنها {items} مورد · only {items} shared items: unstable"


EXPORTS = {
    "csv": ("CSV", "goftar-statements.csv", "text/csv"),
    "jsonl": ("JSONL", "goftar-statements.jsonl", "application/jsonl"),
    "xlsx": ("Excel", "goftar-statements.xlsx", XLSX_MIME),
    "summary": ("خلاصه · summary CSV", "goftar-summary.csv", "text/csv"),
}
READY = "export_ready"


@st.cache_data(max_entries=4, show_spinner=False)
def _scores(version: int) -> tuple[int, dict]:
    reviewed = reviews().reviewed()
    return len(reviewed), (engine_quality(reviewed) if reviewed else {})


@st.cache_data(max_entries=4, show_spinner=False)
def _events(version: int) -> list[dict]:
    return reviews().events()


def _percent(value) -> str:
    return "—" if value is None else f"{value:.0%}"


@guarded
def page() -> None:
    st.title(bilingual("کیفیت و خروجی", "Quality & export"))
    version = corpus_version()
    count, scores = _scores(version)
    st.subheader(bilingual("دقت موتور روی پیکرهٔ ما", "Engine quality on our corpus"))
    if not count:
        st.info(fa_en("هنوز بیانیه‌ای بازبینی نشده است.",
                      "No statement has been reviewed yet: review some on the Review page."))
    else:
        table = pd.DataFrame([
            {"measure": name, "precision": _percent(score.precision), "recall": _percent(score.recall),
             "f1": _percent(score.f1), "tp": score.true_positive, "fp": score.false_positive,
             "fn": score.false_negative}
            for name, score in (("انتساب گوینده · speaker attribution", scores["attribution"]),
                                ("موضوع‌ها · issues", scores["topics"]))
        ])
        st.html(table_html(table, SCORE_TABLE, key="quality"))
        st.caption(fa_en(f"بر پایهٔ {count} بیانیهٔ بازبینی‌شده", f"from {count} reviewed statements", " · "))

    st.subheader(bilingual("توافق تحلیلگران", "Agreement between analysts (Cohen's kappa)"))
    events = _events(version)
    analysts = sorted({e["analyst"] for e in events})
    if len(analysts) < 2:
        st.info(fa_en("برای توافق دست‌کم دو تحلیلگر لازم است.",
                      "Agreement needs two analysts who reviewed the same statements."))
    else:
        first, second = st.columns(2)
        a = first.selectbox("تحلیلگر اول · first", analysts, key="kappa_first", format_func=plain)
        b = second.selectbox("تحلیلگر دوم · second", [x for x in analysts if x != a], key="kappa_second",
                             format_func=plain)
        result = agreement(events, a, b)
        st.html(table_html(pd.DataFrame([
            {"field": FIELD_LABELS.get(field, field), "kappa": "" if v["kappa"] is None else f"{v['kappa']:.2f}",
             "items": v["items"], "caution": kappa_caution(v["items"])}
            for field, v in result.items()
        ]), KAPPA_TABLE, key="kappa"))
        if result.get("statements", {}).get("items", 0) < KAPPA_MIN_ITEMS:
            st.warning(fa_en(f"کاپا روی کمتر از {KAPPA_MIN_ITEMS} مورد مشترک ناپایدار است؛ آن را قطعی نخوانید.",
                             f"Kappa on fewer than {KAPPA_MIN_ITEMS} shared items is unstable: one disagreement "
                             "moves it a lot."))
    _exports(version)


def _exports(version: int) -> None:
    st.subheader(bilingual("خروجی", "Export"))
    st.caption(fa_en("همهٔ بیانیه‌ها با مقدارهای موتور و تحلیلگر، موضع‌ها، برچسب‌ها و یادداشت‌ها؛ پرونده هنگام "
                     "درخواست ساخته می‌شود.", "Every statement with engine and analyst values, stances, tags and "
                     "notes. The file is built when you ask for it."))
    choice, build = st.columns([3, 1])
    fmt = choice.selectbox("قالب · format", list(EXPORTS), key="export_format",
                           format_func=lambda f: EXPORTS[f][0], label_visibility="collapsed")
    if build.button("ساختن پرونده · Build file", key="export_build", type="primary", width="stretch"):
        bar = st.progress(0.0, text="در حال خواندن بیانیه‌ها · reading the statements")

        def progress(done: int, total: int) -> None:
            bar.progress(0.3 + 0.7 * done / max(total, 1), text=f"{done:,} / {total:,}")

        data = export_bytes(store(), "csv" if fmt == "summary" else fmt, summary=fmt == "summary",
                            progress=progress)
        bar.progress(1.0, text="آماده · ready")
        st.session_state[READY] = {"format": fmt, "version": version, "data": data}
    ready = st.session_state.get(READY)
    if ready:
        label, name, mime = EXPORTS[ready["format"]]
        changed = ready["version"] != version
        st.download_button(fa_en(f"دانلود {label}" + (" (پیکره از آن پس تغییر کرده)" if changed else ""),
                                 f"Download {label}" + (" (the corpus changed since)" if changed else ""), " · "),
                           ready["data"], name, mime,
                           key="export_download")


page()
