"""One page of answers (a section's criteria or an indicator area): show and save.

Saving keeps every valid field even when another field is wrong, refuses the
whole page when the assessment changed meanwhile, and attaches evidence.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from werkzeug.wrappers import Response

from assessment import Scheme
from assessment.model import Criterion
from assessment.model import Indicator
from labelapp.db import db_session
from labelapp.forms.assessment import AnswerForm
from labelapp.forms.assessment import answer_form_class
from labelapp.forms.organisation import ActionForm
from labelapp.models import Assessment
from labelapp.services import evidence as evidence_service
from labelapp.services.actor import Actor
from labelapp.services.assessments import AnswerInput
from labelapp.services.assessments import save_answers
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import StaleState
from labelapp.services.errors import ValidationFailed
from labelapp.services.review import comments_for_managers
from labelapp.web.versions import posted_version

Item = Criterion | Indicator
KINDS = ("sections", "indicators")


class Page(NamedTuple):
    kind: str
    id: str
    title: str
    answered: int
    total: int


def page_items(scheme: Scheme, kind: str, page_id: str) -> list[Item] | None:
    """The criteria of a section or the indicators of an area; None when unknown."""
    if kind == "sections":
        section = next((s for s in scheme.sections if s.id == page_id), None)
        return list(section.criteria) if section else None
    if kind == "indicators":
        items: list[Item] = [i for i in scheme.indicators if i.area == page_id]
        return items or None
    return None


def pages_of(scheme: Scheme, assessment: Assessment) -> list[Page]:
    answered = {a.item_id for a in assessment.answers if a.value is not None}
    pages = [
        Page("sections", s.id, s.title, sum(c.id in answered for c in s.criteria), len(s.criteria))
        for s in scheme.sections
    ]
    for area in scheme.indicator_areas:
        ids = [i.id for i in scheme.indicators if i.area == area.id]
        pages.append(
            Page("indicators", area.id, area.title, sum(i in answered for i in ids), len(ids))
        )
    return pages


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


def handle_answer_page(
    assessment: Assessment, scheme: Scheme, kind: str, page_id: str, actor: Actor
) -> str | Response:
    """GET shows the page; POST saves what is valid and shows what is not."""
    items = page_items(scheme, kind, page_id) or []
    form_class = answer_form_class(items)
    stale_message = None
    if not form_class().is_submitted():
        form = form_class(formdata=None, data=_initial(assessment))
    else:
        form = form_class()
        if not assessment.is_editable:
            flash("This assessment cannot be changed in its current state.", "error")
            return redirect(url_for("manager.assessment", assessment_id=assessment.id))
        form.validate()
        version = posted_version(form.row_version.data)
        try:
            save_answers(db_session(), actor, assessment, _inputs(form, items), version)
            _attach_evidence(form, items, assessment, actor)
        except StaleState as stale:
            db_session().rollback()
            stale_message = str(stale)
        except ValidationFailed as failure:
            db_session().rollback()
            for field, message in failure.reasons:
                form[f"value__{field}"].errors.append(message)
        except NotAllowed:
            db_session().rollback()
            abort(403)
        else:
            db_session().commit()
            form.row_version.data = assessment.row_version
            if not _has_errors(form):
                flash("Saved.", "success")
                return redirect(_after_save(scheme, assessment, kind, page_id, form.save_next.data))
    return _render(assessment, scheme, kind, page_id, items, form, stale_message)


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
    stale_message: str | None,
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
        stale_message=stale_message,
        comments=comments_for_managers(db_session(), assessment),
        error_count=sum(bool(field.errors) for field in form),
    )
