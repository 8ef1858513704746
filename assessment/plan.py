"""A scheme compiled once into flat tuples, because scoring runs on every form save."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from assessment.model import ChoiceAnswer
from assessment.model import Indicator
from assessment.model import LevelRule
from assessment.model import NumberAnswer
from assessment.model import Scheme
from assessment.reader import to_decimal

POINTS_DENOMINATOR = 10_000  # points are kept as exact integers × 10,000

Answer = int | bool | str | Decimal | float | None
# (normalised value, met, problem or None)
Check = Callable[[Answer], tuple[Answer, bool, str | None]]


class CriterionPlan(NamedTuple):
    id: str
    section: str
    weight: int
    section_points: int
    values: frozenset[int]
    steps: str  # the allowed values, for messages


class SectionPlan(NamedTuple):
    id: str
    points: int
    criteria: tuple[CriterionPlan, ...]


class IndicatorPlan(NamedTuple):
    id: str
    area: str
    points: int
    knockout: bool
    check: Check  # the full check, with messages
    fast: FastTest  # the same rule as constants, for the compiled tally


class FastTest(NamedTuple):
    """An indicator's rule as constants: enough to judge a well-typed answer inline."""

    kind: str  # number, boolean, choice
    low: int | Decimal | None = None
    high: int | Decimal | None = None
    at_least: int | Decimal | None = None
    at_most: int | Decimal | None = None
    integer: bool = False
    expected: bool | None = None
    options: frozenset[str] = frozenset()
    accepted: frozenset[str] = frozenset()


class LevelPlan(NamedTuple):
    """A level's rules as exact integers, in the units the tally uses."""

    rule: LevelRule
    min_total_x: int  # min_total_points × POINTS_DENOMINATOR
    section_minimums: tuple[tuple[str, int], ...]  # (section id, percent × 100), non-zero only
    min_met: int
    min_indicator_x: int  # min_indicator_points_percent × indicator_points
    required: tuple[str, ...]  # knock-outs first, then the level's own


class Plan(NamedTuple):
    sections: tuple[SectionPlan, ...]
    criteria: tuple[CriterionPlan, ...]  # all sections' criteria, in file order
    indicators: tuple[IndicatorPlan, ...]
    levels: tuple[LevelPlan, ...]
    known: frozenset[str]
    ranges: dict[str, tuple[int, int]]  # section id -> its criteria's slice of `criteria`
    section_ids: tuple[str, ...]
    # (criterion id, weight × section points, position): a criterion's room is
    # that × (100 − percent), in points × POINTS_DENOMINATOR.
    rooms: tuple[tuple[str, int, int], ...]
    # Per section: (criterion id, weight, position); room there is weight × (100 − percent).
    section_rooms: dict[str, tuple[tuple[str, int, int], ...]]


def plan_for(scheme: Scheme) -> Plan:
    """The scheme's compiled plan, built on first use and kept with the scheme."""
    plan: Plan | None = scheme.derived.get("plan")
    if plan is None:
        sections = tuple(
            SectionPlan(
                section.id,
                section.points,
                tuple(
                    CriterionPlan(
                        c.id,
                        section.id,
                        c.weight,
                        section.points,
                        c.values,
                        ", ".join(str(step.value) for step in c.scale),
                    )
                    for c in section.criteria
                ),
            )
            for section in scheme.sections
        )
        indicators = tuple(
            IndicatorPlan(i.id, i.area, i.points, i.knockout, _checker(i), _fast_test(i))
            for i in scheme.indicators
        )
        criteria = tuple(c for section in sections for c in section.criteria)
        known = frozenset(c.id for c in criteria) | frozenset(i.id for i in indicators)
        levels = tuple(_level_plan(scheme, level) for level in scheme.levels)
        ranges: dict[str, tuple[int, int]] = {}
        start = 0
        for section in sections:
            ranges[section.id] = (start, start + len(section.criteria))
            start += len(section.criteria)
        plan = Plan(
            sections,
            criteria,
            indicators,
            levels,
            known,
            ranges,
            tuple(section.id for section in sections),
            tuple((c.id, c.weight * c.section_points, n) for n, c in enumerate(criteria)),
            {
                section.id: tuple(
                    (c.id, c.weight, n) for n, c in enumerate(criteria) if c.section == section.id
                )
                for section in sections
            },
        )
        scheme.derived["plan"] = plan
    return plan


