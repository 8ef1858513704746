"""The one check per kind of answer, and the one rule for meeting a threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import AnswerError
from assessment import InvalidAnswer
from assessment import score
from assessment.answers import check_choice
from assessment.answers import check_indicator
from assessment.answers import check_number
from assessment.answers import check_step
from assessment.answers import check_yes_no
from assessment.answers import is_met
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
