"""An assessment next to the organisation's previous one: what improved, criterion by criterion."""

from __future__ import annotations

from dataclasses import dataclass

from assessment import score
from assessment.answers import RadarValue
from labelapp.models import Assessment
from labelapp.services.assessments import engine_answers
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria_texts import scheme_in


@dataclass(frozen=True)
class Row:
    item_id: str
    title: str
    group: str  # section or indicator area title
    before: object  # the previous answer, None when unanswered or not in that version
    after: object
    change: str  # improved, declined, same, new, answered, unanswered, changed


def _change(
    before: object, after: object, in_before: bool, in_after: bool, met: tuple[bool, bool] | None
) -> str:
    if not in_before:
        return "new"
    if not in_after:
        return "removed"
    if before is None and after is None:
        return "same"
    if before is None:
        return "answered"
    if after is None:
        return "unanswered"
    if met is not None and met[0] != met[1]:
        return "improved" if met[1] else "declined"
    if isinstance(before, RadarValue) or isinstance(after, RadarValue):
        return _radar_change(before, after)
    if (
        isinstance(before, int | float)
        and isinstance(after, int | float)
        and not isinstance(before, bool)
    ):
        return "improved" if after > before else "declined" if after < before else "same"
    return "same" if before == after else "changed"


def _radar_change(before: object, after: object) -> str:
    """RADAR answers compare by their mean; the same mean from other attributes is a
    change, and so is a criterion that became or stopped being RADAR."""
    if not (isinstance(before, RadarValue) and isinstance(after, RadarValue)):
        return "changed"
    old, new = before.percent or 0, after.percent or 0
    if new != old:
        return "improved" if new > old else "declined"
    return "same" if before == after else "changed"


def compare(current: Assessment, previous: Assessment, language: str = "en") -> list[Row]:
    """One row per criterion and indicator of the current version, in its order, titled
    in ``language``."""
    now_scheme, old_scheme = scheme_of(current), scheme_of(previous)
    titles = scheme_in(now_scheme, language)
    now, old = engine_answers(now_scheme, current), engine_answers(old_scheme, previous)
    # Whether an indicator is met depends on the answers alone, never on the path.
    now_met = {i.id: i.met for i in score(now_scheme, now).indicators}
    old_met = {i.id: i.met for i in score(old_scheme, old).indicators}
    rows: list[Row] = []
    for section in titles.sections:
        for criterion in section.criteria:
            in_before = old_scheme.item(criterion.id) is not None
            before, after = old.get(criterion.id), now.get(criterion.id)
            rows.append(
                Row(
                    criterion.id,
                    criterion.title,
                    section.title,
                    before,
                    after,
                    _change(before, after, in_before, True, None),
                )
            )
    areas = {area.id: area.title for area in titles.indicator_areas}
    for indicator in titles.indicators:
        in_before = old_scheme.item(indicator.id) is not None
        before, after = old.get(indicator.id), now.get(indicator.id)
        met = (old_met.get(indicator.id, False), now_met.get(indicator.id, False))
        rows.append(
            Row(
                indicator.id,
                indicator.title,
                areas.get(indicator.area, ""),
                before,
                after,
                _change(before, after, in_before, True, met),
            )
        )
    return rows
