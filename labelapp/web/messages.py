"""Services' sentences (labelapp.text) in the reader's language (decision 21)."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal

from flask_babel import format_date
from flask_babel import format_decimal
from flask_babel import gettext

from labelapp.text import Text


def _readable(value: object) -> object:
    # Numbers and days in a sentence read as the reader writes them.
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return format_decimal(value)
    if isinstance(value, datetime):
        return format_date(value.date(), "long")
    if isinstance(value, date):
        return format_date(value, "long")
    return value


def say(text: Text | str) -> str:
    """A service's sentence in the reader's language, its numbers and days formatted."""
    if isinstance(text, Text):
        params = {name: _readable(value) for name, value in text.params}
        return str(gettext(text.message, **params) if params else gettext(text.message))
    return str(gettext(text))
