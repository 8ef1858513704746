"""Properties of the engine over random answers and random faults."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from assessment import CriteriaError
from assessment import load_criteria
from assessment import score
from assessment.model import ChoiceAnswer
from assessment.model import NumberAnswer
from tests.assessment.answers import answer_sets
from tests.assessment.answers import best
from tests.assessment.answers import path_facts
from tests.assessment.schemes import BUNDLED
from tests.assessment.schemes import build
from tests.assessment.schemes import small_data

SCHEME = load_criteria(BUNDLED["2026.1"])
LEVELS = [None] + [level.id for level in SCHEME.levels]
ITEM_IDS = [c.id for c in SCHEME.criteria] + [i.id for i in SCHEME.indicators]


@given(answer_sets(SCHEME))
def test_scores_stay_within_their_bounds(answers):
    result = score(SCHEME, answers)
    assert Decimal(0) <= result.total <= Decimal(result.total_max)
    assert sum(s.points for s in result.sections) == result.total
    for section in result.sections:
        assert Decimal(0) <= section.percent <= Decimal(100)
        assert section.points <= section.max_points
    assert 0 <= result.indicator_points <= result.indicator_points_max
    assert result.indicators_met == sum(1 for i in result.indicators if i.met)


def _raise(item_id: str, answers: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """The same answers with one item moved to an answer at least as good."""
    item = SCHEME.item(item_id)
    current = answers.get(item_id)
    if hasattr(item, "scale"):
        values = [step.value for step in item.scale if current is None or step.value >= current]
        return {**answers, item_id: data.draw(st.sampled_from(values))}
    spec, threshold = item.answer, item.threshold
    if current is None:
        return {**answers, item_id: best(item)}
    if isinstance(spec, NumberAnswer):
        if threshold.at_least is not None:
            return {**answers, item_id: max(current, best(item))}
        return {**answers, item_id: min(current, best(item))}
    if isinstance(spec, ChoiceAnswer):
        met = current in (threshold.one_of or ())
        return answers if met else {**answers, item_id: best(item)}
    return {**answers, item_id: threshold.equals}


@settings(max_examples=150)
@given(answer_sets(SCHEME), st.data())
def test_raising_one_answer_never_lowers_a_score_or_the_level(answers, data):
    item_id = data.draw(st.sampled_from(ITEM_IDS))
    before = score(SCHEME, answers)
    after = score(SCHEME, _raise(item_id, answers, data))
    assert after.total >= before.total
    for old, new in zip(before.sections, after.sections, strict=True):
        assert new.points >= old.points
    assert after.indicator_points >= before.indicator_points
    assert after.indicators_met >= before.indicators_met
    assert LEVELS.index(after.level) >= LEVELS.index(before.level)


@given(answer_sets(SCHEME))
def test_the_same_answers_always_give_the_same_bytes(answers):
    first = score(SCHEME, answers).to_json()
    assert score(SCHEME, dict(reversed(list(answers.items())))).to_json() == first
    assert score(SCHEME, answers).to_json() == first


@given(answer_sets(SCHEME, complete=True))
def test_complete_answers_leave_nothing_unanswered_and_gaps_only_below_the_top(answers):
    result = score(SCHEME, answers)
    assert result.unanswered == ()
    assert (result.next_level is None) == (result.level == LEVELS[-1])
    assert bool(result.gaps) == (result.next_level is not None)


@settings(max_examples=60)
@given(st.data())
def test_each_validation_error_names_the_right_path(data):
    raw = small_data()
    section = data.draw(st.integers(0, len(raw["sections"]) - 1))
    criterion = data.draw(st.integers(0, len(raw["sections"][section]["criteria"]) - 1))
    fault = data.draw(st.sampled_from(["weight", "unknown", "evidence", "title"]))
    target = raw["sections"][section]["criteria"][criterion]
    expected = f"sections[{section}].criteria[{criterion}]"
    if fault == "weight":
        target["weight"] = data.draw(st.one_of(st.integers(101, 10_000), st.text(max_size=5)))
        expected += ".weight"
    elif fault == "unknown":
        key = data.draw(st.sampled_from(["colour", "note", "points", "scale_name"]))
        target[key] = 1
        expected += f".{key}"
    elif fault == "evidence":
        target["evidence"] = data.draw(st.sampled_from(["yes", "", "mandatory"]))
        expected += ".evidence"
    else:
        del target["title"]
        expected += ".title"
    with pytest.raises(CriteriaError) as error:
        build(raw)
    assert expected in [problem.path for problem in error.value.problems]


def _percent(answer):
    """A step, or the mean of a RADAR answer's three steps rounded half up."""
    if isinstance(answer, int):
        return answer
    mean = Fraction(answer.approach + answer.deployment + answer.refinement, 3)
    return int(mean + Fraction(1, 2))


