"""``make bench``: every benchmark, figures printed with their baselines."""

from tests.bench.benchmarking import report_benchmarking
from tests.bench.benchmarking import run_benchmarking
from tests.bench.credentials import report_credentials
from tests.bench.credentials import run_credentials
from tests.bench.issuing import report_issuing
from tests.bench.issuing import run_issuing
from tests.bench.lookup import report_lookup
from tests.bench.lookup import run_lookup
from tests.bench.mail import report_mail
from tests.bench.mail import run_mail
from tests.bench.scoring import report
from tests.bench.scoring import run_scoring

if __name__ == "__main__":
    print(report(run_scoring()))
    print()
    print(report_issuing(run_issuing()))
    print()
    print(report_lookup(run_lookup()))
    print()
    print(report_benchmarking(run_benchmarking()))
    print()
    print(report_mail(run_mail()))
    print()
    print(report_credentials(run_credentials()))
