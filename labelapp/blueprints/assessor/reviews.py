"""Queue, claim and the review screen."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from assessment.model import Criterion
from assessment.model import Indicator
from labelapp.blueprints.assessor import bp
from labelapp.db import db_session
from labelapp.forms.review import DecisionForm
from labelapp.forms.review import DeclarationForm
from labelapp.forms.review import QueueFilterForm
from labelapp.forms.review import ReviewForm
from labelapp.forms.review import review_form_class
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Evidence
from labelapp.models import Review
from labelapp.models import Role
from labelapp.services import review as service
from labelapp.services.assessments import result_of
from labelapp.services.assessments import scheme_of
from labelapp.services.organisations import country_choices
from labelapp.web.access import actor
from labelapp.web.access import assessment_for_assessor
from labelapp.web.access import role_required
from labelapp.web.downloads import evidence_download
from labelapp.web.outcome import perform
from labelapp.web.versions import posted_version

QUEUED = (AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW)


@bp.route("")
@role_required(Role.ASSESSOR)
def queue() -> str:
    """Submitted assessments to claim and my reviews, oldest submission first."""
    form = QueueFilterForm(request.args)
    form.country.choices = [("", "Any country"), *country_choices()]
    form.level.choices = [
        ("", "Any level"),
        ("none", "None"),
        ("bronze", "Bronze"),
        ("silver", "Silver"),
        ("gold", "Gold"),
    ]
    labels = sorted(
        {
            row.criteria_version.label
            for row in db_session().scalars(select(Assessment).where(Assessment.status.in_(QUEUED)))
        }
    )
    form.version.choices = [("", "Any version"), *((label, label) for label in labels)]
    filters = service.QueueFilters(
        status=request.args.get("status", ""),
        country=request.args.get("country", ""),
        level=request.args.get("level", ""),
        version=request.args.get("version", ""),
    )
    rows = service.queue(db_session(), current_user, filters)
    return render_template("assessor/queue.html", form=form, rows=rows)


@bp.route("/<int:assessment_id>/claim", methods=["GET", "POST"])
@role_required(Role.ASSESSOR)
def claim(assessment_id: int) -> str | Response:
    """Declare no conflict of interest and start the review."""
    found = assessment_for_assessor(assessment_id)
    form = DeclarationForm(row_version=found.row_version)
    if form.validate_on_submit():
        declared, version = bool(form.no_conflict.data), posted_version(form.row_version.data)
        done = perform(
            "claim",
            f"assessment {found.id}",
            lambda: service.claim(db_session(), actor(), found, declared, version),
            form=form,
        )
        if done.refused:
            return redirect(url_for("assessor.queue"))
        if done.ok:
            flash("The review is yours.", "success")
            return redirect(url_for("assessor.review", assessment_id=found.id))
    return render_template(
        "assessor/claim.html", assessment=found, form=form, result=result_of(found)
    )


def _review_inputs(
    form: ReviewForm, items: list[Criterion | Indicator]
) -> dict[str, service.ReviewInput]:
    inputs: dict[str, service.ReviewInput] = {}
    for item in items:
        value = form[f"validated__{item.id}"]
        if value.errors:
            continue
        inputs[item.id] = service.ReviewInput(
            value.data or None,
            (form[f"strengths__{item.id}"].data or "").strip(),
            (form[f"improvements__{item.id}"].data or "").strip(),
        )
    return inputs


def _initial(review: Review | None) -> dict[str, object]:
    data: dict[str, object] = {
        "recommendation": review.recommendation if review else "",
        "row_version": review.assessment.row_version if review else "",
    }
    for item in review.items if review else []:
        data[f"validated__{item.item_id}"] = item.validated_value or ""
        data[f"strengths__{item.item_id}"] = item.strengths
        data[f"improvements__{item.item_id}"] = item.improvements
    return data


@bp.route("/<int:assessment_id>", methods=["GET", "POST"])
@role_required(Role.ASSESSOR)
def review(assessment_id: int) -> str | Response:
    """Each answer next to the validated value and comments; both scores side by side."""
    found = assessment_for_assessor(assessment_id)
    if found.lead_assessor_id != current_user.id:
        return redirect(url_for("assessor.confirm", assessment_id=found.id))
    scheme = scheme_of(found)
    items: list[Criterion | Indicator] = [*scheme.criteria, *scheme.indicators]
    mine = service.current_review(db_session(), found, current_user)
    form_class = review_form_class(items)
    form = (
        form_class() if request.method == "POST" else form_class(formdata=None, data=_initial(mine))
    )
    if request.method == "POST":
        form.validate()  # CSRF is checked before any view; here the fields are
        done = perform(
            "review notes",
            f"assessment {found.id}",
            lambda: service.save_review(
                db_session(),
                actor(),
                found,
                _review_inputs(form, items),
                (form.recommendation.data or "").strip(),
                posted_version(form.row_version.data),
            ),
            form=form,
        )
        if done.ok:
            form.row_version.data = found.row_version
            if not any(field.errors for field in form):
                flash("Review notes saved.", "success")
                return redirect(url_for("assessor.review", assessment_id=found.id))
    answers = {a.item_id: a for a in found.answers}
    evidence: dict[str, list[Evidence]] = {}
    for entry in found.evidence:
        evidence.setdefault(entry.item_id, []).append(entry)
    return render_template(
        "assessor/review.html",
        assessment=found,
        scheme=scheme,
        form=form,
        answers=answers,
        evidence=evidence,
        self_result=result_of(found),
        validated=service.validated_result(db_session(), found),
        decision_form=DecisionForm(row_version=found.row_version),
    )


@bp.route("/<int:assessment_id>/evidence/<int:evidence_id>")
@role_required(Role.ASSESSOR)
def evidence_file(assessment_id: int, evidence_id: int) -> Response:
    """Download a document of an assessment under review, always as an attachment."""
    found = assessment_for_assessor(assessment_id)
    item = db_session().get(Evidence, evidence_id)
    if item is None or item.assessment_id != found.id or item.file_key is None:
        abort(404)
    return evidence_download(item)
