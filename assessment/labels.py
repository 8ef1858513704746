"""Label levels: each rule of a level, written once, as the shortfall it leaves.

A level is reached when none of its rules fall short; the shortfalls of the level
above the highest one reached are the gaps shown to the managers.
"""

from __future__ import annotations

from typing import NamedTuple

from assessment.model import LevelRule
from assessment.model import Scheme
from assessment.path import NO_FACTS
from assessment.path import PathFacts
from assessment.path import path_shortfalls
from assessment.results import POINTS_DENOMINATOR
from assessment.results import Gap
from assessment.results import Scores


class Decision(NamedTuple):
    reached: tuple[LevelRule, ...]  # lowest first
    next_level: LevelRule | None  # the level above the highest one reached
    shortfalls: tuple[Gap, ...]  # the rules of next_level that fail, closers not yet chosen


def decide(scheme: Scheme, scores: Scores, facts: PathFacts = NO_FACTS) -> Decision:
    """The levels reached and what the level above the highest one lacks.

    Each level is judged on its own rules. Thresholds are validated to grow stricter,
    so a level whose thresholds hold has those of every level below; only the path
    rules of a lower level (an earlier label, improvement areas) can fail where a
    higher level's hold, and they never block a level that does not ask for them: an
    organisation may reach gold on its first assessment though silver needs a bronze
    label before. Without path rules this is climbing level by level.
    """
    judged = [(level, shortfalls_for(scheme, level, scores, facts)) for level in scheme.levels]
    reached = tuple(level for level, shortfalls in judged if not shortfalls)
    top = max(
        (index for index, (_l, shortfalls) in enumerate(judged) if not shortfalls), default=-1
    )
    if top + 1 < len(judged):
        level, shortfalls = judged[top + 1]
        return Decision(reached, level, shortfalls)
    return Decision(reached, None, ())


def shortfalls_for(
    scheme: Scheme, level: LevelRule, scores: Scores, facts: PathFacts = NO_FACTS
) -> tuple[Gap, ...]:
    """Every rule of the level that the scores or the path facts fail, in a fixed order,
    with no closers yet."""
    failing: list[Gap] = []
    minimum_x = level.min_total_points * POINTS_DENOMINATOR
    if scores.total_x < minimum_x:
        failing.append(
            Gap(
                "min_total_points",
                None,
                "points",
                POINTS_DENOMINATOR,
                minimum_x,
                scores.total_x,
                (),
            )
        )
    for section in scores.sections:
        minimum = level.min_section_percent.get(section.id, 0) * 100
        if section.weighted < minimum:
            failing.append(
                Gap(
                    "min_section_percent", section.id, "percent", 100, minimum, section.weighted, ()
                )
            )
    met = scores.indicators_met
    if met < level.min_indicators_met:
        failing.append(
            Gap("min_indicators_met", None, "indicators", 1, level.min_indicators_met, met, ())
        )
    # The share of indicator points in whole points, rounded up: 81 % of 20 points needs 17.
    needed = -(-(level.min_indicator_points_percent * scheme.indicator_points) // 100)
    earned = scores.indicator_points
    if earned < needed:
        failing.append(
            Gap("min_indicator_points_percent", None, "indicator_points", 1, needed, earned, ())
        )
    met_ids = scores.met_ids
    failing.extend(
        Gap("required_indicator", indicator_id, "met", 1, 1, 0, ())
        for indicator_id in required_indicators(scheme, level)
        if indicator_id not in met_ids
    )
    failing.extend(path_shortfalls(scheme, level, scores, facts))
    return tuple(failing)


def required_indicators(scheme: Scheme, level: LevelRule) -> tuple[str, ...]:
    """The indicators the level needs met: every knock-out first, then the level's own."""
    knockouts = tuple(indicator.id for indicator in scheme.knockouts())
    return knockouts + tuple(i for i in level.required_indicators if i not in knockouts)
