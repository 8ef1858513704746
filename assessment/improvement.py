"""Where to improve first: the sections and indicators furthest below the peers or
furthest from the next level's rules (issue 15 item 5), the starting point of an
improvement plan.

One scale ranks both kinds, in percentage points of the thing the manager can change:

- a section: how far its validated percentage is below the peers' median, or below
  the next level's minimum for it, whichever is further;
- an indicator not met: 100 when the next level cannot be reached without it (a
  knock-out or a required indicator), otherwise the share of peers that meet it, so
  that what most similar organisations already achieve comes first.

Ties keep the scheme's order, sections before indicators, so the list never changes
between two readings of the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from assessment.model import LevelRule
from assessment.model import Scheme

AREAS = 3
REQUIRED = Decimal(100)


@dataclass(frozen=True)
class ImprovementArea:
    kind: str  # "section" or "indicator"
    id: str
    shortfall: Decimal  # percentage points, the ranking's one scale
    below_median: Decimal | None = None  # a section: points below the peers' median
    level_minimum: Decimal | None = None  # a section: the next level's minimum, not met
    share_met: Decimal | None = None  # an indicator: percent of peers meeting it
    required: bool = False  # an indicator the next level cannot do without
    criterion_id: str | None = None  # a section: its criterion with the most room


@dataclass(frozen=True)
class Standing:
    """What the organisation's validated result says, as the report stores it."""

    level: str | None  # the level approved
    sections: Mapping[str, Decimal]  # section id -> validated percent
    unmet: frozenset[str]  # indicators whose threshold is not met
    criteria: Mapping[str, int]  # criterion id -> validated percent


def improvement_areas(
    scheme: Scheme,
    standing: Standing,
    medians: Mapping[str, Decimal | None],
    shares_met: Mapping[str, Decimal | None],
) -> tuple[ImprovementArea, ...]:
    """The ``AREAS`` areas to improve first.

    ``medians``: each section's median among the peers (None: the group may not be
    shown); ``shares_met``: each indicator's share of peers meeting it, in percent.
    """
    rule = _next_level(scheme, standing.level)
    found = [
        *_sections(scheme, standing, medians, rule),
        *_indicators(scheme, standing, shares_met, rule),
    ]
    # sorted() is stable: ties keep the scheme's order.
    return tuple(sorted(found, key=lambda area: -area.shortfall)[:AREAS])


def _next_level(scheme: Scheme, level: str | None) -> LevelRule | None:
    """The level above ``level`` (the first one without a level); None at the top."""
    ids = [rule.id for rule in scheme.levels]
    at = ids.index(level) + 1 if level in ids else 0
    return scheme.levels[at] if at < len(ids) else None


def _sections(
    scheme: Scheme,
    standing: Standing,
    medians: Mapping[str, Decimal | None],
    rule: LevelRule | None,
) -> list[ImprovementArea]:
    areas = []
    for section in scheme.sections:
        percent = standing.sections.get(section.id)
        if percent is None:
            continue
        median = medians.get(section.id)
        below = median - percent if median is not None else None
        found = rule.min_section_percent.get(section.id) if rule else None
        minimum = Decimal(found) if found is not None else None
        short_of_level = minimum - percent if minimum is not None else None
        shortfall = max(below or Decimal(0), short_of_level or Decimal(0))
        if shortfall <= 0:
            continue
        areas.append(
            ImprovementArea(
                "section",
                section.id,
                shortfall,
                below_median=below if below is not None and below > 0 else None,
                level_minimum=minimum if short_of_level and short_of_level > 0 else None,
                criterion_id=_most_room(section.id, scheme, standing),
            )
        )
    return areas


def _most_room(section_id: str, scheme: Scheme, standing: Standing) -> str | None:
    """The section's criterion that would raise it most: weight × what it still lacks."""
    section = next(s for s in scheme.sections if s.id == section_id)
    rooms = [
        (criterion.weight * (100 - standing.criteria.get(criterion.id, 0)), criterion.id)
        for criterion in section.criteria
    ]
    best = max(rooms, key=lambda room: room[0], default=None)  # max keeps the first
    return best[1] if best is not None and best[0] > 0 else None


def _indicators(
    scheme: Scheme,
    standing: Standing,
    shares_met: Mapping[str, Decimal | None],
    rule: LevelRule | None,
) -> list[ImprovementArea]:
    needed = set(rule.required_indicators) if rule else set()
    areas = []
    for indicator in scheme.indicators:
        if indicator.id not in standing.unmet:
            continue
        required = rule is not None and (indicator.knockout or indicator.id in needed)
        share = shares_met.get(indicator.id)
        shortfall = REQUIRED if required else (share or Decimal(0))
        if shortfall <= 0:
            continue
        areas.append(
            ImprovementArea(
                "indicator", indicator.id, shortfall, share_met=share, required=required
            )
        )
    return areas
