"""The lead assessor's verdict on each improvement area the assessment reports on."""

from __future__ import annotations

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from labelapp.blueprints.assessor import bp
from labelapp.db import db_session
from labelapp.forms.improvement import judge_form_class
from labelapp.models import AssessmentStatus
from labelapp.models import Role
from labelapp.services import improvement_plans as plans
from labelapp.web.access import actor
from labelapp.web.access import assessment_for_assessor
from labelapp.web.access import role_required
from labelapp.web.improvement import reported_areas_or_404
from labelapp.web.outcome import perform
from labelapp.web.versions import posted_version


@bp.route("/<int:assessment_id>/improvement-areas", methods=["GET", "POST"])
@role_required(Role.ASSESSOR)
def improvement_areas(assessment_id: int) -> str | Response:
    """Each area with its plan and what the managers report; the lead validates it as
    achieved or not with a comment, the second assessor reads the verdicts."""
    found = assessment_for_assessor(assessment_id)
    session = db_session()
    reported = reported_areas_or_404(found)
    areas = reported.areas
    editable = (
        found.lead_assessor_id == current_user.id
        and found.status is AssessmentStatus.IN_REVIEW
        and found.pending_level is None
    )
    form_class = judge_form_class(areas)
    posted = request.method == "POST"
    initial: dict[str, object] = {"row_version": found.row_version}
    for area in areas:
        mine = area.verdict_assessment_id == found.id
        initial[f"verdict__{area.id}"] = (area.verdict or "") if mine else ""
        initial[f"comment__{area.id}"] = area.verdict_comment if mine else ""
    form = form_class() if posted else form_class(formdata=None, data=initial)
    if posted and editable and form.validate_on_submit():
        given = {
            area.id: plans.Verdict(
                form[f"verdict__{area.id}"].data or "", form[f"comment__{area.id}"].data or ""
            )
            for area in areas
        }
        done = perform(
            "improvement verdicts",
            f"assessment {found.id}",
            lambda: plans.judge(
                session, actor(), found, given, posted_version(form.row_version.data)
            ),
            form=form,
        )
        if done.ok:
            flash(gettext("Verdicts saved."), "success")
            return redirect(url_for("assessor.review", assessment_id=found.id))
    return render_template(
        "assessor/improvement_areas.html",
        assessment=found,
        areas=areas,
        titles=reported.titles,
        form=form,
        editable=editable,
    )
