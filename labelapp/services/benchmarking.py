"""An organisation among its peers, section by section and indicator by indicator
(issue 15 item 4).

``gather`` has the database sum up the stored validated results (``peer_groups``):
one query for the organisation's assessment, one for its groups' members, one for
the sections and one for the indicators, whatever the number of organisations. Each
returns a few rows per section or indicator (the values the quartiles read and the
counts around the organisation's own value), never one row per organisation. The
comparisons are then pure (``assessment.peers``). A group that may not be shown
(``shown_groups``) yields no figure at all: only its size, so a page can say "too
few peers to compare" and nothing else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from assessment.model import Indicator
from assessment.model import Scheme
from assessment.peers import MIN_GROUP
from assessment.peers import Light
from assessment.peers import Spread
from assessment.peers import light
from assessment.peers import may_show
from assessment.peers import mid_rank
from assessment.peers import spread_at
from labelapp.models import Assessment
from labelapp.models import Organisation
from labelapp.services.peer_groups import Group
from labelapp.services.peer_groups import Members
from labelapp.services.peer_groups import group_members
from labelapp.services.peer_groups import groups_of
from labelapp.services.peer_groups import latest_approved
from labelapp.services.peer_statistics import Distribution
from labelapp.services.peer_statistics import indicator_statistics
from labelapp.services.peer_statistics import section_statistics


@dataclass(frozen=True)
class PeerData:
    """Everything a comparison reads: the organisation's validated results, and each
    of its groups' members and distributions (by section or indicator id)."""

    assessment: Assessment
    own_sections: dict[str, Decimal]
    own_indicators: list[tuple[str, Decimal | None, bool]]
    members: dict[Group, Members]
    sections: dict[Group, dict[str, Distribution]]
    indicators: dict[Group, dict[str, Distribution]]

    def sizes(self) -> dict[Group, int]:
        return {group: found.size for group, found in self.members.items()}

    def fingerprint(self) -> str:
        """What the figures rest on: the organisation's assessment and its groups, each
        with the approved assessments in it. Validated results never change once
        stored, so equal fingerprints give equal figures.

        A group's members are summed up, not listed (listing them would read one row
        per organisation again): their count, the sum and the sum of squares of their
        ids, and the largest id. Each change of members moves these: an approval adds
        an assessment or replaces one by a newer, larger id (the sum and the largest
        id move); one organisation leaving and another joining moves the sum unless
        the two ids are equal. Only several changes at once that cancel out in the
        count, the sum, the sum of squares and the largest id together would go
        unseen, and then only the report's record (its date, its kept PDFs) would
        be reused: the figures are computed on every reading.
        """
        parts = [f"{self.assessment.criteria_version_id}:{self.assessment.id}"]
        for group, found in self.members.items():
            summed = f"{found.size},{found.id_sum},{found.id_square_sum},{found.last_id}"
            parts.append(f"{group.kind}={group.key}:{summed}")
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


def gather(session: Session, organisation: Organisation) -> PeerData | None:
    """The organisation's latest approved results and its groups' distributions; None
    when it has no approved assessment yet. Queries: four, whatever the data."""
    assessment = latest_approved(session, organisation)
    if assessment is None:
        return None
    groups = groups_of(organisation)
    members = group_members(session, assessment.criteria_version_id, groups)
    sections = section_statistics(session, assessment, groups)
    indicators = indicator_statistics(session, assessment, groups)
    return PeerData(
        assessment,
        {
            section_id: value
            for section_id, (value, _met) in sorted(sections.own.items())
            if value is not None
        },
        [
            (indicator_id, value, met)
            for indicator_id, (value, met) in sorted(indicators.own.items())
        ],
        members,
        sections.groups,
        indicators.groups,
    )


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


def shown_groups(
    data: PeerData, previous_sizes: Mapping[Group, int] | None = None
) -> frozenset[Group]:
    """The groups whose figures this report may show (decision 24):

    - at least MIN_GROUP organisations besides the reader's own: its result is one of
      the group's, and with fewer others its quartiles would be others' results;
    - not one organisation away from the group's size in the previous report unless
      both sizes reach that (``may_show``): two reports around one newcomer;
    - a group other than the whole version's at least MIN_GROUP organisations away
      from it, or equal to it: its figures beside the whole's could be subtracted.

    ``previous_sizes``: each group's size when a previous report last showed it.
    """
    sizes = data.sizes()
    whole = next((size for group, size in sizes.items() if group.kind == "version"), 0)
    earlier = previous_sizes or {}
    shown = set()
    for group, size in sizes.items():
        before = earlier.get(group)
        if not may_show(size - 1, before - 1 if before is not None else None):
            continue
        if group.kind != "version" and 0 < whole - size < MIN_GROUP:
            continue
        shown.add(group)
    return frozenset(shown)


def compare_sections(
    data: PeerData, shown: Collection[Group] | None = None
) -> list[SectionComparison]:
    """Each section against each group; figures only in the ``shown`` groups (by
    default ``shown_groups`` of a first report)."""
    visible = shown_groups(data) if shown is None else shown
    return [
        SectionComparison(
            section_id,
            value,
            tuple(
                _figure(group, value, found.get(section_id), group in visible)
                for group, found in data.sections.items()
            ),
        )
        for section_id, value in data.own_sections.items()
    ]


def _figure(group: Group, value: Decimal, found: Distribution | None, visible: bool) -> Figure:
    if found is None or not visible:
        return Figure(group, found.size if found else 0)
    spread = spread_at(found.size, found.at)
    rank = mid_rank(found.below, found.equal, found.size)
    return Figure(group, found.size, spread, rank, light(value, spread))


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
    knockout_failed: bool  # a knock-out minimum not met: red, whatever the peers do
    light: Light | None  # against the version's group; red when a knock-out is not met
    figures: tuple[IndicatorFigure, ...]


def compare_indicators(
    data: PeerData, scheme: Scheme, shown: Collection[Group] | None = None
) -> list[IndicatorComparison]:
    """Each indicator against each group, as ``compare_sections``. A knock-out minimum
    not met is red whatever the peers do."""
    visible = shown_groups(data) if shown is None else shown
    comparisons = []
    for indicator_id, mine, met in data.own_indicators:
        figures = tuple(
            _indicator_figure(group, mine, found.get(indicator_id), group in visible)
            for group, found in data.indicators.items()
        )
        item = scheme.item(indicator_id)
        knockout_failed = isinstance(item, Indicator) and item.knockout and not met
        comparisons.append(
            IndicatorComparison(
                indicator_id,
                mine,
                met,
                knockout_failed,
                _light(mine, figures, knockout_failed),
                figures,
            )
        )
    return comparisons


def _indicator_figure(
    group: Group,
    mine: Decimal | None,
    found: Distribution | None,
    visible: bool,
) -> IndicatorFigure:
    if found is None or not visible:
        return IndicatorFigure(group, found.size if found else 0)
    share = Decimal(found.met) * 100 / found.size
    # Quartiles of numbers only when every peer has one (a yes/no or choice answer,
    # or an unanswered one, has none).
    if mine is None or found.numbers != found.size:
        return IndicatorFigure(group, found.size, share)
    return IndicatorFigure(
        group,
        found.size,
        share,
        spread_at(found.size, found.at),
        mid_rank(found.below, found.equal, found.size),
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
