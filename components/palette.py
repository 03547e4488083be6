"""Colours and labels shared by the reader, the legend and every chart, so a speaker looks the same everywhere."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

# Colour-blind-aware qualitative palette (dark enough for white badge text, light enough to tint a background).
SPEAKER_COLORS = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
    "#bcbd22", "#393b79", "#ad494a", "#637939", "#7b4173", "#3182bd", "#e6550d", "#31a354",
    "#756bb1", "#636363", "#843c39", "#8c6d31",
)
TOPIC_COLOR = "#b8860b"
MISSION_ORDER = ("JCPOA", "3+3", "SCO", "BRICS")
NO_TOPIC = "—"
# One colour per issue in charts, in topic order (the mission issues take the first four): hues far apart, so no
# two issues side by side in a bar look alike (Tableau's ten, less its grey, then darker tones of the same hues).
# Grey is kept for «no issue»: a remainder, not an issue, so it must not draw the eye.
TOPIC_COLORS = (
    "#e15759", "#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#edc948", "#76b7b2", "#9c755f", "#ff9da7",
    "#8c1c13", "#1d3f6e", "#2e6b30", "#a65a00", "#5e3c73", "#7a6a00", "#1f6f6a",
)
NO_TOPIC_COLOR = "#c7c7c7"


def _slot(name: str) -> int:
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % len(SPEAKER_COLORS)


def speaker_colors(names: Iterable[str]) -> dict[str, str]:
    """A colour per speaker: by hash of the name, moved to the next free colour on a clash (stable for a name set)."""
    colors: dict[str, str] = {}
    used: set[int] = set()
    for name in sorted(set(names)):
        slot = _slot(name)
        for step in range(len(SPEAKER_COLORS)):
            candidate = (slot + step) % len(SPEAKER_COLORS)
            if candidate not in used or len(used) >= len(SPEAKER_COLORS):
                break
        used.add(candidate)
        colors[name] = SPEAKER_COLORS[candidate]
    return colors


def corpus_colors(names: Iterable[str], first_names: list[str]) -> dict[str, str]:
    """The colours `speaker_colors` gives `names` over a whole corpus, known only by its first len(SPEAKER_COLORS)
    names in sorted order (`first_names`): those take a colour each, no two alike, and fill the palette, so every
    later name keeps the colour of its hash. In a smaller corpus, names outside it share out colours among
    themselves, as before."""
    corpus = speaker_colors(first_names)
    names = list(dict.fromkeys(names))
    if len(corpus) < len(SPEAKER_COLORS):  # `first_names` is the whole corpus
        missing = [n for n in names if n not in corpus]
        return {**{n: corpus[n] for n in names if n in corpus}, **(speaker_colors(missing) if missing else {})}
    return {n: corpus.get(n) or SPEAKER_COLORS[_slot(n)] for n in names}


def topic_colors(topics: Iterable[str]) -> dict[str, str]:
    """A colour per issue, in the order given (see TOPIC_COLORS); «no issue» is always the neutral grey."""
    issues = [topic for topic in dict.fromkeys(topics) if topic != NO_TOPIC]
    return {**{topic: TOPIC_COLORS[i % len(TOPIC_COLORS)] for i, topic in enumerate(issues)}, NO_TOPIC: NO_TOPIC_COLOR}


def topic_order(topic_ids: Iterable[str], taxonomy: list[dict], *, with_mission: bool = False) -> list[str]:
    """Topic ids with the four mission issues first (all four with `with_mission`), then taxonomy order, then the rest."""
    present = list(dict.fromkeys([*(MISSION_ORDER if with_mission else ()), *topic_ids]))
    ranked = [t for t in MISSION_ORDER if t in present]
    ranked += [t["id"] for t in taxonomy if t["id"] in present and t["id"] not in ranked]
    ranked += sorted(t for t in present if t not in ranked and t != NO_TOPIC)
    if NO_TOPIC in present:
        ranked.append(NO_TOPIC)
    return ranked


def topic_labels(taxonomy: list[dict]) -> dict[str, str]:
    """Display label per topic id: Persian label with the English one («برجام · JCPOA»)."""
    labels = {t["id"]: f"{t['label_fa']} · {t['label_en']}" for t in taxonomy}
    labels[NO_TOPIC] = "بدون موضوع · no issue"
    return labels


def short_labels(taxonomy: list[dict]) -> dict[str, str]:
    """Compact Persian label per topic id, for chart axes where space is tight."""
    labels = {t["id"]: t["label_fa"] for t in taxonomy}
    labels[NO_TOPIC] = "بدون موضوع"
    return labels
