"""Extensions, created unbound and attached to each app in create_app.

Flask-Limiter, Flask-Login and Flask-WTF are used as their documentation shows:
no private method is overridden and none of their per-request work is redone
here (decision 13).
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from labelapp.db import db_session
from labelapp.models import User
from labelapp.services import user_sessions

csrf = CSRFProtect()
login_manager = LoginManager()
# The client's address; behind LABELAPP_TRUSTED_PROXIES, ProxyFix has set it from
# X-Forwarded-For. Counters live in RATELIMIT_STORAGE_URI under RATELIMIT_KEY_PREFIX.
# Per-route limits (sign-in, registration, the PDF check) are Flask-Limiter's; the
# public lookups spend their budgets on its strategy through the limits library
# (labelapp.web.lookup_budget).
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@login_manager.user_loader
def _load_user(session_key: str) -> User | None:
    # A sign-in that ended (signed out, deactivated, new password) loads nobody.
    return user_sessions.find_user(db_session(), session_key)


def init_extensions(app: Flask) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    # Flashed in the visitor's language, as plain text (a lazy string would be stored as markup).
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    limiter.init_app(app)
