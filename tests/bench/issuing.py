"""Issuing certificates in a warm process, and checking uploaded PDFs.

Issuing (render + sign + store, through the real service, committed) is compared
with WeasyPrint rendering the same certificate HTML alone, measured in the same
run two ways: with the worker's shared fonts and stylesheet (the strict
baseline) and as a naive caller would (a fresh font configuration and stylesheet
at every render).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from weasyprint import CSS
from weasyprint import HTML

from labelapp import create_app
from labelapp.certificates.rendering import PDF_VARIANT
from labelapp.certificates.rendering import renderer
from labelapp.db import Base
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.models import Assessment
from labelapp.models import Role
from labelapp.models import StoredFile
from labelapp.resources import templates_dir
from labelapp.services import accounts
from labelapp.services import certificates
from labelapp.services.actor import SYSTEM
from labelapp.services.verification import check_upload
from labelapp.settings import settings_of
from tests.fixtures.app import settings_for_tests
from tests.labelapp.services.factories import approved
from tests.labelapp.services.factories import publish_criteria

ISSUE_TARGET_RATIO = 1.3
UPLOAD_TARGET_PER_SECOND = 20


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run_issuing(count: int = 30) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="labelapp-bench-"))
    app = create_app(
        settings_for_tests(folder, DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}")
    )
    Base.metadata.create_all(get_database(app).engine)
    settings = settings_of(app)
    with app.app_context():
        session = db_session()
        publish_criteria(session)
        owner = accounts.create_user(
            session,
            email="bench@example.org",
            display_name="Bench",
            role=Role.MANAGER,
            password="correct horse battery",
            passwords=settings.passwords,
        )
        pending = [
            approved(session, owner, name=f"Łódzki Klaster {n}").id for n in range(count + 3)
        ]
        session.commit()
        # Outside a request: links on the configured public address.
        issuing = certificates.IssuingSettings(
            settings.certificates, settings.public_address.base_url()
        )
        issue_times: list[float] = []
        numbers: list[str] = []
        for index, assessment_id in enumerate(pending):
            assessment = session.get(Assessment, assessment_id)
            started = time.perf_counter()
            certificate = certificates.issue(session, SYSTEM, assessment, issuing)
            session.commit()
            if index >= 3:  # the first issues warm the renderer up
                issue_times.append(time.perf_counter() - started)
            numbers.append(certificate.number)

        last = certificates.find(session, numbers[-1], settings.certificates.prefix)
        assert last is not None
        content = certificates.content_of(session, last, issuing)
        html = renderer().html(content)
        warm: list[float] = []
        for _ in range(count):
            started = time.perf_counter()
            renderer().render_html(html)
            warm.append(time.perf_counter() - started)
        css_text = (templates_dir() / "certificates" / "certificate.css").read_text()
        naive: list[float] = []
        for _ in range(count):
            started = time.perf_counter()
            fetcher = renderer().fetcher
            HTML(string=html, url_fetcher=fetcher).write_pdf(
                stylesheets=[CSS(string=css_text, url_fetcher=fetcher)], pdf_variant=PDF_VARIANT
            )
            naive.append(time.perf_counter() - started)

        pdf = session.get(StoredFile, last.pdf_key).content
        pair = certificates.signing_pair(settings.certificates)
        altered = bytearray(pdf)
        altered[len(altered) // 2] ^= 1
        checks: list[float] = []
        for index in range(count * 2):
            data = pdf if index % 2 == 0 else bytes(altered)
            started = time.perf_counter()
            result = check_upload(session, data, pair)
            checks.append(time.perf_counter() - started)
            assert result.genuine is (index % 2 == 0)
    get_database(app).engine.dispose()
    issue_ms, warm_ms, naive_ms = _median_ms(issue_times), _median_ms(warm), _median_ms(naive)
    return {
        "count": count,
        "issue_ms": issue_ms,
        "render_warm_ms": warm_ms,
        "render_naive_ms": naive_ms,
        "issue_vs_warm_render": issue_ms / warm_ms,
        "issue_vs_naive_render": issue_ms / naive_ms,
        "pdf_bytes": len(pdf),
        "upload_checks_per_second": 1000 / _median_ms(checks),
    }


def report_issuing(figures: dict[str, Any]) -> str:
    ok = figures["issue_vs_naive_render"] <= ISSUE_TARGET_RATIO
    upload_ok = figures["upload_checks_per_second"] >= UPLOAD_TARGET_PER_SECOND
    return "\n".join(
        [
            f"Certificate issuing, warm process, median of {figures['count']} "
            f"(PDF {figures['pdf_bytes']:,} bytes):",
            f"  WeasyPrint render alone, naive (baseline): {figures['render_naive_ms']:.1f} ms",
            f"  WeasyPrint render alone, warm worker:      {figures['render_warm_ms']:.1f} ms",
            f"  issue (render + sign + store + commit):    {figures['issue_ms']:.1f} ms"
            f" = {figures['issue_vs_naive_render']:.2f}x the naive render"
            f" ({'meets' if ok else 'misses'} the {ISSUE_TARGET_RATIO}x target),"
            f" {figures['issue_vs_warm_render']:.2f}x the warm render",
            f"Uploaded PDF checks (hash lookup + signature): "
            f"{figures['upload_checks_per_second']:.0f}/s "
            f"({'meets' if upload_ok else 'misses'} the {UPLOAD_TARGET_PER_SECOND}/s target)",
        ]
    )
