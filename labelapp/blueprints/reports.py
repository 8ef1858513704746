"""The benchmarking report: for an organisation's managers and its assessors, never public."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from labelapp.db import db_session
from labelapp.forms.improvement import DeclareAreaForm
from labelapp.forms.organisation import ActionForm
from labelapp.models import ImprovementArea
from labelapp.models import Organisation
from labelapp.models import Role
from labelapp.models import StoredFile
from labelapp.services import benchmark_report
from labelapp.services import improvement_plans as plans
from labelapp.services.assessments import scheme_of
from labelapp.services.benchmark_report import Report
from labelapp.services.criteria_texts import scheme_in
from labelapp.services.permissions import manages
from labelapp.services.report_content import content_of
from labelapp.services.report_content import figure_formats
from labelapp.services.report_content import pdf_of
from labelapp.services.storage import safe_download_name
from labelapp.web.access import actor
from labelapp.web.access import organisation_for_manager
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
    """The organisation's validated results against its peer groups, with the
    improvement plan its managers declare on them."""
    organisation = organisation_for_report(slug)
    report = _report(organisation)
    if report is None:
        return render_template("reports/none_yet.html", organisation=organisation)
    return _page(organisation, report, DeclareAreaForm(formdata=None))


def _page(organisation: Organisation, report: Report, form: DeclareAreaForm) -> str:
    here = language()
    base = report.assessment
    titled = scheme_in(scheme_of(base), here)
    session = db_session()
    declared = plans.areas_of(session, base)
    # What is already in the plan is not offered again.
    offered = [
        subject
        for subject in plans.subjects(titled)
        if all((area.kind, area.subject) != (subject.kind, subject.id) for area in declared)
    ]
    proposed = [
        subject
        for area in report.improvements
        for subject in offered
        if (subject.kind, subject.id) == (area.kind, area.id)
    ]
    form.offer(proposed, [s for s in offered if s not in proposed])
    return render_template(
        "reports/page.html",
        organisation=organisation,
        c=content_of(report, here),
        plan=declared,
        plan_titles={area.id: plans.subject_title(titled, area) for area in declared},
        plan_open=plans.plans_open(session, base),
        plan_editor=manages(session, current_user, organisation.id),
        form=form,
        action_form=ActionForm(),
        **figure_formats(here),
    )


@bp.route("/organisations/<slug>/improvement-areas", methods=["POST"])
@role_required(Role.MANAGER)
def declare_area(slug: str) -> str | Response:
    """Add an area to the improvement plan declared on the report."""
    organisation = organisation_for_manager(slug)
    report = _report(organisation)
    if report is None:
        abort(404)
    form = DeclareAreaForm()
    if form.validate_on_submit():
        done = perform(
            "improvement area",
            f"organisation {organisation.slug}",
            lambda: plans.declare(
                db_session(),
                actor(),
                report.assessment,
                form.subject.data or "",
                form.plan.data or "",
                form.target_on.data,
            ),
            form=form,
        )
        if done.ok:
            flash(gettext("The area is in the improvement plan."), "success")
        if done.ok or done.refused:  # refused: the plan is fixed or not the reader's
            return redirect(url_for("reports.benchmarking", slug=slug, _anchor="improvement-plan"))
    return _page(organisation, report, form)


@bp.route("/organisations/<slug>/improvement-areas/<int:area_id>/withdraw", methods=["POST"])
@role_required(Role.MANAGER)
def withdraw_area(slug: str, area_id: int) -> Response:
    """Take an area out of the plan while no later assessment has started."""
    organisation = organisation_for_manager(slug)
    area = db_session().get(ImprovementArea, area_id)
    if area is None or area.organisation_id != organisation.id:
        abort(404)
    if ActionForm().validate_on_submit():
        done = perform(
            "improvement area",
            f"organisation {organisation.slug}",
            lambda: plans.withdraw(db_session(), actor(), area),
        )
        if done.ok:
            flash(gettext("The area is out of the improvement plan."), "success")
    return redirect(url_for("reports.benchmarking", slug=slug, _anchor="improvement-plan"))


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
