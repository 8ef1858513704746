"""Open Badges credentials (issue 18): ``GET /api/v1/certificates/<n>/credential``,
built and signed on each request, against the certificate's JSON answer as the
baseline, through the app and interleaved in the same run. Target: signing adds
under 2 ms (median); a credential is not stored, so this is its whole cost."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from labelapp import create_app
from labelapp.db import Base
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.models import Role
from labelapp.services import accounts
from labelapp.settings import settings_of
from tests.fixtures.app import settings_for_tests
from tests.labelapp.services.factories import issued

TARGET_MS = 2.0


def run_credentials(count: int = 400) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="labelapp-bench-"))
    app = create_app(
        settings_for_tests(
            folder,
            DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
            # Never refused, while the limiter stays on: it is one object per process,
            # and turning it off would turn it off for every app made after this one.
            LABELAPP_LOOKUP_RATE_LIMIT="1000000000 per minute",
        )
    )
    Base.metadata.create_all(get_database(app).engine)
    with app.app_context():
        session = db_session()
        owner = accounts.create_user(
            session,
            email="owner@cluster.example",
            display_name="Owner",
            role=Role.MANAGER,
            password="a long and private passphrase",
            passwords=settings_of(app).passwords,
        )
        number = issued(session, owner).number
        session.commit()
    client = app.test_client()

    def timed(path: str) -> float:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        return elapsed * 1000

    plain, signed = [], []
    for _ in range(count):  # interleaved: the machine's drift touches both alike
        plain.append(timed(f"/api/v1/certificates/{number}"))
        signed.append(timed(f"/api/v1/certificates/{number}/credential"))
    plain_ms, signed_ms = statistics.median(plain), statistics.median(signed)
    return {
        "requests": count,
        "plain_ms": plain_ms,
        "signed_ms": signed_ms,
        "added_ms": signed_ms - plain_ms,
    }


def report_credentials(figures: dict[str, Any]) -> str:
    verdict = "meets" if figures["added_ms"] < TARGET_MS else "MISSES"
    return "\n".join(
        [
            f"Open Badges credentials ({figures['requests']} requests each, SQLite, interleaved):",
            f"  credential, built and signed:  {figures['signed_ms']:.2f} ms (median)",
            f"  certificate JSON (baseline):    {figures['plain_ms']:.2f} ms",
            f"  added by building and signing: {figures['added_ms']:.2f} ms "
            f"(ratio {figures['signed_ms'] / figures['plain_ms']:.2f}); "
            f"{verdict} the target of under {TARGET_MS:.0f} ms",
        ]
    )


if __name__ == "__main__":
    print(report_credentials(run_credentials()))
