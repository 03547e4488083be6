"""Quality & export: the engine against analysts' reviews, agreement between analysts, and the exports."""

import pandas as pd
import streamlit as st

from app_pages.common import guarded, reviews, store
from components.labels import bilingual
from components.safe import plain
from goftar.export import EXPORT_COLUMNS, statement_rows, summary_rows, to_bytes
from goftar.quality import agreement, engine_quality

KAPPA_MIN_ITEMS = 20  # below this many shared items one disagreement swings kappa by a tenth or more
FIELD_LABELS = {"status": "وضعیت · status", "speaker": "گوینده · speaker", "topics": "موضوع‌ها · issues",
                "issues": "موضوع‌ها · issues", "stance": "موضع · stance", "stances": "موضع · stance",
                "statements": "بیانیه‌های مشترک · shared statements"}


def kappa_caution(items: int) -> str:
    """The caution beside a kappa computed on few shared items ("" from KAPPA_MIN_ITEMS on)."""
    if items >= KAPPA_MIN_ITEMS:
        return ""
    return f"تنها {items} مورد · only {items} shared items: unstable"


def _percent(value) -> str:
    return "—" if value is None else f"{value:.0%}"


@guarded
def page() -> None:
    st.title(bilingual("کیفیت و خروجی", "Quality & export"))
    reviewed = reviews().reviewed()
    st.subheader(bilingual("دقت موتور روی پیکرهٔ ما", "Engine quality on our corpus"))
    if not reviewed:
        st.info("هنوز بیانیه‌ای بازبینی نشده است. — No statement has been reviewed yet: review some on the Review page.")
    else:
        scores = engine_quality(reviewed)
        table = pd.DataFrame([
            {"measure": name, "precision": _percent(score.precision), "recall": _percent(score.recall),
             "F1": _percent(score.f1), "TP": score.true_positive, "FP": score.false_positive,
             "FN": score.false_negative}
            for name, score in (("انتساب گوینده · speaker attribution", scores["attribution"]),
                                ("موضوع‌ها · issues", scores["topics"]))
        ])
        st.dataframe(table, hide_index=True, width="stretch", key="quality_table",
                     column_config={"measure": "سنجه · measure", "precision": "دقت · precision",
                                    "recall": "بازیابی · recall"})
        st.caption(f"بر پایهٔ {len(reviewed)} بیانیهٔ بازبینی‌شده · from {len(reviewed)} reviewed statements")

    st.subheader(bilingual("توافق تحلیلگران", "Agreement between analysts (Cohen's kappa)"))
    events = reviews().events()
    analysts = sorted({e["analyst"] for e in events})
    if len(analysts) < 2:
        st.info("برای توافق دست‌کم دو تحلیلگر لازم است. — Agreement needs two analysts who reviewed the same statements.")
    else:
        first, second = st.columns(2)
        a = first.selectbox("تحلیلگر اول · first", analysts, key="kappa_first", format_func=plain)
        b = second.selectbox("تحلیلگر دوم · second", [x for x in analysts if x != a], key="kappa_second",
                             format_func=plain)
        result = agreement(events, a, b)
        st.dataframe(pd.DataFrame([
            {"field": FIELD_LABELS.get(field, field), "kappa": "" if v["kappa"] is None else f"{v['kappa']:.2f}",
             "items": v["items"], "caution": kappa_caution(v["items"])}
            for field, v in result.items()
        ]), hide_index=True, width="stretch", key="kappa_table",
            column_config={"field": "زمینه · field", "kappa": "کاپا · kappa", "items": "موارد مشترک · shared items",
                           "caution": st.column_config.TextColumn("هشدار · caution", width="large")})
        if result.get("statements", {}).get("items", 0) < KAPPA_MIN_ITEMS:
            st.warning(f"کاپا روی کمتر از {KAPPA_MIN_ITEMS} مورد مشترک ناپایدار است؛ آن را قطعی نخوانید. — Kappa on "
                       f"fewer than {KAPPA_MIN_ITEMS} shared items is unstable: one disagreement moves it a lot.")

    st.subheader(bilingual("خروجی", "Export"))
    rows = statement_rows(store())
    summary = summary_rows(store())
    st.caption(f"{len(rows)} بیانیه · statements (engine and analyst values, stances, tags, notes)")
    c1, c2, c3, c4 = st.columns(4)
    # Built when clicked (a callable), not on every run: Streamlit serves a download from /media/<id> to anyone
    # holding the link, with no session check, for as long as the file is kept; see README, «Exports and /media».
    c1.download_button("CSV", lambda: to_bytes(rows, "csv", EXPORT_COLUMNS), "goftar-statements.csv", "text/csv",
                       key="export_csv")
    c2.download_button("JSONL", lambda: to_bytes(rows, "jsonl"), "goftar-statements.jsonl", "application/jsonl",
                       key="export_jsonl")
    c3.download_button("Excel", lambda: to_bytes(rows, "xlsx", EXPORT_COLUMNS), "goftar-statements.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="export_xlsx")
    c4.download_button("خلاصه · summary CSV", lambda: to_bytes(summary, "csv"), "goftar-summary.csv", "text/csv",
                       key="export_summary")


page()
