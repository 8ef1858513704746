"""What the engine returns, and its one canonical JSON form.

Points are kept as exact integers over ``POINTS_DENOMINATOR``: a criterion's
points are ``weight × percent × section points / 10,000``, so every score is an
exact decimal with at most four places and no rounding ever decides a level.
Figures become ``Decimal`` only when shown; the one figure that is rounded is
the share of indicator points (half up to two decimals).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from typing import NamedTuple

from assessment.answers import RadarValue
from assessment.loader import canonical_json
from assessment.model import RADAR_ATTRIBUTES

POINTS_DENOMINATOR = 10_000  # points are kept as exact integers × 10,000
_EXPONENTS = {1: 0, 100: -2, POINTS_DENOMINATOR: -4}


def exact(numerator: int, denominator: int = POINTS_DENOMINATOR) -> Decimal:
    """numerator / denominator for a power-of-ten denominator, exactly."""
    return Decimal(numerator).scaleb(_EXPONENTS[denominator])


def half_up(numerator: int, denominator: int, places: int = 2) -> Decimal:
    """numerator / denominator rounded half up to ``places`` decimals (non-negative values)."""
    scaled = numerator * 10**places
    quotient = (2 * scaled + denominator) // (2 * denominator)
    return Decimal(quotient).scaleb(-places)


def plain(value: Decimal) -> str:
    """Fixed-point text without needless zeros: 20, 0.5, 2.625."""
    return format(value.normalize(), "f")


def text(value: Decimal) -> str:
    """Fixed-point text with at least two decimals and no needless trailing zeros."""
    whole, _, fraction = plain(value).partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


class CriterionScore(NamedTuple):
    id: str
    section: str
    value: int | None  # the chosen step (a RADAR criterion: its mean), None when unanswered
    percent: int
    points_x: int  # points × POINTS_DENOMINATOR
    max_points_x: int
    radar: RadarValue | None = None  # a RADAR criterion's three steps, when answered

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

    def amount(self, numerator: int) -> str:
        """Text for JSON: points and percentages with two decimals or more, counts whole."""
        value = exact(numerator, self.denominator)
        return text(value) if self.denominator > 1 else plain(value)


@dataclass(frozen=True, eq=False)
class Scores:
    """Every score of one set of answers: what the level rules look at."""

    criteria: tuple[CriterionScore, ...]
    sections: tuple[SectionScore, ...]
    indicators: tuple[IndicatorScore, ...]

    @property
    def total_x(self) -> int:
        """Total points × POINTS_DENOMINATOR."""
        return sum(section.points_x for section in self.sections)

    @property
    def total(self) -> Decimal:
        return exact(self.total_x)

    @property
    def indicators_met(self) -> int:
        return sum(1 for indicator in self.indicators if indicator.met)

    @property
    def indicator_points(self) -> int:
        return sum(indicator.points for indicator in self.indicators)

    @property
    def met_ids(self) -> frozenset[str]:
        return frozenset(indicator.id for indicator in self.indicators if indicator.met)

    def criterion(self, criterion_id: str) -> CriterionScore | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def section(self, section_id: str) -> SectionScore | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def indicator(self, indicator_id: str) -> IndicatorScore | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)


@dataclass(frozen=True, eq=False, kw_only=True)
class Result(Scores):
    """The scores of one set of answers with the level they reach and the gaps to the next."""

    scheme: str
    version: str
    total_max: int
    indicator_points_max: int
    unanswered: tuple[str, ...]
    levels_reached: tuple[str, ...]
    next_level: str | None
    gaps: tuple[Gap, ...]

    @property
    def level(self) -> str | None:
        """The highest level reached."""
        return self.levels_reached[-1] if self.levels_reached else None

    @property
    def indicator_percent(self) -> Decimal:
        """The share of indicator points earned, rounded half up to two decimals."""
        if not self.indicator_points_max:
            return Decimal("0.00")
        return half_up(self.indicator_points * 100, self.indicator_points_max)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        return f"<Result {self.scheme} {self.version} total={self.total} level={self.level}>"

    def to_data(self) -> dict[str, Any]:
        """Plain data for JSON; numbers as fixed-point text so nothing depends on floats."""
        return {
            "scheme": self.scheme,
            "version": self.version,
            "total": {"points": text(self.total), "max_points": self.total_max},
            "sections": [
                {
                    "id": s.id,
                    "points": text(s.points),
                    "max_points": s.max_points,
                    "percent": text(s.percent),
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
                    "points": text(c.points),
                    "max_points": text(c.max_points),
                    **_radar(c.radar),
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
                    "required": g.amount(g.required_n),
                    "actual": g.amount(g.actual_n),
                    "missing": g.amount(g.required_n - g.actual_n),
                    "closers": list(g.closers),
                }
                for g in self.gaps
            ],
        }

    def to_json(self) -> str:
        """The canonical JSON text: the same answers always give the same bytes."""
        return canonical_json(self.to_data())


def _radar(value: RadarValue | None) -> dict[str, Any]:
    """A RADAR criterion's three steps beside its mean, and nothing for other criteria:
    the results of schemes without RADAR criteria keep their bytes."""
    if value is None:
        return {}
    return {"radar": dict(zip(RADAR_ATTRIBUTES, value.parts, strict=True))}
