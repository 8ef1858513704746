"""The benchmarking report: for an organisation's managers and its assessors, never public."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import make_response
from flask import render_template
from flask import request
from werkzeug.wrappers import Response

from labelapp.db import db_session
from labelapp.models import Organisation
from labelapp.models import Role
from labelapp.models import StoredFile
from labelapp.services import benchmark_report
from labelapp.services.benchmark_report import Report
from labelapp.services.report_content import content_of
from labelapp.services.report_content import figure_formats
from labelapp.services.report_content import pdf_of
from labelapp.services.storage import safe_download_name
from labelapp.web.access import organisation_for_report
from labelapp.web.access import role_required
from labelapp.web.i18n import language
from labelapp.web.outcome import perform

bp = Blueprint("reports", __name__)


def _report(organisation: Organisation) -> Report | None:
    # Reading a report may record it (the first reading of new inputs): one commit.
    # Nothing in it is refused, so the outcome always holds a value.
    done = perform(
        "benchmark report",
        f"organisation {organisation.slug}",
        lambda: benchmark_report.report_for(db_session(), organisation),
    )
    return done.value


@bp.route("/organisations/<slug>/benchmarking")
@role_required(Role.MANAGER, Role.ASSESSOR, Role.ADMIN)
def benchmarking(slug: str) -> str | tuple[str, int]:
    """The organisation's validated results against its peer groups."""
    organisation = organisation_for_report(slug)
    report = _report(organisation)
    if report is None:
        return render_template("reports/none_yet.html", organisation=organisation)
    here = language()
    return render_template(
        "reports/page.html",
        organisation=organisation,
        c=content_of(report, here),
        **figure_formats(here),
    )


@bp.route("/organisations/<slug>/benchmarking.pdf")
@role_required(Role.MANAGER, Role.ASSESSOR, Role.ADMIN)
def benchmarking_pdf(slug: str) -> Response | tuple[str, int]:
    """The same report as a PDF in the reader's language, kept once rendered."""
    organisation = organisation_for_report(slug)
    report = _report(organisation)
    if report is None:
        return render_template("reports/none_yet.html", organisation=organisation), 404
    here = language()
    done = perform(
        "benchmark report PDF",
        f"organisation {organisation.slug}",
        lambda: benchmark_report.pdf_key(db_session(), report, here, pdf_of),
    )
    stored = db_session().get(StoredFile, done.value)
    if stored is None:
        abort(404)
    response = make_response(stored.content)
    response.headers["Content-Type"] = "application/pdf"
    name = safe_download_name(f"benchmarking-{organisation.slug}-{here}", "pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # Confidential, like every signed-in page: no cache keeps it, not even the browser's.
    response.headers["Cache-Control"] = "private, no-store"
    response.set_etag(stored.sha256)
    return response.make_conditional(request)
