"""``make bench``: every benchmark, figures printed with their baselines."""

from tests.bench.scoring import report
from tests.bench.scoring import run_scoring

if __name__ == "__main__":
    print(report(run_scoring()))
