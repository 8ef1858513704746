"""Verification for anyone: look a number up, check a PDF, fetch the PDF or the badge."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort
from flask import current_app
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import format_decimal
from flask_babel import gettext
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from labelapp.blueprints.public import bp
from labelapp.certificates.keys import SigningError
from labelapp.certificates.numbering import MAX_LENGTH
from labelapp.certificates.numbering import BadNumber
from labelapp.db import db_session
from labelapp.extensions import limiter
from labelapp.forms.verification import LookupForm
from labelapp.forms.verification import UploadForm
from labelapp.languages import LANGUAGES
from labelapp.languages import language_name
from labelapp.models import Certificate
from labelapp.models import PublicStatus
from labelapp.models import StoredFile
from labelapp.services import certificate_copies
from labelapp.services import certificates
from labelapp.services.errors import ValidationFailed
from labelapp.services.verification import NotAPdf
from labelapp.services.verification import check_upload
from labelapp.services.verification import download_label
from labelapp.services.verification import validity_warning
from labelapp.text import N_
from labelapp.web import badges
from labelapp.web.conditional import public_answer
from labelapp.web.conditional import public_page
from labelapp.web.i18n import language
from labelapp.web.lookup_budget import BADGE
from labelapp.web.lookup_budget import LOOKUP
from labelapp.web.lookup_budget import counted
from labelapp.web.lookup_budget import spend
from labelapp.web.messages import say
from labelapp.web.outcome import perform
from labelapp.web.settings import issuing
from labelapp.web.settings import settings

log = logging.getLogger(__name__)

NEVER_ISSUED = N_(
    "No certificate with this number was issued by this label. Check each character "
    "against the certificate; if it is right, the certificate is not genuine."
)


def _said(refusal: ValueError) -> str:
    """A refusal's message in the reader's language: its argument is a ``msg()`` text, or an
    English sentence (shown as it is until its module marks it for translation)."""
    return say(refusal.args[0])


def _upload_limit() -> str:
    return str(current_app.config["LABELAPP_VERIFY_UPLOAD_RATE_LIMIT"])


def _upload_mb() -> int:
    return int(current_app.config["LABELAPP_VERIFY_UPLOAD_MB"])


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(_upload_limit, methods=["POST"])
def verify() -> str | Response | tuple[str, int]:
    """The lookup form (``?number=``) and the PDF check."""
    lookup = LookupForm(request.args)
    upload = UploadForm()
    if request.method == "GET" and "number" in request.args:
        spend(LOOKUP)  # the typed lookup spends the budget; the empty form does not
        if not lookup.validate():
            return render_template("public/verify.html", lookup=lookup, upload=upload), 400
        try:
            found = certificates.find(
                db_session(), lookup.number.data or "", settings().certificates.prefix
            )
        except BadNumber as bad:
            lookup.number.errors = [_said(bad)]
            return render_template("public/verify.html", lookup=lookup, upload=upload), 400
        else:
            if found is not None:
                return redirect(url_for("public.certificate", number=found.number))
            lookup.number.errors = [gettext(NEVER_ISSUED)]
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
        upload.document.errors = [gettext("Choose the certificate's PDF file.")]
        return render_template("public/verify.html", lookup=lookup, upload=upload), 400
    try:
        data = file.read(limit + 1)
    finally:
        file.close()
    if len(data) > limit:
        upload.document.errors = [
            gettext(
                "The file is larger than %(limit)s MB; certificates of this label are far "
                "smaller, so it cannot be one.",
                limit=format_decimal(_upload_mb()),
            )
        ]
        return render_template("public/verify.html", lookup=lookup, upload=upload), 413
    try:
        result = check_upload(
            db_session(), data, certificates.signing_pair(settings().certificates)
        )
    except NotAPdf as refusal:
        upload.document.errors = [_said(refusal)]
        return render_template("public/verify.html", lookup=lookup, upload=upload), 400
    except (SigningError, ValidationFailed) as problem:  # the issuer certificate is unreadable
        log.error("PDF check unavailable: %s", problem)
        upload.document.errors = [
            gettext(
                "PDFs cannot be checked right now. Look the certificate up by its number "
                "instead, or try again later."
            )
        ]
        return render_template("public/verify.html", lookup=lookup, upload=upload), 503
    status = result.certificate.public_status(certificates.today()) if result.certificate else None
    warning = (
        validity_warning(result.certificate, status) if result.certificate and status else None
    )
    return render_template(
        "public/verify.html",
        lookup=lookup,
        upload=UploadForm(formdata=None),
        result=result,
        explanation=say(result.explanation),
        status=status,
        warning=say(warning) if warning else "",
    )


def _not_found(typed: str, message: str) -> Response:
    """The lookup form again, holding what the address had and saying what is wrong with it:
    a mistyped number in a link or a QR scan gets the lookup's own help, not a bare 404."""
    shown = "".join(char for char in typed if char.isprintable())[:MAX_LENGTH]
    lookup = LookupForm(MultiDict({"number": shown}))
    lookup.number.errors = [message]
    page = render_template(
        "public/verify.html", lookup=lookup, upload=UploadForm(), typed_address=True
    )
    return make_response(page, 404)


