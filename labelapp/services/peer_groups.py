"""Peer groups for the benchmarking report (issue 15): who an organisation is compared
with, and each group's validated section results.

An organisation's peers are the organisations whose latest approved assessment used
the same criteria version; the subsets are those in the same country, the same main
industrial ecosystem and the same size band. Only the stored validated results count
(``section_result``, decision 22), never drafts or self-assessed values. The
organisation itself is one of its peers, as in any benchmark it is placed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import IndicatorResult
from labelapp.models import Organisation
from labelapp.models import SectionResult

# By number of members (firms and research and education members), as the European
# cluster labels band them: (key, lowest, highest or None).
SIZE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("under-50", 0, 49),
    ("50-149", 50, 149),
    ("150-499", 150, 499),
    ("500-plus", 500, None),
)
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


def _latest_approved_ids() -> Select[tuple[int]]:
    # Each organisation's latest approved assessment: one window, no per-row subquery.
    ranked = (
        select(
            Assessment.id,
            func.row_number()
            .over(
                partition_by=Assessment.organisation_id,
                order_by=(Assessment.decided_at.desc(), Assessment.id.desc()),
            )
            .label("newest"),
        )
        .where(Assessment.status == AssessmentStatus.APPROVED)
        .subquery()
    )
    return select(ranked.c.id).where(ranked.c.newest == 1)


def _in_group(group: Group) -> ColumnElement[bool]:
    if group.kind == "country":
        return Organisation.country == group.key
    if group.kind == "ecosystem":
        return Organisation.ecosystem == group.key
    if group.kind == "size":
        _key, low, high = next(band for band in SIZE_BANDS if band[0] == group.key)
        members = Organisation.member_firms + Organisation.member_research
        return and_(members >= low, members <= high) if high is not None else members >= low
    return Organisation.id.is_not(None)  # the whole version


def section_values(
    session: Session, criteria_version_id: int, group: Group
) -> dict[str, Sequence[Decimal]]:
    """Each section's validated percentages in the group, one per organisation: one query."""
    rows = session.execute(
        select(SectionResult.section_id, SectionResult.percent)
        .join(Organisation, Organisation.id == SectionResult.organisation_id)
        .where(
            SectionResult.criteria_version_id == criteria_version_id,
            SectionResult.assessment_id.in_(_latest_approved_ids()),
            _in_group(group),
        )
    )
    values: dict[str, list[Decimal]] = {}
    for section_id, percent in rows:
        values.setdefault(section_id, []).append(Decimal(percent))
    return dict(values)


def indicator_values(
    session: Session, criteria_version_id: int, group: Group
) -> dict[str, list[tuple[Decimal | None, bool]]]:
    """Each indicator's validated (number, met) in the group, one per organisation; the
    number is None for yes/no and choice answers. One query."""
    rows = session.execute(
        select(IndicatorResult.indicator_id, IndicatorResult.number, IndicatorResult.met)
        .join(Organisation, Organisation.id == IndicatorResult.organisation_id)
        .where(
            IndicatorResult.criteria_version_id == criteria_version_id,
            IndicatorResult.assessment_id.in_(_latest_approved_ids()),
            _in_group(group),
        )
    )
    values: dict[str, list[tuple[Decimal | None, bool]]] = {}
    for indicator_id, number, met in rows:
        values.setdefault(indicator_id, []).append(
            (None if number is None else Decimal(number), bool(met))
        )
    return values
