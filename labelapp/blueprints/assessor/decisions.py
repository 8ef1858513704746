"""Decisions of the lead assessor, and the second assessor's confirmation."""

from __future__ import annotations

from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from labelapp.blueprints.assessor import actor
from labelapp.blueprints.assessor import assessment_for_assessor
from labelapp.blueprints.assessor import bp
from labelapp.blueprints.assessor import version_of
from labelapp.db import db_session
from labelapp.forms import apply_errors
from labelapp.forms.review import ConfirmationForm
from labelapp.forms.review import DecisionForm
from labelapp.models import Assessment
from labelapp.models import Role
from labelapp.services import certificates
from labelapp.services import decisions
from labelapp.services import review as review_service
from labelapp.services.assessments import result_of
from labelapp.services.assessments import scheme_of
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import StaleState
from labelapp.services.errors import ValidationFailed
from labelapp.services.permissions import role_required
from labelapp.web.refusals import log_refusal


def _issued(assessment: Assessment) -> str:
    found = certificates.for_assessment(db_session(), assessment.id)
    return found.number if found else "(pending)"


@bp.route("/<int:assessment_id>/decision", methods=["POST"])
@role_required(Role.ASSESSOR)
def decide(assessment_id: int) -> Response:
    """Request changes, reject or approve; which button was pressed decides."""
    found = assessment_for_assessor(assessment_id)
    form = DecisionForm()
    back = url_for("assessor.review", assessment_id=found.id)
    if not form.validate_on_submit():
        flash("The decision could not be read; reload the page and try again.", "error")
        return redirect(back)
    version, note = version_of(form.row_version.data), form.note.data or ""
    try:
        if form.approve.data:
            level = decisions.approve(db_session(), actor(), found, version)
            done = (
                f"Approval at {level} proposed: a second assessor must confirm it."
                if found.pending_level
                else f"Approved at {level}; certificate {_issued(found)} issued."
            )
        elif form.reject.data:
            decisions.reject(db_session(), actor(), found, note, version)
            done = "Rejected; the managers see your reason."
        else:
            decisions.request_changes(db_session(), actor(), found, note, version)
            done = "Returned to the managers with your message."
    except (ValidationFailed, NotAllowed, StaleState) as refused:
        db_session().rollback()
        message = refused.reasons[0][1] if isinstance(refused, ValidationFailed) else str(refused)
        log_refusal("decision", f"assessment {found.id}", message)
        flash(f"Nothing was decided: {message}", "error")
        return redirect(back)
    db_session().commit()
    flash(done, "success")
    return redirect(url_for("assessor.queue"))


@bp.route("/<int:assessment_id>/confirm", methods=["GET", "POST"])
@role_required(Role.ASSESSOR)
def confirm(assessment_id: int) -> str | Response:
    """The second assessor confirms or declines the proposed level."""
    found = assessment_for_assessor(assessment_id)
    if found.pending_level is None or found.lead_assessor_id == current_user.id:
        flash("There is no approval for you to confirm on this assessment.", "info")
        return redirect(url_for("assessor.queue"))
    form = ConfirmationForm(row_version=found.row_version)
    if form.validate_on_submit():
        declared, version = bool(form.no_conflict.data), version_of(form.row_version.data)
        try:
            if form.decline.data:
                decisions.decline(
                    db_session(), actor(), found, declared, form.note.data or "", version
                )
                done = "Returned to the lead assessor."
            else:
                level = decisions.confirm(db_session(), actor(), found, declared, version)
                done = (
                    f"Confirmed: the assessment is approved at {level}; "
                    f"certificate {_issued(found)} issued."
                )
        except ValidationFailed as failure:
            db_session().rollback()
            apply_errors(form, failure)
        except (NotAllowed, StaleState) as refused:
            db_session().rollback()
            log_refusal("confirmation", f"assessment {found.id}", refused)
            flash(str(refused), "error")
            return redirect(url_for("assessor.queue"))
        else:
            db_session().commit()
            flash(done, "success")
            return redirect(url_for("assessor.queue"))
    return render_template(
        "assessor/confirm.html",
        assessment=found,
        form=form,
        scheme=scheme_of(found),
        self_result=result_of(found),
        validated=review_service.validated_result(db_session(), found),
        lead=review_service.lead_review(db_session(), found),
    )
