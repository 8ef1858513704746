"""Golden results for the bundled versions: any change in scoring shows up here.

Regenerate (after a deliberate change, reviewed in the diff) with
``UPDATE_GOLDEN=1 pytest tests/assessment/test_golden.py``.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from assessment import load_criteria
from assessment import score
from tests.assessment.answers import extreme
from tests.assessment.answers import seeded
from tests.assessment.schemes import BUNDLED

GOLDEN = Path(__file__).parent / "golden"
PROFILES = {
    "top": lambda scheme: extreme(scheme, top=True),
    "bottom": lambda scheme: extreme(scheme, top=False),
    "seed-1": lambda scheme: seeded(scheme, 1),
    "seed-2": lambda scheme: seeded(scheme, 2),
    "seed-3": lambda scheme: seeded(scheme, 3),
}


@pytest.mark.parametrize("profile", sorted(PROFILES))
@pytest.mark.parametrize("version", sorted(BUNDLED))
def test_bundled_results_match_the_golden_files(version, profile):
    scheme = load_criteria(BUNDLED[version])
    answers = PROFILES[profile](scheme)
    actual = score(scheme, answers).to_json()
    path = GOLDEN / f"cluster-excellence-{version}-{profile}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(json.dumps(json.loads(actual), indent=1, sort_keys=True) + "\n")
    expected = json.loads(path.read_text())
    assert json.loads(actual) == expected


@pytest.mark.parametrize("version", sorted(BUNDLED))
def test_top_answers_reach_gold_with_full_marks(version):
    scheme = load_criteria(BUNDLED[version])
    result = score(scheme, extreme(scheme, top=True))
    assert result.total == Decimal(1000)
    assert result.indicator_points == 150
    assert result.level == "gold"


@pytest.mark.parametrize("version", sorted(BUNDLED))
def test_bottom_answers_reach_nothing_and_say_why(version):
    scheme = load_criteria(BUNDLED[version])
    result = score(scheme, extreme(scheme, top=False))
    assert result.total == Decimal(0)
    assert result.level is None
    rules = {gap.rule for gap in result.gaps}
    if version < "2027.1":
        assert {"min_total_points", "min_indicators_met", "required_indicator"} <= rules
    else:  # bronze is a complete benchmarking: only the knock-outs stand in its way
        assert rules == {"required_indicator"}
        assert {closer for gap in result.gaps for closer in gap.closers} == {
            indicator.id for indicator in scheme.knockouts()
        }


def test_the_same_answers_can_score_differently_under_each_version():
    old, new = (load_criteria(BUNDLED[v]) for v in ("2025.1", "2026.1"))
    answers = extreme(old, top=True)
    answers["member-satisfaction-rate"] = 65  # met under 2025.1 (60 %), not under 2026.1 (70 %)
    assert score(old, answers).indicator("member-satisfaction-rate").met
    new_answers = {k: v for k, v in answers.items() if new.item(k) is not None}
    assert not score(new, new_answers).indicator("member-satisfaction-rate").met
