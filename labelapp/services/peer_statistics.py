"""Peer groups' statistics from the stored validated results (issue 15): the database
sums the results up, for all of an organisation's groups in one pass.

Per section (or indicator) and distinct value, it counts how many of each group's
members have it. Running sums over those counts, in ascending order, then name the
values at the places the quartiles read and the counts below and level with the
organisation's own value. A query returns those few rows, never one per organisation;
what is computed from them stays in ``assessment.peers``. The groups and their
members are ``peer_groups``'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import Any

from sqlalchemy import CTE
from sqlalchemy import ColumnElement
from sqlalchemy import Integer
from sqlalchemy import Over
from sqlalchemy import Row
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm import Session

from assessment.peers import QUARTILES
from assessment.peers import quantile_positions
from labelapp.models import Assessment
from labelapp.models import IndicatorResult
from labelapp.models import SectionResult
from labelapp.services.peer_groups import Group
from labelapp.services.peer_groups import members_table


@dataclass(frozen=True)
class Distribution:
    """One section's or indicator's validated values in one group, as far as the
    figures need them: how many; the values at the places the quartiles read
    (``assessment.peers.quantile_positions``, 0-based in ascending order); how many
    lie below the organisation's own value and how many level with it (itself
    included); for an indicator, how many met its threshold and how many are numbers."""

    size: int
    at: dict[int, Decimal]
    below: int
    equal: int
    met: int = 0
    numbers: int = 0


@dataclass(frozen=True)
class Statistics:
    """What one query finds: the organisation's own value and whether it met the
    threshold (indicators), per section or indicator, and each group's distributions."""

    own: dict[str, tuple[Decimal | None, bool]]
    groups: dict[Group, dict[str, Distribution]]


def section_statistics(
    session: Session, assessment: Assessment, groups: Sequence[Group]
) -> Statistics:
    """Each section's validated percentages in each group, summed up: one query."""
    return _statistics(
        session, assessment, groups, SectionResult, SectionResult.section_id, SectionResult.percent
    )


def indicator_statistics(
    session: Session, assessment: Assessment, groups: Sequence[Group]
) -> Statistics:
    """Each indicator's validated numbers and thresholds met in each group, summed up
    (the number is NULL for yes/no and choice answers): one query."""
    return _statistics(
        session,
        assessment,
        groups,
        IndicatorResult,
        IndicatorResult.indicator_id,
        IndicatorResult.number,
        IndicatorResult.met,
    )


def _statistics(
    session: Session,
    assessment: Assessment,
    groups: Sequence[Group],
    model: type[SectionResult] | type[IndicatorResult],
    item: InstrumentedAttribute[str],
    value: InstrumentedAttribute[Decimal] | InstrumentedAttribute[Decimal | None],
    met: InstrumentedAttribute[bool] | None = None,
) -> Statistics:
    counted = _counted(assessment, groups, model, item, value, met)
    rows = session.execute(_picked(counted, len(groups), met is not None)).all()
    return _collect(rows, groups)


def _counted(
    assessment: Assessment,
    groups: Sequence[Group],
    model: type[SectionResult] | type[IndicatorResult],
    item: InstrumentedAttribute[str],
    value: InstrumentedAttribute[Decimal] | InstrumentedAttribute[Decimal | None],
    met: InstrumentedAttribute[bool] | None,
) -> CTE:
    """One row per section (or indicator) and distinct value: how many of each group's
    members have it (``n_<place>``) and how many of those met the threshold
    (``m_<place>``); whether it is the organisation's own. Far fewer rows than
    results (percentages take few distinct values), every group counted at once."""
    members = members_table(assessment.criteria_version_id, groups)
    own = model.assessment_id == assessment.id
    columns: list[ColumnElement[Any]] = [
        item.label("item"),
        value.label("value"),
        func.max(case((own, 1), else_=0)).label("own"),
    ]
    for place in range(len(groups)):
        inside = members.c[f"in_{place}"]
        # Integer sums, so that the running sums stay integers on PostgreSQL too.
        columns.append(cast(func.sum(inside), Integer).label(f"n_{place}"))
        if met is not None:
            columns.append(
                cast(func.sum(case((met, inside), else_=0)), Integer).label(f"m_{place}")
            )
    if met is not None:
        columns.append(func.max(case((and_(own, met), 1), else_=0)).label("own_met"))
    return (
        select(*columns)
        .select_from(model)
        .join(members, members.c.assessment_id == model.assessment_id)
        .where(model.criteria_version_id == assessment.criteria_version_id)
        .group_by(item, value)
        .cte("counted")
    )


