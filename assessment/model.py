"""The criteria scheme as immutable, validated data."""

from __future__ import annotations

import re
from collections.abc import KeysView
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property


class Evidence(StrEnum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


class SectionKind(StrEnum):
    ENABLER = "enabler"
    RESULTS = "results"


@dataclass(frozen=True)
class ScaleStep:
    value: int  # a whole percentage, 0..100
    label: str
    description: str


# EFQM's attributes of an enabler, in the order they are answered and written:
# Approach, Deployment, Assessment & Refinement.
RADAR_ATTRIBUTES = ("approach", "deployment", "refinement")


@dataclass(frozen=True)
class Criterion:
    """A qualitative criterion answered on a maturity scale."""

    id: str
    title: str
    guidance: str
    scale: tuple[ScaleStep, ...]
    scale_name: str | None  # the named scale it refers to, or None when inline
    weight: int  # share of the section, in percent
    evidence: Evidence
    required: bool
    # Scored on EFQM's three RADAR attributes of an enabler, each a step of the scale.
    radar: bool = False

    def step(self, value: int) -> ScaleStep | None:
        return next((step for step in self.scale if step.value == value), None)

    @cached_property
    def values(self) -> frozenset[int]:
        """The values an answer may take (scoring checks membership on every answer)."""
        return frozenset(step.value for step in self.scale)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    kind: SectionKind
    points: int
    description: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class NumberAnswer:
    unit: str
    minimum: Decimal
    maximum: Decimal
    integer: bool
    type: str = "number"


@dataclass(frozen=True)
class BooleanAnswer:
    type: str = "boolean"


@dataclass(frozen=True)
class ChoiceAnswer:
    options: tuple[Option, ...]
    type: str = "choice"

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)


AnswerSpec = NumberAnswer | BooleanAnswer | ChoiceAnswer


@dataclass(frozen=True)
class Threshold:
    """What makes an indicator met: exactly one of the fields is set."""

    at_least: Decimal | None = None
    at_most: Decimal | None = None
    equals: bool | None = None
    one_of: tuple[str, ...] | None = None

    def describe(self) -> str:
        if self.at_least is not None:
            return f"at least {self.at_least}"
        if self.at_most is not None:
            return f"at most {self.at_most}"
        if self.equals is not None:
            return "yes" if self.equals else "no"
        return "one of " + ", ".join(self.one_of or ())


@dataclass(frozen=True)
class Indicator:
    """A quantitative indicator, met when its answer reaches the threshold."""

    id: str
    area: str
    title: str
    guidance: str
    answer: AnswerSpec
    threshold: Threshold
    points: int
    knockout: bool
    evidence: Evidence
    required: bool

    def describe_threshold(self) -> str:
        """What meets the indicator, as people read it: a number with thousands
        separators and its unit ("at least 1,500 members", "at least 50 %"), "Yes" or
        "No", or the labels of the options that meet it ("Every year or At least every
        two years"), never their ids. ``Threshold.describe`` stays the ids' text."""
        threshold, spec = self.threshold, self.answer
        bound = threshold.at_least if threshold.at_least is not None else threshold.at_most
        if bound is not None:
            unit = f" {spec.unit}" if isinstance(spec, NumberAnswer) and spec.unit else ""
            word = "at least" if threshold.at_least is not None else "at most"
            return f"{word} {_grouped(bound)}{unit}"
        if threshold.equals is not None:
            return "Yes" if threshold.equals else "No"
        options = spec.options if isinstance(spec, ChoiceAnswer) else ()
        labels = {option.id: option.label for option in options}
        names = [labels.get(option_id, option_id) for option_id in threshold.one_of or ()]
        if len(names) < 2:
            return "".join(names)
        return ", ".join(names[:-1]) + " or " + names[-1]


def _grouped(value: Decimal) -> str:
    """A number without needless zeros, thousands separated: 1,500, 0.5, 2.25."""
    return format(value.normalize(), ",f")


@dataclass(frozen=True)
class IndicatorArea:
    id: str
    title: str


@dataclass(frozen=True)
class PreviousLevel:
    """A label the organisation must have held: ``level`` or a higher one, assessed
    between ``min_months`` and ``max_months`` (both included) before this assessment."""

    level: str
    min_months: int
    max_months: int


# A renewal started up to a year after the label expired continues its history.
DEFAULT_GRACE_MONTHS = 12


