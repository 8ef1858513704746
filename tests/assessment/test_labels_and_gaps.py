"""Label rules are data: each rule of a level can block it, and the gap names it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import load_criteria
from assessment import score
from tests.assessment.schemes import BUNDLED
from tests.assessment.schemes import FULL_SMALL
from tests.assessment.schemes import build
from tests.assessment.schemes import small
from tests.assessment.schemes import small_data


@pytest.mark.parametrize(
    ("change", "rule", "subject"),
    [
        ({"satisfaction": 75, "vision": 50, "governance": 0}, "min_total_points", None),
        ({"vision": 0, "governance": 100}, "min_section_percent", "lead"),
        ({"satisfaction": 25}, "min_section_percent", "results"),
        ({"website": False, "fte": 0}, "min_indicators_met", None),
        ({"survey": "never"}, "required_indicator", "survey"),
    ],
)
def test_each_gold_rule_alone_blocks_gold(change, rule, subject):
    result = score(small(), {**FULL_SMALL, **change})
    assert result.level == "bronze"
    assert (rule, subject) in [(g.rule, g.subject) for g in result.gaps]


def test_indicator_points_rule_counts_whole_points_rounded_up():
    data = small_data()
    data["levels"][1]["min_indicator_points_percent"] = 81  # 81 % of 20 = 16.2 -> 17 points
    data["levels"][1]["required_indicators"] = []
    data["levels"][1]["min_indicators_met"] = 2
    scheme = build(data)
    result = score(scheme, {**FULL_SMALL, "survey": "never", "fte": 0})  # 14 points
    (gap,) = [g for g in result.gaps if g.rule == "min_indicator_points_percent"]
    assert (gap.required, gap.actual, gap.missing) == (Decimal(17), Decimal(14), Decimal(3))
    assert gap.closers == ("survey",)  # 3 points, the first of the two 3-point ones
    reached = score(scheme, {**FULL_SMALL, "fte": 0})  # 17 points
    assert reached.level == "gold"


def test_closers_are_the_fewest_criteria_that_close_the_gap():
    result = score(small(), {**FULL_SMALL, "vision": 0, "governance": 0, "satisfaction": 75})
    (total,) = [g for g in result.gaps if g.rule == "min_total_points"]
    # 450 points; gold needs 700: vision (240 left) is not enough alone, governance (160) joins.
    assert total.missing == Decimal("250")
    assert total.closers == ("vision", "governance")


def test_gaps_for_a_first_level_list_every_failing_rule_in_order():
    result = score(small(), {})
    assert [g.rule for g in result.gaps] == [
        "min_total_points",
        "min_indicators_met",
        "required_indicator",
    ]


def test_a_levels_short_title_is_its_name_before_the_dash():
    scheme = load_criteria(BUNDLED["2026.1"])
    assert [(rule.short_title, rule.title) for rule in scheme.levels] == [
        ("Bronze", "Bronze — committed to excellence"),
        ("Silver", "Silver — dedicated to excellence"),
        ("Gold", "Gold — proven excellence"),
    ]
