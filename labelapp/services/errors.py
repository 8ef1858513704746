"""Domain errors that views turn into form errors, error pages or JSON.

Their messages are ``labelapp.text.Text`` (or plain English): the web layer shows
them in the reader's language, ``str()`` gives the English for logs and the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence

from labelapp.text import Text


class LabelappError(Exception):
    """Root of the errors a service raises on purpose."""

    def __init__(self, message: Text | str = "") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class ValidationFailed(LabelappError):
    """Input was refused; each reason names the field it belongs to (or None)."""

    def __init__(self, reasons: Sequence[tuple[str | None, Text | str]]) -> None:
        super().__init__("; ".join(str(message) for _field, message in reasons))
        self.reasons = list(reasons)


class NotAllowed(LabelappError):
    """The actor may not do this to this object."""


class StaleState(LabelappError):
    """The object changed since the caller read it."""
