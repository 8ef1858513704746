"""Extensions, created unbound and attached to each app in create_app."""

from __future__ import annotations

from typing import Any
from typing import ClassVar

from flask import Flask
from flask import current_app
from flask import g
from flask import request
from flask import session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from labelapp.db import db_session
from labelapp.models import User
from labelapp.services import user_sessions
from labelapp.services.passwords import Passwords


class _Limiter(Limiter):
    """Flask-Limiter, minus its per-request work on the public lookup routes.

    Those routes count their hits themselves (labelapp.web.lookup_limits): on the
    busiest routes, Flask-Limiter's limit resolution cost more than the lookup.
    """

    self_limited: ClassVar[set[str]] = set()

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if in_middleware and request.endpoint in self.self_limited:
            return
        super()._check_request_limit(callable_name, in_middleware)


csrf = CSRFProtect()
login_manager = LoginManager()
limiter = _Limiter(key_func=get_remote_address, default_limits=[])


@login_manager.user_loader
def _load_user(session_key: str) -> User | None:
    # A sign-in that ended (signed out, deactivated, new password) loads nobody.
    return user_sessions.find_user(db_session(), session_key)


def _current_user_for_templates() -> dict[str, Any]:
    # Flask-Login's processor loads the user for every page, hashing the client's
    # address and agent for session protection even when nobody is signed in.
    # Sessions are the only way to sign in (no remember-me cookie, no request
    # loader), so without a user id in the session the visitor is anonymous.
    if "_user_id" not in session and "_login_user" not in g:
        return {"current_user": login_manager.anonymous_user()}
    return {"current_user": current_user._get_current_object()}


def _protect_unsafe_methods() -> None:
    # Flask-WTF's own hook looks a view's exemption up before the method: on the
    # public lookups, all GETs, that cost a tenth of the framework's share. Same
    # check, same exemptions (the API), the method first.
    config = current_app.config
    if request.method in config["WTF_CSRF_METHODS"] and config["WTF_CSRF_ENABLED"]:
        csrf.protect(apply_exemptions=True)


def init_extensions(app: Flask) -> None:
    csrf.init_app(app)
    app.before_request(_protect_unsafe_methods)
    # Our own template processor below replaces Flask-Login's.
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(_current_user_for_templates)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    limiter.init_app(app)
    app.extensions["labelapp.passwords"] = Passwords(
        time_cost=app.config["LABELAPP_ARGON2_TIME_COST"],
        memory_cost=app.config["LABELAPP_ARGON2_MEMORY_COST"],
        parallelism=app.config["LABELAPP_ARGON2_PARALLELISM"],
    )
