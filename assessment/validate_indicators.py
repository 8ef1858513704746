"""Validation of indicator areas and quantitative indicators."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Any

from assessment.model import AnswerSpec
from assessment.model import BooleanAnswer
from assessment.model import ChoiceAnswer
from assessment.model import Evidence
from assessment.model import Indicator
from assessment.model import IndicatorArea
from assessment.model import NumberAnswer
from assessment.model import Option
from assessment.model import Threshold
from assessment.reader import Reader
from assessment.reader import join

if TYPE_CHECKING:
    from assessment.validation import IdRegistry

MAX_INDICATORS = 500
ANSWER_TYPES = ("number", "boolean", "choice")
THRESHOLD_KEYS = {"number": ("at_least", "at_most"), "boolean": ("equals",), "choice": ("one_of",)}


def read_indicators(
    reader: Reader, data: dict[str, Any], registry: IdRegistry
) -> tuple[tuple[IndicatorArea, ...], tuple[Indicator, ...], int]:
    """The areas, the indicators and their declared total of points."""
    areas = _read_areas(reader, data)
    area_ids = {area.id for area in areas}
    raw_items = reader.sequence(data, "indicators", "")
    if len(raw_items) > MAX_INDICATORS:
        reader.fail("indicators", f"must have at most {MAX_INDICATORS} indicators")
    indicators: list[Indicator] = []
    for index, item in enumerate(raw_items[:MAX_INDICATORS]):
        indicator = _read_indicator(reader, item, join("indicators", index), area_ids, registry)
        if indicator is not None:
            indicators.append(indicator)
    if raw_items and "indicator_points" not in data:
        reader.fail("indicator_points", "is missing (the indicators' points must add up to it)")
    declared = reader.integer(data, "indicator_points", "", minimum=0, maximum=100_000)
    points = sum(indicator.points for indicator in indicators)
    if len(indicators) == len(raw_items) and "indicator_points" in data and points != declared:
        reader.fail(
            "indicators", f"indicator points add up to {points}, not indicator_points ({declared})"
        )
    if raw_items and not areas and "indicator_areas" not in data:
        reader.fail("indicator_areas", "is missing (every indicator belongs to an area)")
    return areas, tuple(indicators), declared


def _read_areas(reader: Reader, data: dict[str, Any]) -> tuple[IndicatorArea, ...]:
    areas: list[IndicatorArea] = []
    seen: set[str] = set()
    for index, item in enumerate(reader.sequence(data, "indicator_areas", "")):
        here = join("indicator_areas", index)
        raw = reader.mapping(item, here, ("id", "title"))
        if raw is None:
            continue
        area_id = reader.ident(raw, "id", here)
        if area_id in seen:
            reader.fail(join(here, "id"), f"duplicate area id {area_id!r}")
        seen.add(area_id)
        areas.append(IndicatorArea(area_id, reader.text(raw, "title", here)))
    return tuple(areas)


def _read_indicator(
    reader: Reader, item: Any, here: str, area_ids: set[str], registry: IdRegistry
) -> Indicator | None:
    raw = reader.mapping(
        item,
        here,
        ("id", "area", "title", "guidance", "answer", "threshold", "points"),
        ("knockout", "evidence", "required"),
    )
    if raw is None:
        return None
    indicator_id = reader.ident(raw, "id", here)
    registry.claim(indicator_id, join(here, "id"))
    area = reader.text(raw, "area", here)
    if area and area not in area_ids:
        known = ", ".join(sorted(area_ids)) or "none are defined"
        reader.fail(join(here, "area"), f"unknown area {area!r} (known areas: {known})")
    answer = _read_answer(reader, raw.get("answer"), join(here, "answer"))
    threshold = _read_threshold(reader, raw.get("threshold"), join(here, "threshold"), answer)
    return Indicator(
        id=indicator_id,
        area=area,
        title=reader.text(raw, "title", here),
        guidance=reader.text(raw, "guidance", here),
        answer=answer,
        threshold=threshold,
        points=reader.integer(raw, "points", here, minimum=0),
        knockout=reader.boolean(raw, "knockout", here, default=False),
        evidence=Evidence(reader.choice(raw, "evidence", here, tuple(Evidence), "none")),
        required=reader.boolean(raw, "required", here, default=True),
    )


def _read_answer(reader: Reader, item: Any, here: str) -> AnswerSpec:
    kind = item.get("type") if isinstance(item, dict) else None
    optional: tuple[str, ...] = {
        "number": ("unit", "min", "max", "integer"),
        "choice": ("options",),
    }.get(str(kind), ())
    required = ("type", "max") if kind == "number" else ("type",)
    if kind == "choice":
        required = ("type", "options")
    raw = reader.mapping(item, here, required, optional)
    if raw is None:
        return BooleanAnswer()
    kind = reader.choice(raw, "type", here, ANSWER_TYPES)
    if kind == "number":
        minimum = reader.number(raw, "min", here, default=Decimal(0))
        maximum = reader.number(raw, "max", here)
        integer = reader.boolean(raw, "integer", here, default=False)
        if "max" in raw and maximum <= minimum:
            reader.fail(join(here, "max"), f"must be greater than min ({minimum})")
        if integer:
            for key, bound in (("min", minimum), ("max", maximum)):
                if bound != bound.to_integral_value():
                    reader.fail(join(here, key), "must be a whole number for an integer answer")
        return NumberAnswer(reader.text(raw, "unit", here, default=""), minimum, maximum, integer)
    if kind == "choice":
        return ChoiceAnswer(_read_options(reader, raw, here))
    return BooleanAnswer()


def _read_options(reader: Reader, raw: dict[str, Any], here: str) -> tuple[Option, ...]:
    options: list[Option] = []
    items = reader.sequence(raw, "options", here, min_items=2)
    for index, item in enumerate(items):
        path = join(join(here, "options"), index)
        option = reader.mapping(item, path, ("id", "label"))
        if option is None:
            continue
        option_id = reader.ident(option, "id", path)
        if any(known.id == option_id for known in options):
            reader.fail(join(path, "id"), f"duplicate option id {option_id!r}")
        options.append(Option(option_id, reader.text(option, "label", path)))
    return tuple(options)


def _read_threshold(reader: Reader, item: Any, here: str, answer: AnswerSpec) -> Threshold:
    allowed = THRESHOLD_KEYS[answer.type]
    if not isinstance(item, dict):
        reader.fail(here, f"must be a mapping with one of: {', '.join(allowed)}")
        return Threshold()
    keys = [key for key in item if isinstance(key, str)]
    wrong = [key for key in keys if key not in allowed]
    for key in wrong:
        reader.fail(
            join(here, key), f"a {answer.type} answer takes {' or '.join(allowed)}, not {key}"
        )
    if wrong:
        return Threshold()
    if len(keys) != 1:
        reader.fail(here, f"must have exactly one of: {', '.join(allowed)}")
        return Threshold()
    key = keys[0]
    if isinstance(answer, NumberAnswer):
        value = reader.number(item, key, here)
        if not answer.minimum <= value <= answer.maximum:
            reader.fail(
                join(here, key),
                f"{value} is outside the answer's range {answer.minimum}..{answer.maximum}: "
                "no answer could meet it",
            )
        return Threshold(at_least=value) if key == "at_least" else Threshold(at_most=value)
    if isinstance(answer, ChoiceAnswer):
        return Threshold(one_of=_read_one_of(reader, item.get(key), join(here, key), answer))
    return Threshold(equals=reader.boolean(item, key, here))


def _read_one_of(reader: Reader, raw: Any, here: str, answer: ChoiceAnswer) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        reader.fail(here, "must be a non-empty list of option ids")
        return ()
    known = {option.id for option in answer.options}
    for index, option_id in enumerate(raw):
        if option_id not in known:
            reader.fail(join(here, index), f"unknown option {option_id!r}")
    return tuple(str(option_id) for option_id in raw)
