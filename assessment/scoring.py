"""Scoring: answers -> criterion, section, total and indicator scores, level and gaps.

Pure and deterministic: the same scheme and answers always give the same Result.
Scores are exact integers (see ``results``); nothing is rounded before it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from assessment.answers import Answer
from assessment.answers import CriterionValue
from assessment.answers import IndicatorValue
from assessment.answers import RadarValue
from assessment.answers import check_indicator
from assessment.answers import check_radar
from assessment.answers import check_step
from assessment.answers import is_met
from assessment.errors import AnswerError
from assessment.errors import AnswerProblem
from assessment.errors import InvalidAnswer
from assessment.gaps import gaps_for
from assessment.labels import decide
from assessment.model import Criterion
from assessment.model import Indicator
from assessment.model import Scheme
from assessment.model import Section
from assessment.path import NO_FACTS
from assessment.path import PathFacts
from assessment.results import CriterionScore
from assessment.results import IndicatorScore
from assessment.results import Result
from assessment.results import Scores
from assessment.results import SectionScore


class Checked(NamedTuple):
    """Answers once checked; unanswered items are absent from both mappings."""

    steps: dict[str, CriterionValue]  # criterion id -> the step, or a RADAR criterion's three
    values: dict[str, IndicatorValue]  # indicator id -> Decimal, bool or option id
    unanswered: tuple[str, ...]  # criteria first, then indicators, in file order


def score(scheme: Scheme, answers: Mapping[str, Answer], facts: PathFacts = NO_FACTS) -> Result:
    """Score a (possibly partial) set of answers; unanswered items count as 0 / not met.
    ``facts``: what the level's path rules look at besides the answers (none by default).

    Raises:
        AnswerError: unknown ids, wrong types or values off the scale, each named.
    """
    checked = check_answers(scheme, answers)
    criteria: list[CriterionScore] = []
    sections: list[SectionScore] = []
    for section in scheme.sections:
        scored = [criterion_score(section, c, checked.steps.get(c.id)) for c in section.criteria]
        criteria.extend(scored)
        sections.append(section_score(section, scored))
    indicators = tuple(indicator_score(i, checked.values.get(i.id)) for i in scheme.indicators)
    scores = Scores(tuple(criteria), tuple(sections), indicators)
    decision = decide(scheme, scores, facts)
    return Result(
        scores.criteria,
        scores.sections,
        scores.indicators,
        scheme=scheme.key,
        version=scheme.version,
        total_max=scheme.total_points,
        indicator_points_max=scheme.indicator_points,
        unanswered=checked.unanswered,
        levels_reached=tuple(level.id for level in decision.reached),
        next_level=decision.next_level.id if decision.next_level else None,
        gaps=gaps_for(scheme, decision.shortfalls, scores),
    )


def check_answers(scheme: Scheme, answers: Mapping[str, Answer]) -> Checked:
    """Each answer checked by the one function for its kind.

    Raises:
        AnswerError: every unknown id and every refused answer, unknown ids first.
    """
    problems = [
        AnswerProblem(str(key), "no criterion or indicator has this id")
        for key in sorted(answers.keys() - scheme.item_ids, key=str)
    ]
    steps: dict[str, CriterionValue] = {}
    values: dict[str, IndicatorValue] = {}
    unanswered: list[str] = []
    items: list[Criterion | Indicator] = [*scheme.criteria, *scheme.indicators]
    for item in items:
        raw = answers.get(item.id)
        if raw is None:
            unanswered.append(item.id)
            continue
        try:
            if isinstance(item, Criterion) and item.radar:
                radar = check_radar(item, raw, partial=True)
                if radar.complete:
                    steps[item.id] = radar
                else:  # an attribute not yet answered leaves the criterion unanswered
                    unanswered.append(item.id)
            elif isinstance(item, Criterion):
                steps[item.id] = check_step(item, raw)
            else:
                values[item.id] = check_indicator(item, raw)
        except InvalidAnswer as error:
            problems.append(AnswerProblem(item.id, str(error)))
    if problems:
        raise AnswerError(problems)
    return Checked(steps, values, tuple(unanswered))


def criterion_score(
    section: Section, criterion: Criterion, answer: CriterionValue | None
) -> CriterionScore:
    """The criterion's points: weight × percent × section points, in points × 10,000.

    A RADAR criterion's percent is the mean of its three steps rounded half up to a
    whole percent first (``RadarValue.percent``), so its points stay exact too.
    """
    radar = answer if isinstance(answer, RadarValue) else None
    value = answer.percent if isinstance(answer, RadarValue) else answer
    percent = value or 0
    return CriterionScore(
        criterion.id,
        section.id,
        value,
        percent,
        criterion.weight * percent * section.points,
        criterion.weight * 100 * section.points,
        radar,
    )


def section_score(section: Section, criteria: list[CriterionScore]) -> SectionScore:
    """The weighted mean of the criteria's percentages, and that share of the section's points."""
    weights = [criterion.weight for criterion in section.criteria]
    weighted = sum(w * c.percent for w, c in zip(weights, criteria, strict=True))
    return SectionScore(
        section.id,
        weighted,  # Σ weight × percent: the percentage × 100, since weights add up to 100
        weighted * section.points,
        section.points,
        sum(1 for c in criteria if c.value is not None),
        len(criteria),
    )


def indicator_score(indicator: Indicator, value: IndicatorValue | None) -> IndicatorScore:
    """Met when the checked answer reaches the threshold; a met indicator earns its points."""
    met = value is not None and is_met(indicator.threshold, value)
    return IndicatorScore(
        indicator.id,
        indicator.area,
        value,
        met,
        indicator.points if met else 0,
        indicator.points,
        indicator.knockout,
    )
