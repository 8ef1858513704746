"""Thresholds as managers read them: labels and units, never the criteria file's ids."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import load_criteria
from assessment.model import BooleanAnswer
from assessment.model import ChoiceAnswer
from assessment.model import Evidence
from assessment.model import Indicator
from assessment.model import NumberAnswer
from assessment.model import Option
from assessment.model import Threshold
from tests.assessment.schemes import BUNDLED

OPTIONS = ChoiceAnswer(
    (Option("never", "Never"), Option("two-years", "Every two years"), Option("yearly", "Yearly"))
)


def _indicator(answer, threshold: Threshold) -> Indicator:
    return Indicator(
        "x", "area", "X", "", answer, threshold, 5, False, Evidence.NONE, required=True
    )


def _number(unit: str = "members") -> NumberAnswer:
    return NumberAnswer(unit, Decimal(0), Decimal(1_000_000), integer=False)


@pytest.mark.parametrize(
    ("answer", "threshold", "text"),
    [
        (_number(), Threshold(at_least=Decimal("1500")), "at least 1,500 members"),
        (_number("FTE"), Threshold(at_least=Decimal("0.50")), "at least 0.5 FTE"),
        (_number("%"), Threshold(at_most=Decimal("20")), "at most 20 %"),
        (_number(""), Threshold(at_least=Decimal("3")), "at least 3"),
        (BooleanAnswer(), Threshold(equals=True), "Yes"),
        (BooleanAnswer(), Threshold(equals=False), "No"),
        (OPTIONS, Threshold(one_of=("yearly",)), "Yearly"),
        (OPTIONS, Threshold(one_of=("two-years", "yearly")), "Every two years or Yearly"),
        (
            OPTIONS,
            Threshold(one_of=("never", "two-years", "yearly")),
            "Never, Every two years or Yearly",
        ),
    ],
)
def test_a_threshold_is_described_with_labels_and_units(answer, threshold, text):
    assert _indicator(answer, threshold).describe_threshold() == text


def test_no_bundled_threshold_shows_an_option_id():
    for path in BUNDLED.values():
        for indicator in load_criteria(path).indicators:
            text = indicator.describe_threshold()
            if isinstance(indicator.answer, ChoiceAnswer):
                ids = {option.id for option in indicator.answer.options}
                assert not any(part in ids for part in text.replace(" or ", ", ").split(", "))
                assert text, indicator.id
