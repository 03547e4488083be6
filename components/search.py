"""Search results as HTML: the statement with the query's words marked; every fragment escaped, right to left."""

from __future__ import annotations

from components.labels import latin_name
from components.safe import html_text
from goftar.dates import jalali_text
from goftar.store.fulltext import highlight_spans


def highlight_html(text: str, query: str) -> str:
    """`text` escaped, with each place a query word begins a word wrapped in <mark class="g-hit">."""
    out, position = [], 0
    for start, end in highlight_spans(text, query):
        if start < position:
            continue
        out.append(html_text(text[position:start]))
        out.append(f'<mark class="g-hit">{html_text(text[start:end])}</mark>')
        position = end
    out.append(html_text(text[position:]))
    return "".join(out)


def render_hit_html(row: dict, query: str, labels: dict[str, str] | None = None) -> str:
    """One statement found by search: speaker, article, date, issues, then the statement with the hits marked."""
    labels = labels or {}
    meta = [html_text(row.get("speaker") or "—"), html_text(row.get("article") or "")]
    if row.get("date"):  # Jalali, the Gregorian date on hover
        gregorian = str(row["date"])[:10]
        meta.append(f'<span title="{html_text(gregorian)}">{html_text(jalali_text(row["date"]))}</span>')
    if row.get("source"):
        meta.append(html_text(latin_name(row["source"])))  # «@handle» keeps its «@» in front
    issues = "، ".join(labels.get(t, t) for t in row.get("topics") or [])
    if issues:
        meta.append(html_text(issues))
    return (f'<div class="goftar-hit" dir="rtl" lang="fa"><div class="g-hit-meta">{" · ".join(meta)}</div>'
            f'<p class="g-p">{highlight_html(row.get("text") or "", query)}</p></div>')
