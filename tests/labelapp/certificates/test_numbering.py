"""Certificate numbers: the check letter catches typing mistakes before any lookup."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labelapp.certificates.numbering import BadNumber
from labelapp.certificates.numbering import CertificateNumber
from labelapp.certificates.numbering import parse

PREFIX = "CEL"
TYPABLE = string.ascii_uppercase + string.digits + "-"


def test_numbers_look_like_the_design_example():
    number = CertificateNumber(PREFIX, 2026, 42).text
    assert number[:15] == "CEL-2026-00042-"
    assert len(number) == 16 and number[-1].isalpha()
    assert parse(number, PREFIX) == CertificateNumber(PREFIX, 2026, 42)


def test_people_may_type_lower_case_spaces_and_typographic_dashes():
    number = CertificateNumber(PREFIX, 2026, 42)
    text = number.text
    for typed in (f" {text.lower()} ", text.replace("-", "–"), text.replace("-", " - ")):
        assert parse(typed, PREFIX) == number


def _every_single_substitution(text: str):
    for index, original in enumerate(text):
        for replacement in TYPABLE:
            if replacement != original:
                yield text[:index] + replacement + text[index + 1 :]


def _every_adjacent_swap(text: str):
    for index in range(len(text) - 1):
        if text[index] != text[index + 1]:
            yield text[:index] + text[index + 1] + text[index] + text[index + 2 :]


@given(year=st.integers(2000, 2099), sequence=st.integers(1, 99_999))
def test_every_single_typo_and_adjacent_swap_is_refused(year, sequence):
    number = CertificateNumber(PREFIX, year, sequence).text
    for wrong in [*_every_single_substitution(number), *_every_adjacent_swap(number)]:
        with pytest.raises(BadNumber):
            parse(wrong, PREFIX)


def test_a_wrong_check_letter_says_a_character_was_probably_mistyped():
    number = CertificateNumber(PREFIX, 2026, 42).text
    swapped = number[:-4] + number[-3] + number[-4] + number[-2:]  # 00042 -> 00024
    with pytest.raises(BadNumber, match="mistyped or two were swapped"):
        parse(swapped, PREFIX)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the certificate number"),
        ("42", "looks like CEL-2026-00042-"),
        ("../../etc/passwd", "looks like"),
        ("CEL-2026-00042-K/../x", "looks like"),
        ("X" * 500, "too long"),
        ("ABC-2026-00042-K", "start with CEL-"),
        ("CEL-２０２６-00042-K", "looks like"),  # full-width digits are not ASCII digits
    ],
)
def test_malformed_numbers_get_a_helpful_message(typed, message):
    with pytest.raises(BadNumber, match=message):
        parse(typed, PREFIX)


def test_more_leading_zeros_than_printed_are_refused():
    number = CertificateNumber(PREFIX, 2026, 42).text
    with pytest.raises(BadNumber):
        parse(number.replace("00042", "000042"), PREFIX)


def test_large_sequences_grow_the_number_instead_of_wrapping():
    number = CertificateNumber(PREFIX, 2026, 123_456)
    assert number.text.startswith("CEL-2026-123456-")
    assert parse(number.text, PREFIX) == number
