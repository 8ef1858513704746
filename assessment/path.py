"""The label's path: the rules of a level that look beyond one set of answers.

A level may ask for a complete benchmarking (every indicator answered), an earlier
label held for long enough, improvement areas validated as achieved, and two
assessors from different countries. The engine stays pure: whoever scores hands it
the facts (``PathFacts``) about the organisation's earlier labels, its validated
improvement areas and its assessors; without facts it knows of none.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.model import LevelRule
from assessment.model import PreviousLevel
from assessment.model import Scheme
from assessment.results import Gap
from assessment.results import Scores


@dataclass(frozen=True)
class EarlierLabel:
    """A label the organisation held: its level and how many whole months its
    assessment was before this one."""

    level: str
    months_before: int


@dataclass(frozen=True)
class PathFacts:
    """What the path rules look at besides the answers."""

    labels: tuple[EarlierLabel, ...] = ()  # valid or expired, never revoked
    improvement_areas_validated: int = 0
    # The lead's and the confirming assessor's countries, once a second assessor
    # confirms; None before, when the rule cannot be judged yet and is not held against
    # the level (it is checked when the level is confirmed).
    assessor_countries: tuple[str, str] | None = None


NO_FACTS = PathFacts()


def path_shortfalls(
    scheme: Scheme, level: LevelRule, scores: Scores, facts: PathFacts
) -> list[Gap]:
    """The path rules of ``level`` that the facts fail, in a fixed order."""
    failing: list[Gap] = []
    if asks_benchmark(scheme, level):
        answered = sum(1 for indicator in scores.indicators if indicator.value is not None)
        if answered < len(scores.indicators):
            failing.append(
                Gap(
                    "all_indicators_answered",
                    None,
                    "indicators",
                    1,
                    len(scores.indicators),
                    answered,
                    (),
                )
            )
    if level.previous_level is not None:
        gap = _previous_level(scheme, level.previous_level, facts.labels)
        if gap is not None:
            failing.append(gap)
    if facts.improvement_areas_validated < level.improvement_areas:
        failing.append(
            Gap(
                "improvement_areas",
                None,
                "areas",
                1,
                level.improvement_areas,
                facts.improvement_areas_validated,
                (),
            )
        )
    countries = facts.assessor_countries
    if level.assessors_from_different_countries and countries and countries[0] == countries[1]:
        failing.append(Gap("assessors_from_different_countries", None, "countries", 1, 2, 1, ()))
    return failing


def asks_benchmark(scheme: Scheme, level: LevelRule) -> bool:
    """A complete benchmarking asked for by a level is asked for by every level above
    it too: the rule is a floor, like the thresholds, not a step of the path."""
    index = scheme.levels.index(level)
    return any(lower.benchmark for lower in scheme.levels[: index + 1])


def _previous_level(
    scheme: Scheme, rule: PreviousLevel, labels: tuple[EarlierLabel, ...]
) -> Gap | None:
    """None when a label at ``rule.level`` or higher lies in the months asked for; else
    the gap, with the months of the most recent such label (0: there is none)."""
    order = [level.id for level in scheme.levels]
    floor = order.index(rule.level)
    held = sorted(
        (label.months_before for label in labels if label.level in order[floor:]),
    )
    if any(rule.min_months <= months <= rule.max_months for months in held):
        return None
    return Gap(
        "previous_level", rule.level, "months", 1, rule.min_months, held[0] if held else 0, ()
    )
