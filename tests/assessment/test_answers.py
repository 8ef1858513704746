"""The one check per kind of answer, and the one rule for meeting a threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment import AnswerError
from assessment import InvalidAnswer
from assessment import score
from assessment.answers import answer_text
from assessment.answers import check_choice
from assessment.answers import check_indicator
from assessment.answers import check_number
from assessment.answers import check_step
from assessment.answers import check_yes_no
from assessment.answers import is_met
from assessment.answers import read_answer
from assessment.model import Threshold
from tests.assessment.schemes import small

SCHEME = small()
VISION, MEMBERS, WEBSITE, SURVEY, FTE = (
    SCHEME.item(item_id) for item_id in ("vision", "members", "website", "survey", "fte")
)


def test_each_kind_returns_the_answer_in_its_one_form():
    assert check_step(VISION, 50) == 50
    assert check_number(MEMBERS.answer, 15) == Decimal(15)
    assert check_number(MEMBERS.answer, Decimal("15.00")) == Decimal(15)  # whole, so accepted
    assert check_number(FTE.answer, 0.5) == Decimal("0.5")  # a float through its shortest repr
    assert check_yes_no(False) is False
    assert check_choice(SURVEY.answer, "yearly") == "yearly"


@pytest.mark.parametrize(
    ("check", "raw", "message"),
    [
        (lambda raw: check_step(VISION, raw), True, "must be one of 0, 50, 100, not True"),
        (lambda raw: check_step(VISION, raw), 50.0, "must be one of 0, 50, 100, not 50.0"),
        (lambda raw: check_number(MEMBERS.answer, raw), "15", "must be a number, not '15'"),
        (lambda raw: check_number(MEMBERS.answer, raw), 15.5, "must be a whole number, not 15.5"),
        (lambda raw: check_number(FTE.answer, raw), 100.5, "between 0 and 100, not 100.5"),
        (check_yes_no, 1, "must be true or false, not 1"),
        (lambda raw: check_choice(SURVEY.answer, raw), "weekly", "one of never, yearly"),
    ],
)
def test_each_kind_refuses_with_a_message(check, raw, message):
    with pytest.raises(InvalidAnswer) as error:
        check(raw)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("item", "raw"),
    [(VISION, 40), (MEMBERS, -1), (WEBSITE, "yes"), (SURVEY, 3), (FTE, Decimal("NaN"))],
)
def test_the_engine_refuses_an_answer_with_the_checks_own_message(item, raw):
    with pytest.raises(InvalidAnswer) as refused:
        check_step(item, raw) if item is VISION else check_indicator(item, raw)
    with pytest.raises(AnswerError) as error:
        score(SCHEME, {item.id: raw})
    assert [(p.criterion_id, p.message) for p in error.value.problems] == [
        (item.id, str(refused.value))
    ]


@pytest.mark.parametrize(
    ("threshold", "value", "met"),
    [
        (Threshold(at_least=Decimal(15)), Decimal(15), True),
        (Threshold(at_least=Decimal(15)), Decimal("14.99"), False),
        (Threshold(at_most=Decimal(2)), Decimal(2), True),
        (Threshold(at_most=Decimal(2)), Decimal("2.01"), False),
        (Threshold(equals=False), False, True),
        (Threshold(equals=True), False, False),
        (Threshold(one_of=("yearly",)), "yearly", True),
        (Threshold(one_of=("yearly",)), "never", False),
    ],
)
def test_a_threshold_is_met_by_the_one_rule(threshold, value, met):
    assert is_met(threshold, value) is met


@pytest.mark.parametrize(
    ("item", "text", "value"),
    [
        (VISION, " 50 ", 50),
        (MEMBERS, "1 250", Decimal(1250)),
        (MEMBERS, "15,00", Decimal(15)),
        (FTE, "2,5", Decimal("2.5")),
        (FTE, "\u202f2.5\u00a0", Decimal("2.5")),  # the spaces a word processor pastes
        (WEBSITE, "true", True),
        (WEBSITE, "false", False),
        (SURVEY, "yearly", "yearly"),
    ],
)
def test_text_as_people_type_it_reads_as_the_engines_value(item, text, value):
    assert read_answer(item, text) == value
    assert type(read_answer(item, text)) is type(value)


@pytest.mark.parametrize(
    ("item", "text", "reason", "details"),
    [
        (VISION, "40", "not_on_scale", {}),
        (VISION, "²", "not_on_scale", {}),  # a digit to str.isdigit, no number to int()
        (VISION, "fifty", "not_on_scale", {}),
        (MEMBERS, "lots", "not_a_number", {"minimum": 0, "maximum": 100_000}),
        (MEMBERS, "NaN", "not_a_number", {"minimum": 0, "maximum": 100_000}),
        (MEMBERS, "١٢", "not_a_number", {"minimum": 0, "maximum": 100_000}),  # Arabic digits
        (MEMBERS, "-1", "out_of_range", {"minimum": 0, "maximum": 100_000}),
        (MEMBERS, "2.5", "not_whole", {"minimum": 0, "maximum": 100_000}),
        (WEBSITE, "yes", "not_yes_no", {}),
        (SURVEY, "weekly", "not_an_option", {}),
    ],
)
def test_text_that_is_no_answer_is_refused_with_a_reason_key(item, text, reason, details):
    with pytest.raises(InvalidAnswer) as refused:
        read_answer(item, text)
    assert (refused.value.reason, refused.value.details) == (reason, details)


@given(st.sampled_from([VISION, MEMBERS, WEBSITE, SURVEY, FTE]), st.data())
def test_an_answers_text_reads_back_as_the_same_answer(item, data):
    """What is stored (answer_text) reads back unchanged, and scores as the engine scores it."""
    if item is VISION:
        raw = data.draw(st.sampled_from(sorted(VISION.values)))
    elif item is WEBSITE:
        raw = data.draw(st.booleans())
    elif item is SURVEY:
        raw = data.draw(st.sampled_from([option.id for option in SURVEY.answer.options]))
    else:
        spec = item.answer
        places = 0 if spec.integer else 2
        raw = data.draw(st.decimals(spec.minimum, spec.maximum, places=places, allow_nan=False))
    value = read_answer(item, answer_text(raw))
    assert value == raw
    assert answer_text(value) == answer_text(raw)
