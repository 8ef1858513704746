"""Domain errors that views turn into form errors, error pages or JSON."""

from __future__ import annotations


class LabelappError(Exception):
    """Root of the errors a service raises on purpose."""


class ValidationFailed(LabelappError):
    """Input was refused; each reason names the field it belongs to (or None)."""

    def __init__(self, reasons: list[tuple[str | None, str]]) -> None:
        super().__init__("; ".join(message for _field, message in reasons))
        self.reasons = reasons


class NotAllowed(LabelappError):
    """The actor may not do this to this object."""


class StaleState(LabelappError):
    """The object changed since the caller read it."""
