"""Peer statistics against hand-computed examples, and the rules for showing a group."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.peers import MIN_GROUP
from assessment.peers import Light
from assessment.peers import interpolate
from assessment.peers import light
from assessment.peers import may_show
from assessment.peers import mid_rank
from assessment.peers import percentile_rank
from assessment.peers import quantile
from assessment.peers import quantile_position
from assessment.peers import quantile_positions
from assessment.peers import spread
from assessment.peers import spread_at


def _d(*values: str | int) -> list[Decimal]:
    return [Decimal(value) for value in values]


@pytest.mark.parametrize(
    ("values", "lower", "median", "upper"),
    [
        # Type 7 by hand: h = (n - 1) q; [1, 2, 3, 4]: h = 0.75, 1.5, 2.25.
        (_d(1, 2, 3, 4), "1.75", "2.5", "3.25"),
        (_d(10, 20, 30, 40, 50), "20", "30", "40"),
        (_d(50, 10, 40, 20, 30), "20", "30", "40"),  # order does not matter
        (_d(7), "7", "7", "7"),
        (_d("62.5", "70", "70", "81.25", "90", "95"), "70", "75.625", "87.8125"),
    ],
)
def test_quartiles_and_median_are_type_7(values, lower, median, upper):
    found = spread(values)
    assert [found.lower_quartile, found.median, found.upper_quartile] == _d(lower, median, upper)
    assert found.size == len(values)


def test_a_quantile_refuses_no_values_or_a_share_outside_0_to_1():
    with pytest.raises(ValueError, match="at least one value"):
        quantile([], Decimal("0.5"))
    with pytest.raises(ValueError, match="between 0 and 1"):
        quantile(_d(1, 2), Decimal("1.5"))


@pytest.mark.parametrize(
    ("value", "values", "rank"),
    [
        ("30", _d(10, 20, 30, 40, 50), "50"),  # 2 below, 1 equal: (2 + 0.5) / 5
        ("5", _d(10, 20, 30, 40, 50), "0"),
        ("60", _d(10, 20, 30, 40, 50), "100"),
        ("70", _d(70, 70, 70, 70), "50"),  # equal to everyone: the middle
        ("20", _d(10, 20, 20, 40), "50"),  # 1 below, 2 equal: (1 + 1) / 4
    ],
)
def test_percentile_rank_counts_equal_values_half(value, values, rank):
    assert percentile_rank(Decimal(value), values) == Decimal(rank)


def test_traffic_lights():
    group = spread(_d(10, 20, 30, 40, 50))  # lower quartile 20, median 30
    assert light(Decimal(30), group) is Light.GREEN  # at the median
    assert light(Decimal(45), group) is Light.GREEN
    assert light(Decimal(20), group) is Light.YELLOW  # at the lower quartile
    assert light(Decimal("29.9"), group) is Light.YELLOW
    assert light(Decimal("19.9"), group) is Light.RED
    assert light(Decimal(50), group, knockout_failed=True) is Light.RED


@pytest.mark.parametrize(
    ("size", "previous", "shown"),
    [
        (4, None, False),  # too few peers to compare
        (5, None, True),
        (5, 5, True),
        (5, 4, False),  # grew by one from below the minimum
        (4, 5, False),
        (6, 5, True),  # both at least 5
        (5, 6, True),
        (7, 5, True),  # changed by two
        (5, 3, True),
    ],
)
def test_a_group_is_shown_only_when_large_enough_and_not_one_away_from_a_small_one(
    size, previous, shown
):
    assert MIN_GROUP == 5
    assert may_show(size, previous) is shown


_values = st.lists(
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False), min_size=1, max_size=40
)


@given(_values)
def test_quartiles_lie_in_order_within_the_values(values):
    found = spread(values)
    assert min(values) <= found.lower_quartile <= found.median <= found.upper_quartile
    assert found.upper_quartile <= max(values)


@given(_values, st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_a_percentile_rank_is_between_0_and_100_and_grows_with_the_value(values, value):
    rank = percentile_rank(value, values)
    assert Decimal(0) <= rank <= Decimal(100)
    assert percentile_rank(value + 1, values) >= rank


@pytest.mark.parametrize(
    ("size", "places"),
    [
        (1, {0}),  # h = 0 for every quartile: the one value
        (2, {0, 1}),
        (4, {0, 1, 2, 3}),  # h = 0.75, 1.5, 2.25
        (5, {1, 2, 3, 4}),  # h = 1, 2, 3: never the lowest
        (9, {2, 3, 4, 5, 6, 7}),  # h = 2, 4, 6
        (10, {2, 3, 4, 5, 6, 7}),  # h = 2.25, 4.5, 6.75
    ],
)
def test_quantile_positions_name_the_places_the_quartiles_read(size, places):
    assert quantile_positions(size) == places


def test_quantile_position_and_interpolation():
    assert quantile_position(4, Decimal("0.75")) == (2, Decimal("0.25"))
    assert interpolate(Decimal(30), Decimal(40), Decimal("0.25")) == Decimal("32.5")
    assert interpolate(Decimal(30), None, Decimal(0)) == 30  # the last value
    with pytest.raises(ValueError, match="at least one value"):
        quantile_positions(0)


def test_a_percentile_rank_from_counts():
    assert mid_rank(below=1, equal=2, size=4) == 50
    with pytest.raises(ValueError, match="needs a group"):
        mid_rank(0, 0, 0)


@given(_values)
def test_the_values_at_the_quartiles_places_give_the_whole_spread(values):
    """What a database hands over (the values at quantile_positions) is enough."""
    ordered = sorted(values)
    picked = {spot: ordered[spot] for spot in quantile_positions(len(values))}
    assert spread_at(len(values), picked) == spread(values)


@given(_values, st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_a_mid_rank_from_counts_is_the_percentile_rank(values, value):
    below = sum(1 for other in values if other < value)
    equal = sum(1 for other in values if other == value)
    assert mid_rank(below, equal, len(values)) == percentile_rank(value, values)
