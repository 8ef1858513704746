"""One page of answers (a section's criteria or an indicator area): show and save.

Saving keeps every valid field even when another field is wrong, refuses the
whole page when the assessment changed meanwhile, and attaches evidence.
"""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from werkzeug.wrappers import Response

from assessment import Scheme
from assessment.model import Criterion
from assessment.model import Indicator
from labelapp.blueprints.manager import bp
from labelapp.db import db_session
from labelapp.forms.assessment import AnswerForm
from labelapp.forms.assessment import answer_form_class
from labelapp.forms.organisation import ActionForm
from labelapp.models import Assessment
from labelapp.models import Role
from labelapp.services import evidence as evidence_service
from labelapp.services.actor import Actor
from labelapp.services.assessments import AnswerInput
from labelapp.services.assessments import page_items
from labelapp.services.assessments import pages_of
from labelapp.services.assessments import save_answers
from labelapp.services.assessments import scheme_of
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import ValidationFailed
from labelapp.services.review import comments_for_managers
from labelapp.web.access import actor
from labelapp.web.access import assessment_for_manager
from labelapp.web.access import role_required
from labelapp.web.outcome import perform
from labelapp.web.versions import posted_version

Item = Criterion | Indicator


def _initial(assessment: Assessment) -> dict[str, object]:
    data: dict[str, object] = {"row_version": assessment.row_version}
    for answer in assessment.answers:
        data[f"value__{answer.item_id}"] = answer.value
        data[f"justification__{answer.item_id}"] = answer.justification
    return data


def _inputs(form: AnswerForm, items: list[Item]) -> dict[str, AnswerInput]:
    """The answers whose fields passed validation; the others keep their stored value."""
    inputs: dict[str, AnswerInput] = {}
    for item in items:
        value, note = form[f"value__{item.id}"], form[f"justification__{item.id}"]
        if value.errors or note.errors:
            continue
        inputs[item.id] = AnswerInput(value.data or None, (note.data or "").strip())
    return inputs


def _attach_evidence(
    form: AnswerForm, items: list[Item], assessment: Assessment, actor: Actor
) -> None:
    session = db_session()
    for item in items:
        if f"file__{item.id}" not in form:
            continue
        upload = form[f"file__{item.id}"].data
        link = (form[f"url__{item.id}"].data or "").strip()
        try:
            if upload is not None and upload.filename:
                with session.begin_nested():
                    evidence_service.add_file(
                        session, actor, assessment, item.id, upload.filename, upload.read()
                    )
            if link and not form[f"url__{item.id}"].errors:
                with session.begin_nested():
                    evidence_service.add_link(session, actor, assessment, item.id, link)
                form[f"url__{item.id}"].data = ""
        except ValidationFailed as failure:
            for field, message in failure.reasons:
                form[field or f"file__{item.id}"].errors.append(message)


def _has_errors(form: AnswerForm) -> bool:
    return any(field.errors for field in form)


@bp.route("/assessments/<int:assessment_id>/<kind>/<page_id>", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def answer_page(assessment_id: int, kind: str, page_id: str) -> str | Response:
    """One section (criteria) or one indicator area: GET shows it; POST saves what is valid."""
    found = assessment_for_manager(assessment_id)
    scheme = scheme_of(found)
    items = page_items(scheme, kind, page_id)
    if items is None:
        abort(404)
    form_class = answer_form_class(items)
    if not form_class().is_submitted():
        form = form_class(formdata=None, data=_initial(found))
        return _render(found, scheme, kind, page_id, items, form)
    form = form_class()
    if not found.is_editable:
        flash("This assessment cannot be changed in its current state.", "error")
        return redirect(url_for("manager.assessment", assessment_id=found.id))
    form.validate()
    version, who = posted_version(form.row_version.data), actor()

    def save() -> None:
        save_answers(db_session(), who, found, _inputs(form, items), version)
        _attach_evidence(form, items, found, who)

    done = perform("answers", f"assessment {found.id}", save, form=form)
    if isinstance(done.refused, NotAllowed):
        abort(403)
    if done.ok:
        form.row_version.data = found.row_version
        if not _has_errors(form):
            flash("Saved.", "success")
            return redirect(_after_save(scheme, found, kind, page_id, form.save_next.data))
    return _render(found, scheme, kind, page_id, items, form)


def _after_save(
    scheme: Scheme, assessment: Assessment, kind: str, page_id: str, go_on: bool
) -> str:
    pages = pages_of(scheme, assessment)
    index = next(i for i, page in enumerate(pages) if (page.kind, page.id) == (kind, page_id))
    if go_on and index + 1 < len(pages):
        target = pages[index + 1]
        return url_for(
            "manager.answer_page", assessment_id=assessment.id, kind=target.kind, page_id=target.id
        )
    if go_on:
        return url_for("manager.assessment", assessment_id=assessment.id)
    return url_for("manager.answer_page", assessment_id=assessment.id, kind=kind, page_id=page_id)


def _render(
    assessment: Assessment,
    scheme: Scheme,
    kind: str,
    page_id: str,
    items: list[Item],
    form: AnswerForm,
) -> str:
    pages = pages_of(scheme, assessment)
    page = next(p for p in pages if (p.kind, p.id) == (kind, page_id))
    evidence: dict[str, list[object]] = {}
    for entry in assessment.evidence:
        evidence.setdefault(entry.item_id, []).append(entry)
    description = ""
    if kind == "sections":
        description = next(s.description for s in scheme.sections if s.id == page_id)
    return render_template(
        "manager/answer_page.html",
        assessment=assessment,
        scheme=scheme,
        page=page,
        pages=pages,
        description=description,
        items=items,
        form=form,
        evidence=evidence,
        delete_form=ActionForm(row_version=assessment.row_version),
        comments=comments_for_managers(db_session(), assessment),
        error_count=sum(bool(field.errors) for field in form),
    )
