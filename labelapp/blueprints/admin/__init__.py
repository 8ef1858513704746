"""Administration: accounts, organisations and conflicts, criteria versions, audit, statistics."""

from __future__ import annotations

from flask import Blueprint
from flask import request
from flask_login import current_user

from labelapp.services.actor import Actor

bp = Blueprint("admin", __name__, url_prefix="/admin")


def actor() -> Actor:
    return Actor(current_user._get_current_object(), request.remote_addr or "")


from labelapp.blueprints.admin import audit_log  # noqa: E402, F401
from labelapp.blueprints.admin import certificates  # noqa: E402, F401
from labelapp.blueprints.admin import criteria  # noqa: E402, F401
from labelapp.blueprints.admin import organisations  # noqa: E402, F401
from labelapp.blueprints.admin import statistics  # noqa: E402, F401
from labelapp.blueprints.admin import users  # noqa: E402, F401