def _level_plan(scheme: Scheme, level: LevelRule) -> LevelPlan:
    knockouts = tuple(indicator.id for indicator in scheme.indicators if indicator.knockout)
    return LevelPlan(
        level,
        level.min_total_points * POINTS_DENOMINATOR,
        tuple(
            (section.id, level.min_section_percent.get(section.id, 0) * 100)
            for section in scheme.sections
            if level.min_section_percent.get(section.id, 0)
        ),
        level.min_indicators_met,
        level.min_indicator_points_percent * scheme.indicator_points,
        knockouts + tuple(i for i in level.required_indicators if i not in knockouts),
    )


def _exact_number(value: Decimal | None) -> int | Decimal | None:
    """Whole bounds as ints: comparing int answers with ints is exact and much faster."""
    if value is not None and value == value.to_integral_value():
        return int(value)
    return value


def _fast_test(indicator: Indicator) -> FastTest:
    spec, threshold = indicator.answer, indicator.threshold
    if isinstance(spec, NumberAnswer):
        return FastTest(
            "number",
            low=_exact_number(spec.minimum),
            high=_exact_number(spec.maximum),
            at_least=_exact_number(threshold.at_least),
            at_most=_exact_number(threshold.at_most),
            integer=spec.integer,
        )
    if isinstance(spec, ChoiceAnswer):
        return FastTest(
            "choice",
            options=frozenset(option.id for option in spec.options),
            accepted=frozenset(threshold.one_of or ()),
        )
    return FastTest("boolean", expected=threshold.equals)


def _checker(indicator: Indicator) -> Check:
    """A function that checks one answer to this indicator and says whether it is met."""
    spec = indicator.answer
    threshold = indicator.threshold
    if isinstance(spec, NumberAnswer):
        return _number_checker(
            spec, _exact_number(threshold.at_least), _exact_number(threshold.at_most)
        )
    if isinstance(spec, ChoiceAnswer):
        options = {option.id for option in spec.options}
        accepted = frozenset(threshold.one_of or ())
        listing = ", ".join(option.id for option in spec.options)

        def check_choice(raw: Answer) -> tuple[Answer, bool, str | None]:
            if not isinstance(raw, str) or raw not in options:
                return None, False, f"must be one of {listing}, not {raw!r}"
            return raw, raw in accepted, None

        return check_choice
    expected = threshold.equals

    def check_boolean(raw: Answer) -> tuple[Answer, bool, str | None]:
        if not isinstance(raw, bool):
            return None, False, f"must be true or false, not {raw!r}"
        return raw, raw == expected, None

    return check_boolean


def _number_checker(
    spec: NumberAnswer, at_least: int | Decimal | None, at_most: int | Decimal | None
) -> Check:
    low, high, integer = _exact_number(spec.minimum), _exact_number(spec.maximum), spec.integer

    def check_number(raw: Answer) -> tuple[Answer, bool, str | None]:
        # ints stay ints (exact and fast); floats and Decimals become Decimals.
        number: int | Decimal | None = raw if type(raw) is int else to_decimal(raw)
        if number is None:
            return None, False, f"must be a number, not {raw!r}"
        if not low <= number <= high:  # type: ignore[operator]  # bounds are never None
            return None, False, f"must be between {low} and {high}, not {number}"
        if integer and isinstance(number, Decimal) and number != number.to_integral_value():
            return None, False, f"must be a whole number, not {number}"
        if at_least is not None:
            return number, number >= at_least, None
        return number, at_most is not None and number <= at_most, None

    return check_number
