"""Scoring: answers -> criterion, section, total and indicator scores, level and gaps.

Pure and deterministic: the same scheme and answers always give the same Result.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessment.errors import AnswerError
from assessment.errors import AnswerProblem
from assessment.gaps import gaps_for
from assessment.labels import Tally
from assessment.labels import levels_reached
from assessment.model import Scheme
from assessment.plan import Answer
from assessment.plan import Plan
from assessment.plan import plan_for
from assessment.results import Result


def _off_scale(plan: Plan, criterion_id: str, value: object) -> AnswerProblem:
    steps = next(c.steps for c in plan.criteria if c.id == criterion_id)
    return AnswerProblem(criterion_id, f"must be one of {steps}, not {value!r}")


def score(scheme: Scheme, answers: Mapping[str, Answer]) -> Result:
    """Score a (possibly partial) set of answers; unanswered items count as 0 / not met.

    Raises:
        AnswerError: unknown ids, wrong types or values off the scale, each named.
    """
    plan = plan_for(scheme)
    problems: list[AnswerProblem] = []
    if not plan.known.issuperset(answers):
        problems.extend(
            AnswerProblem(str(key), "no criterion or indicator has this id")
            for key in sorted(answers.keys() - plan.known, key=str)
        )
    get = answers.get
    unanswered: list[str] = []
    percents: list[int | None] = []
    weighted_by_section: dict[str, int] = {}
    total_x = 0
    for section_id, points, criteria in plan.fast_sections:
        weighted = 0
        for criterion_id, weight, values in criteria:
            value = get(criterion_id)
            if value is None:
                unanswered.append(criterion_id)
                percents.append(None)
            # An exact type check: bool is an int subclass, but True is no maturity step.
            elif type(value) is int and value in values:
                weighted += weight * value
                percents.append(value)
            else:
                problems.append(_off_scale(plan, criterion_id, value))
                percents.append(None)
        weighted_by_section[section_id] = weighted
        total_x += weighted * points

    indicator_values: list[Answer] = []
    met_flags: list[bool] = []
    met_ids: set[str] = set()
    earned = 0
    for indicator_id, _area, indicator_points, _knockout, check in plan.indicators:
        raw = get(indicator_id)
        met = False
        if raw is None:
            unanswered.append(indicator_id)
        else:
            raw, met, problem = check(raw)
            if problem:
                problems.append(AnswerProblem(indicator_id, problem))
            elif met:
                met_ids.add(indicator_id)
                earned += indicator_points
        indicator_values.append(raw)
        met_flags.append(met)
    if problems:
        raise AnswerError(problems)

    tally = Tally(total_x, weighted_by_section, len(met_ids), earned, met_ids)
    reached = levels_reached(plan, tally)
    next_level = plan.levels[len(reached)] if len(reached) < len(plan.levels) else None
    return Result(
        plan,
        scheme=scheme.key,
        version=scheme.version,
        percents=tuple(percents),
        weighted=tuple(weighted_by_section.values()),
        indicator_values=tuple(indicator_values),
        met=tuple(met_flags),
        total_x=total_x,
        total_max=scheme.total_points,
        indicator_points=earned,
        indicator_points_max=scheme.indicator_points,
        unanswered=tuple(unanswered),
        levels_reached=tuple(level.rule.id for level in reached),
        next_level=next_level.rule.id if next_level else None,
        gaps=gaps_for(plan, next_level, tally, percents, met_flags) if next_level else (),
    )
