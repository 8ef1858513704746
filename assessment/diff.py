"""What changed between two versions of a scheme: items added, removed and changed."""

from __future__ import annotations

from typing import Any
from typing import NamedTuple

from assessment.loader import canonical_data
from assessment.model import Scheme


class Change(NamedTuple):
    kind: str  # section, criterion, indicator, level
    id: str
    change: str  # added, removed, changed
    fields: tuple[str, ...]  # for "changed": which fields differ


def _items(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    items: dict[tuple[str, str], dict[str, Any]] = {}
    for section in data["sections"]:
        criteria = section["criteria"]
        items[("section", section["id"])] = {
            **{k: v for k, v in section.items() if k != "criteria"},
            "criteria": [criterion["id"] for criterion in criteria],
        }
        for criterion in criteria:
            scale = criterion["scale"]
            resolved = data["scales"][scale] if isinstance(scale, str) else scale
            items[("criterion", criterion["id"])] = {
                **criterion,
                "scale": resolved,
                "section": section["id"],
            }
    for indicator in data["indicators"]:
        items[("indicator", indicator["id"])] = indicator
    for level in data["levels"]:
        items[("level", level["id"])] = level
    return items


def diff_schemes(old: Scheme, new: Scheme) -> list[Change]:
    """Every section, criterion, indicator and level added, removed or changed, in file order."""
    before = _items(canonical_data(old))
    after = _items(canonical_data(new))
    changes: list[Change] = []
    for key, item in after.items():
        if key not in before:
            changes.append(Change(key[0], key[1], "added", ()))
            continue
        fields = tuple(
            sorted(f for f in set(item) | set(before[key]) if item.get(f) != before[key].get(f))
        )
        if fields:
            changes.append(Change(key[0], key[1], "changed", fields))
    changes.extend(Change(key[0], key[1], "removed", ()) for key in before if key not in after)
    return changes
