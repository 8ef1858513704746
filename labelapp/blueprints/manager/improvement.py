"""The improvement areas an assessment reports on: what the managers achieved."""

from __future__ import annotations

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from labelapp.blueprints.manager import bp
from labelapp.db import db_session
from labelapp.forms.improvement import report_form_class
from labelapp.models import Role
from labelapp.services import improvement_plans as plans
from labelapp.web.access import actor
from labelapp.web.access import assessment_for_manager
from labelapp.web.access import role_required
from labelapp.web.improvement import reported_areas_or_404
from labelapp.web.outcome import perform
from labelapp.web.versions import posted_version


@bp.route("/assessments/<int:assessment_id>/improvement-areas", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def improvement_areas(assessment_id: int) -> str | Response:
    """Each area of the plan declared on the previous label's report, with what was
    achieved and where it shows; the lead assessor's verdict once the review is over."""
    found = assessment_for_manager(assessment_id)
    session = db_session()
    reported = reported_areas_or_404(found)
    areas = reported.areas
    form_class = report_form_class(areas)
    posted = request.method == "POST"
    initial: dict[str, object] = {"row_version": found.row_version}
    for area in areas:
        initial[f"achieved__{area.id}"] = area.achieved
        initial[f"evidence_link__{area.id}"] = area.evidence_link
    form = form_class() if posted else form_class(formdata=None, data=initial)
    if posted and form.validate_on_submit():
        given = {
            area.id: plans.Achievement(
                form[f"achieved__{area.id}"].data or "",
                form[f"evidence_link__{area.id}"].data or "",
            )
            for area in areas
        }
        done = perform(
            "improvement report",
            f"assessment {found.id}",
            lambda: plans.report(
                session, actor(), found, given, posted_version(form.row_version.data)
            ),
            form=form,
        )
        if done.ok:
            flash(gettext("What was achieved is saved."), "success")
            return redirect(url_for("manager.assessment", assessment_id=found.id))
    return render_template(
        "manager/improvement_areas.html",
        assessment=found,
        areas=areas,
        titles=reported.titles,
        form=form,
        # The lead's verdicts reach the managers with the decision, not during the review.
        verdicts_shown=not found.is_open or found.is_editable,
    )
