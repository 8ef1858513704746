"""RADAR criteria: three attributes answered on the scale, scored by their mean."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment import AnswerError
from assessment import InvalidAnswer
from assessment import score
from assessment.answers import RadarValue
from assessment.answers import answer_text
from assessment.answers import check_criterion
from assessment.answers import check_radar
from assessment.answers import radar_percent
from assessment.answers import read_answer
from tests.assessment.schemes import FULL_SMALL
from tests.assessment.schemes import TENS
from tests.assessment.schemes import build
from tests.assessment.schemes import radar_data
from tests.assessment.schemes import radar_scheme

QUARTERS_SCHEME = radar_scheme()


def _plain_scheme():
    data = radar_data()
    del data["sections"][0]["criteria"][0]["radar"]
    return build(data)


PLAIN_SCHEME = _plain_scheme()  # the same scheme with vision a plain criterion
TENS_SCHEME = radar_scheme(TENS)
VISION = QUARTERS_SCHEME.item("vision")
WEIGHT, POINTS = 60, 400  # vision's weight and its section's points


@pytest.mark.parametrize(
    ("scheme", "steps", "percent"),
    [
        (QUARTERS_SCHEME, (50, 75, 25), 50),
        (QUARTERS_SCHEME, (50, 75, 50), 58),  # 58.33 down
        (QUARTERS_SCHEME, (25, 50, 50), 42),  # 41.67 up
        (QUARTERS_SCHEME, (0, 0, 25), 8),  # 8.33 down
        (QUARTERS_SCHEME, (75, 75, 100), 83),  # 83.33 down
        (QUARTERS_SCHEME, (50, 50, 75), 58),  # 58.33 down
        (QUARTERS_SCHEME, (25, 25, 50), 33),  # 33.33 down
        (QUARTERS_SCHEME, (75, 100, 100), 92),  # 91.67 up
        (QUARTERS_SCHEME, (0, 0, 0), 0),
        (QUARTERS_SCHEME, (100, 100, 100), 100),
        (TENS_SCHEME, (10, 20, 20), 17),  # 16.67 up
        (TENS_SCHEME, (0, 0, 10), 3),  # 3.33 down
        (TENS_SCHEME, (0, 10, 10), 7),  # 6.67 up
        (TENS_SCHEME, (90, 100, 100), 97),  # 96.67 up
        (TENS_SCHEME, (30, 40, 50), 40),
    ],
)
def test_a_radar_criterion_scores_the_mean_of_its_attributes_rounded_half_up(
    scheme, steps, percent
):
    result = score(scheme, {"vision": RadarValue(*steps)})
    vision = result.criterion("vision")
    assert (vision.value, vision.percent, vision.radar) == (percent, percent, RadarValue(*steps))
    # The rounded percent goes into the one exact formula: weight × percent × points.
    assert vision.points_x == WEIGHT * percent * POINTS
    assert result.section("lead").weighted == WEIGHT * percent
    assert "vision" not in result.unanswered


@given(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100))
def test_the_rounding_is_the_exact_mean_rounded_half_up(approach, deployment, refinement):
    mean = Fraction(approach + deployment + refinement, 3)
    assert radar_percent(approach, deployment, refinement) == int(mean + Fraction(1, 2))
    assert abs(radar_percent(approach, deployment, refinement) - mean) <= Fraction(1, 3)


@given(st.sampled_from([0, 25, 50, 75, 100]), st.data())
def test_three_equal_attributes_score_exactly_like_a_plain_criterion_with_that_step(step, data):
    others = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "governance": st.sampled_from([0, 50, 100]),
                "satisfaction": st.sampled_from([0, 25, 75, 100]),
                "members": st.integers(0, 100),
                "survey": st.sampled_from(["never", "yearly"]),
            },
        )
    )
    as_radar = score(QUARTERS_SCHEME, {**others, "vision": RadarValue(step, step, step)})
    as_plain = score(PLAIN_SCHEME, {**others, "vision": step})
    radar_json = as_radar.to_data()
    assert radar_json["criteria"][0].pop("radar") == {
        "approach": step,
        "deployment": step,
        "refinement": step,
    }
    assert radar_json == as_plain.to_data()


@pytest.mark.parametrize(
    "partial", [RadarValue(50, None, 25), RadarValue(None, None, None), RadarValue(None, 0, 0)]
)
def test_a_partly_answered_radar_criterion_counts_as_unanswered(partial):
    result = score(QUARTERS_SCHEME, {"vision": partial, "governance": 100})
    vision = result.criterion("vision")
    assert (vision.value, vision.percent, vision.points_x, vision.radar) == (None, 0, 0, None)
    assert "vision" in result.unanswered
    assert result.section("lead").answered == 1


@pytest.mark.parametrize(
    ("raw", "reason", "attribute", "message"),
    [
        (RadarValue(50, 30, 25), "not_on_scale", "deployment", "deployment must be one of 0, 25"),
        (RadarValue(True, 50, 50), "not_on_scale", "approach", "approach must be one of"),
        (RadarValue(50, 50, 101), "not_on_scale", "refinement", "not 101"),
        (RadarValue(50, None, 25), "radar_part_missing", "deployment", "has no deployment step"),
        (50, "not_radar", None, "must be three steps"),
        ("50/75/25", "not_radar", None, "must be three steps"),
    ],
)
def test_a_radar_answer_is_refused_with_its_reason_and_attribute(raw, reason, attribute, message):
    with pytest.raises(InvalidAnswer) as refused:
        check_criterion(VISION, raw)
    assert refused.value.reason == reason
    assert refused.value.details.get("attribute") == attribute
    assert message in str(refused.value)


def test_the_engine_refuses_a_part_off_the_scale_even_while_another_is_missing():
    with pytest.raises(AnswerError) as error:
        score(QUARTERS_SCHEME, {"vision": RadarValue(60, None, 25)})
    assert [p.criterion_id for p in error.value.problems] == ["vision"]
    assert "approach must be one of 0, 25, 50, 75, 100, not 60" in str(error.value)
    assert check_radar(VISION, RadarValue(50, None, 25), partial=True).complete is False


def test_a_plain_criterion_refuses_three_steps_and_a_radar_one_a_single_step():
    with pytest.raises(AnswerError) as error:
        score(QUARTERS_SCHEME, {"vision": 50, "governance": RadarValue(50, 50, 50)})
    assert [p.criterion_id for p in error.value.problems] == ["vision", "governance"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("50/75/25", RadarValue(50, 75, 25)),
        (" 0 / 100 /25 ", RadarValue(0, 100, 25)),
        ("100/100/100", RadarValue(100, 100, 100)),
    ],
)
def test_the_text_form_is_approach_deployment_refinement(text, value):
    assert read_answer(VISION, text) == value
    assert answer_text(value) == "".join(text.split())
    assert read_answer(VISION, answer_text(value)) == value
    assert value.percent == score(QUARTERS_SCHEME, {"vision": value}).criterion("vision").percent


@pytest.mark.parametrize(
    ("text", "reason", "attribute"),
    [
        ("50//25", "radar_part_missing", "deployment"),
        ("/75/25", "radar_part_missing", "approach"),
        ("//", "radar_part_missing", "approach"),
        ("50/75/", "radar_part_missing", "refinement"),
        ("50/75", "not_radar", None),
        ("50/75/25/0", "not_radar", None),
        ("50", "not_radar", None),
        ("fifty/75/25", "not_on_scale", "approach"),
        ("50/²/25", "not_on_scale", "deployment"),
        ("50/75/30", "not_on_scale", "refinement"),
        ("50/-25/25", "not_on_scale", "deployment"),
    ],
)
def test_a_radar_text_is_refused_with_its_reason(text, reason, attribute):
    with pytest.raises(InvalidAnswer) as refused:
        read_answer(VISION, text)
    assert (refused.value.reason, refused.value.details.get("attribute")) == (reason, attribute)


def test_a_plain_criterion_reads_no_radar_text():
    with pytest.raises(InvalidAnswer) as refused:
        read_answer(QUARTERS_SCHEME.item("governance"), "50/50/50")
    assert refused.value.reason == "not_on_scale"


def test_gaps_name_a_radar_criterion_as_a_closer_by_its_room():
    # Gold asks 50 % of the leadership section; vision (weight 60) at 8 % has the most room.
    answers = {**FULL_SMALL, "vision": RadarValue(0, 0, 25), "governance": 50}
    result = score(QUARTERS_SCHEME, answers)
    gap = next(g for g in result.gaps if g.rule == "min_section_percent")
    assert gap.subject == "lead"
    assert gap.actual_n == WEIGHT * 8 + 40 * 50
    assert gap.closers == ("vision",)


def test_only_radar_criteria_carry_their_attributes_in_the_json():
    result = score(QUARTERS_SCHEME, {"vision": RadarValue(50, 75, 25), "governance": 50})
    criteria = {c["id"]: c for c in result.to_data()["criteria"]}
    assert criteria["vision"]["radar"] == {"approach": 50, "deployment": 75, "refinement": 25}
    assert criteria["vision"]["value"] == criteria["vision"]["percent"] == 50
    assert "radar" not in criteria["governance"]
    unanswered = score(QUARTERS_SCHEME, {}).to_data()["criteria"][0]
    assert "radar" not in unanswered
