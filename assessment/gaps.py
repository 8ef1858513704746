"""Gap analysis: for each rule the next level lacks, what closes it soonest."""

from __future__ import annotations

from assessment.model import Scheme
from assessment.results import Gap
from assessment.results import Scores


def gaps_for(scheme: Scheme, shortfalls: tuple[Gap, ...], scores: Scores) -> tuple[Gap, ...]:
    """The shortfalls, each with the criteria or indicators that would close it soonest."""
    return tuple(gap._replace(closers=_closers(scheme, gap, scores)) for gap in shortfalls)


def _closers(scheme: Scheme, gap: Gap, scores: Scores) -> tuple[str, ...]:
    deficit = gap.required_n - gap.actual_n
    unmet = [indicator for indicator in scores.indicators if not indicator.met]
    if gap.rule == "min_total_points":
        # Room in points × POINTS_DENOMINATOR: what each criterion can still add.
        return _fewest([(c.id, c.max_points_x - c.points_x) for c in scores.criteria], deficit)
    if gap.rule == "min_section_percent":
        # Room in the section's percentage × 100: weight × (100 − percent).
        percent = {c.id: c.percent for c in scores.criteria}
        section = next(s for s in scheme.sections if s.id == gap.subject)
        return _fewest(
            [(c.id, c.weight * (100 - percent[c.id])) for c in section.criteria], deficit
        )
    if gap.rule == "min_indicators_met":
        # Every unmet indicator closes one; the most valuable first also helps the points rule.
        ranked = sorted(unmet, key=lambda indicator: -indicator.max_points)
        return tuple(indicator.id for indicator in ranked[:deficit])
    if gap.rule == "all_indicators_answered":
        return tuple(indicator.id for indicator in scores.indicators if indicator.value is None)
    if gap.rule == "min_indicator_points_percent":
        return _fewest([(i.id, i.max_points) for i in unmet], deficit)
    if gap.rule == "required_indicator":
        return (gap.subject,) if gap.subject else ()  # a required indicator closes itself
    return ()  # the path's rules: no answer closes them


def _fewest(rooms: list[tuple[str, int]], deficit: int) -> tuple[str, ...]:
    """The fewest items whose room covers the deficit: largest room first, file order on ties."""
    chosen: list[str] = []
    covered = 0
    for item, room in sorted(rooms, key=lambda entry: -entry[1]):  # sorted() is stable
        if covered >= deficit or room <= 0:
            break
        chosen.append(item)
        covered += room
    return tuple(chosen)
