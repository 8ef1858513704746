"""Which label levels a set of scores reaches, by the rules held as data."""

from __future__ import annotations

from typing import NamedTuple

from assessment.plan import LevelPlan
from assessment.plan import Plan


class Tally(NamedTuple):
    """The figures the level rules look at, as exact integers."""

    total_x: int  # total points × POINTS_DENOMINATOR
    weighted_by_section: dict[str, int]  # section percentage × 100
    indicators_met: int
    indicator_points: int
    met: set[str]


def reaches(level: LevelPlan, tally: Tally) -> bool:
    """True when every rule of the level holds."""
    if tally.total_x < level.min_total_x or tally.indicators_met < level.min_met:
        return False
    if tally.indicator_points * 100 < level.min_indicator_x:
        return False
    weighted = tally.weighted_by_section
    for section_id, minimum in level.section_minimums:
        if weighted[section_id] < minimum:
            return False
    met = tally.met
    return all(item in met for item in level.required)


def levels_reached(plan: Plan, tally: Tally) -> tuple[LevelPlan, ...]:
    """The levels reached, lowest first; levels are validated to grow stricter."""
    reached: list[LevelPlan] = []
    for level in plan.levels:
        if not reaches(level, tally):
            break
        reached.append(level)
    return tuple(reached)
