"""The published criteria for anyone: each version on a page, on paper (PDF) and as a
workbook to answer offline, in the reader's language (issue 18)."""

from __future__ import annotations

import io
from datetime import date

from flask import Response
from flask import abort
from flask import render_template
from flask import send_file
from flask import url_for

from assessment import Scheme
from labelapp.blueprints.public import bp
from labelapp.db import db_session
from labelapp.languages import catalogue
from labelapp.models import CriteriaVersion
from labelapp.services import criteria as criteria_service
from labelapp.services.answer_files import WORKBOOK_TYPE
from labelapp.services.answer_files import workbook
from labelapp.services.criteria import UnknownVersion
from labelapp.services.criteria_document import document_of
from labelapp.services.criteria_document import number_in
from labelapp.services.criteria_document import pdf_of
from labelapp.services.criteria_texts import languages_of
from labelapp.web.conditional import public_answer
from labelapp.web.conditional import public_page
from labelapp.web.i18n import language
from labelapp.web.settings import base_url
from labelapp.web.settings import settings


def _version(scheme: str, version: str) -> tuple[CriteriaVersion, Scheme]:
    """The published version, or 404."""
    try:
        row = criteria_service.get_version(db_session(), scheme, version)
    except UnknownVersion:
        abort(404)
    return row, criteria_service.load_scheme(row)


@bp.route("/criteria")
def criteria_list() -> Response:
    """Every published criteria version, the current one first."""
    rows = criteria_service.list_versions(db_session())
    facts = tuple((row.scheme, row.version, row.is_current) for row in rows)
    return public_page(
        ("criteria list", facts),
        lambda: render_template(
            "public/criteria_list.html",
            rows=sorted(rows, key=lambda row: (not row.is_current, row.scheme, row.version)),
        ),
    )


@bp.route("/criteria/<scheme>/<version>")
def criteria_page(scheme: str, version: str) -> Response:
    """A version's sections, criteria and scales, indicators and thresholds, level rules."""
    row, found = _version(scheme, version)
    reader = language()
    return public_page(
        ("criteria page", row.content_sha256, row.is_current),
        lambda: render_template(
            "public/criteria.html",
            d=document_of(found, reader),
            row=row,
            languages=languages_of(found),
            num=lambda value: number_in(reader, value),
        ),
    )


@bp.route("/criteria/<scheme>/<version>.pdf")
def criteria_pdf(scheme: str, version: str) -> Response:
    """The version on paper, in the reader's language."""
    row, found = _version(scheme, version)
    reader = language()
    url = base_url() + url_for("public.criteria_page", scheme=row.scheme, version=row.version)
    issuer = settings().certificates.issuer
    name = f"{row.scheme}-{row.version}-{reader}.pdf"
    return public_answer(
        ("criteria pdf", row.content_sha256),
        lambda: send_file(
            io.BytesIO(pdf_of(found, reader, issuer, url)),
            mimetype="application/pdf",
            download_name=name,
        ),
    )


@bp.route("/criteria/<scheme>/<version>.xlsx")
def criteria_workbook(scheme: str, version: str) -> Response:
    """The version as an empty workbook to answer offline."""
    row, found = _version(scheme, version)
    reader = language()
    name = f"{row.scheme}-{row.version}-{reader}.xlsx"
    return public_answer(
        ("criteria workbook", row.content_sha256, date.today()),
        lambda: send_file(
            io.BytesIO(
                workbook(document_of(found, reader), found, gettext=catalogue(reader).gettext)
            ),
            mimetype=WORKBOOK_TYPE,
            as_attachment=True,
            download_name=name,
        ),
    )
