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

from collections.abc import Mapping
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


# The quantiles a group's spread shows: lower quartile, median, upper quartile.
QUARTILES = (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"))


def quantile_position(size: int, q: Decimal) -> tuple[int, Decimal]:
    """Where type 7 reads the q-quantile of ``size`` sorted values: the 0-based index
    floor(h) and the fraction h - floor(h), at h = (size - 1) q.

    Raises:
        ValueError: no values, or q outside 0..1.
    """
    if size < 1:
        raise ValueError("a quantile needs at least one value")
    if not Decimal(0) <= q <= Decimal(1):
        raise ValueError(f"q must be between 0 and 1, not {q}")
    h = (size - 1) * q
    low = int(h)  # h >= 0, so int() is floor
    return low, h - low


def quantile_positions(size: int) -> frozenset[int]:
    """The 0-based indexes of the sorted values the QUARTILES of ``size`` values read:
    floor(h) and the one above it, when there is one. A database need only hand over
    the values at these places (labelapp's peer queries pick them)."""
    found: set[int] = set()
    for q in QUARTILES:
        low, _fraction = quantile_position(size, q)
        found.update(index for index in (low, low + 1) if index < size)
    return frozenset(found)


def interpolate(low: Decimal, high: Decimal | None, fraction: Decimal) -> Decimal:
    """x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]); ``high`` None when
    x[floor h] is the last value (then h = floor h)."""
    if high is None:
        return low
    return low + fraction * (high - low)


def quantile(ordered: Sequence[Decimal], q: Decimal) -> Decimal:
    """The q-quantile (0 <= q <= 1) of values sorted in ascending order (type 7).

    Raises:
        ValueError: no values, or q outside 0..1.
    """
    return _quantile_at(len(ordered), ordered, q)


def _quantile_at(
    size: int, value_at: Mapping[int, Decimal] | Sequence[Decimal], q: Decimal
) -> Decimal:
    low, fraction = quantile_position(size, q)
    high = value_at[low + 1] if low + 1 < size else None
    return interpolate(value_at[low], high, fraction)


def spread_at(size: int, value_at: Mapping[int, Decimal] | Sequence[Decimal]) -> Spread:
    """The quartiles and median of ``size`` values known by their place in ascending
    order: ``value_at`` holds at least the places ``quantile_positions(size)`` names.

    Raises:
        ValueError: no values.
        KeyError: a place the quartiles read is missing.
    """
    return Spread(size, *(_quantile_at(size, value_at, q) for q in QUARTILES))


def spread(values: Sequence[Decimal]) -> Spread:
    """The quartiles and median of a group's values.

    Raises:
        ValueError: no values.
    """
    return spread_at(len(values), sorted(values))


def mid_rank(below: int, equal: int, size: int) -> Decimal:
    """The percentile rank of a value with ``below`` of the ``size`` values below it and
    ``equal`` level with it (itself included): the equal ones count half.

    Raises:
        ValueError: no values.
    """
    if size < 1:
        raise ValueError("a percentile rank needs a group")
    return (Decimal(below) + Decimal(equal) / 2) * 100 / size


def percentile_rank(value: Decimal, values: Sequence[Decimal]) -> Decimal:
    """The share of the group below ``value``, counting equal values half, in percent.

    Raises:
        ValueError: no values.
    """
    below = sum(1 for other in values if other < value)
    equal = sum(1 for other in values if other == value)
    return mid_rank(below, equal, len(values))


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
