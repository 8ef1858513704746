"""Verification for anyone: look a number up, check a PDF, fetch the PDF or the badge."""

from __future__ import annotations

import logging

from flask import abort
from flask import current_app
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from labelapp.blueprints.public import bp
from labelapp.certificates.keys import SigningError
from labelapp.certificates.numbering import BadNumber
from labelapp.db import db_session
from labelapp.extensions import limiter
from labelapp.forms.verification import LookupForm
from labelapp.forms.verification import UploadForm
from labelapp.models import Certificate
from labelapp.models import StoredFile
from labelapp.services import certificates
from labelapp.services.errors import ValidationFailed
from labelapp.services.verification import NotAPdf
from labelapp.services.verification import check_upload
from labelapp.web import badges
from labelapp.web.lookup_limits import count_lookup
from labelapp.web.lookup_limits import limited
from labelapp.web.page_cache import cached_for_anonymous

log = logging.getLogger(__name__)


def _upload_limit() -> str:
    return str(current_app.config["LABELAPP_VERIFY_UPLOAD_RATE_LIMIT"])


# Lookups by page, by API and in the registry share one budget per client.
lookups = limited("lookup")


def _upload_mb() -> int:
    return int(current_app.config["LABELAPP_VERIFY_UPLOAD_MB"])


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(_upload_limit, methods=["POST"])
def verify() -> str | Response | tuple[str, int]:
    """The lookup form (``?number=``) and the PDF check."""
    lookup = LookupForm(request.args)
    upload = UploadForm()
    if request.method == "GET" and "number" in request.args:
        count_lookup()
        if not lookup.validate():
            return render_template("public/verify.html", lookup=lookup, upload=upload), 400
        try:
            found = certificates.find(db_session(), lookup.number.data or "")
        except BadNumber as bad:
            lookup.number.errors = [str(bad)]
            return render_template("public/verify.html", lookup=lookup, upload=upload), 400
        else:
            if found is not None:
                return redirect(url_for("public.certificate", number=found.number))
            lookup.number.errors = [
                "No certificate with this number was issued by this label. Check each "
                "character against the certificate; if it is right, the certificate is not genuine."
            ]
        return render_template("public/verify.html", lookup=lookup, upload=upload), 404
    if request.method == "POST":
        return _check_pdf(lookup, upload)
    return render_template("public/verify.html", lookup=lookup, upload=upload)


def _check_pdf(lookup: LookupForm, upload: UploadForm) -> str | tuple[str, int]:
    limit = _upload_mb() * 1024 * 1024
    if not upload.validate_on_submit():
        return render_template("public/verify.html", lookup=lookup, upload=upload), 400
    file = upload.document.data
    if file is None or not getattr(file, "filename", ""):
        upload.document.errors = ["Choose the certificate's PDF file."]
        return render_template("public/verify.html", lookup=lookup, upload=upload), 400
    try:
        data = file.read(limit + 1)
    finally:
        file.close()
    if len(data) > limit:
        upload.document.errors = [
            f"The file is larger than {_upload_mb()} MB; certificates of this label are far "
            "smaller, so it cannot be one."
        ]
        return render_template("public/verify.html", lookup=lookup, upload=upload), 413
    try:
        result = check_upload(db_session(), data, certificates.signing_pair())
    except NotAPdf as refusal:
        upload.document.errors = [str(refusal)]
        return render_template("public/verify.html", lookup=lookup, upload=upload), 400
    except (SigningError, ValidationFailed) as problem:  # the issuer certificate is unreadable
        log.error("PDF check unavailable: %s", problem)
        upload.document.errors = [
            "PDFs cannot be checked right now. Look the certificate up by its number instead, "
            "or try again later."
        ]
        return render_template("public/verify.html", lookup=lookup, upload=upload), 503
    return render_template(
        "public/verify.html",
        lookup=lookup,
        upload=UploadForm(formdata=None),
        result=result,
        status=result.certificate.public_status(certificates.today())
        if result.certificate
        else None,
    )


def _canonical(number: str, endpoint: str) -> Certificate | Response:
    """The certificate for a URL's number; a number typed loosely redirects to its canonical
    form; an unknown or malformed one is a 404 with an explanation."""
    try:
        found = certificates.find(db_session(), number)
    except BadNumber as bad:
        abort(404, description=str(bad))
    if found is None:
        abort(404, description="No certificate with this number was issued by this label.")
    if found.number != number:
        return redirect(url_for(endpoint, number=found.number), 301)
    return found


@bp.route("/verify/<number>")
@lookups
def certificate(number: str) -> str | Response:
    """A certificate's status and facts, for anyone."""
    found = _canonical(number, "public.certificate")
    if isinstance(found, Response):
        return found
    today = certificates.today()
    status = found.public_status(today)
    page = cached_for_anonymous(
        (found.id, found.row_version, status, today),
        lambda: render_template("public/certificate.html", certificate=found, status=status),
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/certificates/<number>.pdf")
@lookups
def certificate_pdf(number: str) -> Response:
    """The PDF exactly as issued (its bytes never change)."""
    found = _canonical(number, "public.certificate_pdf")
    if isinstance(found, Response):
        return found
    stored = db_session().get(StoredFile, found.pdf_key)
    if stored is None:
        abort(404)
    response = make_response(stored.content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{found.number}.pdf"'
    response.headers["Cache-Control"] = "public, max-age=86400, immutable"
    response.set_etag(found.pdf_sha256)
    return response.make_conditional(request)


@bp.route("/badge/<number>.svg")
@limited("badge")
def badge(number: str) -> Response:
    """An embeddable badge with the level and the current status."""
    try:
        found = certificates.find(db_session(), number)
    except BadNumber:
        found = None
    svg, tag = badges.badge(found, certificates.today())
    response = make_response(svg, 200 if found is not None else 404)
    response.headers["Content-Type"] = "image/svg+xml; charset=utf-8"
    # Short: a suspended or revoked label must stop showing as valid within a minute.
    response.headers["Cache-Control"] = "public, max-age=60, must-revalidate"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.set_etag(tag)
    return response.make_conditional(request)
