"""Validation of label levels: reachable, and each at least as strict as the one below."""

from __future__ import annotations

from typing import Any

from assessment.model import Indicator
from assessment.model import LevelRule
from assessment.model import PreviousLevel
from assessment.model import Section
from assessment.reader import Reader
from assessment.reader import join

LEVEL_KEYS = (
    "id",
    "title",
    "min_total_points",
    "min_section_percent",
    "min_indicators_met",
    "min_indicator_points_percent",
    "validity_months",
    "assessors_required",
)
# The path's rules (``assessment.path``), each optional: absent means not asked.
PATH_KEYS = (
    "benchmark",
    "previous_level",
    "improvement_areas",
    "assessors_from_different_countries",
    "renewal_grace_months",
)
UNREACHABLE = ": no answers could reach this level"
MAX_MONTHS = 240


def read_levels(
    reader: Reader,
    data: dict[str, Any],
    sections: tuple[Section, ...],
    indicators: tuple[Indicator, ...],
    total_points: int,
    indicator_points: int,
) -> tuple[LevelRule, ...]:
    """The label levels, lowest first."""
    levels: list[LevelRule] = []
    for index, item in enumerate(reader.sequence(data, "levels", "", min_items=1)):
        here = join("levels", index)
        raw = reader.mapping(item, here, LEVEL_KEYS, ("required_indicators", *PATH_KEYS))
        if raw is None:
            continue
        level_id = reader.ident(raw, "id", here)
        if any(level.id == level_id for level in levels):
            reader.fail(join(here, "id"), f"duplicate level id {level_id!r}")
        level = LevelRule(
            id=level_id,
            title=reader.text(raw, "title", here),
            min_total_points=reader.integer(
                raw, "min_total_points", here, minimum=0, maximum=total_points, why=UNREACHABLE
            ),
            min_section_percent=_section_minimums(reader, raw, here, sections),
            min_indicators_met=reader.integer(
                raw, "min_indicators_met", here, minimum=0, maximum=len(indicators), why=UNREACHABLE
            ),
            min_indicator_points_percent=reader.integer(
                raw,
                "min_indicator_points_percent",
                here,
                minimum=0,
                maximum=100 if indicator_points else 0,
                why=UNREACHABLE,
            ),
            required_indicators=_required_indicators(reader, raw, here, indicators),
            validity_months=reader.integer(raw, "validity_months", here, minimum=1, maximum=120),
            assessors_required=reader.integer(
                raw, "assessors_required", here, minimum=1, maximum=5
            ),
            benchmark=reader.boolean(raw, "benchmark", here, default=False),
            previous_level=_previous_level(reader, raw, here, levels),
            improvement_areas=reader.integer(
                raw, "improvement_areas", here, minimum=0, maximum=20, default=0
            ),
            assessors_from_different_countries=reader.boolean(
                raw, "assessors_from_different_countries", here, default=False
            ),
            renewal_grace_months=(
                reader.integer(raw, "renewal_grace_months", here, minimum=0, maximum=MAX_MONTHS)
                if "renewal_grace_months" in raw
                else None
            ),
        )
        if level.assessors_from_different_countries and level.assessors_required < 2:
            reader.fail(
                join(here, "assessors_from_different_countries"),
                "needs assessors_required of 2 or more: one assessor has no other to differ from",
            )
        if levels:
            _check_stricter(reader, here, levels[-1], level)
        levels.append(level)
    return tuple(levels)


def _section_minimums(
    reader: Reader, raw: dict[str, Any], here: str, sections: tuple[Section, ...]
) -> dict[str, int]:
    value = raw.get("min_section_percent")
    path = join(here, "min_section_percent")
    if isinstance(value, dict):
        known = {section.id for section in sections}
        minimums = dict.fromkeys(known, 0)
        for section_id in value:
            if section_id not in known:
                reader.fail(join(path, str(section_id)), f"unknown section {section_id!r}")
                continue
            minimums[section_id] = reader.integer(
                value, section_id, path, minimum=0, maximum=100, why=UNREACHABLE
            )
        return minimums
    if value is None and "min_section_percent" in raw:
        reader.fail(path, "must be a percentage or a mapping of section ids to percentages")
        return {section.id: 0 for section in sections}
    percent = reader.integer(
        raw, "min_section_percent", here, minimum=0, maximum=100, why=UNREACHABLE
    )
    return {section.id: percent for section in sections}


def _previous_level(
    reader: Reader, raw: dict[str, Any], here: str, below: list[LevelRule]
) -> PreviousLevel | None:
    """The earlier label a level asks for: one of the levels listed before it."""
    if "previous_level" not in raw:
        return None
    path = join(here, "previous_level")
    value = reader.mapping(raw["previous_level"], path, ("level", "min_months", "max_months"))
    if value is None:
        return None
    level = value.get("level")
    known = [rule.id for rule in below]
    if level not in known:
        listed = ", ".join(known) or "none"
        reader.fail(
            join(path, "level"),
            f"unknown level {level!r}: must be a level listed before this one ({listed})",
        )
    low = reader.integer(value, "min_months", path, minimum=0, maximum=MAX_MONTHS)
    high = reader.integer(value, "max_months", path, minimum=0, maximum=MAX_MONTHS)
    if high < low:
        reader.fail(join(path, "max_months"), f"{high} is less than min_months ({low})")
    return PreviousLevel(str(level), low, high)


def _required_indicators(
    reader: Reader, raw: dict[str, Any], here: str, indicators: tuple[Indicator, ...]
) -> tuple[str, ...]:
    known = {indicator.id for indicator in indicators}
    required: list[str] = []
    path = join(here, "required_indicators")
    for index, item in enumerate(reader.sequence(raw, "required_indicators", here)):
        if not isinstance(item, str) or item not in known:
            reader.fail(join(path, index), f"unknown indicator {item!r}")
        elif item not in required:
            required.append(item)
    return tuple(required)


def _check_stricter(reader: Reader, here: str, lower: LevelRule, level: LevelRule) -> None:
    """A higher level that asks less than the one below would be reached without it."""
    pairs = [
        ("min_total_points", lower.min_total_points, level.min_total_points),
        ("min_indicators_met", lower.min_indicators_met, level.min_indicators_met),
        (
            "min_indicator_points_percent",
            lower.min_indicator_points_percent,
            level.min_indicator_points_percent,
        ),
    ]
    for key, below, value in pairs:
        if value < below:
            reader.fail(
                join(here, key),
                f"{value} is less than {below} required by the level below ({lower.id}); "
                "a higher level must be at least as strict",
            )
    for section_id, below in lower.min_section_percent.items():
        if level.min_section_percent.get(section_id, 0) < below:
            reader.fail(
                join(here, "min_section_percent"),
                f"section {section_id!r} asks less than the level below ({lower.id})",
            )
    missing = [item for item in lower.required_indicators if item not in level.required_indicators]
    if missing:
        reader.fail(
            join(here, "required_indicators"),
            f"must include those of the level below ({lower.id}): {', '.join(missing)}",
        )
