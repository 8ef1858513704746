"""The label's path rules: a complete benchmarking, an earlier label, validated
improvement areas and assessors from different countries, each met and not met, at
each boundary; and versions written before them scored exactly as before."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from assessment import CriteriaError
from assessment import load_criteria
from assessment import score
from assessment.labels import shortfalls_for
from assessment.loader import canonical_data
from assessment.path import EarlierLabel
from assessment.path import PathFacts
from assessment.validate_levels import LEVEL_KEYS
from tests.assessment.answers import path_facts
from tests.assessment.answers import seeded
from tests.assessment.schemes import BUNDLED
from tests.assessment.schemes import FULL_SMALL
from tests.assessment.schemes import SILVER
from tests.assessment.schemes import build
from tests.assessment.schemes import path_scheme
from tests.assessment.schemes import small_data


def _gaps(result, rule: str):
    return [gap for gap in result.gaps if gap.rule == rule]


def test_bronze_is_a_complete_benchmarking_whatever_the_scores():
    scheme = path_scheme()
    modest = {**{key: 0 for key in ("vision", "governance", "satisfaction")}}
    modest.update(members=20, website=True, survey="never", fte=1.5)
    assert score(scheme, modest).level == "bronze"  # modest answers, all given
    unanswered = {key: value for key, value in modest.items() if key != "survey"}
    result = score(scheme, unanswered)
    assert result.level is None
    (gap,) = _gaps(result, "all_indicators_answered")
    assert (gap.required_n, gap.actual_n, gap.closers) == (4, 3, ("survey",))


def _silver_gaps(scheme, result, facts, rule):
    """Silver's shortfalls of one rule, whatever level the result reached."""
    silver = scheme.level("silver")
    return [gap for gap in shortfalls_for(scheme, silver, result, facts) if gap.rule == rule]


def test_the_gaps_name_the_path_a_level_above_still_needs():
    """Below the first level with a path rule, the overview names it."""
    scheme = path_scheme(min_total_points=1000)  # gold out of reach below full marks
    answers = {**FULL_SMALL, "vision": 50}
    result = score(scheme, answers, PathFacts((), improvement_areas_validated=0))
    assert (result.level, result.next_level) == ("bronze", "silver")
    assert {gap.rule for gap in result.gaps} == {"previous_level", "improvement_areas"}


@pytest.mark.parametrize(
    ("labels", "reached"),
    [
        ((), False),  # no earlier label
        ((EarlierLabel("bronze", 17),), False),  # a month too early
        ((EarlierLabel("bronze", 18),), True),
        ((EarlierLabel("bronze", 24),), True),
        ((EarlierLabel("bronze", 25),), False),  # too long ago
        ((EarlierLabel("gold", 20),), True),  # a higher level counts
        ((EarlierLabel("platinum", 20),), False),  # a level this version does not know
        ((EarlierLabel("bronze", 5), EarlierLabel("bronze", 30)), False),
        ((EarlierLabel("bronze", 5), EarlierLabel("bronze", 20)), True),
    ],
)
def test_silver_needs_a_bronze_label_of_18_to_24_months(labels, reached):
    scheme, facts = path_scheme(), PathFacts(labels, improvement_areas_validated=3)
    result = score(scheme, FULL_SMALL, facts)
    assert ("silver" in result.levels_reached) is reached
    # Silver's path never blocks gold, which does not ask for it.
    assert result.level == "gold"
    if not reached:
        (gap,) = _silver_gaps(scheme, result, facts, "previous_level")
        assert (gap.subject, gap.required_n) == ("bronze", 18)
        # The months of the most recent label at bronze or above (0: none).
        held = [label.months_before for label in labels if label.level != "platinum"]
        assert gap.actual_n == min(held, default=0)


@pytest.mark.parametrize(("validated", "reached"), [(0, False), (2, False), (3, True), (4, True)])
def test_silver_needs_three_improvement_areas_validated(validated, reached):
    facts = PathFacts((EarlierLabel("bronze", 20),), improvement_areas_validated=validated)
    scheme = path_scheme()
    result = score(scheme, FULL_SMALL, facts)
    assert ("silver" in result.levels_reached) is reached
    if not reached:
        (gap,) = _silver_gaps(scheme, result, facts, "improvement_areas")
        assert (gap.required_n, gap.actual_n) == (3, validated)


