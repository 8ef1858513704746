"""Every validation error names the file, the path inside it and what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assessment import CriteriaError
from tests.assessment.schemes import build
from tests.assessment.schemes import small_data


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


CASES = [
    (_set(["colour"], "blue"), "colour", "unknown key"),
    (
        _set(["sections", 1, "criteria", 0, "radar"], True),
        "sections[1].criteria[0].radar",
        "only a criterion of an enabler section may be scored on RADAR, not one of a results",
    ),
    (
        _set(["sections", 0, "criteria", 1, "radar"], "yes"),
        "sections[0].criteria[1].radar",
        "must be true or false, not text ('yes')",
    ),
    (
        _set(["sections", 0, "criteria", 0, "radar"], 1),
        "sections[0].criteria[0].radar",
        "must be true or false",
    ),
    (
        _set(["sections", 1, "criteria", 0, "hint"], "x"),
        "sections[1].criteria[0].hint",
        "unknown key",
    ),
    (_delete(["title"]), "title", "is missing"),
    (_set(["version"], 1.0), "version", "must be text, not a number (1.0) (quote it)"),
    (_set(["status"], "final"), "status", "must be one of draft, published"),
    (_set(["format"], 2), "format", "must be at most 1"),
    (
        _set(["sections", 1, "criteria", 0, "scale", 1, "value"], 150),
        "sections[1].criteria[0].scale[1].value",
        "must be at most 100",
    ),
    (
        _set(["sections", 1, "criteria", 0, "scale", 2, "value"], 20),
        "sections[1].criteria[0].scale[2].value",
        "must be greater than the step before (25)",
    ),
    (
        _set(["sections", 1, "criteria", 0, "scale", 3, "value"], 90),
        "sections[1].criteria[0].scale[3].value",
        "the last step must be 100",
    ),
    (
        _set(["sections", 0, "criteria", 0, "scale"], "fancy"),
        "sections[0].criteria[0].scale",
        "unknown scale 'fancy'",
    ),
    (
        _set(["sections", 0, "criteria", 1, "id"], "vision"),
        "sections[0].criteria[1].id",
        "duplicate id 'vision' (first used at sections[0].criteria[0].id)",
    ),
    (
        _set(["indicators", 2, "id"], "results"),
        "indicators[2].id",
        "duplicate id 'results' (first used at sections[1].id)",
    ),
    (
        _set(["sections", 0, "criteria", 0, "id"], "Vision!"),
        "sections[0].criteria[0].id",
        "is not a valid id",
    ),
    (
        _set(["sections", 0, "criteria", 1, "weight"], 30),
        "sections[0].criteria",
        "criterion weights add up to 90, not 100",
    ),
    (
        _set(["sections", 0, "points"], 300),
        "sections",
        "section points add up to 900, not total_points (1000)",
    ),
    (
        _set(["sections", 0, "criteria", 0, "evidence"], "maybe"),
        "sections[0].criteria[0].evidence",
        "must be one of none, optional, required",
    ),
    (
        _set(["indicators", 0, "threshold"], {"at_least": "fifteen"}),
        "indicators[0].threshold.at_least",
        "must be a number, not text ('fifteen')",
    ),
    (
        _set(["indicators", 1, "threshold"], {"at_least": 1}),
        "indicators[1].threshold.at_least",
        "a boolean answer takes equals, not at_least",
    ),
    (
        _set(["indicators", 1, "threshold"], {"equals": "yes"}),
        "indicators[1].threshold.equals",
        "must be true or false",
    ),
    (
        _set(["indicators", 0, "threshold"], {"at_least": 200000}),
        "indicators[0].threshold.at_least",
        "outside the answer's range 0..100000: no answer could meet it",
    ),
    (
        _set(["indicators", 0, "threshold"], {"at_least": 5, "at_most": 9}),
        "indicators[0].threshold",
        "must have exactly one of: at_least, at_most",
    ),
    (
        _set(["indicators", 2, "threshold"], {"one_of": ["monthly"]}),
        "indicators[2].threshold.one_of[0]",
        "unknown option 'monthly'",
    ),
    (_set(["indicators", 0, "area"], "finance"), "indicators[0].area", "unknown area 'finance'"),
    (
        _set(["indicators", 0, "answer", "type"], "date"),
        "indicators[0].answer.type",
        "must be one of number, boolean, choice",
    ),
    (
        _set(["indicators", 0, "points"], 11),
        "indicators",
        "indicator points add up to 21, not indicator_points (20)",
    ),
    (
        _set(["indicators", 0, "answer", "min"], 0.5),
        "indicators[0].answer.min",
        "must be a whole number for an integer answer",
    ),
    (
        _set(["levels", 0, "min_total_points"], 1200),
        "levels[0].min_total_points",
        "must be at most 1000, not 1200: no answers could reach this level",
    ),
    (
        _set(["levels", 1, "min_indicators_met"], 5),
        "levels[1].min_indicators_met",
        "must be at most 4, not 5: no answers could reach",
    ),
    (
        _set(["levels", 1, "min_section_percent"], {"lead": 120}),
        "levels[1].min_section_percent.lead",
        "must be at most 100",
    ),
    (
        _set(["levels", 1, "min_section_percent"], {"finance": 10}),
        "levels[1].min_section_percent.finance",
        "unknown section 'finance'",
    ),
    (
        _set(["levels", 1, "min_total_points"], 200),
        "levels[1].min_total_points",
        "200 is less than 300 required by the level below (bronze)",
    ),
    (
        _set(["levels", 1, "required_indicators"], ["ghost"]),
        "levels[1].required_indicators[0]",
        "unknown indicator 'ghost'",
    ),
    (_set(["levels", 0, "validity_months"], 0), "levels[0].validity_months", "must be at least 1"),
]


@pytest.mark.parametrize(("change", "path", "message"), CASES)
def test_each_error_names_file_path_and_problem(change, path, message):
    data = small_data()
    change(data)
    with pytest.raises(CriteriaError) as error:
        build(data, source="criteria/small.yaml")
    problems = [(p.path, p.message) for p in error.value.problems]
    assert any(p == path and message in m for p, m in problems), problems
    assert f"criteria/small.yaml: {path}: " in str(error.value)


def test_all_problems_are_reported_together():
    data = small_data()
    data["colour"] = "blue"
    data["sections"][0]["points"] = 1
    data["levels"][0]["validity_months"] = 0
    with pytest.raises(CriteriaError) as error:
        build(data)
    assert len(error.value.problems) == 3