@dataclass(frozen=True)
class LevelRule:
    """What a label level needs; levels are ordered lowest first.

    Beside the thresholds on the answers, a level may ask for steps on the label's path
    (``assessment.path``): a complete benchmarking, an earlier label, validated
    improvement areas, two assessors from different countries. Each defaults to
    "not asked", so versions written before they existed keep their meaning.
    """

    id: str
    title: str
    min_total_points: int
    min_section_percent: dict[str, int]  # every section id -> minimum percent
    min_indicators_met: int
    min_indicator_points_percent: int
    required_indicators: tuple[str, ...]  # beyond the knock-outs
    validity_months: int
    assessors_required: int
    benchmark: bool = False  # every indicator answered (and validated)
    previous_level: PreviousLevel | None = None
    improvement_areas: int = 0  # improvement areas validated as achieved
    assessors_from_different_countries: bool = False
    # Months after expiry within which a renewal continues the label's history; None:
    # not set in the file, DEFAULT_GRACE_MONTHS applies.
    renewal_grace_months: int | None = None

    @property
    def grace_months(self) -> int:
        return (
            DEFAULT_GRACE_MONTHS if self.renewal_grace_months is None else self.renewal_grace_months
        )

    @property
    def short_title(self) -> str:
        """The level's name where space is tight: "Gold" of "Gold — proven excellence"."""
        return self.title.split(" — ", 1)[0]


# A trailing note in brackets: "(own scheme inspired by the EFQM model …)".
_TITLE_NOTE = re.compile(r"\s*\(([^()]*)\)\s*$")
# The version the title repeats, with the word "criteria" before it: "criteria 2026.1";
# translated titles put a dash and their own word first: " – Kriterien 2026.1".
_TITLE_VERSION = re.compile(
    r"(?:\s+[–—-](?:\s+[^\W\d_]+)*|(?:\s+criteria)?(?:\s+version)?)\s+v?\d+(?:[.-]\w+)*$",
    re.IGNORECASE,
)
_TITLE_CRITERIA = re.compile(r"\s+criteria$", re.IGNORECASE)


def scheme_short_title(title: str) -> str:
    """A scheme's name where its version is shown beside it: "Cluster Excellence Label" of
    "Cluster Excellence Label criteria 2026.1 (own scheme inspired by …)" and of
    "Cluster Excellence Label – Kriterien 2026.1 (eigenes Schema …)".

    Works on the title alone, so certificates (which keep the title as issued) get it too;
    a title in another shape comes back whole.
    """
    name = _TITLE_NOTE.sub("", title)
    name = _TITLE_CRITERIA.sub("", _TITLE_VERSION.sub("", name)).strip()
    return name or title.strip()


def scheme_title_note(title: str) -> str:
    """The note a scheme's title ends with in brackets, or "": "own scheme inspired by …"."""
    found = _TITLE_NOTE.search(title)
    return " ".join(found.group(1).split()) if found else ""


@dataclass(frozen=True)
class Scheme:
    format: int
    key: str
    version: str
    title: str
    status: str
    description: str
    previous_version: str | None
    changes: tuple[str, ...]
    total_points: int
    indicator_points: int
    scales: dict[str, tuple[ScaleStep, ...]]
    sections: tuple[Section, ...]
    indicator_areas: tuple[IndicatorArea, ...]
    indicators: tuple[Indicator, ...]
    levels: tuple[LevelRule, ...]
    _index: dict[str, Criterion | Indicator] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for section in self.sections:
            for criterion in section.criteria:
                self._index[criterion.id] = criterion
        for indicator in self.indicators:
            self._index[indicator.id] = indicator

    @cached_property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every section's criteria, in file order."""
        return tuple(criterion for section in self.sections for criterion in section.criteria)

    @property
    def item_ids(self) -> KeysView[str]:
        """The id of every criterion and indicator."""
        return self._index.keys()

    def item(self, item_id: str) -> Criterion | Indicator | None:
        """The criterion or indicator with this id."""
        return self._index.get(item_id)

    def level(self, level_id: str) -> LevelRule | None:
        return next((level for level in self.levels if level.id == level_id), None)

    @property
    def short_title(self) -> str:
        """The scheme's name without its version and note: "Cluster Excellence Label"."""
        return scheme_short_title(self.title)

    def section_of(self, criterion_id: str) -> Section | None:
        return next(
            (s for s in self.sections if any(c.id == criterion_id for c in s.criteria)), None
        )

    def knockouts(self) -> tuple[Indicator, ...]:
        return tuple(indicator for indicator in self.indicators if indicator.knockout)