@pytest.mark.parametrize(
    ("countries", "reached"),
    [(None, True), (("DE", "DE"), False), (("DE", "AT"), True)],
)
def test_gold_needs_its_two_assessors_from_different_countries(countries, reached):
    scheme = path_scheme(assessors_from_different_countries=True)
    facts = PathFacts((EarlierLabel("silver", 20),), 3, countries)
    result = score(scheme, FULL_SMALL, facts)
    # Before a second assessor confirms (None) the rule is not held against the level.
    assert (result.level == "gold") is reached
    assert bool(_gaps(result, "assessors_from_different_countries")) is not reached


def _set(path: list[Any], value: Any):
    def change(data: dict[str, Any]) -> None:
        data["levels"].insert(1, copy.deepcopy(SILVER))
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            _set(["levels", 1, "previous_level", "level"], "platinum"),
            "levels[1].previous_level.level",
            "unknown level 'platinum': must be a level listed before this one (bronze)",
        ),
        (
            _set(["levels", 1, "previous_level", "level"], "gold"),
            "levels[1].previous_level.level",
            "unknown level 'gold'",
        ),
        (
            _set(["levels", 1, "previous_level", "min_months"], -1),
            "levels[1].previous_level.min_months",
            "must be at least 0, not -1",
        ),
        (
            _set(["levels", 1, "previous_level", "max_months"], 12),
            "levels[1].previous_level.max_months",
            "12 is less than min_months (18)",
        ),
        (
            _set(["levels", 1, "previous_level"], {"level": "bronze"}),
            "levels[1].previous_level.min_months",
            "is missing",
        ),
        (
            _set(["levels", 1, "improvement_areas"], -2),
            "levels[1].improvement_areas",
            "must be at least 0",
        ),
        (
            _set(["levels", 1, "benchmark"], "yes"),
            "levels[1].benchmark",
            "must be true or false",
        ),
        (
            _set(["levels", 1, "assessors_from_different_countries"], True),
            "levels[1].assessors_from_different_countries",
            "needs assessors_required of 2 or more",
        ),
    ],
)
def test_a_path_rule_that_cannot_hold_names_its_file_path(change, path, message):
    data = small_data()
    change(data)
    with pytest.raises(CriteriaError) as error:
        build(data, source="criteria/small.yaml")
    problems = [(p.path, p.message) for p in error.value.problems]
    assert any(p == path and message in m for p, m in problems), problems


@pytest.mark.parametrize("version", ["2025.1", "2026.1"])
def test_versions_without_path_rules_keep_their_canonical_form(version):
    """So their hashes, which the stored versions and translations are tied to, hold."""
    scheme = load_criteria(BUNDLED[version])
    assert all(
        not (level.benchmark or level.previous_level or level.improvement_areas)
        for level in scheme.levels
    )
    keys = {key for level in canonical_data(scheme)["levels"] for key in level}
    assert keys == {*LEVEL_KEYS, "required_indicators"}  # no path key, not even a default


FACTS = path_facts()


@settings(max_examples=60, deadline=None)
@given(version=st.sampled_from(["2025.1", "2026.1"]), seed=st.integers(0, 10_000), facts=FACTS)
def test_no_answer_set_on_earlier_versions_changes_with_the_path_facts(version, seed, facts):
    scheme = load_criteria(BUNDLED[version])
    answers = seeded(scheme, seed)
    assert score(scheme, answers, facts) == score(scheme, answers)


def test_the_renewal_grace_window_is_level_data_twelve_months_unless_set():
    data = small_data()
    data["levels"][1]["renewal_grace_months"] = 6
    scheme = build(data)
    bronze, gold = scheme.levels
    assert (bronze.renewal_grace_months, bronze.grace_months) == (None, 12)
    assert (gold.renewal_grace_months, gold.grace_months) == (6, 6)
    # Only a window set in the file reaches the canonical text (so old hashes stay).
    levels = canonical_data(scheme)["levels"]
    assert "renewal_grace_months" not in levels[0] and levels[1]["renewal_grace_months"] == 6


def test_a_negative_grace_window_is_refused_with_its_path():
    data = small_data()
    data["levels"][0]["renewal_grace_months"] = -1
    with pytest.raises(CriteriaError, match=r"levels\[0\]\.renewal_grace_months"):
        build(data)


def test_a_complete_benchmarking_asked_below_is_asked_above():
    """Bronze asks for every indicator answered: gold, which does not say it, needs it
    too, or an incomplete benchmarking would skip to gold."""
    scheme = path_scheme()
    assert not scheme.level("gold").benchmark
    unanswered = {key: value for key, value in FULL_SMALL.items() if key != "website"}
    facts = PathFacts((EarlierLabel("bronze", 20),), improvement_areas_validated=3)
    result = score(scheme, unanswered, facts)
    assert result.levels_reached == () and result.level is None
    assert score(scheme, FULL_SMALL, facts).level == "gold"
