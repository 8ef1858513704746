"""Sentences for people, kept in English with their parameters until they are shown.

Services cannot know the reader's language (they run for the web, the API and the
command line alike), so they never build a finished sentence: they return or raise
``msg("Write at most %(limit)s characters.", limit=10_000)``. The web layer translates
it into the reader's language and formats its numbers and dates there
(``labelapp.web.i18n.say``); the command line and the logs read it in English
(``str``). ``make translations`` finds every ``msg(...)`` text in the code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """An English message id with its named parameters."""

    message: str
    params: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return self.message % dict(self.params) if self.params else self.message


def msg(message: str, /, **params: object) -> Text:
    """A sentence to translate where it is shown; ``%(name)s`` marks each parameter."""
    return Text(message, tuple(params.items()))


def N_(message: str, /) -> str:
    """Mark a fixed English text for translation where it is shown (``_(text)``)."""
    return message
