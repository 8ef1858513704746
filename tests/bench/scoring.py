"""Scoring time: random complete assessments of the bundled scheme on one core.

Target: scoring one complete assessment takes under 1 ms.

Baseline, measured in the same run: the bare arithmetic of the same answers (a
weighted sum per section and a threshold test per indicator, no validation,
no level rules, no gaps), i.e. the least any scorer must do.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from assessment import Scheme
from assessment import load_criteria
from assessment import score
from assessment.model import ChoiceAnswer
from assessment.model import NumberAnswer
from tests.assessment.answers import seeded
from tests.assessment.schemes import BUNDLED

TARGET_MS = 1.0  # per complete assessment


def _bare(scheme: Scheme) -> Callable[[dict[str, Any]], tuple[int, int]]:
    sections = [(s.points, [(c.id, c.weight) for c in s.criteria]) for s in scheme.sections]
    tests: list[tuple[str, Callable[[Any], bool]]] = []
    for indicator in scheme.indicators:
        spec, threshold = indicator.answer, indicator.threshold
        if isinstance(spec, NumberAnswer) and threshold.at_least is not None:
            tests.append((indicator.id, lambda v, t=threshold.at_least: v >= t))
        elif isinstance(spec, NumberAnswer):
            tests.append((indicator.id, lambda v, t=threshold.at_most: v <= t))
        elif isinstance(spec, ChoiceAnswer):
            tests.append((indicator.id, lambda v, ok=threshold.one_of: v in ok))
        else:
            tests.append((indicator.id, lambda v, ok=threshold.equals: v == ok))

    def bare(answers: dict[str, Any]) -> tuple[int, int]:
        total = sum(points * sum(w * answers[i] for i, w in crits) for points, crits in sections)
        return total, sum(1 for item, test in tests if test(answers[item]))

    return bare


def _rate(function: Callable[[dict[str, Any]], Any], answer_sets: list[dict[str, Any]]) -> float:
    best = float("inf")
    for _ in range(3):  # best of three: the least disturbed run
        started = time.perf_counter()
        for answers in answer_sets:
            function(answers)
        best = min(best, time.perf_counter() - started)
    return len(answer_sets) / best


def run_scoring(count: int = 10_000, version: str = "2026.1") -> dict[str, Any]:
    """Measure and return the figures (time per assessment, rates, ratios, levels)."""
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})  # one core, as the target says
    try:
        return _measure(count, version)
    finally:
        os.sched_setaffinity(0, cores)


def _measure(count: int, version: str) -> dict[str, Any]:
    scheme = load_criteria(BUNDLED[version])
    answer_sets = [seeded(scheme, seed) for seed in range(count)]
    score(scheme, answer_sets[0])  # warm up outside the timing
    baseline = _rate(_bare(scheme), answer_sets)
    scored = _rate(lambda answers: score(scheme, answers), answer_sets)
    with_json = _rate(lambda answers: score(scheme, answers).to_json(), answer_sets)
    return {
        "assessments": count,
        "baseline_per_second": baseline,
        "score_per_second": scored,
        "score_and_json_per_second": with_json,
        "score_ms": 1000 / scored,
        "score_vs_baseline": baseline / scored,
        "levels": dict(Counter(str(score(scheme, a).level) for a in answer_sets)),
        "target_met": 1000 / scored < TARGET_MS,
    }


def report(figures: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"scoring {figures['assessments']:,} random complete assessments "
            "(cluster-excellence 2026.1, one core)",
            f"  baseline (bare weighted sums):  {figures['baseline_per_second']:>10,.0f} /s",
            f"  score():                        {figures['score_per_second']:>10,.0f} /s "
            f"= {figures['score_ms'] * 1000:,.0f} µs each "
            f"({figures['score_vs_baseline']:.1f}x the baseline's time)",
            f"  score() + canonical JSON:       {figures['score_and_json_per_second']:>10,.0f} /s",
            f"  levels reached: {figures['levels']}",
            f"  target under {TARGET_MS:g} ms per complete assessment: "
            f"{'met' if figures['target_met'] else 'NOT met'}",
        ]
    )
