"""The self-assessment: overview with live score and gaps, evidence, submission, comparison."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from labelapp.blueprints.manager import bp
from labelapp.db import db_session
from labelapp.forms.organisation import ActionForm
from labelapp.models import Assessment
from labelapp.models import Certificate
from labelapp.models import Evidence
from labelapp.models import Role
from labelapp.services import assessments as service
from labelapp.services import certificates
from labelapp.services import comparison
from labelapp.services import criteria as criteria_service
from labelapp.services import evidence as evidence_service
from labelapp.services import improvement_plans
from labelapp.services import renewals
from labelapp.services import workflow
from labelapp.services.actor import Actor
from labelapp.services.criteria_texts import scheme_in
from labelapp.web.access import actor
from labelapp.web.access import assessment_for_manager
from labelapp.web.access import organisation_for_manager
from labelapp.web.access import role_required
from labelapp.web.downloads import evidence_download
from labelapp.web.i18n import language
from labelapp.web.outcome import perform
from labelapp.web.versions import posted_version

# A workflow step a manager takes: submit or withdraw.
Step = Callable[[Session, Actor, Assessment, int], None]

# Where a delete button may send the manager back to: a page of this assessment.
BACK = re.compile(r"/(sections|indicators)/[a-z][a-z0-9_-]{0,63}(#item-[a-z][a-z0-9_-]{0,63})?")


def _version(form: ActionForm) -> int:
    return posted_version(form.row_version.data)


@bp.route("/organisations/<slug>/assessments", methods=["POST"])
@role_required(Role.MANAGER)
def start_assessment(slug: str) -> Response:
    """Start a self-assessment on the current criteria version."""
    organisation = organisation_for_manager(slug)
    if ActionForm().validate_on_submit():
        done = perform(
            "start",
            f"organisation {organisation.id}",
            lambda: service.start_assessment(db_session(), actor(), organisation),
        )
        if done.ok:
            return redirect(url_for("manager.assessment", assessment_id=done.value.id))
    return redirect(url_for("manager.organisation", slug=organisation.slug))


@bp.route("/organisations/<slug>/renewal", methods=["POST"])
@role_required(Role.MANAGER)
def start_renewal(slug: str) -> Response:
    """Renew the organisation's latest label: a new assessment with its validated
    answers carried over, each to confirm or change."""
    organisation = organisation_for_manager(slug)
    renewal = renewals.renewal_of(db_session(), organisation)
    if renewal is None:
        abort(404)
    if ActionForm().validate_on_submit():
        done = perform(
            "renewal",
            f"organisation {organisation.id}",
            lambda: renewals.start_renewal(db_session(), actor(), renewal.certificate),
        )
        if done.ok:
            flash(
                gettext("The renewal is started: confirm or change each answer carried over."),
                "success",
            )
            return redirect(url_for("manager.assessment", assessment_id=done.value.id))
    return redirect(url_for("manager.organisation", slug=organisation.slug))


@bp.route("/assessments/<int:assessment_id>")
@role_required(Role.MANAGER)
def assessment(assessment_id: int) -> str:
    """Overview: progress, live score, level reached and what the next level needs."""
    found = assessment_for_manager(assessment_id)
    scheme = scheme_in(service.scheme_of(found), language())
    renewed = db_session().get(Certificate, found.renews_id) if found.renews_id else None
    # What changed in the criteria since the renewed label, version by version.
    changed = (
        [
            scheme_in(criteria_service.load_scheme(row), language())
            for row in criteria_service.versions_between(
                db_session(), renewed.scheme, renewed.criteria_version, scheme.version
            )
        ]
        if renewed is not None
        else []
    )
    return render_template(
        "manager/assessment.html",
        assessment=found,
        scheme=scheme,
        result=service.result_of(db_session(), found),
        pages=service.pages_of(scheme, found),
        missing=service.missing_items(scheme, found),
        # After a refused submission the list of what is missing is open at the top.
        show_missing=request.args.get("missing") == "listed",
        action_form=ActionForm(row_version=found.row_version),
        certificate=certificates.for_assessment(db_session(), found.id),
        improvement_areas=improvement_plans.areas_for(db_session(), found),
        renews=renewed,
        criteria_changes=changed,
    )


@bp.route("/assessments/<int:assessment_id>/evidence/<int:evidence_id>")
@role_required(Role.MANAGER)
def evidence_file(assessment_id: int, evidence_id: int) -> Response:
    """Download an uploaded document, always as an attachment."""
    found = assessment_for_manager(assessment_id)
    item = db_session().get(Evidence, evidence_id)
    if item is None or item.assessment_id != found.id or item.file_key is None:
        abort(404)
    return evidence_download(item)


@bp.route("/assessments/<int:assessment_id>/evidence/<int:evidence_id>/delete", methods=["POST"])
@role_required(Role.MANAGER)
def delete_evidence(assessment_id: int, evidence_id: int) -> Response:
    """Remove evidence from a draft."""
    found = assessment_for_manager(assessment_id)
    item = db_session().get(Evidence, evidence_id)
    if item is None or item.assessment_id != found.id:
        abort(404)
    back = request.form.get("back") or ""
    if not BACK.fullmatch(back):
        back = ""
    form = ActionForm()
    if form.validate_on_submit():
        done = perform(
            "evidence removal",
            f"assessment {found.id}",
            lambda: evidence_service.delete_evidence(db_session(), actor(), item, _version(form)),
        )
        if done.ok:
            flash(gettext("The evidence is removed."), "success")
    target = url_for("manager.assessment", assessment_id=found.id)
    return redirect(target + back)


@bp.route("/assessments/<int:assessment_id>/submit", methods=["POST"])
@role_required(Role.MANAGER)
def submit(assessment_id: int) -> str | Response:
    """Submit for review; lists every missing item when incomplete."""
    return _transition(assessment_id, workflow.submit_assessment, gettext("Submitted for review."))


@bp.route("/assessments/<int:assessment_id>/withdraw", methods=["POST"])
@role_required(Role.MANAGER)
def withdraw(assessment_id: int) -> str | Response:
    """Take a submission back before review starts."""
    return _transition(
        assessment_id,
        workflow.withdraw_assessment,
        gettext("Withdrawn: the assessment is a draft again."),
    )


def _transition(assessment_id: int, step: Step, message: str) -> Response:
    found = assessment_for_manager(assessment_id)
    form = ActionForm()
    if form.validate_on_submit():
        done = perform(
            "transition",
            f"assessment {found.id}",
            lambda: step(db_session(), actor(), found, _version(form)),
            invalid=gettext("Not submitted: some required items are missing (listed below)."),
        )
        if done.ok:
            flash(message, "success")
        elif done.invalid is not None:
            return redirect(url_for("manager.assessment", assessment_id=found.id, missing="listed"))
    return redirect(url_for("manager.assessment", assessment_id=found.id))


@bp.route("/assessments/<int:assessment_id>/compare")
@role_required(Role.MANAGER)
def compare(assessment_id: int) -> str:
    """This assessment next to the organisation's previous one, criterion by criterion."""
    found = assessment_for_manager(assessment_id)
    previous = service.previous_assessment(db_session(), found)
    rows = comparison.compare(found, previous, language()) if previous else []
    return render_template("manager/compare.html", assessment=found, previous=previous, rows=rows)