def _canonical(number: str, endpoint: str, **values: Any) -> Certificate | Response:
    """The certificate for a URL's number; a number typed loosely redirects to its canonical
    form; an unknown or malformed one is a 404 page with the lookup form and an explanation."""
    try:
        found = certificates.find(db_session(), number, settings().certificates.prefix)
    except BadNumber as bad:
        return _not_found(number, _said(bad))
    if found is None:
        return _not_found(number, gettext(NEVER_ISSUED))
    if found.number != number:
        return redirect(url_for(endpoint, number=found.number, **values), 301)
    return found


@bp.route("/verify/<number>")
@counted(LOOKUP)
def certificate(number: str) -> Response:
    """A certificate's status and facts, for anyone; a 304 while neither has changed."""
    found = _canonical(number, "public.certificate")
    if isinstance(found, Response):
        return found
    status = found.public_status(certificates.today())
    # The page shows the status, its reason and date, the successor and the PDF link's
    # wording: all follow the status and the row version, which make the tag.
    return public_page(
        ("certificate page", found.id, found.row_version, status.value),
        lambda: render_template(
            "public/certificate.html",
            certificate=found,
            status=status,
            download=say(download_label(status)),
            copy_languages=[
                code
                for code in certificate_copies.languages_of(found)
                if code != found.language and status is PublicStatus.VALID
            ],
            language_names={code: language_name(code, language()) for code in LANGUAGES},
        ),
    )


@bp.route("/certificates/<number>.pdf")
@counted(LOOKUP)
def certificate_pdf(number: str) -> Response:
    """The PDF exactly as issued (its bytes never change)."""
    found = _canonical(number, "public.certificate_pdf")
    if isinstance(found, Response):
        return found
    return _pdf_response(found.pdf_key, f"{found.number}.pdf")


@bp.route("/certificates/<number>/<language>.pdf")
@counted(LOOKUP)
def certificate_copy_pdf(number: str, language: str) -> Response:
    """The certificate in another language (decision 21): made on first request, kept."""
    found = _canonical(number, "public.certificate_copy_pdf", language=language)
    if isinstance(found, Response):
        return found
    if language == found.language:
        return redirect(url_for("public.certificate_pdf", number=found.number), 301)
    if language not in certificate_copies.languages_of(found):
        abort(404)
    done = perform(
        "copy",
        f"certificate {found.number}",
        lambda: certificate_copies.pdf_key_in(db_session(), found, language, issuing()),
    )
    if not done.ok:
        abort(404)
    return _pdf_response(done.value, f"{found.number}-{language}.pdf")


def _pdf_response(key: str, name: str) -> Response:
    stored = db_session().get(StoredFile, key)
    if stored is None:
        abort(404)
    response = make_response(stored.content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    # A stored PDF's bytes never change.
    response.headers["Cache-Control"] = "public, max-age=86400, immutable"
    response.set_etag(stored.sha256)
    return response.make_conditional(request)


@bp.route("/badge/<number>.svg")
@counted(BADGE)
def badge(number: str) -> Response:
    """An embeddable badge with the level and the current status; a 304 while unchanged."""
    try:
        found = certificates.find(db_session(), number, settings().certificates.prefix)
    except BadNumber:
        found = None
    if found is None:
        response = badges.render_badge(None, None)
        response.headers["Cache-Control"] = "no-cache"
    else:
        status = found.public_status(certificates.today())
        response = public_answer(
            ("badge", found.id, found.row_version, status.value),
            lambda: badges.render_badge(found, status),
        )
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
