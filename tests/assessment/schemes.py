"""Small criteria schemes for tests, built as data so each test can bend one thing."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from assessment import Scheme
from assessment import parse_criteria

CRITERIA_DIR = Path(__file__).resolve().parents[2] / "criteria"
BUNDLED = {
    "2025.1": CRITERIA_DIR / "cluster-excellence-2025.1.yaml",
    "2026.1": CRITERIA_DIR / "cluster-excellence-2026.1.yaml",
    "2027.1": CRITERIA_DIR / "cluster-excellence-2027.1.yaml",
}

_SCALE = [
    {"value": 0, "label": "None", "description": "Nothing in place."},
    {"value": 50, "label": "Partial", "description": "In place for part of the members."},
    {"value": 100, "label": "Full", "description": "In place, measured and improved."},
]

SMALL: dict[str, Any] = {
    "format": 1,
    "scheme": "small",
    "version": "1.0",
    "title": "A small scheme for tests",
    "status": "published",
    "total_points": 1000,
    "indicator_points": 20,
    "scales": {"basic": _SCALE},
    "sections": [
        {
            "id": "lead",
            "title": "Leadership",
            "kind": "enabler",
            "points": 400,
            "criteria": [
                {
                    "id": "vision",
                    "title": "Vision",
                    "guidance": "Show it.",
                    "scale": "basic",
                    "weight": 60,
                    "evidence": "required",
                },
                {
                    "id": "governance",
                    "title": "Governance",
                    "guidance": "Show it.",
                    "scale": "basic",
                    "weight": 40,
                },
            ],
        },
        {
            "id": "results",
            "title": "Results",
            "kind": "results",
            "points": 600,
            "criteria": [
                {
                    "id": "satisfaction",
                    "title": "Satisfaction",
                    "guidance": "Show it.",
                    "scale": [
                        {"value": 0, "label": "No data", "description": "No data."},
                        {"value": 25, "label": "Some", "description": "Some data."},
                        {"value": 75, "label": "Good", "description": "Good trends."},
                        {"value": 100, "label": "Excellent", "description": "Excellent."},
                    ],
                    "weight": 100,
                },
            ],
        },
    ],
    "indicator_areas": [{"id": "structure", "title": "Structure"}],
    "indicators": [
        {
            "id": "members",
            "area": "structure",
            "title": "Members",
            "guidance": "Count them.",
            "answer": {"type": "number", "unit": "members", "max": 100000, "integer": True},
            "threshold": {"at_least": 15},
            "points": 10,
            "knockout": True,
        },
        {
            "id": "website",
            "area": "structure",
            "title": "Website",
            "guidance": "In English.",
            "answer": {"type": "boolean"},
            "threshold": {"equals": True},
            "points": 4,
        },
        {
            "id": "survey",
            "area": "structure",
            "title": "Survey",
            "guidance": "How often.",
            "answer": {
                "type": "choice",
                "options": [{"id": "never", "label": "Never"}, {"id": "yearly", "label": "Yearly"}],
            },
            "threshold": {"one_of": ["yearly"]},
            "points": 3,
        },
        {
            "id": "fte",
            "area": "structure",
            "title": "Staff",
            "guidance": "FTE.",
            "answer": {"type": "number", "unit": "FTE", "max": 100},
            "threshold": {"at_least": 0.5},
            "points": 3,
        },
    ],
    "levels": [
        {
            "id": "bronze",
            "title": "Bronze",
            "min_total_points": 300,
            "min_section_percent": 0,
            "min_indicators_met": 2,
            "min_indicator_points_percent": 0,
            "required_indicators": [],
            "validity_months": 24,
            "assessors_required": 1,
        },
        {
            "id": "gold",
            "title": "Gold",
            "min_total_points": 700,
            "min_section_percent": {"lead": 50, "results": 75},
            "min_indicators_met": 3,
            "min_indicator_points_percent": 80,
            "required_indicators": ["survey"],
            "validity_months": 24,
            "assessors_required": 2,
        },
    ],
}


def small_data() -> dict[str, Any]:
    """A fresh deep copy of the small scheme's data, to bend in a test."""
    return copy.deepcopy(SMALL)


def build(data: dict[str, Any], source: str = "test.yaml") -> Scheme:
    return parse_criteria(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), source)


def small() -> Scheme:
    return build(small_data())


FULL_SMALL = {
    "vision": 100,
    "governance": 100,
    "satisfaction": 100,
    "members": 20,
    "website": True,
    "survey": "yearly",
    "fte": 1.5,
}


# A level on the label's path (assessment.path): a bronze label of 18 to 24 months and
# three improvement areas validated.
SILVER: dict[str, Any] = {
    "id": "silver",
    "title": "Silver",
    "min_total_points": 300,
    "min_section_percent": 0,
    "min_indicators_met": 2,
    "min_indicator_points_percent": 0,
    "validity_months": 24,
    "assessors_required": 1,
    "previous_level": {"level": "bronze", "min_months": 18, "max_months": 24},
    "improvement_areas": 3,
}


def path_scheme(**gold: Any):
    """The small scheme with bronze a benchmarking, a silver on the path, and gold."""
    data = small_data()
    bronze, top = data["levels"]
    bronze.update(min_total_points=0, min_indicators_met=0, benchmark=True)
    top.update(gold)
    data["levels"] = [bronze, copy.deepcopy(SILVER), top]
    return build(data)


QUARTERS = [
    {"value": value, "label": label, "description": f"{label} approach, deployment or review."}
    for value, label in (
        (0, "None"),
        (25, "Limited"),
        (50, "Evident"),
        (75, "Clear"),
        (100, "Outstanding"),
    )
]
TENS = [
    {"value": value, "label": f"Band {value}", "description": f"Judged at {value} %."}
    for value in range(0, 101, 10)
]


def radar_data(steps: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The small scheme with its first enabler criterion, vision, scored on the RADAR
    attributes, each on ``steps`` (default: 0, 25, 50, 75, 100)."""
    data = small_data()
    data["scales"]["radar"] = copy.deepcopy(steps or QUARTERS)
    vision = data["sections"][0]["criteria"][0]
    vision.update(scale="radar", radar=True)
    return data


def radar_scheme(steps: list[dict[str, Any]] | None = None) -> Scheme:
    return build(radar_data(steps))
