"""Where one organisation stands among its peers: quartiles, percentile rank, traffic
light, and when a peer group may be shown at all (issue 15).

Pure and exact (Decimal in, Decimal out), like the scoring it compares.

- Quantiles are Hyndman and Fan's type 7, the linear interpolation between the
  closest ranks that R, NumPy and spreadsheets' QUARTILE.INC use: with the sorted
  values x[0..n-1], the q-quantile is x[h] + (h - floor h)(x[h+1] - x[h]) at
  h = (n - 1) q. Managers who check a figure in a spreadsheet get the same number.
- A percentile rank counts the peers below and half of those equal (the mid-rank
  definition), so an organisation equal to all its peers is at 50, not 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# Below this many organisations a group is never shown: a figure of four peers comes
# too close to telling one of them what the others scored.
MIN_GROUP = 5


class Light(StrEnum):
    GREEN = "green"  # at or above the group's median
    YELLOW = "yellow"  # from the lower quartile up to the median
    RED = "red"  # below the lower quartile, or a knock-out minimum not met


@dataclass(frozen=True)
class Spread:
    """A peer group's distribution of one figure (never its minimum or maximum)."""

    size: int
    lower_quartile: Decimal
    median: Decimal
    upper_quartile: Decimal


def quantile(ordered: Sequence[Decimal], q: Decimal) -> Decimal:
    """The q-quantile (0 <= q <= 1) of values sorted in ascending order (type 7).

    Raises:
        ValueError: no values, or q outside 0..1.
    """
    if not ordered:
        raise ValueError("a quantile needs at least one value")
    if not Decimal(0) <= q <= Decimal(1):
        raise ValueError(f"q must be between 0 and 1, not {q}")
    h = (len(ordered) - 1) * q
    low = int(h)  # h >= 0, so int() is floor
    if low + 1 >= len(ordered):
        return ordered[-1]
    return ordered[low] + (h - low) * (ordered[low + 1] - ordered[low])


def spread(values: Sequence[Decimal]) -> Spread:
    """The quartiles and median of a group's values.

    Raises:
        ValueError: no values.
    """
    ordered = sorted(values)
    return Spread(
        size=len(ordered),
        lower_quartile=quantile(ordered, Decimal("0.25")),
        median=quantile(ordered, Decimal("0.5")),
        upper_quartile=quantile(ordered, Decimal("0.75")),
    )


def percentile_rank(value: Decimal, values: Sequence[Decimal]) -> Decimal:
    """The share of the group below ``value``, counting equal values half, in percent.

    Raises:
        ValueError: no values.
    """
    if not values:
        raise ValueError("a percentile rank needs a group")
    below = sum(1 for other in values if other < value)
    equal = sum(1 for other in values if other == value)
    return (Decimal(below) + Decimal(equal) / 2) * 100 / len(values)


def light(value: Decimal, group: Spread, knockout_failed: bool = False) -> Light:
    """The traffic light of ``value`` in ``group``."""
    if knockout_failed or value < group.lower_quartile:
        return Light.RED
    return Light.GREEN if value >= group.median else Light.YELLOW


def may_show(size: int, previous_size: int | None = None) -> bool:
    """Whether a group of ``size`` may be shown, given its size in the previous report.

    A group of fewer than MIN_GROUP is never shown. A group that grew or shrank by one
    since the previous report is only shown when both sizes reach MIN_GROUP: otherwise
    the two reports together would give away the one organisation that came or went.
    """
    if size < MIN_GROUP:
        return False
    if previous_size is not None and abs(size - previous_size) == 1:
        return previous_size >= MIN_GROUP
    return True
