"""The one check of each kind of answer, and the one rule for meeting a threshold.

The engine calls these on every answer it scores; services and forms that check
an answer before storing it call the same functions, so a value is accepted or
refused for the same reason everywhere.
"""

from __future__ import annotations

from decimal import Decimal

from assessment.errors import InvalidAnswer
from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Indicator
from assessment.model import NumberAnswer
from assessment.model import Threshold
from assessment.reader import parse_decimal
from assessment.reader import to_decimal

# What a caller may hand in for one item; None means unanswered.
Answer = int | bool | str | Decimal | float | None
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


def read_answer(item: Criterion | Indicator, text: str) -> int | IndicatorValue:
    """An answer written as text (typed into a form or stored) as the engine's value.

    The text form is the one ``answer_text`` writes: a step as its percentage
    ("75"), a number with a point or a comma and spaces between thousands
    ("1 250,5"), "true" or "false", an option id. The value then goes through the
    same check the engine applies when scoring.

    Raises:
        InvalidAnswer: the text is no answer of this item.
    """
    text = text.strip()
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


def answer_text(value: int | IndicatorValue) -> str:
    """The one text form of a checked answer: 75, 2.5, true, an option id."""
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
