"""Rows given as blocks of columns, for the exports: a block is a list of columns, each a sequence of values (one per
row) or `Same` (one value on every row). Turning a block into lines of text works a column at a time: a `Same`
column's text is made once, neighbouring ones are joined once, and each row is then one join of a few strings,
all of it in C loops (map, zip, str.join) rather than a Python step per cell."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat


@dataclass(frozen=True)
class Same:
    """A column of a block that holds one value on every row."""

    value: object


def block_size(columns: Sequence[Sequence | Same]) -> int:
    """How many rows a block holds (ValueError without a column of values, or with columns of unequal length)."""
    sizes = {len(column) for column in columns if not isinstance(column, Same)}
    if len(sizes) != 1:
        raise ValueError("a block needs columns of values, all of the same length")
    return sizes.pop()


def block_lines(columns: Sequence[Sequence | Same], text: Callable[[object], str],
                texts: Callable[[Sequence], Sequence[str]], separator: str) -> Iterator[str]:
    """Each row of a block as its cells' texts joined by `separator`: `text(value)` for a `Same` column, `texts(values)`
    for a column of values."""
    block_size(columns)
    parts: list = []
    for column in columns:
        if not isinstance(column, Same):
            parts.append(texts(column))
        elif parts and isinstance(parts[-1], str):
            parts[-1] += separator + text(column.value)
        else:
            parts.append(text(column.value))
    # a fixed text is repeated endlessly: the columns of values end the rows
    return map(separator.join, zip(*[repeat(part) if isinstance(part, str) else part for part in parts], strict=False))
