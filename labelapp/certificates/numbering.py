"""Certificate numbers: ``CEL-2026-00042-K``, with a check character.

The check character is ISO 7064 MOD 11-2 over the year and sequence digits,
written as one of eleven letters. As a pure system (the check value is part of
the checked sum) it catches every single-character substitution and every swap
of two adjacent characters, including a swap with the check character itself:
a mistyped number is refused before any lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from labelapp.text import msg

# Eleven letters that cannot be misread as a digit (no I, O, Q, S, Z, B, G).
CHECK_LETTERS = "ACDEFHJKLMN"
SEQUENCE_DIGITS = 5  # zero-padded; a year with more certificates simply gets longer numbers
MAX_LENGTH = 40
_SHAPE = re.compile(r"^([A-Z]{2,8})-([0-9]{4})-([0-9]{5,9})-([A-Z0-9])$", re.ASCII)
# Dashes people type or paste in place of a hyphen.
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})


class BadNumber(ValueError):
    """Not a well-formed certificate number; the message says what to check."""


@dataclass(frozen=True)
class CertificateNumber:
    prefix: str
    year: int
    sequence: int

    @cached_property
    def text(self) -> str:
        digits = f"{self.year:04d}{self.sequence:0{SEQUENCE_DIGITS}d}"
        return f"{self.prefix}-{self.year:04d}-{self.sequence:0{SEQUENCE_DIGITS}d}-" + (
            check_character(digits)
        )

    def __str__(self) -> str:
        return self.text


def check_character(digits: str) -> str:
    """The MOD 11-2 check letter for a string of digits."""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError("check characters are computed over digits only")
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2 % 11
    return CHECK_LETTERS[(12 - total) % 11]


def _check_holds(digits: str, check: str) -> bool:
    value = CHECK_LETTERS.find(check)
    if value < 0:
        return False
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2 % 11
    return (total + value) % 11 == 1


def normalise(text: str) -> str:
    """Upper case, typographic dashes as hyphens, no surrounding or inner spaces."""
    return "".join(text.translate(_DASHES).upper().split())


def _example(prefix: str) -> str:
    return CertificateNumber(prefix, 2026, 42).text


def parse(text: str, prefix: str) -> CertificateNumber:
    """Read a typed number, refusing anything malformed or with a wrong check character.

    Raises:
        BadNumber: with a message that says what looks wrong.
    """
    if len(text) > MAX_LENGTH:
        raise BadNumber(msg("This is too long to be a certificate number."))
    cleaned = normalise(text)
    if not cleaned:
        raise BadNumber(msg("Enter the certificate number printed on the certificate."))
    match = _SHAPE.match(cleaned)
    if match is None:
        raise BadNumber(
            msg(
                "A certificate number looks like %(example)s: letters, the year, "
                "a sequence number and a check letter, separated by hyphens.",
                example=_example(prefix),
            )
        )
    found_prefix, year, sequence, check = match.groups()
    if found_prefix != prefix:
        raise BadNumber(
            msg(
                "Certificate numbers of this label start with %(prefix)s-, as in %(example)s.",
                prefix=prefix,
                example=_example(prefix),
            )
        )
    if not _check_holds(year + sequence, check):
        raise BadNumber(
            msg(
                "The check letter does not match the rest of the number, so one character "
                "was probably mistyped or two were swapped. Compare it with the certificate "
                "again."
            )
        )
    number = CertificateNumber(prefix, int(year), int(sequence))
    if number.text != cleaned:  # e.g. more leading zeros than we print
        raise BadNumber(
            msg("A certificate number looks like %(example)s.", example=_example(prefix))
        )
    return number
