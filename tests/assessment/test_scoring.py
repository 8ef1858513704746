"""Scoring by hand-checked examples: criterion, section and total points, indicators, levels."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment import AnswerError
from assessment import score
from tests.assessment.schemes import FULL_SMALL
from tests.assessment.schemes import small

MIXED = {
    "vision": 50,  # weight 60 in a 400-point section
    "governance": 100,  # weight 40
    "satisfaction": 25,  # weight 100 in a 600-point section
    "members": 15,
    "website": True,
    "survey": "never",
    "fte": 0.5,
}


def test_points_follow_weights_percentages_and_section_points():
    result = score(small(), MIXED)
    points = {c.id: c.points for c in result.criteria}
    assert points == {
        "vision": Decimal("120"),  # 60 % of 400 × 50 %
        "governance": Decimal("160"),  # 40 % of 400 × 100 %
        "satisfaction": Decimal("150"),  # 600 × 25 %
    }
    lead, results = result.sections
    assert (lead.percent, lead.points) == (Decimal("70"), Decimal("280"))
    assert (results.percent, results.points) == (Decimal("25"), Decimal("150"))
    assert result.total == Decimal("430")
    assert result.total_max == 1000


def test_indicators_are_met_by_their_thresholds():
    result = score(small(), MIXED)
    met = {i.id: i.met for i in result.indicators}
    assert met == {"members": True, "website": True, "survey": False, "fte": True}
    assert result.indicators_met == 3
    assert result.indicator_points == 17
    assert result.indicator_percent == Decimal("85.00")


def test_level_and_gap_to_the_next_level():
    result = score(small(), MIXED)
    assert result.level == "bronze"
    assert result.next_level == "gold"
    gaps = {(g.rule, g.subject): g for g in result.gaps}
    assert set(gaps) == {
        ("min_total_points", None),
        ("min_section_percent", "results"),
        ("required_indicator", "survey"),
    }
    total = gaps[("min_total_points", None)]
    assert (total.required, total.actual, total.missing) == (
        Decimal("700"),
        Decimal("430"),
        Decimal("270"),
    )
    # satisfaction has 450 points of room, enough alone; vision has 120.
    assert total.closers == ("satisfaction",)
    section = gaps[("min_section_percent", "results")]
    assert (section.required, section.actual, section.missing) == (
        Decimal("75"),
        Decimal("25"),
        Decimal("50"),
    )


def test_a_failed_knockout_blocks_every_level():
    result = score(small(), {**FULL_SMALL, "members": 14})
    assert result.total == Decimal("1000")
    assert result.level is None
    assert [(g.rule, g.subject) for g in result.gaps] == [("required_indicator", "members")]


def test_full_marks_reach_the_top_level_with_no_gap():
    result = score(small(), FULL_SMALL)
    assert result.levels_reached == ("bronze", "gold")
    assert result.level == "gold"
    assert result.next_level is None
    assert result.gaps == ()


def test_partial_answers_score_and_list_what_is_unanswered():
    result = score(small(), {"vision": 100})
    assert result.total == Decimal("240")
    assert result.unanswered == (
        "governance",
        "satisfaction",
        "members",
        "website",
        "survey",
        "fte",
    )
    assert result.criterion("governance").value is None
    assert result.section("lead").answered == 1
    assert result.indicator("members").met is False


def test_empty_answers_score_zero():
    result = score(small(), {})
    assert result.total == Decimal("0")
    assert result.level is None
    assert result.next_level == "bronze"


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        ({"nonsense": 1}, "nonsense", "no criterion or indicator has this id"),
        ({"vision": 40}, "vision", "must be one of 0, 50, 100, not 40"),
        ({"vision": True}, "vision", "must be one of 0, 50, 100, not True"),
        ({"vision": "50"}, "vision", "must be one of 0, 50, 100, not '50'"),
        ({"vision": 50.0}, "vision", "must be one of 0, 50, 100"),
        ({"members": -1}, "members", "must be between 0 and 100000, not -1"),
        ({"members": 15.5}, "members", "must be a whole number, not 15.5"),
        ({"members": "many"}, "members", "must be a number, not 'many'"),
        ({"members": True}, "members", "must be a number, not True"),
        ({"members": float("nan")}, "members", "must be a number"),
        ({"website": "yes"}, "website", "must be true or false, not 'yes'"),
        ({"survey": "weekly"}, "survey", "must be one of never, yearly, not 'weekly'"),
        ({"fte": 101}, "fte", "must be between 0 and 100, not 101"),
        ({"fte": Decimal("NaN")}, "fte", "must be a number"),
        ({"fte": Decimal("-Infinity")}, "fte", "must be a number"),
        ({"fte": Decimal("100.01")}, "fte", "must be between 0 and 100, not 100.01"),
        ({"members": Decimal("15")}, "members", None),
    ],
)
def test_bad_answers_are_named_with_what_is_wrong(answers, item, message):
    if message is None:  # accepted: a whole Decimal for an integer indicator
        assert score(small(), answers).indicator(item).met
        return
    with pytest.raises(AnswerError) as error:
        score(small(), answers)
    assert [(p.criterion_id, message in p.message) for p in error.value.problems] == [(item, True)]


def test_every_bad_answer_is_reported_at_once():
    with pytest.raises(AnswerError) as error:
        score(small(), {"vision": 1, "members": "x", "ghost": 2})
    assert [p.criterion_id for p in error.value.problems] == ["ghost", "vision", "members"]


def test_decimal_and_float_numbers_compare_exactly():
    just_below = score(small(), {"fte": Decimal("0.49999999")})
    at_threshold = score(small(), {"fte": 0.5})
    assert not just_below.indicator("fte").met
    assert at_threshold.indicator("fte").met


def test_canonical_json_is_stable_and_exact():
    result = score(small(), MIXED)
    assert result.to_json() == score(small(), dict(reversed(list(MIXED.items())))).to_json()
    data = result.to_data()
    assert data["total"] == {"points": "430.00", "max_points": 1000}
    assert data["indicator_points"]["percent"] == "85.00"
    assert data["indicators"][3]["value"] == "0.5"
