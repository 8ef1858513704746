"""The one check of each kind of answer, and the one rule for meeting a threshold.

The engine calls these on every answer it scores; services and forms that check
an answer before storing it call the same functions, so a value is accepted or
refused for the same reason everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assessment.errors import InvalidAnswer
from assessment.model import RADAR_ATTRIBUTES
from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Indicator
from assessment.model import NumberAnswer
from assessment.model import Threshold
from assessment.reader import parse_decimal
from assessment.reader import to_decimal


@dataclass(frozen=True)
class RadarValue:
    """A RADAR criterion's answer: a step of its scale for each of the three attributes
    (None: that attribute is not answered yet, and the criterion counts as unanswered).

    Its percentage is the mean of the three, rounded half up to a whole percent: exact
    integer arithmetic, so 50/75/50 gives 58 (58.33) and 50/75/75 gives 67 (66.67). A
    mean of three whole numbers ends in .00, .33 or .67, so no mean is ever exactly
    half-way; "half up" only says which way the rule would go.
    """

    approach: int | None
    deployment: int | None
    refinement: int | None

    @property
    def parts(self) -> tuple[int | None, int | None, int | None]:
        """The attributes' steps in ``RADAR_ATTRIBUTES`` order."""
        return (self.approach, self.deployment, self.refinement)

    @property
    def complete(self) -> bool:
        return all(part is not None for part in self.parts)

    @property
    def percent(self) -> int | None:
        """The mean of the three steps, rounded half up; None while one is missing."""
        if self.approach is None or self.deployment is None or self.refinement is None:
            return None
        return radar_percent(self.approach, self.deployment, self.refinement)


def radar_percent(approach: int, deployment: int, refinement: int) -> int:
    """(a + d + r) / 3 rounded half up to a whole number: floor((2 × sum + 3) / 6)."""
    return (2 * (approach + deployment + refinement) + 3) // 6


# What a caller may hand in for one item; None means unanswered.
Answer = int | bool | str | Decimal | float | RadarValue | None
# A criterion's answer once checked: the chosen step, or a RADAR criterion's three steps.
CriterionValue = int | RadarValue
# An indicator's answer once checked: numbers as Decimal, yes/no as bool, an option id.
IndicatorValue = Decimal | bool | str


def check_step(criterion: Criterion, raw: object) -> int:
    """The chosen maturity step: one of the criterion's scale values.

    Raises:
        InvalidAnswer: not a whole number on the scale (true/false is no step).
    """
    # type(), not isinstance(): bool is an int subclass, but True is no maturity step.
    if type(raw) is int and raw in criterion.values:
        return raw
    steps = ", ".join(str(step.value) for step in criterion.scale)
    raise InvalidAnswer(f"must be one of {steps}, not {raw!r}", "not_on_scale")


def check_radar(criterion: Criterion, raw: object, *, partial: bool = False) -> RadarValue:
    """A RADAR criterion's three steps, each one of the criterion's scale values.

    ``partial``: whether an attribute may still be unanswered (None); the engine scores
    such an answer as unanswered, a form refuses it.

    Raises:
        InvalidAnswer: not a RadarValue ("not_radar"), an attribute missing
            ("radar_part_missing") or off the scale ("not_on_scale"), with the
            attribute's name in ``details["attribute"]``.
    """
    if not isinstance(raw, RadarValue):
        raise InvalidAnswer(
            f"must be three steps (approach/deployment/refinement), not {raw!r}", "not_radar"
        )
    for attribute, part in zip(RADAR_ATTRIBUTES, raw.parts, strict=True):
        if part is None:
            if partial:
                continue
            raise InvalidAnswer(
                f"has no {attribute} step", "radar_part_missing", attribute=attribute
            )
        try:
            check_step(criterion, part)
        except InvalidAnswer as error:
            raise InvalidAnswer(
                f"{attribute} {error}", "not_on_scale", attribute=attribute
            ) from None
    return raw


def check_criterion(criterion: Criterion, raw: object) -> CriterionValue:
    """A criterion's answer checked by the function for its kind: a step, or three.

    Raises:
        InvalidAnswer: the criterion's check refuses it.
    """
    if criterion.radar:
        return check_radar(criterion, raw)
    return check_step(criterion, raw)


def check_number(spec: NumberAnswer, raw: object) -> Decimal:
    """A finite number within the answer's bounds, whole if it must be; as Decimal.

    Raises:
        InvalidAnswer: not a number (true/false, text, NaN, infinity), out of bounds, not whole.
    """
    number = to_decimal(raw)
    if number is None:
        raise InvalidAnswer(f"must be a number, not {raw!r}", "not_a_number", **_bounds(spec))
    if not spec.minimum <= number <= spec.maximum:
        low, high = _shown(spec.minimum), _shown(spec.maximum)
        raise InvalidAnswer(
            f"must be between {low} and {high}, not {number}", "out_of_range", **_bounds(spec)
        )
    if spec.integer and number != number.to_integral_value():
        raise InvalidAnswer(f"must be a whole number, not {number}", "not_whole", **_bounds(spec))
    return number


