"""Queue, claim and the review screen."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
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
from labelapp.services import improvement_plans
from labelapp.services import review as service
from labelapp.services.assessments import result_of
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria_texts import scheme_in
from labelapp.services.organisations import country_choices
from labelapp.web.access import actor
from labelapp.web.access import assessment_for_assessor
from labelapp.web.access import role_required
from labelapp.web.downloads import evidence_download
from labelapp.web.i18n import language
from labelapp.web.outcome import perform
from labelapp.web.versions import posted_version

QUEUED = (AssessmentStatus.SUBMITTED, AssessmentStatus.IN_REVIEW)


@bp.route("")
@role_required(Role.ASSESSOR)
def queue() -> str:
    """Submitted assessments to claim and my reviews, oldest submission first."""
    form = QueueFilterForm(request.args)
    form.country.choices = [("", gettext("Any country")), *country_choices()]
    form.level.choices = [
        ("", gettext("Any level")),
        ("none", gettext("None")),
        ("bronze", gettext("Bronze")),
        ("silver", gettext("Silver")),
        ("gold", gettext("Gold")),
    ]
    labels = sorted(
        {
            row.criteria_version.label
            for row in db_session().scalars(select(Assessment).where(Assessment.status.in_(QUEUED)))
        }
    )
    form.version.choices = [("", gettext("Any version")), *((label, label) for label in labels)]
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
            flash(gettext("The review is yours."), "success")
            return redirect(url_for("assessor.review", assessment_id=found.id))
    return render_template(
        "assessor/claim.html", assessment=found, form=form, result=result_of(db_session(), found)
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


def _initial(review: Review | None, assessment: Assessment) -> dict[str, object]:
    data: dict[str, object] = {
        "recommendation": review.recommendation if review else "",
        "row_version": assessment.row_version,
        "assessed_on": assessment.assessed_on,
        "assessed_until": assessment.assessed_until,
    }
    for item in review.items if review else []:
        data[f"validated__{item.item_id}"] = item.validated_value or ""
        data[f"strengths__{item.item_id}"] = item.strengths
        data[f"improvements__{item.item_id}"] = item.improvements
    return data


def _asked_part(parts: list[service.ReviewPart]) -> service.ReviewPart | None:
    """The part named by ?section=<id> or ?area=<id>; None: the overview; else 404."""
    for kind in ("section", "area"):
        asked = request.args.get(kind)
        if asked is not None:
            found = next((p for p in parts if (p.kind, p.id) == (kind, asked)), None)
            if found is None:
                abort(404)
            return found
    return None


def part_url(assessment: Assessment, key: str) -> str:
    """The review screen's page for a part key ("section:<id>", "area:<id>"); else the overview."""
    kind, _, part_id = key.partition(":")
    if kind == "section" and part_id:
        return url_for("assessor.review", assessment_id=assessment.id, section=part_id)
    if kind == "area" and part_id:
        return url_for("assessor.review", assessment_id=assessment.id, area=part_id)
    return url_for("assessor.review", assessment_id=assessment.id)


def render_review(
    assessment: Assessment,
    part: service.ReviewPart | None,
    form: ReviewForm | DecisionForm,
) -> str:
    """The review screen: the overview with the decision (part None), or one part's items."""
    # Shown in the reader's language; the services score with the version itself.
    scheme = scheme_in(scheme_of(assessment), language())
    parts = service.review_parts(
        scheme, assessment, service.current_review(db_session(), assessment, current_user)
    )
    keys = [("overview", gettext("Overview and decision")), *((p.key, p.title) for p in parts)]
    here = [key for key, _title in keys].index(part.key if part else "overview")
    evidence: dict[str, list[Evidence]] = {}
    for entry in assessment.evidence:
        evidence.setdefault(entry.item_id, []).append(entry)
    return render_template(
        "assessor/review.html",
        assessment=assessment,
        scheme=scheme,
        form=form,
        part=next((p for p in parts if part and p.key == part.key), None),
        parts=parts,
        previous=keys[here - 1] if here > 0 else None,
        next=keys[here + 1] if here + 1 < len(keys) else None,
        items=[scheme.item(i) for i in part.item_ids] if part else [],
        answers={a.item_id: a for a in assessment.answers},
        evidence=evidence,
        self_result=result_of(db_session(), assessment),
        validated=service.validated_result(db_session(), assessment),
        editable=assessment.status is AssessmentStatus.IN_REVIEW and not assessment.pending_level,
        improvement_areas=improvement_plans.areas_for(db_session(), assessment),
    )


def _save(
    found: Assessment,
    form: ReviewForm | DecisionForm,
    inputs: dict[str, service.ReviewInput],
    recommendation: str | None,
) -> bool:
    """Save the posted notes of one page; True when saved with no field in error."""
    # CSRF is checked before any view; here the fields are.
    if not form.validate() and isinstance(form, DecisionForm) and form.unreadable_days():
        return False  # a day that is not a date: nothing saved, the field says why
    done = perform(
        "review notes",
        f"assessment {found.id}",
        lambda: service.save_review(
            db_session(),
            actor(),
            found,
            inputs,
            recommendation,
            posted_version(form.row_version.data),
            form.posted_dates() if isinstance(form, DecisionForm) else None,
        ),
        form=form,
    )
    if done.ok:
        form.row_version.data = str(found.row_version)
    return done.ok and not any(field.errors for field in form)


@bp.route("/<int:assessment_id>", methods=["GET", "POST"])
@role_required(Role.ASSESSOR)
def review(assessment_id: int) -> str | Response:
    """The review screen, one part per page: the overview with the recommendation and
    the decision, then each section and indicator area (?section=<id>, ?area=<id>) with
    each answer next to the validated value and comments. Previous and Next save."""
    found = assessment_for_assessor(assessment_id)
    if found.lead_assessor_id != current_user.id:
        return redirect(url_for("assessor.confirm", assessment_id=found.id))
    scheme = scheme_in(scheme_of(found), language())
    mine = service.current_review(db_session(), found, current_user)
    part = _asked_part(service.review_parts(scheme, found, mine))
    posted = request.method == "POST"
    form: ReviewForm | DecisionForm
    if part is None:
        form = DecisionForm() if posted else DecisionForm(formdata=None, data=_initial(mine, found))
        if posted:
            saved = _save(found, form, {}, (form.recommendation.data or "").strip())
            if saved and not (form.note.data or "").strip():
                flash(gettext("Review notes saved."), "success")
                return redirect(part_url(found, request.form.get("go", "overview")))
            if saved:  # a message typed for a decision not taken yet stays on the page
                flash(
                    gettext(
                        "Review notes saved. Your message to the managers is kept below; "
                        "it is sent with the decision."
                    ),
                    "success",
                )
        return render_review(found, None, form)
    items = [item for item in (scheme.item(i) for i in part.item_ids) if item is not None]
    form_class = review_form_class(items)
    form = form_class() if posted else form_class(formdata=None, data=_initial(mine, found))
    if posted and _save(found, form, _review_inputs(form, items), None):
        flash(gettext("Review notes saved."), "success")
        return redirect(part_url(found, request.form.get("go", part.key)))
    return render_review(found, part, form)


@bp.route("/<int:assessment_id>/evidence/<int:evidence_id>")
@role_required(Role.ASSESSOR)
def evidence_file(assessment_id: int, evidence_id: int) -> Response:
    """Download a document of an assessment under review, always as an attachment."""
    found = assessment_for_assessor(assessment_id)
    item = db_session().get(Evidence, evidence_id)
    if item is None or item.assessment_id != found.id or item.file_key is None:
        abort(404)
    return evidence_download(item)
