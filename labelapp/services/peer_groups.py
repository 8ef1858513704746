"""Peer groups for the benchmarking report (issue 15): who an organisation is compared
with, and what its groups' validated results come to.

An organisation's peers are the organisations whose latest approved assessment used
the same criteria version; the subsets are those in the same country, the same main
industrial ecosystem and the same size band. Only the stored validated results count
(``section_result``, decision 22), never drafts or self-assessed values. The
organisation itself is one of its peers, as in any benchmark it is placed in.

The database sums the results up, for all the groups in one pass: per section (or
indicator) and distinct value, how many of each group's members have it. Running
sums over those counts, in ascending order, then name the values at the places the
quartiles read and the counts below and level with the organisation's own value. A
query returns those few rows, never one per organisation; what is computed from them
stays in ``assessment.peers``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import Any

from sqlalchemy import CTE
from sqlalchemy import BigInteger
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
from sqlalchemy import true
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm import Session

from assessment.peers import QUARTILES
from assessment.peers import quantile_positions
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import IndicatorResult
from labelapp.models import Organisation
from labelapp.models import SectionResult
from labelapp.text import N_

# By number of members (firms and research and education members), as the European
# cluster labels band them: (key, lowest, highest or None).
SIZE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("under-50", 0, 49),
    ("50-149", 50, 149),
    ("150-499", 150, 499),
    ("500-plus", 500, None),
)
SIZE_BAND_NAMES = {
    "under-50": N_("Fewer than 50 members"),
    "50-149": N_("50 to 149 members"),
    "150-499": N_("150 to 499 members"),
    "500-plus": N_("500 members or more"),
}
GROUP_KINDS = ("version", "country", "ecosystem", "size")


def members_of(organisation: Organisation) -> int:
    return organisation.member_firms + organisation.member_research


def size_band(members: int) -> str:
    """The size band of an organisation with ``members`` members."""
    return next(
        key for key, low, high in SIZE_BANDS if members >= low and (high is None or members <= high)
    )


@dataclass(frozen=True)
class Group:
    """One peer group: all of a version's organisations (``kind`` "version"), or those
    sharing ``key`` (a country code, an ecosystem id, a size band) with the organisation."""

    kind: str
    key: str


def latest_approved(session: Session, organisation: Organisation) -> Assessment | None:
    """The organisation's latest approved assessment, whose results it is compared on."""
    return session.scalar(
        select(Assessment)
        .where(
            Assessment.organisation_id == organisation.id,
            Assessment.status == AssessmentStatus.APPROVED,
        )
        .order_by(Assessment.decided_at.desc(), Assessment.id.desc())
        .limit(1)
    )


def groups_of(organisation: Organisation) -> list[Group]:
    """The groups the organisation belongs to (no ecosystem group while none is chosen)."""
    groups = [Group("version", ""), Group("country", organisation.country)]
    if organisation.ecosystem:
        groups.append(Group("ecosystem", organisation.ecosystem))
    groups.append(Group("size", size_band(members_of(organisation))))
    return groups


def _in_group(group: Group) -> ColumnElement[bool]:
    if group.kind == "country":
        return Organisation.country == group.key
    if group.kind == "ecosystem":
        return Organisation.ecosystem == group.key
    if group.kind == "size":
        _key, low, high = next(band for band in SIZE_BANDS if band[0] == group.key)
        members = Organisation.member_firms + Organisation.member_research
        return and_(members >= low, members <= high) if high is not None else members >= low
    return true()  # the whole version


def _members(criteria_version_id: int, groups: Sequence[Group]) -> CTE:
    """The approved assessments the groups are made of, one per organisation (its
    latest, when on the version), with a 0/1 column ``in_<place>`` per group."""
    ranked = (
        select(
            Assessment.id,
            Assessment.organisation_id,
            Assessment.criteria_version_id,
            func.row_number()
            .over(
                partition_by=Assessment.organisation_id,
                order_by=(Assessment.decided_at.desc(), Assessment.id.desc()),
            )
            .label("newest"),
        )
        .where(Assessment.status == AssessmentStatus.APPROVED)
        .subquery("ranked")
    )
    return (
        select(
            ranked.c.id.label("assessment_id"),
            *(
                case((_in_group(group), 1), else_=0).label(f"in_{place}")
                for place, group in enumerate(groups)
            ),
        )
        .join(Organisation, Organisation.id == ranked.c.organisation_id)
        # "<= 1" finds what "= 1" finds (row numbers start at 1), but PostgreSQL then
        # expects thousands of members rather than a few dozen, and joins and counts
        # the result rows by hashing instead of sorting them on disk.
        .where(ranked.c.newest <= 1, ranked.c.criteria_version_id == criteria_version_id)
        .cte("members")
        # Computed once, then looked up by assessment for every result row (SQLite
        # would otherwise look up the ranking and the organisation for each row).
        .prefix_with("MATERIALIZED")
    )


@dataclass(frozen=True)
class Members:
    """Who is in a group, in brief: how many approved assessments with validated
    results, and the sum, the sum of squares and the largest of their ids."""

    size: int
    id_sum: int
    id_square_sum: int
    last_id: int


def group_members(
    session: Session, criteria_version_id: int, groups: Sequence[Group]
) -> dict[Group, Members]:
    """Each group's members in brief: one query, one row."""
    members = _members(criteria_version_id, groups)
    assessment_id = cast(members.c.assessment_id, BigInteger)  # its square needs 64 bits
    columns = []
    for place in range(len(groups)):
        inside = members.c[f"in_{place}"]
        columns += [
            func.sum(inside),
            func.sum(inside * assessment_id),
            func.sum(inside * assessment_id * assessment_id),
            func.max(inside * assessment_id),
        ]
    # As the groups were counted before: an assessment without validated results
    # (approved before they were kept) is in no group. Its results carry its criteria
    # version, so the unique (assessment, section) index answers alone.
    with_results = select(SectionResult.id).where(
        SectionResult.assessment_id == members.c.assessment_id
    )
    row = session.execute(select(*columns).where(with_results.exists())).one()
    figures = [int(figure or 0) for figure in row]  # sums of no rows are NULL
    return {
        group: Members(*figures[4 * place : 4 * place + 4]) for place, group in enumerate(groups)
    }


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
    members = _members(assessment.criteria_version_id, groups)
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
