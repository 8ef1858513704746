"""Working offline on a self-assessment: download the answers as a workbook or JSON,
upload them filled in, and read what became of each row (issue 18)."""

from __future__ import annotations

import io

from flask import render_template
from flask import send_file
from flask_babel import gettext
from werkzeug.wrappers import Response

from labelapp.blueprints.manager import bp
from labelapp.db import db_session
from labelapp.forms.assessment import AnswerFileForm
from labelapp.models import Assessment
from labelapp.models import Role
from labelapp.services import answer_import
from labelapp.services.answer_files import MAX_BYTES
from labelapp.services.answer_files import WORKBOOK_TYPE
from labelapp.services.answer_import import ImportReport
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria_document import document_of
from labelapp.web.access import actor
from labelapp.web.access import assessment_for_manager
from labelapp.web.access import role_required
from labelapp.web.i18n import language
from labelapp.web.outcome import perform


def _download(data: bytes, mimetype: str, found: Assessment, extension: str) -> Response:
    scheme = scheme_of(found)
    name = f"{found.organisation.slug}-{scheme.key}-{scheme.version}-answers.{extension}"
    response = send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/assessments/<int:assessment_id>/answers.xlsx")
@role_required(Role.MANAGER)
def answers_workbook(assessment_id: int) -> Response:
    """The criteria workbook with the answers saved so far, in the reader's language."""
    found = assessment_for_manager(assessment_id)
    data = answer_import.export_workbook(db_session(), actor(), found, language())
    return _download(data, WORKBOOK_TYPE, found, "xlsx")


@bp.route("/assessments/<int:assessment_id>/answers.json")
@role_required(Role.MANAGER)
def answers_json(assessment_id: int) -> Response:
    """The answers saved so far as JSON."""
    found = assessment_for_manager(assessment_id)
    data = answer_import.export_json(db_session(), actor(), found, language())
    return _download(data, "application/json", found, "json")


@bp.route("/assessments/<int:assessment_id>/offline", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def offline(assessment_id: int) -> str | tuple[str, int]:
    """Downloads, the upload form and, after an upload, its report row by row."""
    found = assessment_for_manager(assessment_id)
    form = AnswerFileForm()
    report: ImportReport | None = None
    if form.is_submitted() and not found.is_editable:
        # Submitted (or decided) since the page was opened: say so, keep nothing.
        form.file.errors = [gettext("The self-assessment is not a draft now: nothing was saved.")]
    elif form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_BYTES + 1) if upload is not None else b""
        done = perform(
            "answers upload",
            f"assessment {found.id}",
            lambda: answer_import.import_answers(db_session(), actor(), found, data),
            form=form,
        )
        if done.ok:
            report = done.value
    document = document_of(scheme_of(found), language())
    page = render_template(
        "manager/offline.html",
        assessment=found,
        document=document,
        titles={
            **{c.id: (c.title, c.how) for s in document.sections for c in s.criteria},
            **{i.id: (i.title, i.how) for a in document.areas for i in a.indicators},
        },
        form=form,
        report=report,
    )
    return (page, 409) if form.is_submitted() and not found.is_editable else page
