"""goftar.columns: blocks of columns become the same lines a row-by-row writer would give."""

from __future__ import annotations

import pytest

from goftar.columns import Same, block_lines, block_size


def test_lines_join_each_row_with_fixed_columns_made_once():
    made = []

    def text(value) -> str:
        made.append(value)
        return str(value)

    columns = [Same("الف"), ["۱", "۲", "۳"], Same("ب"), Same(False), [4, 5, 6], Same("")]
    lines = list(block_lines(columns, text, lambda values: [f"<{v}>" for v in values], "|"))
    assert lines == ["الف|<۱>|ب|False|<4>|", "الف|<۲>|ب|False|<5>|", "الف|<۳>|ب|False|<6>|"]
    assert made == ["الف", "ب", False, ""]  # once per block, not once per row
    assert block_size(columns) == 3


@pytest.mark.parametrize("columns", [[Same("x")], [["a", "b"], ["c"]], []])
def test_a_block_needs_columns_of_values_of_one_length(columns):
    with pytest.raises(ValueError):
        block_size(columns)
    with pytest.raises(ValueError):
        block_lines(columns, str, list, ",")
