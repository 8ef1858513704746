"""A short run of each benchmark, so ``make bench`` cannot rot; nothing here is timed."""

from __future__ import annotations

from tests.bench.scoring import report
from tests.bench.scoring import run_scoring


def test_scoring_benchmark_runs_and_reports():
    figures = run_scoring(count=50)
    assert figures["assessments"] == 50
    assert sum(figures["levels"].values()) == 50
    assert figures["score_per_second"] > 0 and figures["baseline_per_second"] > 0
    assert "score():" in report(figures)
