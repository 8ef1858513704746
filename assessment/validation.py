"""Raw criteria data -> a validated Scheme, or every problem with its path."""

from __future__ import annotations

from typing import Any

from assessment.errors import CriteriaError
from assessment.model import Criterion
from assessment.model import Evidence
from assessment.model import ScaleStep
from assessment.model import Scheme
from assessment.model import Section
from assessment.model import SectionKind
from assessment.reader import Reader
from assessment.reader import join
from assessment.validate_indicators import read_indicators
from assessment.validate_levels import read_levels

FORMAT = 1
TOP_REQUIRED = (
    "format",
    "scheme",
    "version",
    "title",
    "status",
    "total_points",
    "sections",
    "levels",
)
TOP_OPTIONAL = (
    "description",
    "previous_version",
    "changes",
    "indicator_points",
    "scales",
    "indicator_areas",
    "indicators",
)
STATUSES = ("draft", "published")
MAX_ITEMS = 500


class IdRegistry:
    """Ids are unique across sections, criteria and indicators of one file."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.first_seen: dict[str, str] = {}

    def claim(self, item_id: str, path: str) -> None:
        if not item_id:
            return
        if item_id in self.first_seen:
            self.reader.fail(
                path, f"duplicate id {item_id!r} (first used at {self.first_seen[item_id]})"
            )
        else:
            self.first_seen[item_id] = path


def build_scheme(raw: Any, source: str) -> Scheme:
    """Validate raw data (from YAML or stored JSON) and build the Scheme.

    Raises:
        CriteriaError: listing every problem with its path inside ``source``.
    """
    reader = Reader()
    data = reader.mapping(raw, "", TOP_REQUIRED, TOP_OPTIONAL)
    if data is None:
        raise CriteriaError(source, reader.problems)
    fmt = reader.integer(data, "format", "", minimum=FORMAT, maximum=FORMAT)
    key = reader.ident(data, "scheme", "")
    version = reader.text(data, "version", "")
    title = reader.text(data, "title", "")
    status = reader.choice(data, "status", "", STATUSES)
    description = reader.text(data, "description", "", default="")
    previous_version = reader.text(data, "previous_version", "", default="") or None
    changes = _read_changes(reader, data)
    registry = IdRegistry(reader)
    total_points = reader.integer(data, "total_points", "", minimum=1, maximum=100_000)
    scales = _read_scales(reader, data)
    sections = _read_sections(reader, data, scales, registry, total_points)
    areas, indicators, indicator_points = read_indicators(reader, data, registry)
    levels = read_levels(reader, data, sections, indicators, total_points, indicator_points)
    if reader.problems:
        raise CriteriaError(source, reader.problems)
    return Scheme(
        format=fmt,
        key=key,
        version=version,
        title=title,
        status=status,
        description=description,
        previous_version=previous_version,
        changes=changes,
        total_points=total_points,
        indicator_points=indicator_points,
        scales=scales,
        sections=sections,
        indicator_areas=areas,
        indicators=indicators,
        levels=levels,
    )


def _read_changes(reader: Reader, data: dict[str, Any]) -> tuple[str, ...]:
    changes: list[str] = []
    for index, item in enumerate(reader.sequence(data, "changes", "")):
        if isinstance(item, str) and item.strip():
            changes.append(item.strip())
        else:
            reader.fail(join("changes", index), "must be a non-empty sentence")
    return tuple(changes)


def read_scale(reader: Reader, raw: Any, path: str) -> tuple[ScaleStep, ...]:
    """A maturity scale: steps lowest first, whole percentages from 0 to 100."""
    if not isinstance(raw, list):
        reader.fail(path, "must be a list of steps")
        return ()
    if len(raw) < 2:
        reader.fail(path, "must have at least 2 steps")
    steps: list[ScaleStep] = []
    for index, item in enumerate(raw):
        here = join(path, index)
        step = reader.mapping(item, here, ("value", "label", "description"))
        if step is None:
            continue
        value = reader.integer(step, "value", here, minimum=0, maximum=100)
        if steps and value <= steps[-1].value:
            reader.fail(
                join(here, "value"), f"must be greater than the step before ({steps[-1].value})"
            )
        steps.append(
            ScaleStep(
                value, reader.text(step, "label", here), reader.text(step, "description", here)
            )
        )
    if steps and len(steps) == len(raw):
        if steps[0].value != 0:
            reader.fail(join(join(path, 0), "value"), "the first step must be 0")
        if steps[-1].value != 100:
            reader.fail(join(join(path, len(raw) - 1), "value"), "the last step must be 100")
    return tuple(steps)


def _read_scales(reader: Reader, data: dict[str, Any]) -> dict[str, tuple[ScaleStep, ...]]:
    raw = data.get("scales", {})
    if not isinstance(raw, dict):
        reader.fail("scales", "must be a mapping of scale names to steps")
        return {}
    return {
        str(name): read_scale(reader, steps, join("scales", str(name)))
        for name, steps in raw.items()
    }


def _read_sections(
    reader: Reader,
    data: dict[str, Any],
    scales: dict[str, tuple[ScaleStep, ...]],
    registry: IdRegistry,
    total_points: int,
) -> tuple[Section, ...]:
    sections: list[Section] = []
    raw_sections = reader.sequence(data, "sections", "", min_items=1)
    for index, item in enumerate(raw_sections[:MAX_ITEMS]):
        here = join("sections", index)
        raw = reader.mapping(
            item, here, ("id", "title", "kind", "points", "criteria"), ("description",)
        )
        if raw is None:
            continue
        section_id = reader.ident(raw, "id", here)
        registry.claim(section_id, join(here, "id"))
        kind = SectionKind(reader.choice(raw, "kind", here, tuple(SectionKind)))
        criteria = _read_criteria(reader, raw, here, scales, registry, kind)
        sections.append(
            Section(
                id=section_id,
                title=reader.text(raw, "title", here),
                kind=kind,
                points=reader.integer(raw, "points", here, minimum=1),
                description=reader.text(raw, "description", here, default=""),
                criteria=criteria,
            )
        )
    if len(raw_sections) > MAX_ITEMS:
        reader.fail("sections", f"must have at most {MAX_ITEMS} sections")
    points = sum(section.points for section in sections)
    if sections and len(sections) == len(raw_sections) and points != total_points:
        reader.fail(
            "sections", f"section points add up to {points}, not total_points ({total_points})"
        )
    return tuple(sections)


def _read_criteria(
    reader: Reader,
    section: dict[str, Any],
    path: str,
    scales: dict[str, tuple[ScaleStep, ...]],
    registry: IdRegistry,
    kind: SectionKind,
) -> tuple[Criterion, ...]:
    criteria: list[Criterion] = []
    raw_criteria = reader.sequence(section, "criteria", path, min_items=1)
    for index, item in enumerate(raw_criteria[:MAX_ITEMS]):
        here = join(join(path, "criteria"), index)
        raw = reader.mapping(
            item,
            here,
            ("id", "title", "guidance", "scale", "weight"),
            ("evidence", "required", "radar"),
        )
        if raw is None:
            continue
        criterion_id = reader.ident(raw, "id", here)
        registry.claim(criterion_id, join(here, "id"))
        scale, scale_name = _criterion_scale(reader, raw.get("scale"), join(here, "scale"), scales)
        criteria.append(
            Criterion(
                id=criterion_id,
                title=reader.text(raw, "title", here),
                guidance=reader.text(raw, "guidance", here),
                scale=scale,
                scale_name=scale_name,
                weight=reader.integer(raw, "weight", here, minimum=1, maximum=100),
                evidence=Evidence(
                    reader.choice(raw, "evidence", here, tuple(Evidence), "optional")
                ),
                required=reader.boolean(raw, "required", here, default=True),
                radar=_radar(reader, raw, here, kind),
            )
        )
    weights = sum(criterion.weight for criterion in criteria)
    if criteria and len(criteria) == len(raw_criteria) and weights != 100:
        reader.fail(join(path, "criteria"), f"criterion weights add up to {weights}, not 100")
    return tuple(criteria)


def _radar(reader: Reader, raw: dict[str, Any], path: str, kind: SectionKind) -> bool:
    """Whether the criterion is scored on the RADAR attributes: only an enabler's may be,
    as EFQM scores results on other attributes (relevance and performance)."""
    radar = reader.boolean(raw, "radar", path, default=False)
    if radar and kind is not SectionKind.ENABLER:
        reader.fail(
            join(path, "radar"),
            f"only a criterion of an enabler section may be scored on RADAR, not one of a "
            f"{kind.value} section",
        )
        return False
    return radar


def _criterion_scale(
    reader: Reader, raw: Any, path: str, scales: dict[str, tuple[ScaleStep, ...]]
) -> tuple[tuple[ScaleStep, ...], str | None]:
    if raw is None:
        return (), None
    if isinstance(raw, str):
        if raw not in scales:
            known = ", ".join(sorted(scales)) or "none are defined"
            reader.fail(path, f"unknown scale {raw!r} (known scales: {known})")
            return (), None
        return scales[raw], raw
    return read_scale(reader, raw, path), None
