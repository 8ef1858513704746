"""Peer groups for the benchmarking report (issue 15): who an organisation is compared
with, and which approved assessments each group holds.

An organisation's peers are the organisations whose latest approved assessment used
the same criteria version; the subsets are those in the same country, the same main
industrial ecosystem and the same size band. Only the stored validated results count
(``section_result``, decision 22), never drafts or self-assessed values. The
organisation itself is one of its peers, as in any benchmark it is placed in. What
the groups' results come to is ``peer_statistics``'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import CTE
from sqlalchemy import BigInteger
from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy.orm import Session

from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
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


def members_table(criteria_version_id: int, groups: Sequence[Group]) -> CTE:
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
    members = members_table(criteria_version_id, groups)
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
