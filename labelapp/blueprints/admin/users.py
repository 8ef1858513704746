"""Accounts: list, create, deactivate or reactivate, one-time reset links."""

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
from labelapp.forms.admin import AccountCountryForm
from labelapp.forms.admin import CreateUserForm
from labelapp.forms.organisation import ActionForm
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import administration
from labelapp.web.access import actor
from labelapp.web.access import role_required
from labelapp.web.outcome import perform
from labelapp.web.settings import page_url
from labelapp.web.settings import settings


def _user(user_id: int) -> User:
    found = db_session().get(User, user_id)
    if found is None:
        abort(404)
    return found


@bp.route("/users")
@role_required(Role.ADMIN)
def users() -> str:
    """Every account, newest first."""
    rows = db_session().scalars(select(User).order_by(User.created_at.desc(), User.id.desc()))
    return render_template("admin/users.html", users=list(rows), action_form=ActionForm())


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create_user() -> str | Response:
    """Create an assessor, administrator or manager with a one-time password."""
    form = CreateUserForm()
    if form.validate_on_submit():
        done = perform(
            "account creation",
            "a new account",
            lambda: administration.create_account(
                db_session(),
                actor(),
                email=form.email.data or "",
                display_name=form.display_name.data or "",
                role=Role(form.role.data),
                passwords=settings().passwords,
                country=form.country.data or None,
            ),
            form=form,
        )
        if done.ok:
            user, password = done.value
            # Shown once, in this response only; it is never stored in clear. (werkzeug's
            # Response says text/plain unless told: the browser would show the markup.)
            response = render_template("admin/user_created.html", user=user, password=password)
            return Response(response, mimetype="text/html", headers={"Cache-Control": "no-store"})
    return render_template("admin/create_user.html", form=form)


@bp.route("/users/<int:user_id>/country", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def account_country(user_id: int) -> str | Response:
    """Record the country an account's holder works from (assessors: levels that need
    two assessors may need them from two countries)."""
    user = _user(user_id)
    form = AccountCountryForm(data={"country": user.country or ""})
    if form.validate_on_submit():
        done = perform(
            "account country",
            f"user {user.id}",
            lambda: administration.set_country(
                db_session(), actor(), user, form.country.data or None
            ),
            form=form,
        )
        if done.ok:
            flash(gettext("The country of %(email)s is saved.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/account_country.html", form=form, user=user)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@role_required(Role.ADMIN)
def toggle_active(user_id: int) -> Response:
    """Deactivate an active account or reactivate a deactivated one."""
    user = _user(user_id)
    if ActionForm().validate_on_submit():
        done = perform(
            "activation",
            f"user {user.id}",
            lambda: administration.set_active(db_session(), actor(), user, not user.active),
        )
        if done.ok:
            if user.active:
                flash(gettext("%(email)s is active.", email=user.email), "success")
            else:
                flash(gettext("%(email)s is deactivated.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
@role_required(Role.ADMIN)
def reset_link(user_id: int) -> str | Response:
    """Make a one-time link for the account's holder to choose a new password."""
    user = _user(user_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.users"))
    done = perform(
        "reset link",
        f"user {user.id}",
        lambda: administration.create_reset_link(db_session(), actor(), user),
    )
    if not done.ok:
        return redirect(url_for("admin.users"))
    link = page_url("auth.reset_password", token=done.value)
    page = render_template(
        "admin/reset_link.html", user=user, link=link, hours=administration.RESET_HOURS
    )
    return Response(page, mimetype="text/html", headers={"Cache-Control": "no-store"})
