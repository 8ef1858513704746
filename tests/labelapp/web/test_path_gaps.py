"""What the next level's path rules still need, as the manager's overview and the
assessor's scores say it, in the reader's language."""

from __future__ import annotations

from flask import render_template
from flask_babel import refresh

from assessment import score
from assessment.path import EarlierLabel
from assessment.path import PathFacts
from tests.assessment.schemes import FULL_SMALL
from tests.assessment.schemes import path_scheme


def _said(app, language: str, facts: PathFacts, answers=FULL_SMALL) -> list[str]:
    # Gold asks for full marks, so one lowered answer shows silver's path as the gap.
    scheme = path_scheme(assessors_from_different_countries=True, min_total_points=1000)
    result = score(scheme, answers, facts)
    with app.test_request_context(f"/?lang={language}"):
        refresh()
        return [
            render_template("_partials/path_gap.html", gap=gap, result=result, scheme=scheme)
            for gap in result.gaps
        ]


def test_each_path_rule_is_said_in_words(app):
    facts = PathFacts((EarlierLabel("bronze", 12),), improvement_areas_validated=1)
    below_gold = {**FULL_SMALL, "vision": 50}
    assert _said(app, "en", facts, below_gold) == [
        "A Bronze label or higher, assessed 18 to 24 months before this assessment.",
        "1 of 3 improvement areas validated as achieved.",
    ]
    german = _said(app, "de", facts, below_gold)[1]
    assert german == "1 von 3 Verbesserungsbereichen als erreicht bestätigt."
    unanswered = {key: value for key, value in FULL_SMALL.items() if key != "survey"}
    assert _said(app, "fr", facts, unanswered) == [
        "Un benchmarking complet : 3 indicateurs renseignés sur 4."
    ]
    same = PathFacts((EarlierLabel("silver", 20),), 3, ("DE", "DE"))
    assert _said(app, "en", same) == [
        "A confirming assessor from another country than the lead assessor."
    ]