def check_yes_no(raw: object) -> bool:
    """True or false.

    Raises:
        InvalidAnswer: anything else (1, "yes").
    """
    if isinstance(raw, bool):
        return raw
    raise InvalidAnswer(f"must be true or false, not {raw!r}", "not_yes_no")


def check_choice(spec: ChoiceAnswer, raw: object) -> str:
    """The id of one of the answer's options.

    Raises:
        InvalidAnswer: not one of the option ids.
    """
    if isinstance(raw, str) and spec.option(raw) is not None:
        return raw
    listing = ", ".join(option.id for option in spec.options)
    raise InvalidAnswer(f"must be one of {listing}, not {raw!r}", "not_an_option")


def check_indicator(indicator: Indicator, raw: object) -> IndicatorValue:
    """The indicator's answer checked by the function for its answer type.

    Raises:
        InvalidAnswer: the answer type refuses it.
    """
    spec = indicator.answer
    if isinstance(spec, NumberAnswer):
        return check_number(spec, raw)
    if isinstance(spec, ChoiceAnswer):
        return check_choice(spec, raw)
    return check_yes_no(raw)


def is_met(threshold: Threshold, value: IndicatorValue) -> bool:
    """Whether a checked answer reaches the threshold (exactly one of its fields is set)."""
    if threshold.at_least is not None:
        return isinstance(value, Decimal) and value >= threshold.at_least
    if threshold.at_most is not None:
        return isinstance(value, Decimal) and value <= threshold.at_most
    if threshold.equals is not None:
        return isinstance(value, bool) and value == threshold.equals
    return isinstance(value, str) and value in (threshold.one_of or ())


def read_answer(item: Criterion | Indicator, text: str) -> CriterionValue | IndicatorValue:
    """An answer written as text (typed into a form or stored) as the engine's value.

    The text form is the one ``answer_text`` writes: a step as its percentage
    ("75"), a RADAR criterion's three steps as "approach/deployment/refinement"
    ("50/75/25"; a blank part is a missing attribute, refused), a number with a
    point or a comma and spaces between thousands ("1 250,5"), "true" or "false",
    an option id. The value then goes through the same check the engine applies when
    scoring.

    Raises:
        InvalidAnswer: the text is no answer of this item.
    """
    text = text.strip()
    if isinstance(item, Criterion) and item.radar:
        parts = text.split("/")
        if len(parts) != len(RADAR_ATTRIBUTES):
            raise InvalidAnswer(
                f"must be three steps as approach/deployment/refinement, not {text!r}",
                "not_radar",
            )
        approach, deployment, refinement = (
            _radar_part(item, attribute, part.strip())
            for attribute, part in zip(RADAR_ATTRIBUTES, parts, strict=True)
        )
        return check_radar(item, RadarValue(approach, deployment, refinement))
    if isinstance(item, Criterion):
        # isascii: "²".isdigit() is true, but int("²") fails.
        step: object = int(text) if text.isascii() and text.isdigit() else text
        return check_step(item, step)
    spec = item.answer
    if isinstance(spec, NumberAnswer):
        written = "".join(text.split()).replace(",", ".")
        number = parse_decimal(written) if written.isascii() else None
        if number is None:
            raise InvalidAnswer(f"must be a number, not {text!r}", "not_a_number", **_bounds(spec))
        return check_number(spec, number)
    if isinstance(spec, ChoiceAnswer):
        return check_choice(spec, text)
    return check_yes_no({"true": True, "false": False}.get(text, text))


def _radar_part(criterion: Criterion, attribute: str, text: str) -> int | None:
    """One attribute's step as written: None when blank (check_radar refuses it).

    Raises:
        InvalidAnswer: not a whole number (check_radar refuses one off the scale).
    """
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    steps = ", ".join(str(step.value) for step in criterion.scale)
    raise InvalidAnswer(
        f"{attribute} must be one of {steps}, not {text!r}", "not_on_scale", attribute=attribute
    )


def answer_text(value: CriterionValue | IndicatorValue) -> str:
    """The one text form of a checked answer: 75, 50/75/25, 2.5, true, an option id."""
    if isinstance(value, RadarValue):
        return "/".join("" if part is None else str(part) for part in value.parts)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _bounds(spec: NumberAnswer) -> dict[str, object]:
    return {"minimum": _shown(spec.minimum), "maximum": _shown(spec.maximum)}


def _shown(bound: Decimal) -> int | Decimal:
    """A whole bound as an int in messages: "between 0 and 100", not "0.0 and 100.0"."""
    return int(bound) if bound == bound.to_integral_value() else bound
