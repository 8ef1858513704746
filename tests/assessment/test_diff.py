"""The difference between two versions lists what was added, removed and changed."""

from __future__ import annotations

import pytest

from assessment import diff_schemes
from assessment import load_criteria
from tests.assessment.schemes import BUNDLED
from tests.assessment.schemes import build
from tests.assessment.schemes import radar_data
from tests.assessment.schemes import small_data


def test_bundled_versions_differ_as_their_change_list_says():
    old, new = (load_criteria(BUNDLED[v]) for v in ("2025.1", "2026.1"))
    changes = {(c.kind, c.id): c for c in diff_schemes(old, new)}
    assert changes[("criterion", "strategy-twin-transition")].change == "added"
    assert changes[("indicator", "twin-transition-services")].change == "added"
    assert "threshold" in changes[("indicator", "member-satisfaction-rate")].fields
    assert "weight" in changes[("criterion", "strategy-document")].fields
    assert "guidance" in changes[("criterion", "member-perceptions")].fields
    assert ("criterion", "leadership-vision") not in changes


def test_removed_items_are_listed():
    old = build(small_data())
    data = small_data()
    data["indicators"] = data["indicators"][:-1]
    data["indicator_points"] = 17
    data["levels"][1]["min_indicators_met"] = 3
    new = build(data)
    changes = diff_schemes(old, new)
    assert ("indicator", "fte", "removed") in [(c.kind, c.id, c.change) for c in changes]
    assert diff_schemes(old, old) == []


def test_a_criterion_switching_to_or_from_radar_is_a_change():
    plain, radar = build(small_data()), build(radar_data())
    change = next(c for c in diff_schemes(plain, radar) if c.id == "vision")
    assert (change.change, change.fields) == ("changed", ("radar", "scale"))
    back = next(c for c in diff_schemes(radar, plain) if c.id == "vision")
    assert "radar" in back.fields
    data = radar_data()
    data["scales"]["radar"] = data["scales"]["basic"]
    only_radar = next(c for c in diff_schemes(plain, build(data)) if c.id == "vision")
    assert only_radar.fields == ("radar",)


@pytest.mark.parametrize(
    ("old", "new"), [("2025.1", "2026.1"), ("2026.1", "2027.1")], ids=lambda v: v
)
def test_each_bundled_change_list_names_every_difference(old, new):
    """Managers read a renewal's differences from the ``changes`` list: each item the
    versions differ in is named there (RADAR, which applies to every enabler criterion,
    by its name)."""
    before, after = (load_criteria(BUNDLED[v]) for v in (old, new))
    assert after.previous_version == old
    text = " ".join(after.changes).lower()
    unnamed = [
        change
        for change in diff_schemes(before, after)
        if change.id not in text and not (change.fields == ("radar",) and "radar" in text)
    ]
    assert unnamed == []
