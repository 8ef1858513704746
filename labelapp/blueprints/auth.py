"""Registration, sign-in, sign-out and password change."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user
from werkzeug.wrappers import Response

from labelapp.db import db_session
from labelapp.extensions import limiter
from labelapp.forms.auth import ChangePasswordForm
from labelapp.forms.auth import LoginForm
from labelapp.forms.auth import LogoutForm
from labelapp.forms.auth import MessagePreferencesForm
from labelapp.forms.auth import RegisterForm
from labelapp.forms.auth import ResetPasswordForm
from labelapp.models import User
from labelapp.services import accounts
from labelapp.services import administration
from labelapp.services import messages
from labelapp.services import outbox
from labelapp.services import user_sessions
from labelapp.web.access import login_required
from labelapp.web.i18n import language
from labelapp.web.messages import say
from labelapp.web.outcome import perform
from labelapp.web.redirects import safe_next
from labelapp.web.security import signed_in
from labelapp.web.settings import settings

bp = Blueprint("auth", __name__)

# Endpoints a user who must replace a one-time password may still reach.
_OPEN_WHILE_PASSWORD_EXPIRED = {
    "auth.change_password",
    "auth.logout",
    "auth.reset_password",
    "static",
}


@bp.before_app_request
def _require_password_change() -> Response | None:
    if (
        signed_in()
        and current_user.must_change_password
        and request.endpoint not in _OPEN_WHILE_PASSWORD_EXPIRED
    ):
        flash(gettext("Choose your own password before you go on."), "info")
        return redirect(url_for("auth.change_password"))
    return None


@bp.app_template_global()
def logout_form() -> LogoutForm:
    """The sign-out form in the nav; a global the template calls only for signed-in visitors."""
    # formdata=None: rendering it must never parse the request body (e.g. on a 413 page).
    return LogoutForm(formdata=None)


def _register_limit() -> str:
    return str(current_app.config["LABELAPP_REGISTER_RATE_LIMIT"])


def _login_limit() -> str:
    return str(current_app.config["LABELAPP_LOGIN_RATE_LIMIT"])


def _start_sign_in(user: User) -> User:
    """Record a server-side sign-in for ``user``; login_user puts its key in the cookie."""
    user_sessions.start_session(db_session(), user)
    return user


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register() -> str | Response:
    """A cluster manager creates an account and is signed in."""
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        done = perform(
            "registration",
            "a new account",
            lambda: _start_sign_in(
                accounts.register_manager(
                    db_session(),
                    email=form.email.data or "",
                    display_name=form.display_name.data or "",
                    password=form.password.data or "",
                    passwords=settings().passwords,
                    language=language(),
                )
            ),
            form=form,
        )
        if done.ok:
            login_user(done.value)
            flash(gettext("Welcome! Your account is ready."), "success")
            # e.g. back to the invitation link that sent a newcomer here
            return redirect(safe_next(request.args.get("next"), url_for("manager.organisations")))
    return render_template("auth/register.html", form=form, next=request.args.get("next"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response:
    """Sign in with e-mail and password."""
    form = LoginForm()
    if form.validate_on_submit():
        email, password = form.email.data or "", form.password.data or ""
        done = perform(
            "sign-in",
            "an account",
            lambda: _start_sign_in(
                accounts.authenticate(
                    db_session(), email=email, password=password, passwords=settings().passwords
                )
            ),
            form=form,
        )
        if done.ok:
            login_user(done.value)
            return redirect(safe_next(request.args.get("next"), url_for("public.home")))
    return render_template("auth/login.html", form=form, next=request.args.get("next"))


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Sign out (POST only, with a CSRF token)."""
    form = LogoutForm()
    if form.validate_on_submit():
        if signed_in():
            key = current_user.session_key
            perform("sign-out", "a sign-in", lambda: user_sessions.end_session(db_session(), key))
        logout_user()
        flash(gettext("You are signed out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    """Replace the password; other sessions of the user end."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()

    def change() -> User:
        accounts.change_password(
            db_session(),
            user,
            current=form.current_password.data or "",
            new=form.new_password.data or "",
            passwords=settings().passwords,
        )
        return _start_sign_in(user)  # every sign-in has ended: this browser gets a new one

    if form.validate_on_submit():
        done = perform("password change", f"account {user.email}", change, form=form)
        if done.ok:
            login_user(done.value)
            flash(gettext("Your password is changed."), "success")
            return redirect(url_for("public.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    """Choose a new password with a one-time link from an administrator."""
    if administration.find_reset(db_session(), token) is None:
        return render_template("auth/reset_password.html", form=None), 404
    form = ResetPasswordForm()

    def reset() -> User:
        user = administration.use_reset_link(
            db_session(),
            token,
            form.new_password.data or "",
            settings().passwords,
            request.remote_addr or "",
        )
        if signed_in():  # whoever this browser was signed in as, it is no longer
            user_sessions.end_session(db_session(), current_user.session_key)
        return user

    if form.validate_on_submit():
        done = perform("password reset", "a reset link", reset, form=form)
        if done.ok:
            logout_user()
            flash(
                gettext("Your password is set. Sign in as %(email)s.", email=done.value.email),
                "success",
            )
            return redirect(url_for("auth.login"))
    response = make_response(render_template("auth/reset_password.html", form=form))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response


@bp.route("/account/messages", methods=["GET", "POST"])
@login_required
def account_messages() -> str | Response:
    """The messages written to me, and the optional ones I receive."""
    user = current_user._get_current_object()
    session = db_session()
    kinds = messages.optional_kinds(user)
    form = MessagePreferencesForm()
    form.receive.choices = [(kind, say(messages.OPTIONAL[kind])) for kind in kinds]
    if form.validate_on_submit():
        chosen = set(form.receive.data or [])
        done = perform(
            "message preferences",
            f"account {user.email}",
            lambda: outbox.set_opt_outs(session, user, kinds, set(kinds) - chosen),
        )
        if done.ok:
            flash(gettext("Your choices are saved."), "success")
            return redirect(url_for("auth.account_messages"))
    elif request.method == "GET":
        off = outbox.opted_out_kinds(session, user)
        form.receive.data = [kind for kind in kinds if kind not in off]
    return render_template(
        "auth/messages.html",
        form=form,
        sent=outbox.messages_to(session, user),
        subject_of=messages.subject_of,
    )
