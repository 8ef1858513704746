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


def test_lookup_benchmark_runs_and_reports():
    """Every server answers every request of a one-second wrk run (needs wrk and Redis)."""
    from tests.bench.lookup import report_lookup
    from tests.bench.lookup import run_lookup

    figures = run_lookup(seconds=1, certificates=200, backends=("sqlite",))
    sqlite = figures["sqlite"]
    assert sqlite["certificates"] == 200
    for name in ["bare", "page", "conditional", "api", "registry", "page_clients"]:
        assert sqlite[name]["rps"] > 0 and sqlite[name]["requests"] > 0, name
        assert sqlite[name]["errors"] == 0, (name, sqlite[name])
    assert "bare Flask + SQLAlchemy route" in report_lookup(figures)


def test_issuing_benchmark_runs_and_reports():
    """Three certificates issued and checked through the real services; nothing is timed."""
    from tests.bench.issuing import report_issuing
    from tests.bench.issuing import run_issuing

    figures = run_issuing(count=3)
    assert figures["issue_ms"] > 0 and figures["render_warm_ms"] > 0
    assert figures["upload_checks_per_second"] > 0
    assert "render + sign + store" in report_issuing(figures)
