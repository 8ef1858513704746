"""The languages of the label: what pages, messages, e-mails and certificates are written in."""

from __future__ import annotations

import functools
from gettext import NullTranslations

from babel import Locale
from babel.support import Translations

from labelapp.resources import translations_dir

# Each named in itself, in the switcher's order.
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "fr": "Français"}
DEFAULT = "en"
# Dates and numbers as each language writes them; English the British way for a
# European label ("30 November 2026", not the US order).
FORMAT_LOCALES = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR"}


def format_locale(code: str) -> Locale:
    """The Babel locale a language's dates and numbers are written in."""
    return Locale.parse(FORMAT_LOCALES.get(code, FORMAT_LOCALES[DEFAULT]))


def language_name(code: str, reader: str) -> str:
    """A language's name as a reader of ``reader`` writes it: "anglais", "Englisch"."""
    return str(Locale.parse(code).get_language_name(reader) or LANGUAGES.get(code, code))


@functools.cache
def catalogue(code: str) -> NullTranslations:
    """A language's compiled texts, for what is written outside a request (PDFs)."""
    return Translations.load(str(translations_dir()), [code], "messages")
