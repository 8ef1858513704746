"""Administration: accounts."""

from __future__ import annotations

from flask import Blueprint
from flask import render_template
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from labelapp.db import db_session
from labelapp.forms import apply_errors
from labelapp.forms.admin import CreateUserForm
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import accounts
from labelapp.services.errors import ValidationFailed
from labelapp.services.permissions import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@role_required(Role.ADMIN)
def users() -> str:
    """Every account, newest first."""
    rows = db_session().scalars(select(User).order_by(User.created_at.desc(), User.id.desc()))
    return render_template("admin/users.html", users=list(rows))


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create_user() -> str | Response:
    """Create an assessor, administrator or manager with a one-time password."""
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            user, password = accounts.create_user_by_admin(
                db_session(),
                current_user,
                email=form.email.data or "",
                display_name=form.display_name.data or "",
                role=Role(form.role.data),
            )
        except ValidationFailed as failure:
            db_session().rollback()
            apply_errors(form, failure)
        else:
            db_session().commit()
            # Shown once, in this response only; it is never stored in clear.
            response = render_template("admin/user_created.html", user=user, password=password)
            return Response(response, headers={"Cache-Control": "no-store"})
    return render_template("admin/create_user.html", form=form)
