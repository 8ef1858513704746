"""Organisations, their conflicts of interest, and assigning submissions to assessors."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from labelapp.blueprints.admin import bp
from labelapp.db import db_session
from labelapp.forms.admin import AssignForm
from labelapp.forms.admin import ConflictForm
from labelapp.forms.organisation import ActionForm
from labelapp.models import Assessment
from labelapp.models import ConflictOfInterest
from labelapp.models import Organisation
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import administration
from labelapp.services.assessments import history
from labelapp.web.access import actor
from labelapp.web.access import role_required
from labelapp.web.outcome import perform


def _chosen(value: str | None) -> User | None:
    """The account picked in an assessor list (None: no choice, or not a number)."""
    return db_session().get(User, int(value)) if value and value.isdigit() else None


def _assign_form(assessors: list[User]) -> AssignForm:
    form = AssignForm()
    form.assessor.choices = [
        ("", gettext("Any assessor")),
        *((str(a.id), a.display_name) for a in assessors),
    ]
    return form


@bp.route("/organisations")
@role_required(Role.ADMIN)
def organisations() -> str:
    """Every organisation with its managers."""
    rows = db_session().scalars(select(Organisation).order_by(Organisation.name))
    return render_template("admin/organisations.html", organisations=list(rows))


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def organisation(organisation_id: int) -> str | Response:
    """Managers, assessments (with assignment) and conflicts of interest."""
    found = db_session().get(Organisation, organisation_id) or abort(404)
    assessors = administration.active_assessors(db_session())
    form = ConflictForm()
    form.assessor.choices = [
        ("", gettext("Choose an assessor")),
        *((str(a.id), f"{a.display_name} ({a.email})") for a in assessors),
    ]
    if form.validate_on_submit():
        done = perform(
            "conflict of interest",
            f"organisation {found.id}",
            lambda: administration.add_conflict(
                db_session(), actor(), _chosen(form.assessor.data), found, form.reason.data or ""
            ),
            form=form,
        )
        if done.ok:
            flash(gettext("The conflict of interest is recorded."), "success")
            return redirect(url_for("admin.organisation", organisation_id=found.id))
    return render_template(
        "admin/organisation.html",
        organisation=found,
        form=form,
        conflicts=administration.conflicts_of(db_session(), found),
        assessments=history(db_session(), found),
        assign_form=_assign_form(assessors),
        action_form=ActionForm(),
    )


@bp.route("/conflicts/<int:conflict_id>/delete", methods=["POST"])
@role_required(Role.ADMIN)
def delete_conflict(conflict_id: int) -> Response:
    """Remove a recorded conflict of interest."""
    conflict = db_session().get(ConflictOfInterest, conflict_id) or abort(404)
    organisation_id = conflict.organisation_id
    if ActionForm().validate_on_submit():
        done = perform(
            "conflict removal",
            f"organisation {organisation_id}",
            lambda: administration.remove_conflict(db_session(), actor(), conflict),
        )
        if done.ok:
            flash(gettext("The conflict of interest is removed."), "success")
    return redirect(url_for("admin.organisation", organisation_id=organisation_id))


@bp.route("/assessments/<int:assessment_id>/assign", methods=["POST"])
@role_required(Role.ADMIN)
def assign(assessment_id: int) -> Response:
    """Reserve a submitted assessment for one assessor, or open it to all."""
    found = db_session().get(Assessment, assessment_id) or abort(404)
    form = _assign_form(administration.active_assessors(db_session()))
    if form.validate_on_submit():
        chosen = _chosen(form.assessor.data)
        done = perform(
            "assignment",
            f"assessment {found.id}",
            lambda: administration.assign(db_session(), actor(), found, chosen),
        )
        if done.ok:
            flash(gettext("The assignment is saved."), "success")
    return redirect(url_for("admin.organisation", organisation_id=found.organisation_id))
