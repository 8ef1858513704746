"""What the engine returns, and its one canonical JSON form.

Points are kept as exact integers over a fixed denominator (``POINTS_DENOMINATOR``):
a criterion's points are ``weight × percent × section points / 10,000``, so every
score is an exact decimal with at most four places and no rounding ever decides a
level. Only the share of indicator points can have more places; it is reported
rounded half up to two decimals and compared exactly.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING
from typing import Any
from typing import NamedTuple

from assessment.loader import canonical_json
from assessment.plan import POINTS_DENOMINATOR

if TYPE_CHECKING:
    from assessment.plan import Plan


_EXPONENTS = {1: 0, 100: -2, POINTS_DENOMINATOR: -4}


def exact(numerator: int, denominator: int = POINTS_DENOMINATOR) -> Decimal:
    """numerator / denominator for a power-of-ten denominator, exactly."""
    return Decimal(numerator).scaleb(_EXPONENTS[denominator])


def half_up(numerator: int, denominator: int, places: int = 2) -> Decimal:
    """numerator / denominator rounded half up to ``places`` decimals (non-negative values)."""
    scaled = numerator * 10**places
    quotient = (2 * scaled + denominator) // (2 * denominator)
    return Decimal(quotient).scaleb(-places)


def up(numerator: int, denominator: int, places: int = 2) -> Decimal:
    """numerator / denominator rounded up to ``places`` decimals (non-negative values)."""
    scaled = numerator * 10**places
    return Decimal(-(-scaled // denominator)).scaleb(-places)


def fixed(numerator: int, denominator: int = POINTS_DENOMINATOR) -> str:
    """numerator / denominator as text with at least two decimals, by integer arithmetic.

    The same text as ``text(exact(numerator, denominator))``, without Decimal's cost.
    """
    whole, rest = divmod(numerator, denominator)
    places = len(str(denominator)) - 1
    digits = f"{rest:0{places}d}".rstrip("0").ljust(2, "0") if places else "00"
    return f"{whole}.{digits}"


def plain(value: Decimal) -> str:
    """Fixed-point text without needless zeros: 20, 0.5, 2.625."""
    return format(value.normalize(), "f")


def text(value: Decimal) -> str:
    """Fixed-point text with at least two decimals and no needless trailing zeros."""
    rendered = format(value.normalize(), "f")
    whole, _, fraction = rendered.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def _amount(gap: Gap, numerator: int) -> str:
    return fixed(numerator, gap.denominator) if gap.denominator > 1 else str(numerator)


class CriterionScore(NamedTuple):
    id: str
    section: str
    value: int | None  # the chosen step, None when unanswered
    percent: int
    points_x: int  # points × POINTS_DENOMINATOR
    max_points_x: int

    @property
    def points(self) -> Decimal:
        return exact(self.points_x)

    @property
    def max_points(self) -> Decimal:
        return exact(self.max_points_x)


class SectionScore(NamedTuple):
    id: str
    weighted: int  # Σ weight × percent: the section's percentage × 100
    points_x: int
    max_points: int
    answered: int
    criteria: int

    @property
    def percent(self) -> Decimal:
        return exact(self.weighted, 100)

    @property
    def points(self) -> Decimal:
        return exact(self.points_x)


class IndicatorScore(NamedTuple):
    id: str
    area: str
    value: Decimal | bool | str | None
    met: bool
    points: int  # earned
    max_points: int
    knockout: bool


class Gap(NamedTuple):
    """One rule of the next level that the answers fail, and by how much.

    Amounts are exact integers over ``denominator`` (10,000 for points, 100 for
    percentages, 1 for counts); the properties give them as Decimals.
    """

    rule: str  # min_total_points, min_section_percent, min_indicators_met, ...
    subject: str | None  # the section or indicator the rule is about
    unit: str  # points, percent, indicators, indicator_points, met
    denominator: int
    required_n: int
    actual_n: int
    closers: tuple[str, ...]  # criteria or indicators that would close it soonest

    @property
    def required(self) -> Decimal:
        return exact(self.required_n, self.denominator)

    @property
    def actual(self) -> Decimal:
        return exact(self.actual_n, self.denominator)

    @property
    def missing(self) -> Decimal:
        return exact(self.required_n - self.actual_n, self.denominator)


class Result:
    """The scores of one set of answers.

    Totals, level and gaps are computed by ``score``; the per-criterion,
    per-section and per-indicator views are built from the same exact figures
    on first access.
    """

    def __init__(
        self,
        plan: Plan,
        *,
        scheme: str,
        version: str,
        percents: tuple[int | None, ...],
        weighted: tuple[int, ...],
        indicator_values: tuple[Any, ...],
        met: tuple[bool, ...],
        total_x: int,
        total_max: int,
        indicator_points: int,
        indicator_points_max: int,
        unanswered: tuple[str, ...],
        levels_reached: tuple[str, ...],
        next_level: str | None,
        gaps: tuple[Gap, ...],
    ) -> None:
        self._plan = plan
        self.scheme = scheme
        self.version = version
        self._percents = percents
        self._weighted = weighted
        self._indicator_values = indicator_values
        self._met = met
        self.total_x = total_x
        self.total_max = total_max
        self.indicators_met = sum(met)
        self.indicator_points = indicator_points
        self.indicator_points_max = indicator_points_max
        self.unanswered = unanswered
        self.levels_reached = levels_reached
        self.level = levels_reached[-1] if levels_reached else None
        self.next_level = next_level
        self.gaps = gaps

    @cached_property
    def criteria(self) -> tuple[CriterionScore, ...]:
        return tuple(
            CriterionScore(
                c.id,
                c.section,
                value,
                value or 0,
                c.weight * (value or 0) * c.section_points,
                c.weight * 100 * c.section_points,
            )
            for c, value in zip(self._plan.criteria, self._percents, strict=True)
        )

    @cached_property
    def sections(self) -> tuple[SectionScore, ...]:
        return tuple(
            SectionScore(
                section.id,
                weighted,
                weighted * section.points,
                section.points,
                sum(1 for c in section.criteria if c.id not in self.unanswered),
                len(section.criteria),
            )
            for section, weighted in zip(self._plan.sections, self._weighted, strict=True)
        )

    @cached_property
    def indicators(self) -> tuple[IndicatorScore, ...]:
        return tuple(
            IndicatorScore(
                i.id,
                i.area,
                Decimal(value) if type(value) is int else value,
                met,
                i.points if met else 0,
                i.points,
                i.knockout,
            )
            for i, value, met in zip(
                self._plan.indicators, self._indicator_values, self._met, strict=True
            )
        )

    def criterion(self, criterion_id: str) -> CriterionScore | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def section(self, section_id: str) -> SectionScore | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def indicator(self, indicator_id: str) -> IndicatorScore | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        return f"<Result {self.scheme} {self.version} total={self.total} level={self.level}>"

    @property
    def total(self) -> Decimal:
        return exact(self.total_x)

    @property
    def indicator_percent(self) -> Decimal:
        if not self.indicator_points_max:
            return Decimal("0.00")
        return half_up(self.indicator_points * 100, self.indicator_points_max)

    def to_data(self) -> dict[str, Any]:
        """Plain data for JSON; numbers as fixed-point text so nothing depends on floats."""
        return {
            "scheme": self.scheme,
            "version": self.version,
            "total": {"points": fixed(self.total_x), "max_points": self.total_max},
            "sections": [
                {
                    "id": s.id,
                    "points": fixed(s.points_x),
                    "max_points": s.max_points,
                    "percent": fixed(s.weighted, 100),
                    "answered": s.answered,
                    "criteria": s.criteria,
                }
                for s in self.sections
            ],
            "criteria": [
                {
                    "id": c.id,
                    "section": c.section,
                    "value": c.value,
                    "percent": c.percent,
                    "points": fixed(c.points_x),
                    "max_points": fixed(c.max_points_x),
                }
                for c in self.criteria
            ],
            "indicators": [
                {
                    "id": i.id,
                    "area": i.area,
                    "value": plain(i.value) if isinstance(i.value, Decimal) else i.value,
                    "met": i.met,
                    "points": i.points,
                    "max_points": i.max_points,
                    "knockout": i.knockout,
                }
                for i in self.indicators
            ],
            "indicators_met": self.indicators_met,
            "indicator_points": {
                "points": self.indicator_points,
                "max_points": self.indicator_points_max,
                "percent": text(self.indicator_percent),
            },
            "unanswered": list(self.unanswered),
            "levels_reached": list(self.levels_reached),
            "level": self.level,
            "next_level": self.next_level,
            "gaps": [
                {
                    "rule": g.rule,
                    "subject": g.subject,
                    "unit": g.unit,
                    "required": _amount(g, g.required_n),
                    "actual": _amount(g, g.actual_n),
                    "missing": _amount(g, g.required_n - g.actual_n),
                    "closers": list(g.closers),
                }
                for g in self.gaps
            ],
        }

    def to_json(self) -> str:
        """The canonical JSON text: the same answers always give the same bytes."""
        return canonical_json(self.to_data())
