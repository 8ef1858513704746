"""An organisation among its peers, section by section (issue 15 item 4).

The figures come from the stored validated results (``peer_groups``) and the pure
statistics (``assessment.peers``). A group that may not be shown (fewer than five
organisations, or one away from a smaller previous size) yields no figure at all:
only its size, so a page can say "too few peers to compare" and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.model import Indicator
from assessment.peers import Light
from assessment.peers import Spread
from assessment.peers import light
from assessment.peers import may_show
from assessment.peers import percentile_rank
from assessment.peers import spread
from labelapp.models import IndicatorResult
from labelapp.models import Organisation
from labelapp.models import SectionResult
from labelapp.services.assessments import scheme_of
from labelapp.services.peer_groups import Group
from labelapp.services.peer_groups import groups_of
from labelapp.services.peer_groups import indicator_values
from labelapp.services.peer_groups import latest_approved
from labelapp.services.peer_groups import section_values


@dataclass(frozen=True)
class Figure:
    """Where the organisation stands in one group; ``spread`` None: not to be shown."""

    group: Group
    size: int
    spread: Spread | None = None
    rank: Decimal | None = None
    light: Light | None = None


@dataclass(frozen=True)
class SectionComparison:
    section_id: str
    value: Decimal  # the organisation's validated percentage
    figures: tuple[Figure, ...]


def compare_sections(
    session: Session,
    organisation: Organisation,
    previous_sizes: dict[Group, int] | None = None,
) -> list[SectionComparison] | None:
    """Each section of the organisation's latest approved assessment against each of its
    groups; None when it has no approved assessment yet. ``previous_sizes``: each
    group's size in the organisation's previous report (the change-by-one rule).

    Queries: one for the assessment, one for its own results, one per group.
    """
    assessment = latest_approved(session, organisation)
    if assessment is None:
        return None
    own = dict(
        session.execute(
            select(SectionResult.section_id, SectionResult.percent).where(
                SectionResult.assessment_id == assessment.id
            )
        ).all()
    )
    per_group = {
        group: section_values(session, assessment.criteria_version_id, group)
        for group in groups_of(organisation)
    }
    earlier = previous_sizes or {}
    return [
        SectionComparison(
            section_id,
            Decimal(value),
            tuple(
                _figure(group, Decimal(value), values.get(section_id, ()), earlier.get(group))
                for group, values in per_group.items()
            ),
        )
        for section_id, value in own.items()
    ]


def _figure(group: Group, value: Decimal, values: Sequence[Decimal], before: int | None) -> Figure:
    if not may_show(len(values), before):
        return Figure(group, len(values))
    found = spread(values)
    return Figure(group, len(values), found, percentile_rank(value, values), light(value, found))


@dataclass(frozen=True)
class IndicatorFigure:
    """One indicator in one group: the share of peers meeting its threshold and, for a
    number answer, where the organisation's number stands; nothing when not shown."""

    group: Group
    size: int
    share_met: Decimal | None = None  # percent of the group meeting the threshold
    spread: Spread | None = None
    rank: Decimal | None = None


@dataclass(frozen=True)
class IndicatorComparison:
    indicator_id: str
    number: Decimal | None  # the organisation's validated number (None: not a number)
    met: bool
    light: Light | None  # against the version's group; red when a knock-out is not met
    figures: tuple[IndicatorFigure, ...]


def compare_indicators(
    session: Session,
    organisation: Organisation,
    previous_sizes: dict[Group, int] | None = None,
) -> list[IndicatorComparison] | None:
    """Each indicator of the latest approved assessment against each group, as
    ``compare_sections``; None without an approved assessment. A knock-out minimum not
    met is red whatever the peers do."""
    assessment = latest_approved(session, organisation)
    if assessment is None:
        return None
    scheme = scheme_of(assessment)
    own = session.execute(
        select(IndicatorResult.indicator_id, IndicatorResult.number, IndicatorResult.met).where(
            IndicatorResult.assessment_id == assessment.id
        )
    ).all()
    per_group = {
        group: indicator_values(session, assessment.criteria_version_id, group)
        for group in groups_of(organisation)
    }
    earlier = previous_sizes or {}
    comparisons = []
    for indicator_id, number, met in own:
        mine = None if number is None else Decimal(number)
        figures = tuple(
            _indicator_figure(group, mine, values.get(indicator_id, []), earlier.get(group))
            for group, values in per_group.items()
        )
        item = scheme.item(indicator_id)
        knockout_failed = isinstance(item, Indicator) and item.knockout and not met
        comparisons.append(
            IndicatorComparison(
                indicator_id, mine, bool(met), _light(mine, figures, knockout_failed), figures
            )
        )
    return comparisons


def _indicator_figure(
    group: Group,
    mine: Decimal | None,
    values: Sequence[tuple[Decimal | None, bool]],
    before: int | None,
) -> IndicatorFigure:
    if not may_show(len(values), before):
        return IndicatorFigure(group, len(values))
    share = Decimal(sum(1 for _number, met in values if met)) * 100 / len(values)
    numbers = [number for number, _met in values if number is not None]
    if mine is None or len(numbers) != len(values):
        return IndicatorFigure(group, len(values), share)
    return IndicatorFigure(
        group, len(values), share, spread(numbers), percentile_rank(mine, numbers)
    )


def _light(
    mine: Decimal | None, figures: Sequence[IndicatorFigure], knockout_failed: bool
) -> Light | None:
    if knockout_failed:
        return Light.RED
    version = figures[0]  # groups_of lists the whole version first
    if mine is None or version.spread is None:
        return None
    return light(mine, version.spread)