def _picked(counted: CTE, places: int, indicators: bool) -> Select[Any]:
    """The counted rows the figures read: each with, per group, how many values lie
    up to it (a running sum in ascending order) and the group's totals; only the
    organisation's own value and those holding a place a quartile reads."""
    item, value = counted.c.item, counted.c.value

    def summed_over(column: ColumnElement[int], rows: tuple[None, int | None]) -> Over[int]:
        # One window definition for every sum (only the frames differ), so that the
        # rows are sorted once: up to the current row, or the whole section.
        return func.sum(column).over(partition_by=item, order_by=value, rows=rows)

    columns: list[ColumnElement[Any]] = [item, value, counted.c.own]
    if indicators:
        columns.append(counted.c.own_met)
    for place in range(places):
        count = counted.c[f"n_{place}"]
        columns += [
            count,
            summed_over(count, (None, 0)).label(f"upto_{place}"),
            summed_over(count, (None, None)).label(f"size_{place}"),
        ]
        if indicators:
            numbers = case((value.is_not(None), count), else_=0)
            columns += [
                summed_over(counted.c[f"m_{place}"], (None, None)).label(f"met_{place}"),
                summed_over(numbers, (None, None)).label(f"numbers_{place}"),
            ]
    summed = select(*columns).subquery("summed")
    return select(summed).where(
        or_(
            summed.c.own == 1,
            *(
                _holds_a_quartile(
                    summed.c[f"n_{place}"], summed.c[f"upto_{place}"], summed.c[f"size_{place}"]
                )
                for place in range(places)
            ),
        )
    )


def _holds_a_quartile(
    count: ColumnElement[int], upto: ColumnElement[int], size: ColumnElement[int]
) -> ColumnElement[bool]:
    """Whether the values at the 0-based places [upto - count, upto) include one that a
    quartile reads: floor(h) or floor(h) + 1, h = (size - 1) q. For q = a / b that is
    b (upto - count - 1) <= a (size - 1) < b upto, in integers only, so that neither
    dialect's division (integer on one, exact on the other) has a say."""
    reads = []
    for q in QUARTILES:
        a, b = q.as_integer_ratio()
        spot = a * (size - 1)
        reads.append(and_(b * (upto - count - 1) <= spot, spot < b * upto))
    return and_(count > 0, or_(*reads))


@dataclass
class _Found:
    """A distribution while its rows come in."""

    size: int
    met: int
    numbers: int
    places: frozenset[int]
    at: dict[int, Decimal] = field(default_factory=dict)
    below: int = 0
    equal: int = 0

    def frozen(self) -> Distribution:
        return Distribution(self.size, self.at, self.below, self.equal, self.met, self.numbers)


def _collect(rows: Sequence[Row[Any]], groups: Sequence[Group]) -> Statistics:
    own: dict[str, tuple[Decimal | None, bool]] = {}
    found: dict[tuple[int, str], _Found] = {}
    for row in rows:
        fields = row._mapping
        item, value = fields["item"], fields["value"]
        if fields["own"]:
            own[item] = (value, bool(fields.get("own_met", 0)))
        for place in range(len(groups)):
            size, count, upto = (fields[f"{n}_{place}"] for n in ("size", "n", "upto"))
            if not size:
                continue
            if (place, item) not in found:
                met, numbers = fields.get(f"met_{place}", 0), fields.get(f"numbers_{place}", 0)
                found[place, item] = _Found(size, met, numbers, quantile_positions(size))
            distribution = found[place, item]
            below = upto - count  # the values in this row are at places below..upto-1
            for spot in distribution.places:
                if below <= spot < upto:
                    distribution.at[spot] = value
            if fields["own"]:
                distribution.below, distribution.equal = below, count
    by_group: dict[Group, dict[str, Distribution]] = {group: {} for group in groups}
    for (place, item), distribution in found.items():
        by_group[groups[place]][item] = distribution.frozen()
    return Statistics(own, by_group)
