"""One page of answers (a section's criteria or an indicator area): show and save.

The view reads the form and renders; ``services.answer_pages.save_page`` decides
what is kept (every valid input, even when another is wrong), what is refused
and why, and refuses the whole page when the assessment changed meanwhile.
"""

from __future__ import annotations

from typing import NamedTuple

from babel.lists import format_list
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import format_decimal
from flask_babel import get_locale
from flask_babel import gettext
from werkzeug.wrappers import Response

from assessment import Scheme
from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Indicator
from assessment.model import NumberAnswer
from labelapp.blueprints.manager import bp
from labelapp.db import db_session
from labelapp.forms.assessment import AnswerForm
from labelapp.forms.assessment import answer_form_class
from labelapp.forms.organisation import ActionForm
from labelapp.models import Assessment
from labelapp.models import Role
from labelapp.services.answer_pages import ItemInput
from labelapp.services.answer_pages import PageSaved
from labelapp.services.answer_pages import Upload
from labelapp.services.answer_pages import save_page
from labelapp.services.assessments import page_items
from labelapp.services.assessments import pages_of
from labelapp.services.assessments import radar_means
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria_texts import scheme_in
from labelapp.services.errors import NotAllowed
from labelapp.services.profile_answers import prefilled_answers
from labelapp.services.review import comments_for_managers
from labelapp.web.access import actor
from labelapp.web.access import assessment_for_manager
from labelapp.web.access import role_required
from labelapp.web.i18n import language
from labelapp.web.messages import say
from labelapp.web.outcome import perform
from labelapp.web.versions import posted_version

Item = Criterion | Indicator


class ThresholdFacts(NamedTuple):
    """What meets an indicator, for the page's sentence in the reader's language."""

    kind: str  # at_least, at_most (with _unit when the number has one), yes, no or one_of
    number: str = ""  # the bound with the reader's separators: "1,500", "1.500", "0,5"
    unit: str = ""
    options: str = ""  # the labels of the options that meet it: "Every year or At least ..."


def threshold_facts(indicator: Indicator) -> ThresholdFacts:
    """The parts of the threshold's sentence (``describe_threshold`` is English only)."""
    threshold, spec = indicator.threshold, indicator.answer
    unit = spec.unit if isinstance(spec, NumberAnswer) else ""
    bound = threshold.at_least if threshold.at_least is not None else threshold.at_most
    if bound is not None:
        kind = "at_least" if threshold.at_least is not None else "at_most"
        number = str(format_decimal(bound, format="#,##0.###"))
        return ThresholdFacts(kind + ("_unit" if unit else ""), number, unit)
    if threshold.equals is not None:
        return ThresholdFacts("yes" if threshold.equals else "no")
    options = spec.options if isinstance(spec, ChoiceAnswer) else ()
    labels = {option.id: option.label for option in options}
    names = [labels.get(option_id, option_id) for option_id in threshold.one_of or ()]
    return ThresholdFacts("one_of", options=format_list(names, style="or", locale=get_locale()))


def _initial(scheme: Scheme, assessment: Assessment) -> dict[str, object]:
    """The stored answers; indicators the profile answers, while none is stored, from it."""
    data: dict[str, object] = {"row_version": assessment.row_version}
    for item_id, given in prefilled_answers(scheme, assessment).items():
        data[f"value__{item_id}"] = given.value
    for answer in assessment.answers:
        if answer.value is not None:  # a justification alone keeps the profile's value
            data[f"value__{answer.item_id}"] = answer.value
        data[f"justification__{answer.item_id}"] = answer.justification
    return data


def _inputs(form: AnswerForm, items: list[Item]) -> dict[str, ItemInput]:
    """The page's fields as the service's inputs, read and not judged."""
    inputs: dict[str, ItemInput] = {}
    for item in items:
        upload, link = None, ""
        if f"file__{item.id}" in form:
            document = form[f"file__{item.id}"].data
            if document is not None and document.filename:
                upload = Upload(document.filename, document.read())
            link = form[f"url__{item.id}"].data or ""
        inputs[item.id] = ItemInput(
            value=form[f"value__{item.id}"].data or "",
            justification=form[f"justification__{item.id}"].data or "",
            upload=upload,
            link=link,
        )
    return inputs


def _show(form: AnswerForm, saved: PageSaved) -> None:
    """Each refusal next to its field; an accepted link's field is emptied for the next one."""
    for refusal in saved.refused:
        name = f"{refusal.part}__{refusal.item_id}"
        if name not in form:
            form.form_errors.append(say(refusal.message))
            continue
        form[name].errors = [*form[name].errors, say(refusal.message)]
    for evidence in saved.added:
        if evidence.url is not None:
            form[f"url__{evidence.item_id}"].data = ""


@bp.route("/assessments/<int:assessment_id>/<kind>/<page_id>", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def answer_page(assessment_id: int, kind: str, page_id: str) -> str | Response:
    """One section (criteria) or one indicator area: GET shows it; POST saves what is valid."""
    found = assessment_for_manager(assessment_id)
    # Shown in the reader's language; the service checks and scores with the version itself.
    scheme = scheme_in(scheme_of(found), language())
    items = page_items(scheme, kind, page_id)
    if items is None:
        abort(404)
    form_class = answer_form_class(items)
    if not form_class().is_submitted():
        form = form_class(formdata=None, data=_initial(scheme, found))
        return _render(found, scheme, kind, page_id, items, form)
    form = form_class()
    if not found.is_editable:
        flash(gettext("This assessment cannot be changed in its current state."), "error")
        return redirect(url_for("manager.assessment", assessment_id=found.id))
    inputs, version, who = _inputs(form, items), posted_version(form.row_version.data), actor()
    done = perform(
        "answers",
        f"assessment {found.id}",
        lambda: save_page(db_session(), who, found, inputs, version),
    )
    if isinstance(done.refused, NotAllowed):
        abort(403)
    if not done.ok:  # the page was opened before someone else's change: entries shown again
        return _render(found, scheme, kind, page_id, items, form)
    saved = done.value
    if not saved.refused:
        flash(gettext("Saved."), "success")
        return redirect(_after_save(scheme, found, kind, page_id, form.save_next.data))
    form.row_version.data = found.row_version
    _show(form, saved)
    return _render(found, scheme, kind, page_id, items, form, saved)


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
    saved: PageSaved | None = None,
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
        prefilled=prefilled_answers(scheme, assessment),
        radar_means=radar_means(scheme, assessment),
        threshold_facts=threshold_facts,
        say=say,
        error_count=sum(bool(field.errors) for field in form),
        saved_anything=saved is not None and saved.saved_anything,
    )
