"""Errors that say exactly where the problem is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong at one place, e.g. ``sections[2].criteria[4].scale[1].value``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CriteriaError(ValueError):
    """A criteria file (or stored text) is not a valid scheme."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self._text())

    def _text(self) -> str:
        lines = [f"{self.source}: {problem}" for problem in self.problems]
        return "\n".join(lines)

    @property
    def first(self) -> str:
        """The first problem as one line, for a command line or a form."""
        return f"{self.source}: {self.problems[0]}"


class InvalidAnswer(ValueError):
    """One answer that its criterion or indicator refuses.

    The message says why in the engine's words; ``reason`` says it as a key
    ("not_a_number", "out_of_range", "not_whole", "not_on_scale", "not_an_option",
    "not_yes_no") and ``details`` holds the figures a reader's message shows
    (``minimum``/``maximum``), so an application can word it for its people.
    """

    def __init__(self, message: str, reason: str, **details: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details


@dataclass(frozen=True)
class AnswerProblem:
    """An answer that cannot be scored: unknown id, wrong type, off the scale."""

    criterion_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.message}"


class AnswerError(ValueError):
    """Some answers cannot be scored; each problem names its criterion or indicator."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))
