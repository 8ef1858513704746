"""Gap analysis: which rules of the next level fail, by how much, and what closes them soonest."""

from __future__ import annotations

from collections.abc import Sequence
from heapq import heapify
from heapq import heappop

from assessment.labels import Tally
from assessment.plan import POINTS_DENOMINATOR
from assessment.plan import IndicatorPlan
from assessment.plan import LevelPlan
from assessment.plan import Plan
from assessment.results import Gap


def _soonest(candidates: list[tuple[str, int]], deficit: int) -> tuple[str, ...]:
    """The fewest items whose remaining room covers the deficit, largest room first.

    Ties keep the order of the criteria file, so the answer is deterministic.
    """
    heap = [(-room, order, item) for order, (item, room) in enumerate(candidates) if room > 0]
    return _pop_until(heap, deficit)


def _pop_until(heap: list[tuple[int, int, str]], deficit: int) -> tuple[str, ...]:
    """Pop (−room, position, id) entries until their rooms cover the deficit.

    A heap pops only the few items needed instead of sorting them all.
    """
    heapify(heap)
    chosen: list[str] = []
    covered = 0
    while heap and covered < deficit:
        negative_room, _order, item = heappop(heap)
        chosen.append(item)
        covered -= negative_room
    return tuple(chosen)


def gaps_for(
    plan: Plan,
    level: LevelPlan,
    tally: Tally,
    percents: Sequence[int | None],
    met: Sequence[bool],
) -> tuple[Gap, ...]:
    """Every rule of ``level`` the answers fail, in a fixed order."""
    gaps = _point_gaps(plan, level, tally, percents)
    gaps.extend(_indicator_gaps(plan, level, tally, met))
    return tuple(gaps)


def _point_gaps(
    plan: Plan, level: LevelPlan, tally: Tally, percents: Sequence[int | None]
) -> list[Gap]:
    gaps: list[Gap] = []
    deficit = level.min_total_x - tally.total_x
    if deficit > 0:
        # Largest room first, file order on ties: (−room, position, id) sorts that way.
        heap = [
            (-(size * (100 - p)) if p else -(size * 100), n, cid)
            for (cid, size, n), p in zip(plan.rooms, percents, strict=True)
            if p != 100
        ]
        gaps.append(
            Gap(
                "min_total_points",
                None,
                "points",
                POINTS_DENOMINATOR,
                level.min_total_x,
                tally.total_x,
                _pop_until(heap, deficit),
            )
        )
    weighted = tally.weighted_by_section
    for section_id, minimum in level.section_minimums:
        actual = weighted[section_id]
        if actual >= minimum:
            continue
        # Room in weighted percent: weight × (100 − percent).
        heap = [
            (-(weight * (100 - (percents[n] or 0))), n, cid)
            for cid, weight, n in plan.section_rooms[section_id]
            if percents[n] != 100
        ]
        gaps.append(
            Gap(
                "min_section_percent",
                section_id,
                "percent",
                100,
                minimum,
                actual,
                _pop_until(heap, minimum - actual),
            )
        )
    return gaps


def _unmet(plan: Plan, met: Sequence[bool]) -> list[IndicatorPlan]:
    return [i for i, is_met in zip(plan.indicators, met, strict=True) if not is_met]


def _indicator_gaps(plan: Plan, level: LevelPlan, tally: Tally, met: Sequence[bool]) -> list[Gap]:
    gaps: list[Gap] = []
    if tally.indicators_met < level.min_met:
        missing = level.min_met - tally.indicators_met
        # Every unmet indicator closes one; the most valuable first also helps the points rule.
        ranked = sorted(
            enumerate(_unmet(plan, met)), key=lambda entry: (-entry[1].points, entry[0])
        )
        gaps.append(
            Gap(
                "min_indicators_met",
                None,
                "indicators",
                1,
                level.min_met,
                tally.indicators_met,
                tuple(item.id for _order, item in ranked[:missing]),
            )
        )
    # Points needed for the percentage rule, rounded up to whole indicator points.
    needed = -(-level.min_indicator_x // 100)
    if tally.indicator_points < needed:
        deficit = needed - tally.indicator_points
        gaps.append(
            Gap(
                "min_indicator_points_percent",
                None,
                "indicator_points",
                1,
                needed,
                tally.indicator_points,
                _soonest([(i.id, i.points) for i in _unmet(plan, met)], deficit),
            )
        )
    for indicator_id in level.required:
        if indicator_id not in tally.met:
            gaps.append(
                Gap(
                    "required_indicator",
                    indicator_id,
                    "met",
                    1,
                    1,
                    0,
                    (indicator_id,),
                )
            )
    return gaps
