"""One rule for untrusted text: anything that came from an article, an upload or a user is shown as text.

Which helper goes where (Streamlit 1.65, checked in Chromium):

| where the string goes | helper |
| --- | --- |
| markup built for `st.html` (text or a quoted attribute value) | `html_text` |
| anything Streamlit renders as Markdown: `st.title`/`subheader`/`caption`/`markdown`/`write`, `st.info`/`success`/`warning`/`error`, widget labels, `st.tabs`, `st.expander`, `st.metric` labels, `st.radio` options | `md_text` |
| `st.selectbox`/`st.multiselect` options (`format_func`): shown as plain text | `plain` |
| plotly labels, axis categories, hover text (plotly reads `<a href>`, `<b>`, `<span style>`) | `chart_text` |
| a speaker's colour in markup | `color_class` (a CSS class from `assets/goftar.css`, never a `style` attribute) |

Every helper also drops bidirectional override/embedding/isolate controls and other control characters, so a name
cannot reverse the text around it or hide characters; ZWNJ, ZWJ and the LRM/RLM marks that Persian text needs stay.
`st.dataframe` cells are drawn on a canvas and need none of this.
"""

from __future__ import annotations

import html
import re

from components.palette import SPEAKER_COLORS

# LRE RLE PDF LRO RLO, LRI RLI FSI PDI: they reorder what follows; the reader must see characters in logical order.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_CONTROLS}\ufeff]")
# CommonMark lets a backslash escape any ASCII punctuation; that breaks Streamlit's :emoji:/:color[]/:material/
# directives and KaTeX's $…$.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GFM autolinks are found in the parsed text, after escapes are undone (seen in Chromium: an escaped
# «http\:\/\/…» in st.title still became a link). A WORD JOINER (invisible, not a word character) splits the
# patterns it looks for: «http://», «https://», «www.» and the «@» of an e-mail address.
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?i)(https?(?=:)|www(?=\.)|@)")
NO_COLOR_CLASS = "g-spk-none"


def plain(value: object) -> str:
    """The value as display text: control and bidi-override characters removed (for plain-text widgets)."""
    return _INVISIBLE.sub("", "" if value is None else str(value))


def html_text(value: object) -> str:
    """Untrusted text for markup: escaped for HTML text and for a double- or single-quoted attribute value."""
    return html.escape(plain(value), quote=True)


def md_text(value: object) -> str:
    """Untrusted text for an API that renders Markdown: every Markdown and HTML character is a literal, and
    nothing is autolinked.

    Line breaks become spaces: a label or message never gains block structure (headings, lists, code blocks)."""
    text = _AUTOLINK_START.sub(lambda found: found.group(1) + WORD_JOINER, " ".join(plain(value).split()))
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def chart_text(value: object) -> str:
    """Untrusted text for a plotly label: plotly decodes entities after reading its tags, so `<` stays a `<`."""
    return html.escape(plain(value), quote=False)


def color_class(color: str | None) -> str:
    """The CSS class that sets a speaker's colour (`--spk`), for a colour of the shared palette."""
    try:
        return f"g-spk-{SPEAKER_COLORS.index(color)}"
    except ValueError:  # not a palette colour: the neutral grey
        return NO_COLOR_CLASS
