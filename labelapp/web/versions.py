"""The row version a page was built on, as posted back by its form."""

from __future__ import annotations

# A posted version that cannot be read counts as stale: the page is refused with
# the "changed since you opened it" message instead of skipping the check.
UNREADABLE = -1


def posted_version(value: object) -> int:
    """The posted row version, or UNREADABLE (missing, not ASCII digits, absurdly long)."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else UNREADABLE
