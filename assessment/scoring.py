"""Scoring: answers -> criterion, section, total and indicator scores, level and gaps.

Pure and deterministic: the same scheme and answers always give the same Result.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessment.compiled import compile_tally
from assessment.errors import AnswerError
from assessment.errors import AnswerProblem
from assessment.gaps import gaps_for
from assessment.labels import Tally
from assessment.labels import levels_reached
from assessment.model import Scheme
from assessment.plan import Answer
from assessment.plan import plan_for
from assessment.results import Result


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
    tally_answers = scheme.derived.get("tally")
    if tally_answers is None:
        tally_answers = scheme.derived["tally"] = compile_tally(plan)
    unanswered: list[str] = []
    percents, weighted, total_x, indicator_values, met_flags, met_ids, earned = tally_answers(
        answers.get, unanswered, problems
    )
    if problems:
        raise AnswerError(problems)

    weighted_by_section = dict(zip(plan.section_ids, weighted, strict=True))
    tally = Tally(total_x, weighted_by_section, len(met_ids), earned, met_ids)
    reached = levels_reached(plan, tally)
    next_level = plan.levels[len(reached)] if len(reached) < len(plan.levels) else None
    return Result(
        plan,
        scheme=scheme.key,
        version=scheme.version,
        percents=percents,
        weighted=weighted,
        indicator_values=indicator_values,
        met=met_flags,
        total_x=total_x,
        total_max=scheme.total_points,
        indicator_points=earned,
        indicator_points_max=scheme.indicator_points,
        unanswered=tuple(unanswered),
        levels_reached=tuple(level.rule.id for level in reached),
        next_level=next_level.rule.id if next_level else None,
        gaps=gaps_for(plan, next_level, tally, percents, met_flags) if next_level else (),
    )
