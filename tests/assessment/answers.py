"""Answers for the bundled schemes: extremes, thresholds and random ones."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from assessment import Scheme
from assessment.answers import RadarValue
from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Indicator
from assessment.model import NumberAnswer
from assessment.path import EarlierLabel
from assessment.path import PathFacts


def best(indicator: Indicator) -> Any:
    """An answer that meets the indicator."""
    spec, threshold = indicator.answer, indicator.threshold
    if isinstance(spec, NumberAnswer):
        return _number(spec, threshold.at_least if threshold.at_least is not None else spec.minimum)
    if isinstance(spec, ChoiceAnswer):
        return (threshold.one_of or ())[0]
    return threshold.equals


def worst(indicator: Indicator) -> Any:
    """An answer that does not meet the indicator."""
    spec, threshold = indicator.answer, indicator.threshold
    if isinstance(spec, NumberAnswer):
        return _number(spec, spec.minimum if threshold.at_least is not None else spec.maximum)
    if isinstance(spec, ChoiceAnswer):
        return next(o.id for o in spec.options if o.id not in (threshold.one_of or ()))
    return not threshold.equals


def _number(spec: NumberAnswer, value: Decimal) -> Any:
    return int(value) if spec.integer else value


def extreme(scheme: Scheme, *, top: bool) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for criterion in scheme.criteria:
        step = (criterion.scale[-1] if top else criterion.scale[0]).value
        answers[criterion.id] = RadarValue(step, step, step) if criterion.radar else step
    answers.update({i.id: best(i) if top else worst(i) for i in scheme.indicators})
    return answers


def seeded(scheme: Scheme, seed: int) -> dict[str, Any]:
    """A reproducible, complete, random set of answers."""
    rng = random.Random(seed)
    answers: dict[str, Any] = {}
    for criterion in scheme.criteria:
        steps = [step.value for step in criterion.scale]
        if criterion.radar:
            answers[criterion.id] = RadarValue(*(rng.choice(steps) for _ in range(3)))
        else:  # one draw per criterion, as before RADAR, so earlier golden files hold
            answers[criterion.id] = rng.choice(steps)
    for indicator in scheme.indicators:
        answers[indicator.id] = best(indicator) if rng.random() < 0.7 else worst(indicator)
    return answers


def criterion_answer(criterion: Criterion) -> st.SearchStrategy[Any]:
    """A step of the scale, or one for each RADAR attribute."""
    step = st.sampled_from([step.value for step in criterion.scale])
    return st.builds(RadarValue, step, step, step) if criterion.radar else step


def path_facts() -> st.SearchStrategy[PathFacts]:
    """Facts about earlier labels, improvement areas and assessors' countries."""
    return st.builds(
        PathFacts,
        labels=st.lists(
            st.builds(
                EarlierLabel,
                level=st.sampled_from(["bronze", "silver", "gold"]),
                months_before=st.integers(0, 60),
            ),
            max_size=3,
        ).map(tuple),
        improvement_areas_validated=st.integers(0, 5),
        assessor_countries=st.none()
        | st.tuples(st.sampled_from(["DE", "FR"]), st.sampled_from(["DE", "FR"])),
    )


def indicator_answer(indicator: Indicator) -> st.SearchStrategy[Any]:
    spec = indicator.answer
    if isinstance(spec, NumberAnswer):
        if spec.integer:
            return st.integers(int(spec.minimum), int(spec.maximum))
        return st.decimals(spec.minimum, spec.maximum, places=2)
    if isinstance(spec, ChoiceAnswer):
        return st.sampled_from([option.id for option in spec.options])
    return st.booleans()


def answer_sets(scheme: Scheme, *, complete: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Random answers to a scheme; some items left unanswered unless ``complete``."""
    items: dict[str, st.SearchStrategy[Any]] = {c.id: criterion_answer(c) for c in scheme.criteria}
    items.update({i.id: indicator_answer(i) for i in scheme.indicators})
    if complete:
        return st.fixed_dictionaries(items)
    return st.fixed_dictionaries({}, optional=items)
