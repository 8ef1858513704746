"""Certificates: list them, and suspend, reinstate or revoke one with a public reason."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from werkzeug.wrappers import Response

from labelapp.blueprints.admin import bp
from labelapp.certificates.numbering import BadNumber
from labelapp.db import db_session
from labelapp.forms.admin import CertificateStatusForm
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from labelapp.models import Role
from labelapp.services import certificates
from labelapp.services.registry import search_key
from labelapp.web.access import actor
from labelapp.web.access import role_required
from labelapp.web.messages import say
from labelapp.web.outcome import perform
from labelapp.web.settings import settings
from labelapp.web.versions import posted_version

PAGE_SIZE = 50
ACTIONS = {
    "suspend": lazy_gettext("Suspend the certificate"),
    "reinstate": lazy_gettext("Reinstate the certificate"),
    "revoke": lazy_gettext("Revoke the certificate (final)"),
}


def _now(number: str, status: CertificateStatus) -> str:
    """The flash after a change: one whole sentence per status it can lead to."""
    if status is CertificateStatus.SUSPENDED:
        return str(gettext("Certificate %(number)s is now suspended.", number=number))
    if status is CertificateStatus.REVOKED:
        return str(gettext("Certificate %(number)s is now revoked.", number=number))
    return str(gettext("Certificate %(number)s is now valid.", number=number))


@bp.route("/certificates")
@role_required(Role.ADMIN)
def certificate_list() -> str:
    """Every certificate, newest first, searchable by number or organisation."""
    # Printable characters only: a NUL byte is refused by PostgreSQL (and matches nothing).
    text = "".join(char for char in request.args.get("q") or "" if char.isprintable())
    text = text.strip()[:100]
    page = request.args.get("page", "1")
    number = max(1, int(page)) if page.isascii() and page.isdigit() and len(page) < 6 else 1
    statement = select(Certificate)
    if text:
        statement = statement.where(
            or_(
                Certificate.number.contains(text.upper(), autoescape=True),
                Certificate.name_key.contains(search_key(text), autoescape=True),
            )
        )
    total = db_session().scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = db_session().scalars(
        statement.order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        .limit(PAGE_SIZE)
        .offset((number - 1) * PAGE_SIZE)
    )
    return render_template(
        "admin/certificates.html",
        rows=list(rows),
        text=text,
        page=number,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        today=certificates.today(),
    )


@bp.route("/certificates/<number>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def certificate_detail(number: str) -> str | Response:
    """One certificate, its history in the audit log, and the status changes open to it."""
    try:
        found = certificates.find(db_session(), number, settings().certificates.prefix)
    except BadNumber:
        abort(404)
    if found is None:
        abort(404)
    form = CertificateStatusForm()
    open_actions = {
        action: label for action, label in ACTIONS.items() if certificates.may_change(found, action)
    }
    form.action.choices = list(open_actions.items())
    if form.validate_on_submit():
        done = perform(
            "certificate status",
            f"certificate {number}",
            lambda: certificates.change_status(
                db_session(),
                actor(),
                found,
                form.action.data or "",
                form.reason.data or "",
                posted_version(form.row_version.data),
            ),
            form=form,
        )
        if done.ok:
            flash(_now(number, found.status), "success")
        if done.ok or done.refused:  # the page shows the status as it now is
            return redirect(url_for("admin.certificate_detail", number=number))
    form.row_version.data = str(found.row_version)
    assessment = certificates.assessment_of(db_session(), found)
    return render_template(
        "admin/certificate.html",
        certificate=found,
        status=found.public_status(certificates.today()),
        form=form,
        assessment=assessment,
        assessment_name=say(certificates.assessment_name(assessment)) if assessment else "",
        history=certificates.readable_history(db_session(), found),
        say=say,
    )
