"""Decisions of the lead assessor, and the second assessor's confirmation."""

from __future__ import annotations

from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from labelapp.blueprints.assessor import bp
from labelapp.blueprints.assessor.reviews import render_review
from labelapp.db import db_session
from labelapp.forms.review import ConfirmationForm
from labelapp.forms.review import DecisionForm
from labelapp.models import Assessment
from labelapp.models import Role
from labelapp.services import decisions
from labelapp.services import improvement_plans
from labelapp.services import review as review_service
from labelapp.services.actor import Actor
from labelapp.services.assessments import result_of
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria_texts import scheme_in
from labelapp.web.access import actor
from labelapp.web.access import assessment_for_assessor
from labelapp.web.access import role_required
from labelapp.web.i18n import language
from labelapp.web.messages import say
from labelapp.web.outcome import perform
from labelapp.web.settings import issuing
from labelapp.web.templating import level_title
from labelapp.web.versions import posted_version


def _level(assessment: Assessment, level_id: str) -> str:
    """The level as the criteria title it, in the reader's language ("Gold — proven excellence")."""
    return level_title(level_id, assessment)


def _decide(form: DecisionForm, who: Actor, assessment: Assessment) -> str:
    """Save the notes typed on the page and take the decision the pressed button names,
    in one transaction; returns what to tell the assessor."""
    pressed = (
        decisions.Decision.APPROVE
        if form.approve.data
        else decisions.Decision.REJECT
        if form.reject.data
        else decisions.Decision.REQUEST_CHANGES
    )
    # A post without the recommendation field (not from the review screen) keeps it.
    recommendation = (
        (form.recommendation.data or "").strip() if form.recommendation.raw_data else None
    )
    issued = decisions.decide(
        db_session(),
        who,
        assessment,
        pressed,
        form.note.data or "",
        recommendation,
        posted_version(form.row_version.data),
        issuing(),
        dates=form.posted_dates(),
    )
    if pressed is decisions.Decision.REJECT:
        return str(gettext("Rejected; the managers see your reason."))
    if pressed is decisions.Decision.REQUEST_CHANGES:
        return str(gettext("Returned to the managers with your message."))
    if issued is None:
        return str(
            gettext(
                "Approval proposed at %(level)s: a second assessor must confirm it.",
                level=_level(assessment, assessment.pending_level or ""),
            )
        )
    return str(
        gettext(
            "Approved at %(level)s; certificate %(number)s issued.",
            level=_level(assessment, issued.level),
            number=issued.number,
        )
    )


def _confirm(form: ConfirmationForm, who: Actor, assessment: Assessment) -> str:
    """Confirm or decline as the pressed button says; returns what to tell the assessor."""
    declared, version = bool(form.no_conflict.data), posted_version(form.row_version.data)
    session = db_session()
    if form.decline.data:
        decisions.decline(session, who, assessment, declared, form.note.data or "", version)
        return str(gettext("Returned to the lead assessor."))
    issued = decisions.confirm(session, who, assessment, declared, version, issuing())
    return str(
        gettext(
            "Confirmed: the assessment is approved at %(level)s; certificate %(number)s issued.",
            level=_level(assessment, issued.level),
            number=issued.number,
        )
    )


@bp.route("/<int:assessment_id>/decision", methods=["POST"])
@role_required(Role.ASSESSOR)
def decide(assessment_id: int) -> str | Response:
    """Request changes, reject or approve, which button was pressed decides, with the
    notes of the review's overview saved in the same transaction."""
    found = assessment_for_assessor(assessment_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        if not form.unreadable_days():
            flash(
                gettext("The decision could not be read; reload the page and try again."),
                "error",
            )
            return redirect(url_for("assessor.review", assessment_id=found.id))
        return render_review(found, None, form)  # a day that is not a date, by its field
    done = perform(
        "decision",
        f"assessment {found.id}",
        lambda: _decide(form, actor(), found),
        prefix=gettext("Nothing was decided: "),
    )
    if done.ok:
        flash(done.value, "success")
        return redirect(url_for("assessor.queue"))
    for field, message in done.invalid.reasons if done.invalid else []:
        if field in ("note", "reason"):  # the message the managers would read
            form.note.errors = [*form.note.errors, say(message)]
        elif field in ("assessed_on", "assessed_until"):
            form[field].errors = [*form[field].errors, say(message)]
    # Refused: the page again with what was typed, nothing of it lost.
    return render_review(found, None, form)


@bp.route("/<int:assessment_id>/confirm", methods=["GET", "POST"])
@role_required(Role.ASSESSOR)
def confirm(assessment_id: int) -> str | Response:
    """The second assessor confirms or declines the proposed level."""
    found = assessment_for_assessor(assessment_id)
    if found.pending_level is None or found.lead_assessor_id == current_user.id:
        flash(gettext("There is no approval for you to confirm on this assessment."), "info")
        return redirect(url_for("assessor.queue"))
    form = ConfirmationForm(row_version=found.row_version)
    if form.validate_on_submit():
        done = perform(
            "confirmation",
            f"assessment {found.id}",
            lambda: _confirm(form, actor(), found),
            form=form,
        )
        if done.ok:
            flash(done.value, "success")
        if done.ok or done.refused:
            return redirect(url_for("assessor.queue"))
    return render_template(
        "assessor/confirm.html",
        assessment=found,
        form=form,
        scheme=scheme_in(scheme_of(found), language()),
        self_result=result_of(db_session(), found),
        validated=review_service.validated_result(db_session(), found),
        lead=review_service.lead_review(db_session(), found),
        improvement_areas=improvement_plans.areas_for(db_session(), found),
    )