def _reference(scheme, answers, facts):
    """The rules of criteria/README.md computed straight from the model, with fractions."""
    criteria = {}
    sections = {}
    percent = {c.id: _percent(answers[c.id]) for c in scheme.criteria}
    for section in scheme.sections:
        weighted = sum(c.weight * percent[c.id] for c in section.criteria)
        sections[section.id] = (
            Fraction(weighted, 100),
            Fraction(weighted * section.points, 10_000),
        )
        for c in section.criteria:
            criteria[c.id] = Fraction(c.weight * percent[c.id] * section.points, 10_000)
    met = {}
    for indicator in scheme.indicators:
        answer, threshold = answers[indicator.id], indicator.threshold
        if threshold.at_least is not None:
            met[indicator.id] = Fraction(answer) >= Fraction(threshold.at_least)
        elif threshold.at_most is not None:
            met[indicator.id] = Fraction(answer) <= Fraction(threshold.at_most)
        elif threshold.equals is not None:
            met[indicator.id] = answer is threshold.equals
        else:
            met[indicator.id] = answer in threshold.one_of
    total = sum(points for _percent, points in sections.values())
    earned = sum(i.points for i in scheme.indicators if met[i.id])

    def holds(level):
        share = Fraction(100 * earned, scheme.indicator_points) if scheme.indicator_points else 0
        required = [i.id for i in scheme.indicators if i.knockout] + list(level.required_indicators)
        return (
            total >= level.min_total_points
            and all(sections[s.id][0] >= level.min_section_percent[s.id] for s in scheme.sections)
            and sum(met.values()) >= level.min_indicators_met
            and share >= level.min_indicator_points_percent
            and all(met[item] for item in required)
            and _path_holds(level)
        )

    order = [level.id for level in scheme.levels]

    def _path_holds(level):
        # Every indicator is answered here, so a complete benchmarking always holds.
        rule = level.previous_level
        earlier = rule is None or any(
            order.index(label.level) >= order.index(rule.level)
            and rule.min_months <= label.months_before <= rule.max_months
            for label in facts.labels
        )
        countries = facts.assessor_countries
        same_country = countries is not None and countries[0] == countries[1]
        return (
            earlier
            and facts.improvement_areas_validated >= level.improvement_areas
            and not (level.assessors_from_different_countries and same_country)
        )

    return criteria, sections, met, total, earned, tuple(v.id for v in scheme.levels if holds(v))


SCHEMES = {version: load_criteria(path) for version, path in BUNDLED.items()}
VERSIONED_ANSWERS = st.sampled_from(sorted(SCHEMES)).flatmap(
    lambda version: st.tuples(st.just(version), answer_sets(SCHEMES[version], complete=True))
)


@settings(max_examples=200)
@given(VERSIONED_ANSWERS, path_facts())
def test_the_engine_agrees_with_a_reference_computed_from_the_model(version_and_answers, facts):
    version, answers = version_and_answers
    scheme = SCHEMES[version]
    criteria, sections, met, total, earned, reached = _reference(scheme, answers, facts)
    result = score(scheme, answers, facts)
    assert {c.id: Fraction(c.points) for c in result.criteria} == criteria
    assert {s.id: (Fraction(s.percent), Fraction(s.points)) for s in result.sections} == sections
    assert {i.id: i.met for i in result.indicators} == met
    assert (Fraction(result.total), result.indicator_points) == (total, earned)
    assert result.levels_reached == reached
