"""CSV downloads that a spreadsheet opens safely."""

from __future__ import annotations

# Cells that a spreadsheet would run as a formula are written as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """The value as a CSV cell; a leading formula character is quoted away with '."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
