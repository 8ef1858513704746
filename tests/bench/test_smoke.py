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


def test_benchmarking_benchmark_runs_and_reports():
    """60 organisations on SQLite: each report in exactly eleven statements, all groups
    summed up at once (a query per group, per peer or per row would add some); the PDF
    renders; nothing is timed."""
    from tests.bench.benchmarking import STATEMENTS
    from tests.bench.benchmarking import report_benchmarking
    from tests.bench.benchmarking import run_benchmarking

    figures = run_benchmarking(organisations=60, backends=("sqlite",), sample=3, runs=1)
    assert figures["organisations"] == 60 and sum(figures["levels"].values()) == 60
    assert figures["section_results"] == 60 * 9 and figures["indicator_results"] == 60 * 24
    sqlite = figures["sqlite"]
    assert STATEMENTS == 11
    assert sqlite["statement_counts"] == [STATEMENTS]
    assert sqlite["sections"] == 9 and sqlite["indicators"] == 24
    assert sqlite["figures_shown"] > 0  # at least the whole version's figures
    assert sqlite["pdf_ms"] > 0 and sqlite["certificate_ms"] > 0
    assert "SQL statements" in report_benchmarking(figures)


def test_mail_benchmark_runs_and_reports():
    """Six requests for changes, half of them with their messages queued; nothing is timed."""
    from tests.bench.mail import report_mail
    from tests.bench.mail import run_mail

    figures = run_mail(count=3)
    assert figures["decisions"] == 6 and figures["messages"] == 3 * 2  # two managers each
    assert figures["queued_ms"] > 0 and figures["bare_ms"] > 0
    assert "added by the messages" in report_mail(figures)


def test_credentials_benchmark_runs_and_reports():
    """Three credentials and three certificate answers; nothing is timed."""
    from tests.bench.credentials import report_credentials
    from tests.bench.credentials import run_credentials

    figures = run_credentials(count=3)
    assert figures["requests"] == 3 and figures["signed_ms"] > 0 and figures["plain_ms"] > 0
    assert "added by building and signing" in report_credentials(figures)
