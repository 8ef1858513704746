"""Published criteria versions: list, read, compare and choose the current one."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from labelapp.blueprints.admin import bp
from labelapp.db import db_session
from labelapp.forms.admin import DiffForm
from labelapp.forms.organisation import ActionForm
from labelapp.models import CriteriaVersion
from labelapp.models import Role
from labelapp.services import criteria as service
from labelapp.web.access import actor
from labelapp.web.access import role_required
from labelapp.web.messages import say
from labelapp.web.outcome import perform


@bp.route("/criteria")
@role_required(Role.ADMIN)
def criteria() -> str:
    """Every stored version; which one new assessments start on; a comparison form."""
    versions = service.list_versions(db_session())
    form = DiffForm(request.args)
    labels = [(f"{v.scheme}|{v.version}", v.label) for v in versions]
    form.old.choices, form.new.choices = labels, labels
    changes = None
    if request.args.get("old") and request.args.get("new"):
        (scheme, old), (scheme_new, new) = (
            request.args["old"].partition("|")[::2],
            request.args["new"].partition("|")[::2],
        )
        if scheme != scheme_new:
            flash(gettext("Compare two versions of the same scheme."), "error")
        else:
            try:
                changes = service.diff_versions(db_session(), scheme, old, new)
            except (service.UnknownVersion, service.CriteriaTampered) as exc:
                flash(say(exc.message), "error")
    return render_template(
        "admin/criteria.html",
        versions=versions,
        form=form,
        changes=changes,
        action_form=ActionForm(),
    )


@bp.route("/criteria/<int:version_id>")
@role_required(Role.ADMIN)
def criteria_version(version_id: int) -> str:
    """A version as its authors wrote it, with its canonical hash."""
    row = db_session().get(CriteriaVersion, version_id) or abort(404)
    try:
        service.load_scheme(row)
        intact = True
    except service.CriteriaTampered:
        intact = False
    return render_template("admin/criteria_version.html", row=row, intact=intact)


@bp.route("/criteria/<int:version_id>/current", methods=["POST"])
@role_required(Role.ADMIN)
def make_current(version_id: int) -> Response:
    """New assessments of the scheme start on this version from now on."""
    row = db_session().get(CriteriaVersion, version_id) or abort(404)
    if ActionForm().validate_on_submit():
        done = perform(
            "current version",
            f"criteria version {row.id}",
            lambda: service.set_current(db_session(), row, actor()),
        )
        if done.ok:
            flash(
                gettext(
                    "New %(scheme)s assessments now start on %(version)s.",
                    scheme=row.scheme,
                    version=row.version,
                ),
                "success",
            )
    return redirect(url_for("admin.criteria"))
